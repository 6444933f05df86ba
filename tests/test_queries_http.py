"""The named queries' HTTP path: SPARQL JSON written by the engine is the same document as the Python writer's,
and the server's default queue is sized from its query workers."""

from __future__ import annotations

import json

import pytest

from policykg import queries
from policykg.results import write_solutions
from policykg.settings import QUEUE_PER_WORKER, Settings
from policykg.store import OxigraphStore

from support import sample_params


def test_engine_json_is_the_python_writers_document(seed_store: OxigraphStore) -> None:
    answered = 0
    for q in queries.load_all():
        bound = queries.bindings(q, sample_params(seed_store, q))
        names, cells = seed_store.solutions(q.text, bindings=bound)
        ours = json.loads(write_solutions(names, cells, "application/sparql-results+json"))
        engine = json.loads(seed_store.results_json(q.text, bindings=bound))
        assert engine == ours, q.name  # same variables, same rows in the same order, same terms
        answered += bool(cells)
    assert answered >= 12  # most queries have rows on the seed graph: the comparison is not of empty answers


def test_queue_defaults_to_a_share_per_query_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("POLICYKG_QUEUE", "POLICYKG_QUERY_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    assert Settings.from_env().queue == 2 * QUEUE_PER_WORKER == 64  # 64 clients on a point lookup wait, not 503
    assert Settings.from_env(query_workers=3).queue == 3 * QUEUE_PER_WORKER
    monkeypatch.setenv("POLICYKG_QUERY_WORKERS", "4")
    assert Settings.from_env().queue == 4 * QUEUE_PER_WORKER
    monkeypatch.setenv("POLICYKG_QUEUE", "8")  # the operator's choice stands
    assert Settings.from_env().queue == 8
    assert Settings.from_env(queue=0).queue == 0
