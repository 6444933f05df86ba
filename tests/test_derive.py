"""The derived graph written incrementally (what changed, after ingest, re-ingest, a document replaced or dropped)
is exactly what a rebuild from scratch gives, and a fresh store is loaded in bulk by default."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from support import ROOT

if str(ROOT) not in sys.path:  # bench/ is a folder of scripts beside the package, run as python -m bench.X
    sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus
from policykg.ingest.pipeline import ingest_paths
from policykg.namespaces import DOCUMENT_GRAPH_BASE, sparql_prefixes
from policykg.store import DERIVE_RULES, DERIVED_GRAPH, OxigraphStore, derive, holds_documents

DERIVED = ox.NamedNode(DERIVED_GRAPH)


def _derived(st: ox.Store) -> set[str]:
    return {str(q.triple) for q in st.quads_for_pattern(None, None, None, DERIVED)}


def _rebuilt(store: OxigraphStore) -> set[str]:
    """The derived graph a full rebuild gives: the rules run as one ``INSERT ... WHERE`` update, after a DROP, on
    a copy of every other graph (what ``derive`` did before it wrote differences)."""
    copy = ox.Store()
    copy.extend(q for q in store.raw if q.graph_name != DERIVED)
    graph = f"<{DERIVED_GRAPH}>"
    ops = [f"INSERT {{ GRAPH {graph} {{ {t} }} }} WHERE {{ {w} }}" for t, w in DERIVE_RULES]
    copy.update(sparql_prefixes() + f"DROP SILENT GRAPH {graph} ;\n" + " ;\n".join(ops))
    return _derived(copy)


def _others(store: OxigraphStore) -> set[str]:
    return {str(q) for q in store.raw if q.graph_name != DERIVED}


def test_the_derived_graph_is_what_a_full_rebuild_gives(tmp_path: Path) -> None:
    files = write_corpus(4, tmp_path / "corpus", seed=3)
    demo = sorted((ROOT / "corpus" / "demo").glob("*.txt"))[:2]
    store = OxigraphStore(tmp_path / "store")
    assert not holds_documents(store)
    assert all(r.ok for r in ingest_paths(store, [*files, *demo]))   # fresh: bulk, derived graph bulk-loaded
    assert holds_documents(store)
    first = _derived(store.raw)
    assert len(first) > 1000 and first == _rebuilt(store)

    assert all(r.ok for r in ingest_paths(store, files))            # re-ingest: transactions, nothing changes
    assert _derived(store.raw) == first == _rebuilt(store)

    lines = files[1].read_text(encoding="utf-8").splitlines()
    files[1].write_text("\n".join(lines[: len(lines) // 2]), encoding="utf-8")   # a document replaced (shorter)
    assert all(r.ok for r in ingest_paths(store, [files[1]]))
    after = _derived(store.raw)
    assert after != first and after == _rebuilt(store)

    docs = [g for g in store.graphs() if g.startswith(DOCUMENT_GRAPH_BASE)]
    assert len(docs) == 6
    store.drop_graph(docs[-1])                                       # a document dropped
    derive(store, workers=2)                                         # the rules run in two processes
    dropped = _derived(store.raw)
    assert dropped != after and dropped == _rebuilt(store)

    store.drop_graph(DERIVED_GRAPH)                                  # no derived graph: written in one update
    derive(store)
    assert _derived(store.raw) == dropped


def test_a_fresh_store_loaded_in_bulk_holds_what_transactions_write(tmp_path: Path) -> None:
    files = write_corpus(3, tmp_path / "corpus", seed=2)
    held = []
    for bulk in (None, False):
        store = OxigraphStore(tmp_path / f"store-{bulk}")
        assert all(r.ok for r in ingest_paths(store, files, bulk=bulk))
        held.append((_others(store), _derived(store.raw)))
    assert held[0] == held[1] and len(held[0][1]) > 100


def test_a_view_that_fails_under_the_writer_falls_back_to_the_store_itself(tmp_path: Path, monkeypatch,
                                                                             caplog) -> None:
    """A read-only view of the folder can lose a file to the writer's compaction ("No such file" after a bulk
    load of 5,000 documents): derive then evaluates the rules on the store itself, with the same result."""
    import policykg.store as store_module

    files = write_corpus(3, tmp_path / "corpus", seed=4)
    store = OxigraphStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths(store, files))
    expected = _derived(store.raw)
    store.drop_graph(DERIVED_GRAPH)

    def vanished(path: Path, workers: int) -> set[str]:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(store_module, "_derived_in_parallel", vanished)
    with caplog.at_level("WARNING", logger="policykg.store"):
        derive(store, workers=2)
    assert _derived(store.raw) == expected == _rebuilt(store)
    assert "read-only view failed" in caplog.text   # the fallback is said, not silent
