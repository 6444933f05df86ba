"""The REST views, /queries, /search and /id/ resolution, in process over the seed graph; and the one error
body on every route."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from policykg import queries
from policykg.api.app import create_app
from policykg.ingest.read import read_source
from policykg.namespaces import PK, PKR
from policykg.settings import Settings
from policykg.store import OxigraphStore

from support import SEED_FILES, sample_params

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(query_workers=1), store=seed_store)) as c:
        yield c


def count(store: OxigraphStore, pattern: str) -> int:
    result = store.query("PREFIX pk: <https://w3id.org/policykg/ontology#> "
                         f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
    return int(result.rows[0]["n"])


# --- named queries over HTTP -----------------------------------------------------------------------

def test_queries_list_and_text(client: TestClient) -> None:
    listing = client.get("/queries").json()
    assert [q["name"] for q in listing["items"]] == [q.name for q in queries.load_all()]
    for item in listing["items"]:
        text = client.get(item["sparql"])
        assert text.status_code == 200 and text.text == queries.get(item["name"]).text
        assert text.headers["content-type"].startswith("application/sparql-query")


def test_every_named_query_answers_json_and_csv(client: TestClient, seed_store: OxigraphStore) -> None:
    for q in queries.load_all():
        params = sample_params(seed_store, q)
        expected = queries.run(seed_store, q.name, params)
        r = client.get(f"/queries/{q.name}", params=params)
        assert r.status_code == 200, (q.name, r.text)
        assert r.headers["content-type"].startswith("application/sparql-results+json")
        body = r.json()
        assert body["head"]["vars"] == list(expected.variables)
        assert len(body["results"]["bindings"]) == len(expected.rows)
        as_csv = client.get(f"/queries/{q.name}", params=params, headers={"accept": "text/csv"})
        table = list(csv.reader(io.StringIO(as_csv.text)))
        assert as_csv.headers["content-type"].startswith("text/csv")
        assert table[0] == list(expected.variables) and len(table) == len(expected.rows) + 1
    tsv = client.get("/queries/documents-overview?format=tsv")
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert len(tsv.text.strip().splitlines()) == len(SEED_FILES) + 1
    page = client.get("/queries/documents-overview", headers={"accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html") and SEED_FILES[0].name in page.text


def test_named_query_parameters_come_from_the_query_string(client: TestClient, seed_store: OxigraphStore) -> None:
    city = seed_store.query(f"SELECT ?l WHERE {{ ?d <{PK}city> ?c . ?c <{RDFS.label}> ?l }} LIMIT 1").rows[0]["l"]
    r = client.get("/queries/goal-owners-by-city", params={"city": str(city)}).json()
    assert {b["city"]["value"] for b in r["results"]["bindings"]} <= {str(city)}
    expected = queries.run(seed_store, "goal-owners-by-city", {"city": str(city)})
    assert len(r["results"]["bindings"]) == len(expected.rows)
    assert client.get("/queries/goals-due-by", params={"year": "1999"}).json()["results"]["bindings"] == []


# --- REST views ------------------------------------------------------------------------------------

def test_documents_list_and_detail(client: TestClient, seed_store: OxigraphStore) -> None:
    docs = client.get("/documents").json()
    assert docs["total"] == len(SEED_FILES) == len(docs["items"])
    assert {d["sourceFile"] for d in docs["items"]} == {p.name for p in SEED_FILES}
    texts = {p.name: read_source(p).text for p in SEED_FILES}
    for d in docs["items"]:
        assert d["iri"] == f"{PKR}doc/{d['id']}"
        detail = client.get(f"/documents/{d['id']}").json()
        assert len(detail["goalList"]) == d["goals"] == count(seed_store, f"?x a pk:Goal ; pk:inDocument <{d['iri']}>")
        assert len(detail["taskList"]) == d["tasks"]
        assert len(detail["agencies"]) == count(seed_store, f"<{d['iri']}> pk:mentionsAgency ?x")
        for fact in detail["goalList"] + detail["taskList"]:
            ev = fact["evidence"]
            assert ev is not None, fact["iri"]
            assert texts[d["sourceFile"]][ev["start"]:ev["end"]] == ev["quote"]
    assert client.get("/documents/no-such-doc").status_code == 404


def test_agencies_goals_and_cities(client: TestClient, seed_store: OxigraphStore) -> None:
    agencies = client.get("/agencies").json()
    assert agencies["total"] == count(seed_store, "?x a pk:Agency")
    busiest = max(agencies["items"], key=lambda a: a["tasksLed"])
    assert busiest["tasksLed"] > 0
    detail = client.get(f"/agencies/{busiest['id']}").json()
    assert len(detail["tasksLedList"]) == busiest["tasksLed"]
    assert all(any(a["iri"] == busiest["iri"] for a in t["lead"]) for t in detail["tasksLedList"])
    assert len(detail["goals"]) == busiest["goalsOwned"]
    part = busiest["label"][-3:]
    assert all(part in " ".join([a["label"] or "", *a["altLabels"]])
               for a in client.get("/agencies", params={"q": part}).json()["items"])

    all_goals = client.get("/goals", params={"limit": 1000}).json()
    assert all_goals["total"] == count(seed_store, "?x a pk:Goal ; pk:indicatorLabel ?l ; pk:inDocument ?d")
    cities = client.get("/cities").json()
    assert cities["total"] == count(seed_store, "?d pk:city ?x . ?x a pk:City") > 0
    for city in cities["items"]:
        goals = client.get("/goals", params={"city": city["label"], "limit": 1000}).json()
        assert goals["total"] == city["goals"] and all(g["city"] == city["label"] for g in goals["items"])
        detail = client.get(f"/cities/{city['id']}").json()
        assert len(detail["documentList"]) == city["documents"] > 0
    hostile = client.get("/goals", params={"city": '鄂州市" } UNION { ?doc ?p ?o } #', "indicator": '") || true || ("'})
    assert hostile.status_code == 200 and hostile.json()["total"] == 0
    rate = client.get("/goals", params={"indicator": "合格率", "limit": 5}).json()
    assert rate["total"] > 0 and len(rate["items"]) <= 5 and all("合格率" in g["indicatorLabel"] for g in rate["items"])
    years = {g["targetYear"] for g in all_goals["items"] if g["targetYear"]}
    if years:
        year = min(years)
        assert {g["targetYear"] for g in client.get("/goals", params={"year": year}).json()["items"]} == {year}


def test_html_for_browsers(client: TestClient) -> None:
    for url in ("/documents", "/agencies", "/cities", "/goals?limit=3", "/queries", "/search?q=质量"):
        r = client.get(url, headers={"accept": BROWSER})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        assert "<table" in r.text or "<dl" in r.text or "<ol" in r.text  # /search lists its hits
        assert client.get(url).headers["content-type"].startswith("application/json")


def test_search_ranks_a_node_whose_text_holds_the_query(client: TestClient, seed_store: OxigraphStore) -> None:
    goal = seed_store.query(f"SELECT ?g ?l WHERE {{ ?g <{PK}indicatorLabel> ?l FILTER(STRLEN(?l) >= 6) }} "
                            "ORDER BY ?g LIMIT 1").rows[0]
    text = str(goal["l"])
    r = client.get("/search", params={"q": text}).json()
    assert r["hits"] and text in r["hits"][0]["label"]
    assert r["hits"][0]["score"] >= max(h["score"] for h in r["hits"])
    assert str(goal["g"]) in {h["node"] for h in r["hits"][:5]}
    # Words the user separates need not stand together: every word, anywhere in the fact.
    words = client.get("/search", params={"q": "质量 合格率"}).json()
    assert words["words"] == ["质量", "合格率"] and words["match"] == "all" and words["hits"]
    assert all("质量" in h["label"] + h["snippet_html"] and "合格率" in h["label"] + h["snippet_html"]
               for h in words["hits"])
    # A hit is the node itself, never its evidence node; the evidence is linked beside it.
    assert all(h["node"].startswith(str(PKR)) and "/evidence/" not in h["node"] for h in r["hits"])


def test_id_resolves_as_turtle_jsonld_and_html(client: TestClient, seed_store: OxigraphStore) -> None:
    found = seed_store.query(f"SELECT ?g WHERE {{ ?g a <{PK}Goal> ; <{PK}evidence> ?e }} ORDER BY ?g LIMIT 1")
    goal = found.rows[0]["g"]
    path = str(goal)[len(str(PKR)):]
    turtle = client.get(f"/id/{path}")
    assert turtle.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(str(goal)), RDF.type, PK.Goal) in g
    assert any(g.objects(None, PK.quote)), "the evidence node comes along"
    jsonld = client.get(f"/id/{path}", headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert any(n.get("@id") == str(goal) for n in json.loads(jsonld.text))
    page = client.get(f"/id/{path}", headers={"accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html") and "pk:indicatorLabel" in page.text
    assert html.escape(str(next(g.objects(URIRef(str(goal)), PK.evidence)))) in page.text
    assert all(html.escape(str(q)) in page.text for q in g.objects(None, PK.quote)), "the page shows the evidence"
    from urllib.parse import quote

    assert html.escape(f"/viz/node?iri={quote(str(goal), safe='')}&depth=1") in page.text, "links the network view"
    assert client.get(f"/id/{path}?format=turtle", headers={"accept": BROWSER}).headers["content-type"].startswith(
        "text/turtle")
    assert client.get("/id/goal/none/0").status_code == 404


# --- the one error body, on every route -------------------------------------------------------------

def test_every_route_answers_errors_in_the_one_shape(client: TestClient) -> None:
    """Each route gets a request it must refuse: a wrong method (405), an unknown id (404), a missing or
    bad parameter (422/400) or an unacceptable type (406); every refusal has the same JSON body."""
    checked = 0
    routes = client.get("/openapi.json").json()["paths"]
    assert len(routes) >= 12
    for route, operations in routes.items():
        methods = {m.upper() for m in operations}
        path = re.sub(r"\{[^}]+\}", "no-such-thing", route)
        unused = next(m for m in ("DELETE", "PATCH", "PUT") if m not in methods)
        attempts: list[tuple[str, str, dict[str, str]]] = [(unused, path, {})]
        if "{" in route and "GET" in methods:
            attempts.append(("GET", path, {}))
        if route in ("/queries/{name}", "/id/{path}"):
            attempts.append(("GET", route.replace("{name}", "tasks-due-by").replace("{path}", "doc/x"),
                             {"accept": "image/png"}))
        for method, url, headers in attempts:
            r = client.request(method, url, headers=headers)
            assert r.status_code >= 400, (method, url)
            body = r.json()
            assert set(body) == {"error"}, (method, url, body)
            assert set(body["error"]) == {"code", "message", "status", "detail"}, (method, url, body)
            assert body["error"]["status"] == r.status_code and body["error"]["message"]
            assert isinstance(body["error"]["detail"], dict) and isinstance(body["error"]["code"], str)
            checked += 1
    for url in ("/search", "/goals?limit=0", "/queries/tasks-due-by?year=soon", "/queries/tasks-due-by?nope=1"):
        body = client.get(url).json()
        assert set(body["error"]) == {"code", "message", "status", "detail"}, url
        checked += 1
    assert checked > 20


def test_openapi_describes_every_route_with_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec.get("components", {}).get("schemas", {})
    mine = ("/queries", "/documents", "/agencies", "/goals", "/cities", "/search", "/id/")
    for path, ops in spec["paths"].items():
        for op in ops.values():
            assert op.get("summary"), path
            if not path.startswith(mine):
                continue
            assert op.get("description"), path
            content = op["responses"]["200"].get("content", {})
            examples = ['"example' in json.dumps(p) for p in op.get("parameters", [])]
            examples += ["example" in c for c in content.values()]
            for media in content.values():
                ref = media.get("schema", {}).get("$ref", "")
                model = schemas.get(ref.rsplit("/", 1)[-1], {})
                examples += ["examples" in prop for prop in model.get("properties", {}).values()]
            assert any(examples), f"{path}: no example in its parameters or its answer"


def test_a_document_is_found_by_its_id_file_name_or_stem(client: TestClient) -> None:
    for d in client.get("/documents").json()["items"]:
        stem = d["sourceFile"].rpartition(".")[0]
        assert d["id"] != stem  # the id also carries the hash of its folder and file name
        iris = {client.get(f"/documents/{ref}").json()["iri"] for ref in (d["id"], d["sourceFile"], stem)}
        assert iris == {d["iri"]}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml", "json"])
def test_named_queries_and_the_endpoint_write_each_format_alike(client: TestClient, fmt: str) -> None:
    from policykg.formats import BY_NAME

    text = client.get("/queries/documents-overview/sparql").text
    assert "ORDER BY" in text.upper()
    named = client.get("/queries/documents-overview", params={"format": fmt})
    direct = client.post("/sparql", content=text.encode(), headers={
        "content-type": "application/sparql-query", "accept": BY_NAME[fmt].media_type})
    assert named.status_code == direct.status_code == 200
    assert named.headers["content-type"].split(";")[0] == BY_NAME[fmt].media_type
    if fmt == "json":
        assert named.json()["results"] == direct.json()["results"]
    else:
        assert named.content == direct.content  # one writer per format
    if fmt == "csv":
        assert named.content.count(b"\r\n") >= 5 and b"\n" not in named.content.replace(b"\r\n", b"")
    if fmt == "tsv":
        assert named.text.startswith("?")  # SPARQL TSV: ?name headers, terms in N-Triples form
