"""The SPARQL 1.1 Protocol endpoint at /sparql, against the seed graph: every way in, every format out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from policykg.api.app import create_app
from policykg.namespaces import PK, SD, sparql_prefixes
from policykg.settings import Settings
from policykg.store import OxigraphStore

from support import SEED_FILES

LABELS = sparql_prefixes() + "SELECT ?s ?label WHERE { ?s a pk:Agency ; rdfs:label ?label } ORDER BY ?s ?label"
DOCS = sparql_prefixes() + "CONSTRUCT { ?d a pk:PolicyDocument ; pk:sourceFile ?f } WHERE { ?d pk:sourceFile ?f }"
SPARQL_QUERY = {"content-type": "application/sparql-query"}


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), store=seed_store)) as c:
        yield c


def direct(store: OxigraphStore, query: str) -> list[tuple[str, ...]]:
    """The store's own answer, as rows of plain strings, to compare the endpoint with."""
    result = store.query(query)
    return [tuple(str(row.get(v, "")) for v in result.variables) for row in result.rows]


def json_rows(body: bytes) -> list[tuple[str, ...]]:
    data = json.loads(body)
    names = data["head"]["vars"]
    return [tuple(b[n]["value"] if n in b else "" for n in names) for b in data["results"]["bindings"]]


def test_get_post_form_and_post_direct_agree_with_the_store(client: TestClient, seed_store: OxigraphStore) -> None:
    expected = direct(seed_store, LABELS)
    assert len(expected) > 10
    by_get = client.get("/sparql", params={"query": LABELS})
    by_form = client.post("/sparql", data={"query": LABELS})
    by_body = client.post("/sparql", content=LABELS.encode(), headers=SPARQL_QUERY)
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert json_rows(response.content) == expected


