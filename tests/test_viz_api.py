"""The network views through the API (in-process) and the `policykg viz` commands."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policykg.api.app import create_app
from policykg.cli import app as cli_app
from policykg.ingest.pipeline import ingest_paths
from policykg.namespaces import PKR
from policykg.store import OxigraphStore
from policykg.viz.graphs import city_graph, document_graph, ownership_graph

from support import doc_id, seed

EZHOU = seed("003")
EZHOU_ID = doc_id(EZHOU)


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=seed_store)) as c:
        yield c


def test_start_page_links_every_view_the_query_page_and_the_docs(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    hrefs = set(re.findall(r'href="([^"]+)"', r.text))
    assert {"/viz/ownership", "/viz/cities", "/sparql", "/docs"} <= hrefs
    assert f"/viz/document/{EZHOU_ID}" in hrefs
    local = sorted(h for h in hrefs if h.startswith("/") and "{" not in h)
    assert {"/compare/indicators", "/compare/agencies", "/queries", "/documents", "/ontology"} <= set(local)
    for href in local:   # every link on the start page leads somewhere
        assert client.get(href).status_code == 200, href
    assert "script-src" not in r.headers["content-security-policy"]   # no script at all
    assert "<script" not in r.text


@pytest.mark.parametrize("path", ["/viz/ownership", f"/viz/document/{EZHOU_ID}", "/viz/cities",
                                  f"/viz/node?iri={urllib.parse.quote(f'{PKR}doc/{EZHOU_ID}')}&depth=1"])
def test_each_view_is_a_page_with_a_policy_and_a_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text[:300]
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy and "sha256-" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    data = client.get(path + ("&" if "?" in path else "?") + "format=json").json()
    assert f'<span id="pk-count">{len(data["nodes"])}</span>' in page.text


def test_view_json_matches_the_plain_functions(client: TestClient, seed_store: OxigraphStore) -> None:
    own = client.get("/viz/ownership", params={"document": EZHOU_ID}).text
    graph = ownership_graph(seed_store, document=EZHOU_ID)
    assert f'<span id="pk-count">{graph.number_of_nodes()}</span>' in own
    assert len(client.get("/viz/cities?format=json").json()["nodes"]) == city_graph(seed_store).number_of_nodes()
    doc = client.get(f"/viz/document/{EZHOU.name}?format=json").json()
    assert len(doc["nodes"]) == document_graph(seed_store, EZHOU_ID).number_of_nodes()


def test_view_errors_use_the_one_error_body(client: TestClient) -> None:
    missing = client.get("/viz/document/no-such-document")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    bad = client.get("/viz/node", params={"iri": "javascript:alert(1)"})
    assert bad.status_code == 400 and "not an IRI" in bad.json()["error"]["message"]
    deep = client.get("/viz/node", params={"iri": f"{PKR}doc/{EZHOU_ID}", "depth": 9})
    assert deep.status_code == 422 and "error" in deep.json()
    year = client.get("/viz/ownership", params={"year": "soon"})
    assert year.status_code == 400 and year.json()["error"]["status"] == 400


def test_cli_writes_each_view(tmp_path: Path) -> None:
    store = tmp_path / "store"
    made = OxigraphStore(store)
    assert all(r.ok for r in ingest_paths(made, [EZHOU]))
    made.close()
    del made
    runner = CliRunner()
    doc_iri = f"{PKR}doc/{EZHOU_ID}"
    for args in (["ownership", "--document", EZHOU_ID], ["document", EZHOU_ID], ["cities"],
                 ["node", doc_iri, "--depth", "1"]):
        out = tmp_path / f"{args[0]}.html"
        result = runner.invoke(cli_app, ["viz", *args, "--store", str(store), "-o", str(out),
                                         "--base-url", "http://127.0.0.1:8000"])
        assert result.exit_code == 0, result.output
        html = out.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "vis.Network" in html
        assert "http://127.0.0.1:8000/viz/" in html
    bad = runner.invoke(cli_app, ["viz", "document", "nope", "--store", str(store), "-o", str(tmp_path / "x.html")])
    assert bad.exit_code == 1 and "no ingested document" in bad.output
    assert not (tmp_path / "x.html").exists()
    base = runner.invoke(cli_app, ["viz", "cities", "--store", str(store), "-o", str(tmp_path / "y.html"),
                                   "--base-url", "javascript:alert(1)"])
    assert base.exit_code == 1 and "base URL" in base.output
