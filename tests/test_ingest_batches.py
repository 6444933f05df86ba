"""Ingest speed work: batches written by one writer, bulk loading, and the per-vocabulary patterns giving what the
per-document ones gave."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from support import ROOT

if str(ROOT) not in sys.path:  # bench/ is a folder of scripts beside the package, run as python -m bench.X
    sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus
from policykg.ingest.extract.agencies import (
    Context,
    _masked,
    fullmatch_mention,
    mention_pattern,
    mentions_in,
)
from policykg.ingest.layout import lay_out
from policykg.ingest.link import packaged
from policykg.ingest.pipeline import Prepared, ingest_paths, write_batch
from policykg.ingest.read import read_source
from policykg.store import OxigraphStore

G = "https://w3id.org/policykg/graph/doc/"


def _quads(store: OxigraphStore) -> list[bytes]:
    return sorted(store.dump("nquads").splitlines())


def test_a_batch_replaces_held_graphs_and_loads_new_ones(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.replace_graphs([(G + "a", "<https://x/a> <https://x/p> \"1\" .\n"),
                          (G + "b", "<https://x/b> <https://x/p> \"2\" .\n")])
    store.replace_graphs([(G + "a", "<https://x/a> <https://x/p> \"3\" .\n"),
                          (G + "c", "<https://x/c> <https://x/p> \"4\" .\n")])
    assert store.graphs() == [G + "a", G + "b", G + "c"]
    values = {q.graph_name.value: q.object.value for q in store.quads()}  # type: ignore[union-attr]
    assert values == {G + "a": "3", G + "b": "2", G + "c": "4"}


@pytest.mark.parametrize("bulk", [False, True])
def test_a_document_the_store_refuses_fails_alone(tmp_path: Path, bulk: bool) -> None:
    store = OxigraphStore(tmp_path / "store")
    batch = [Prepared("a.txt", G + "a", "<https://x/a> <https://x/p> \"1\" .\n", 1),
             Prepared("b.txt", G + "b", "<https://x/b> <https://x/p> .\n", 1),
             Prepared("c.txt", G + "c", "<https://x/c> <https://x/p> \"3\" .\n", 1),
             Prepared("d.txt", error="d.txt: broken")]
    reports = write_batch(store, batch, bulk)
    assert [r.ok for r in reports] == [True, False, True, False]
    assert "b.txt" in (reports[1].error or "") and reports[3].error == "d.txt: broken"
    assert store.graphs() == [G + "a", G + "c"]
    assert not list(store.raw.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_bulk_ingest_writes_what_the_transactional_one_writes(tmp_path: Path) -> None:
    files = write_corpus(3, tmp_path / "corpus", seed=1)
    dumps = []
    for bulk in (False, True):
        store = OxigraphStore(tmp_path / f"store-{bulk}")
        reports = ingest_paths(store, files, bulk=bulk)
        assert all(r.ok for r in reports)
        again = ingest_paths(store, files, bulk=bulk)   # re-ingest replaces: idempotent
        assert [r.triples for r in again] == [r.triples for r in reports]
        dumps.append(_quads(store))
    assert dumps[0] == dumps[1]


def test_mentions_without_a_pattern_per_document_match_the_pattern_with_the_regions() -> None:
    vocab = packaged()
    for path in sorted((ROOT / "corpus" / "demo").glob("*.txt")):
        text = _masked(lay_out(read_source(path)).text)
        for city, province in (("鄂州市", "湖北省"), ("许昌市", "河南省"), ("潍坊市", "山东省")):
            regions = Context(city=city, province=province, vocab=vocab).regions
            want = [(m.span(), m.group("pre"), m.group("region"), m.group("place"), m.group("level"),
                     m.group("core"), m.group("branch"), m.group("tail"))
                    for m in mention_pattern(regions, (), vocab).finditer(text)]
            got = [((p.start, p.end), p.pre, p.region, p.place, p.level, p.core, p.branch, p.tail)
                   for p in mentions_in(text, regions, (), vocab)]
            assert got == want
            pattern = mention_pattern(regions, (), vocab)
            for (a, b), *_ in want[:50]:
                for surface in (text[a:b], regions[0] + text[a:b]):
                    m, p = pattern.fullmatch(surface), fullmatch_mention(surface, regions, (), vocab)
                    assert (m is None) == (p is None)
                    if m is not None and p is not None:
                        assert (m.group("region"), m.group("level"), m.group("core")) == (p.region, p.level, p.core)


def test_the_ontology_lines_match_what_rdflib_writes() -> None:
    from rdflib import Graph

    from policykg.ingest.pipeline import ontology_lines
    from policykg.ontology.load import ontology_triples

    graph = Graph()
    for triple in ontology_triples():
        graph.add(triple)
    written = {ln + "\n" for ln in graph.serialize(format="nt").splitlines() if ln.strip()}
    # blank nodes aside (rdflib names them afresh when it writes), every line is the same text
    assert {ln for ln in written if "_:" not in ln} == {ln for ln in ontology_lines() if "_:" not in ln}
    assert ox.parse(input="".join(ontology_lines()).encode(), format=ox.RdfFormat.N_TRIPLES) is not None
