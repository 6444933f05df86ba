"""Remote engine mode against a real Oxigraph server (PyPI `oxigraph`), started on loopback by the tests:
ingest, query, export and serve through --endpoint, and every named query agrees with the embedded store.
A bulk `oxigraph load` followed by `oxigraph optimize` serves the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policykg import queries
from policykg.api.app import create_app
from policykg.cli import app as cli
from policykg.namespaces import DOCUMENT_GRAPH_BASE
from policykg.remote import RemoteStore
from policykg.settings import Settings
from policykg.store import OxigraphStore

from servers import Endpoints, canonical, named_query_cases, oxigraph, oxigraph_server
from support import DEMO, SEED_FILES

pytestmark = pytest.mark.system("oxigraph-server")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoints]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as endpoints:
        yield endpoints


@pytest.fixture(scope="module")
def remote(server: Endpoints) -> RemoteStore:
    """The demo corpus ingested through the command line's --endpoint (Graph Store Protocol writes)."""
    result = CliRunner().invoke(cli, ["ingest", str(DEMO), "--endpoint", server.query, "--gsp-endpoint", server.gsp])
    assert result.exit_code == 0, result.output
    return RemoteStore(server.query, gsp_endpoint=server.gsp)


def test_ingest_writes_one_graph_per_document(remote: RemoteStore, seed_store: OxigraphStore) -> None:
    graphs = remote.graphs()
    assert graphs == seed_store.graphs()
    assert sum(g.startswith(DOCUMENT_GRAPH_BASE) for g in graphs) == len(SEED_FILES)


def test_every_named_query_agrees_with_the_embedded_store(remote: RemoteStore, seed_store: OxigraphStore) -> None:
    cases = named_query_cases(seed_store)
    assert {name for name, _ in cases} == {q.name for q in queries.load_all()}
    nonempty = 0
    for name, params in cases:
        text = queries.get(name).text
        here = canonical(queries.run(seed_store, name, params), text)
        there = canonical(queries.run(remote, name, params), text)
        assert there == here, (name, params)
        nonempty += bool(here)
    assert nonempty >= len(queries.load_all()) // 2, "most named queries have answers on the seeds"


def test_reingest_replaces_a_graph_and_drop_removes_it(remote: RemoteStore, server: Endpoints) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = int(remote.query(count, union_default_graph=False).rows[0]["n"])
    result = CliRunner().invoke(cli, ["ingest", str(SEED_FILES[0]), "--endpoint", server.query,
                                      "--gsp-endpoint", server.gsp])
    assert result.exit_code == 0, result.output
    assert int(remote.query(count, union_default_graph=False).rows[0]["n"]) == before
    # The same through SPARQL Update, for servers without a Graph Store endpoint.
    via_update = RemoteStore(server.query, update_endpoint=server.update)
    graph = DOCUMENT_GRAPH_BASE + "scratch"
    triple = '<https://w3id.org/policykg/id/x> <https://w3id.org/policykg/ontology#quote> {} .'
    via_update.replace_graph(graph, triple.format('"引号\\"与\\\\反斜杠"'))
    via_update.replace_graph(graph, triple.format('"二"'))
    rows = remote.query(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", union_default_graph=False).rows
    assert [str(r["o"]) for r in rows] == ["二"]
    via_update.drop_graph(graph)
    remote.drop_graph(graph)  # absent already: dropping is idempotent
    assert graph not in remote.graphs()


def test_cli_query_export_and_serve_through_the_endpoint(remote: RemoteStore, server: Endpoints,
                                                         seed_store: OxigraphStore, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["query", "--endpoint", server.query, "--named", "documents-overview", "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert len(out.output.strip().splitlines()) == len(SEED_FILES) + 1
    named = runner.invoke(cli, ["query", "--endpoint", server.query, "--named", "goals-due-by", "--param", "year=2020",
                                "--format", "json"])
    assert named.exit_code == 0 and '"year"' in named.output

    target = tmp_path / "remote.nq"
    exported = runner.invoke(cli, ["export", "--endpoint", server.query, "--format", "nquads", "-o", str(target)])
    assert exported.exit_code == 0, exported.output
    lines = [line for line in target.read_text(encoding="utf-8").splitlines() if line.strip()]
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert len(lines) == int(remote.query(count, union_default_graph=False).rows[0]["n"]) > 0
    documents = {line.rsplit(" ", 2)[-2] for line in lines if DOCUMENT_GRAPH_BASE in line.rsplit(" ", 2)[-2]}
    assert len(documents) == len(SEED_FILES)

    with TestClient(create_app(Settings(endpoint=server.query, query_workers=1))) as client:
        docs = client.get("/documents").json()
        assert {d["sourceFile"] for d in docs["items"]} == {p.name for p in SEED_FILES}
        body = client.get("/queries/most-cited").json()
        assert len(body["results"]["bindings"]) == len(queries.run(seed_store, "most-cited").rows)


def test_bulk_load_then_optimize_serves_the_same_answers(seed_store: OxigraphStore, tmp_path: Path) -> None:
    dump = tmp_path / "seeds.nq"
    dump.write_bytes(seed_store.dump("nquads"))
    location = tmp_path / "bulk"
    oxigraph("load", "--location", str(location), "--file", str(dump))
    oxigraph("optimize", "--location", str(location))
    with oxigraph_server(location) as endpoints:
        bulk = RemoteStore(endpoints.query)
        assert bulk.graphs() == seed_store.graphs()
        for name, params in named_query_cases(seed_store):
            text = queries.get(name).text
            assert canonical(queries.run(bulk, name, params), text) == canonical(
                queries.run(seed_store, name, params), text), (name, params)
