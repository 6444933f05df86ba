"""The extraction floor on the held-out fixture sets, scored by ../shared/eval/score.py like the seeds.

``heldout`` (16 plans), ``heldout2`` (12) and ``heldout3`` (6), each written with its gold before any pipeline ran
on it (the first runs' scores are in docs/extraction.md), are ingested into one store, exported, and every
category of each set is scored. The floor is a regression guard, not the target: docs/extraction.md has the figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykg.ingest.pipeline import ingest_paths
from policykg.store import OxigraphStore

from support import FIXTURES, SCORE

FLOOR = 0.80
SETS = ("heldout", "heldout2", "heldout3")


def scores(data: Path, folder: Path) -> tuple[dict[str, float], str]:
    out = subprocess.run([sys.executable, str(SCORE), "--data", str(data), "--gold", str(folder),
                          "--corpus", str(folder)], capture_output=True, text=True, check=True, timeout=600)
    rows: dict[str, float] = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0][0].isalpha() and parts[1].replace(".", "").isdigit():
            rows[parts[0]] = float(parts[3])
        if line.startswith("evidence quotes exact") and parts[3] != "n/a":
            rows["evidence"] = float(parts[3])
    return rows, out.stdout


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("heldout")
    store = OxigraphStore(tmp / "store")
    try:
        reports = ingest_paths(store, [FIXTURES / name for name in SETS])
        assert not [r for r in reports if r.error], [r for r in reports if r.error]
        data = tmp / "fixtures.nq"
        data.write_bytes(store.dump("nquads"))
    finally:
        store.close()
    return data


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not beside this checkout")
@pytest.mark.parametrize("name", SETS)
def test_every_category_of_a_held_out_set_scores_at_least_the_floor(export: Path, name: str) -> None:
    rows, report = scores(export, FIXTURES / name)
    assert {"goals", "tasks.lead", "tasks.support", "agencies", "industries"} <= set(rows), report
    low = {cat: f1 for cat, f1 in rows.items() if cat != "evidence" and f1 < FLOOR}
    assert not low, f"F1 below {FLOOR}: {low}\n{report}"
    assert rows.get("evidence", 1.0) == 1.0, report
