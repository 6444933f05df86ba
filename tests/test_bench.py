"""The benchmark harnesses work (run at their smallest scale: smoke tests, never timed), the generated corpus
is deterministic and ingests, and /health does not recount an unchanged store."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is a folder of scripts beside the package, run as python -m bench.X
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench import ingest as bench_ingest  # noqa: E402
from bench import queries as bench_queries  # noqa: E402
from policykg import queries  # noqa: E402
from policykg.api.app import create_app  # noqa: E402
from policykg.ingest.pipeline import extract_file  # noqa: E402
from policykg.settings import Settings  # noqa: E402
from policykg.store import OxigraphStore  # noqa: E402


def test_corpus_is_deterministic_and_varied(tmp_path: Path) -> None:
    a = corpus.write_corpus(12, tmp_path / "a", seed=3)
    b = corpus.write_corpus(12, tmp_path / "b", seed=3)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert corpus.document(4, 0) != corpus.document(3, 0)
    texts = [p.read_text(encoding="utf-8") for p in a]
    assert len(set(texts)) == 12
    joined = "\n".join(texts)
    for mark in ("《", "〔", "、", "质量"):
        assert mark in joined
    assert any("責任單位" in t or "質量" in t for t in texts), "no document in traditional script"
    assert any("責任單位" in t or "责任单位" in t for t in texts)
    v = corpus.vocab()
    assert len(v.places) > 200 and len(v.agencies) > 50 and len(v.indicators) > 100 and v.industries and v.awards


def test_a_generated_document_yields_goals_tasks_and_agencies(tmp_path: Path) -> None:
    path = corpus.write_corpus(1, tmp_path, seed=0)[0]
    ex = extract_file(path)
    assert len(ex.goals) >= 5 and len(ex.tasks) >= 5 and len(ex.agencies) >= 3


def test_ingest_harness_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = bench_ingest.main(["--scales", "2", "--keep", str(tmp_path)])
    assert runs[0].docs == 2 and runs[0].failed == 0 and runs[0].graphs == 4 and runs[0].quads > 1000
    assert runs[0].peak_rss_mb > 0 and runs[0].cpu_s > 0
    assert "| 2 |" in capsys.readouterr().out


def test_query_harness_smoke(tmp_path: Path) -> None:
    bench_ingest.main(["--scales", "2", "--keep", str(tmp_path)])
    text = bench_queries.main(["--store", str(tmp_path / "store-2"), "--rounds", "1", "--ways", "disk", "memory",
                               "http"])
    for q in queries.load_all():
        assert f"`{q.name}`" in text
    assert "`/viz/cities`" in text and "`/health`" in text
    assert "error" not in text.split("| page")[0]


def test_health_counts_once_per_store_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph("https://w3id.org/policykg/graph/doc/a", "<https://x/a> <https://x/p> <https://x/o> .")
    calls = []
    real = store.graphs
    monkeypatch.setattr(store, "graphs", lambda: calls.append(1) or real())
    with TestClient(create_app(Settings(query_workers=1), store=store)) as client:
        first = client.get("/health").json()
        assert {k: v for k, v in first.items() if k != "version"} == {"status": "ok", "graphs": 1, "documents": 1}
        assert client.get("/health").json() == first
        assert len(calls) == 1
        store.replace_graph("https://w3id.org/policykg/graph/doc/b", "<https://x/b> <https://x/p> <https://x/o> .")
        assert client.get("/health").json()["documents"] == 2
        assert len(calls) == 2
