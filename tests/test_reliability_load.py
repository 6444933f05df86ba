"""A smoke test of the load harness (``bench/load.py``): a few clients for a second against a real server.
The benchmark itself (200 clients, 30 s) is not a test; its figures are in docs/reliability.md."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from policykg.settings import Settings
from policykg.store import OxigraphStore

from live_server import live


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_load", Path(__file__).parents[1] / "bench" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_load_harness_counts_answers_and_drops(seed_store: OxigraphStore) -> None:
    load = _harness()
    with live(Settings(query_workers=1, page_workers=1), seed_store) as base:
        tallies = asyncio.run(load.run_load(base, clients=4, seconds=1.5, heavy="/viz/cities"))
    assert set(tallies) == {"/sparql", "/viz/cities", "/health"}
    for route, tally in tallies.items():
        assert tally.answered > 0, route
        assert tally.dropped == 0 and tally.other_5xx == 0, (route, tally.errors)
    assert tallies["/sparql"].statuses.get(200, 0) > 0
    assert "| `/sparql` |" in load.table(tallies, 1.5)
