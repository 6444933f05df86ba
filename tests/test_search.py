"""Full-text search (SQLite FTS5, jieba words, BM25): ranking, filters, safe snippets, hostile queries, the index
beside the store kept current by ingest and by the store's changes, /search over HTTP and `policykg search`."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from policykg import search
from policykg.api.app import create_app
from policykg.ingest.pipeline import ingest_paths
from policykg.namespaces import PK, PKR
from policykg.settings import Settings
from policykg.store import OxigraphStore

from support import BIN, SEED_FILES, seed

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DOC = "https://w3id.org/policykg/graph/doc/"
EVIL = '<script>window.__pwned=1</script>首席质量官<img src=x onerror="alert(1)">'


def test_fts5_is_compiled_into_this_python() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(a)")


def _graph(doc_id: str, city: str, issued: str, goals: list[tuple[str, str]]) -> str:
    """A small document graph: a document in ``city`` (GB/T 2260) with goals (label, quote)."""
    doc = f"<{PKR}doc/{doc_id}>"
    lines = [f'{doc} <{PK}sourceFile> "{doc_id}.txt" .', f'{doc} <http://purl.org/dc/terms/title> "{doc_id}方案" .',
             f'{doc} <{PK}city> <{PKR}region/{city}> .',
             f'{doc} <http://purl.org/dc/terms/issued> "{issued}"^^<http://www.w3.org/2001/XMLSchema#date> .']
    for i, (label, quote) in enumerate(goals):
        goal, evidence = f"<{PKR}goal/{doc_id}/{i}>", f"<{PKR}evidence/{doc_id}/{i}>"
        lines += [f"{goal} a <{PK}Goal> .", f"{goal} <{PK}inDocument> {doc} .",
                  f"{goal} <{PK}indicatorLabel> {json.dumps(label, ensure_ascii=False)} .",
                  f"{goal} <{PK}evidence> {evidence} .",
                  f"{evidence} <{PK}quote> {json.dumps(quote, ensure_ascii=False)} .",
                  f'{evidence} <{PK}start> "{i * 100}"^^<http://www.w3.org/2001/XMLSchema#integer> .']
    return "\n".join(lines)


@pytest.fixture
def made(tmp_path: Path) -> Iterator[OxigraphStore]:
    from policykg.ontology.load import ensure_ontology

    store = OxigraphStore(tmp_path / "store")
    ensure_ontology(store)  # the regions vocabulary: names and codes of places
    store.replace_graph(DOC + "a", _graph("a", "420700", "2017-04-26", [
        ("首席质量官", "全市规模以上企业首席质量官达到200名"),
        ("企业质量管理水平", "推动企业建立质量管理制度,完善质量考核,鼓励设立首席质量官,开展质量培训,"
                             "提升企业质量管理水平和质量竞争力,质量管理体系认证企业增加。")]))
    store.replace_graph(DOC + "b", _graph("b", "330300", "2011-06-28", [
        ("农产品质量安全抽检合格率", "农产品质量安全抽检合格率稳定在98%以上"),
        (EVIL, "这条目标的标签带有<b>标记</b>和首席质量官字样")]))
    yield store
    store.close()


def test_a_label_that_is_the_phrase_ranks_above_a_passing_mention(made: OxigraphStore) -> None:
    found = search.search(made, "首席质量官", kind=["goal"])
    assert found.match == "phrase"
    nodes = [h.node for h in found.hits]
    assert nodes[0] == f"{PKR}goal/a/0"
    assert nodes.index(f"{PKR}goal/a/0") < nodes.index(f"{PKR}goal/a/1")
    assert [h.score for h in found.hits] == sorted((h.score for h in found.hits), reverse=True)
    assert "<mark>首席质量官</mark>" in found.hits[0].label_html
    passing = next(h for h in found.hits if h.node.endswith("goal/a/1"))
    assert "<mark>首席质量官</mark>" in passing.snippet_html and passing.evidence == f"{PKR}evidence/a/1"


def test_filters_by_kind_place_year_and_document(made: OxigraphStore) -> None:
    everything = search.search(made, "质量", limit=50)
    assert {h.kind for h in everything.hits} >= {"goal", "document"} or everything.total >= 3
    by_code = search.search(made, "质量", place=["330300"], limit=50)
    by_name = search.search(made, "质量", place=["温州"], limit=50)
    assert by_code.hits and {h.node for h in by_code.hits} == {h.node for h in by_name.hits}
    assert all("330300" in h.places for h in by_code.hits)
    assert all(h.year == "2017" for h in search.search(made, "质量", year=["2017"], limit=50).hits)
    assert {h.document for h in search.search(made, "质量", document=["a"], limit=50).hits} == {f"{PKR}doc/a"}
    assert {h.kind for h in search.search(made, "方案", kind=["document"]).hits} == {"document"}
    assert search.search(made, "质量", place=["110000"]).total == 0


def test_snippets_and_labels_are_escaped(made: OxigraphStore) -> None:
    hit = next(h for h in search.search(made, "首席质量官", limit=50).hits if h.node.endswith("goal/b/1"))
    for markup in (hit.label_html, hit.snippet_html):
        assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
        assert set(re.findall(r"</?([a-z]+)", markup)) <= {"mark"}
    assert "&lt;script&gt;" in hit.label_html and hit.label == EVIL


@pytest.mark.parametrize("q", ['"', 'NEAR(', "*", "首席*", 'a OR b', '"首席" OR "x', ")(", "AND", "^质量", "-",
                               "col:质量", "质量 NOT 官", "\x00", "​"])
def test_hostile_queries_are_answered(made: OxigraphStore, q: str) -> None:
    found = search.search(made, q)
    assert found.total >= 0


def test_the_index_lives_beside_the_store_and_follows_it(made: OxigraphStore, tmp_path: Path) -> None:
    assert search.index_path(made) == tmp_path / "store.search.sqlite"
    assert search.search(made, "农产品").total >= 1
    assert (tmp_path / "store.search.sqlite").exists() and not list((tmp_path / "store").glob("*.sqlite"))
    made.replace_graph(DOC + "c", _graph("c", "411000", "2018-12-10", [("计量检定覆盖率", "计量检定覆盖率达到90%")]))
    assert search.search(made, "计量检定").total == 1   # the store changed: the new graph is read
    made.drop_graph(DOC + "b")
    assert search.search(made, "农产品").total == 0     # and a dropped one is forgotten


def test_ingest_keeps_an_existing_index_current(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    ingest_paths(store, [seed("003")])
    assert search.search(store, "首席质量官").total >= 1   # builds the index
    db = sqlite3.connect(search.index_path(store))
    db.execute("DELETE FROM facts")  # as if the index had gone stale
    db.commit()
    db.close()
    ingest_paths(store, [seed("003")])  # the hook re-indexes the document it wrote
    db = search.connect(search.index_path(store))
    assert search.query(db, "首席质量官").total >= 1
    store.close()


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    # The first search builds the index in a pages worker (jieba's dictionary, the store read): give it room on a
    # loaded CI machine.
    with TestClient(create_app(Settings(query_workers=1, page_workers=1, page_timeout=120), store=seed_store)) as c:
        yield c


def test_chief_quality_officer_gives_a_small_ranked_set(client: TestClient) -> None:
    r = client.get("/search", params={"q": "首席质量官"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["match"] == "phrase" and 1 <= body["total"] <= 10, body["total"]  # was 533 unranked hits
    assert [h["score"] for h in body["hits"]] == sorted((h["score"] for h in body["hits"]), reverse=True)
    for hit in body["hits"]:
        assert "<mark>首席质量官</mark>" in hit["label_html"] + hit["snippet_html"]
        assert hit["url"].startswith("/id/") and client.get(hit["url"]).status_code == 200
        if hit["evidence_url"]:
            assert client.get(hit["evidence_url"]).status_code == 200


def test_search_route_filters_pages_and_refuses_unknown_kinds(client: TestClient, seed_store: OxigraphStore) -> None:
    goals = client.get("/search", params={"q": "合格率", "kind": "goal", "city": "鄂州", "year": "2017"}).json()
    assert goals["hits"] and all(h["kind"] == "goal" and "420700" in h["places"] and h["year"] == "2017"
                                 for h in goals["hits"])
    first = client.get("/search", params={"q": "质量", "limit": 5}).json()
    second = client.get("/search", params={"q": "质量", "limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 10
    assert not {h["node"] for h in first["hits"]} & {h["node"] for h in second["hits"]}
    province = client.get("/search", params={"q": "质量", "city": "330000", "limit": 500}).json()
    assert len({h["document"] for h in province["hits"]}) == 2  # a provincial plan (浙江) and a prefecture's (温州)
    bad = client.get("/search", params={"q": "质量", "kind": "nope"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_parameter"


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", '"a" OR b*', "<script>", "%", "_"])
def test_search_route_answers_hostile_queries(client: TestClient, q: str) -> None:
    r = client.get("/search", params={"q": q})
    assert r.status_code == 200, r.text
    page = client.get("/search", params={"q": q}, headers={"accept": BROWSER})
    assert page.status_code == 200 and "<script>" not in page.text


def test_search_page_for_browsers(client: TestClient) -> None:
    r = client.get("/search", params={"q": "首席质量官"}, headers={"accept": BROWSER})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<mark>首席质量官</mark>" in r.text and 'href="/id/' in r.text and "<script" not in r.text
    assert "content-security-policy" in r.headers


def test_cli_search(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    store = OxigraphStore(store_dir)
    ingest_paths(store, SEED_FILES)
    store.close()
    del store
    exe = shutil.which("policykg", path=str(BIN)) or str(BIN / "policykg")
    out = subprocess.run([exe, "search", "首席质量官", "--store", str(store_dir), "--format", "json"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    found = json.loads(out)
    assert found["match"] == "phrase" and found["hits"] and found["hits"][0]["kind"] in search.KINDS
    table = subprocess.run([exe, "search", "首席质量官", "--store", str(store_dir), "--kind", "task"],
                           capture_output=True, text=True, timeout=120, check=True).stdout
    assert "hits (phrase)" in table