@pytest.mark.parametrize(("accept", "media_type"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_select_in_parseable_result_formats(client: TestClient, seed_store: OxigraphStore, accept: str,
                                            media_type: str) -> None:
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    parsed = ox.parse_query_results(response.content, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    rows = [(sol["s"].value, sol["label"].value) for sol in parsed]
    assert rows == direct(seed_store, LABELS)


def test_select_as_csv(client: TestClient, seed_store: OxigraphStore) -> None:
    response = client.get("/sparql", params={"query": LABELS, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "\r\n" in response.text  # RFC 4180 line ends
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == ["s", "label"]
    assert [tuple(r) for r in table[1:]] == direct(seed_store, LABELS)


@pytest.mark.parametrize(("accept", "rdf_format"), [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/trig", ox.RdfFormat.TRIG),
])
def test_construct_in_every_rdf_format(client: TestClient, seed_store: OxigraphStore, accept: str,
                                       rdf_format: ox.RdfFormat) -> None:
    expected = {(str(s), str(p), str(o)) for s, p, o in seed_store.query(DOCS).triples}
    assert len(expected) >= 8  # four seeds, two triples each
    response = client.post("/sparql", content=DOCS.encode(), headers={**SPARQL_QUERY, "Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    got = {(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(response.content, format=rdf_format)}
    assert got == expected


def test_describe_returns_rdf(client: TestClient, seed_store: OxigraphStore) -> None:
    doc = direct(seed_store, sparql_prefixes() + "SELECT ?d WHERE { ?d pk:sourceFile ?f } ORDER BY ?f LIMIT 1")[0][0]
    response = client.get("/sparql", params={"query": f"DESCRIBE <{doc}>"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(doc), RDF.type, PK.PolicyDocument) in graph


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask(client: TestClient, accept: str) -> None:
    for query, expected in (("ASK { ?d a pk:PolicyDocument }", True), ("ASK { ?d a pk:NoSuchClass }", False)):
        response = client.get("/sparql", params={"query": sparql_prefixes() + query}, headers={"Accept": accept})
        assert response.status_code == 200
        parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(accept))
        assert bool(parsed) is expected


def test_format_parameter_is_the_fallback(client: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", params={"query": LABELS, "format": "tsv"}, headers={"Accept": browser})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    explicit = client.get("/sparql", params={"query": LABELS, "format": "tsv"}, headers={"Accept": "text/csv"})
    assert explicit.headers["content-type"].startswith("text/csv")


def test_protocol_dataset_narrows_the_default_and_named_graphs(client: TestClient, seed_store: OxigraphStore) -> None:
    docs = [g for g in seed_store.graphs() if "/graph/doc/" in g]
    assert len(docs) >= 2
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    one = client.get("/sparql", params={"query": count, "default-graph-uri": docs[0]})
    expected = seed_store.raw.query(count, default_graph=ox.NamedNode(docs[0]))
    assert int(json_rows(one.content)[0][0]) == int(next(iter(expected))["n"].value)
    union = client.get("/sparql", params={"query": count})
    assert int(json_rows(union.content)[0][0]) > int(json_rows(one.content)[0][0])
    named = client.get("/sparql", params=[("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
                                          ("named-graph-uri", docs[0]), ("named-graph-uri", docs[1])])
    assert sorted(r[0] for r in json_rows(named.content)) == sorted(docs[:2])


def test_not_acceptable_and_wrong_media_types(client: TestClient) -> None:
    refused = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert refused.json()["error"]["code"] == "not_acceptable"
    for headers in ({"content-type": "text/plain"}, {}):
        response = client.post("/sparql", content=b"ASK {}", headers=headers)
        assert response.status_code == 415
        assert "application/sparql-query" in response.json()["error"]["message"]
    utf16 = client.post("/sparql", content="ASK {}".encode("utf-16"),
                        headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert utf16.status_code == 415
    two = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert two.status_code == 400 and "exactly one query" in two.json()["error"]["message"]


def test_service_description_lists_the_dataset(client: TestClient, seed_store: OxigraphStore) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.text, format="turtle")
    service = g.value(predicate=RDF.type, object=SD.Service)
    assert service is not None and str(service).endswith("/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    names = {str(o) for o in g.objects(None, SD.name)}
    assert names == set(seed_store.graphs())
    formats = {str(o) for o in g.objects(service, SD.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert (service, SD.feature, SD.BasicFederatedQuery) not in g  # SERVICE is off by default
    as_jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=as_jsonld.text, format="json-ld")) == len(g)


def test_a_browser_gets_the_query_page(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "/static/yasgui/yasgui.min.js" in page and "//cdn" not in page
    assert "PREFIX pk: <https://w3id.org/policykg/ontology#>" in page.replace("\\u003c", "<")


@pytest.mark.system("oxigraph-server")
def test_the_endpoint_over_a_remote_engine(seed_store: OxigraphStore, tmp_path: Path) -> None:
    """With --endpoint, /sparql answers through the remote server (in a thread, without killable workers)."""
    from servers import oxigraph, oxigraph_server

    dump = tmp_path / "seeds.nq"
    dump.write_bytes(seed_store.dump("nquads"))
    oxigraph("load", "--location", str(tmp_path / "db"), "--file", str(dump))
    with oxigraph_server(tmp_path / "db") as server, \
            TestClient(create_app(Settings(endpoint=server.query))) as client:
        rows = client.get("/sparql", params={"query": LABELS})
        assert rows.status_code == 200, rows.text
        assert json_rows(rows.content) == direct(seed_store, LABELS)
        as_csv = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
        assert len(as_csv.text.strip().splitlines()) == len(direct(seed_store, LABELS)) + 1
        graph = client.get("/sparql", params={"query": DOCS}, headers={"Accept": "application/n-triples"})
        assert len(graph.text.strip().splitlines()) == len(seed_store.query(DOCS).triples)
        ask = client.get("/sparql", params={"query": sparql_prefixes() + "ASK { ?d a pk:PolicyDocument }"})
        assert ask.json()["boolean"] is True
        narrowed = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "urn:x:g"})
        assert narrowed.status_code == 400 and "FROM" in narrowed.json()["error"]["message"]


def test_the_documented_example_query_runs(client: TestClient, seed_store: OxigraphStore) -> None:
    from policykg.api.sparql import EXAMPLE

    response = client.get("/sparql", params={"query": EXAMPLE})
    assert response.status_code == 200, response.text
    assert json_rows(response.content) == direct(seed_store, EXAMPLE)
    assert 1 <= len(json_rows(response.content)) <= len(SEED_FILES)


def test_w3c_service_description_cases(client: TestClient) -> None:
    """The three cases of the W3C SPARQL 1.1 Service Description manifest (described in prose there)."""
    from support import W3C

    manifest = W3C / "sparql" / "sparql11" / "service-description" / "manifest.ttl"
    if not manifest.exists():
        pytest.skip(f"W3C suite not found at {manifest}")
    names = {str(o) for o in Graph().parse(manifest, format="turtle").objects(None, URIRef(
        "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#name"))}
    assert names >= {"GET on endpoint returns RDF", "Service description contains a matching sd:endpoint triple",
                     "Service description conforms to schema"}
    response = client.get("/sparql")  # returns-rdf: a plain GET (no Accept) gets RDF
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.text, format="turtle")
    endpoint = URIRef(str(client.base_url) + "/sparql")
    assert (None, SD.endpoint, endpoint) in g  # has-endpoint-triple: matches the URL asked
    # conforms-to-schema: each sd: property used on subjects of its domain, with objects of its range
    for service in g.subjects(SD.endpoint, endpoint):
        assert (service, RDF.type, SD.Service) in g
        assert set(g.objects(service, SD.supportedLanguage)) <= {SD.SPARQL10Query, SD.SPARQL11Query,
                                                                 SD.SPARQL11Update}
        assert all(isinstance(f, URIRef) for f in g.objects(service, SD.resultFormat))
        assert set(g.objects(service, SD.feature)) <= {SD.DereferencesURIs, SD.UnionDefaultGraph,
                                                       SD.RequiresDataset, SD.EmptyGraphs, SD.BasicFederatedQuery}
        for dataset in g.objects(service, SD.defaultDataset):
            assert (dataset, RDF.type, SD.Dataset) in g
            for named in g.objects(dataset, SD.namedGraph):
                assert (named, RDF.type, SD.NamedGraph) in g and isinstance(g.value(named, SD.name), URIRef)


def test_an_in_memory_store_is_answered_from_a_copy_until_refreshed() -> None:
    store = OxigraphStore()
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    store.replace_graph("urn:x:g1", "<urn:x:a> <urn:x:p> <urn:x:b> .")
    with TestClient(create_app(Settings(query_workers=1), store=store)) as c:
        first = json_rows(c.get("/sparql", params={"query": count}).content)
        store.replace_graph("urn:x:g2", "<urn:x:c> <urn:x:p> <urn:x:d> .")
        unchanged = json_rows(c.get("/sparql", params={"query": count}).content)
        c.app.state.executor.refresh()  # type: ignore[attr-defined]
        refreshed = json_rows(c.get("/sparql", params={"query": count}).content)
    assert first == unchanged == [("1",)]
    assert refreshed == [("2",)]


def test_a_store_on_disk_is_seen_as_it_changes(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    store.replace_graph("urn:x:g1", "<urn:x:a> <urn:x:p> <urn:x:b> .")
    with TestClient(create_app(Settings(query_workers=1), store=store)) as c:
        first = json_rows(c.get("/sparql", params={"query": count}).content)
        store.replace_graph("urn:x:g2", "<urn:x:c> <urn:x:p> <urn:x:d> .")  # flushed: the workers reopen
        later = json_rows(c.get("/sparql", params={"query": count}).content)
    assert (first, later) == ([("1",)], [("2",)])
