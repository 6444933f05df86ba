"""The endpoint's limits and safety: timeout, row cap, updates, SERVICE and LOAD, syntax errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.settings import Settings
from policykg.store import OxigraphStore

from live_server import Canary

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^11 rows on the seed graph
CHEAP = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"


@pytest.fixture
def canary() -> Iterator[Canary]:
    with Canary() as c:
        yield c


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    settings = Settings(query_timeout=3.0, max_rows=7, query_workers=2)
    with TestClient(create_app(settings, store=seed_store)) as c:
        yield c


def test_a_cartesian_query_is_cut_at_the_timeout_while_a_cheap_one_is_answered(client: TestClient) -> None:
    warm = [threading.Thread(target=client.get, args=("/sparql",), kwargs={"params": {"query": "ASK {}"}})
            for _ in range(2)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()  # both workers are up
    slow: dict[str, httpx.Response] = {}

    def run_slow() -> None:
        slow["response"] = client.get("/sparql", params={"query": CARTESIAN})

    started = time.monotonic()
    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)  # the cartesian query is now running in one worker
    cheap = client.get("/sparql", params={"query": CHEAP})
    cheap_done = time.monotonic() - started
    thread.join(30)
    slow_done = time.monotonic() - started
    assert cheap.status_code == 200, cheap.text
    assert int(cheap.json()["results"]["bindings"][0]["n"]["value"]) > 0
    assert cheap_done < slow_done  # answered while the cartesian query was still running
    response = slow["response"]
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "query_timeout" and "3 s time limit" in error["message"]
    assert 2.5 < slow_done < 20  # cut near the 3 s limit, not run to its end
    after = client.get("/sparql", params={"query": CHEAP})  # the killed worker was replaced
    assert after.status_code == 200


def test_the_row_cap_truncates_and_says_so(client: TestClient, seed_store: OxigraphStore) -> None:
    assert len(seed_store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 20").rows) == 20
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 7
    assert response.headers["x-policykg-truncated"] == "true" and response.headers["x-policykg-rows"] == "7"
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/n-triples"})
    assert len(graph.text.strip().splitlines()) == 7 and graph.headers["x-policykg-truncated"] == "true"
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert small.headers["x-policykg-truncated"] == "false"


@pytest.mark.parametrize("request_kind", ["form", "direct", "get"])
def test_updates_are_refused_with_403(client: TestClient, seed_store: OxigraphStore, request_kind: str) -> None:
    update = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"
    if request_kind == "form":
        response = client.post("/sparql", data={"update": update})
    elif request_kind == "direct":
        response = client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"})
    else:
        response = client.get("/sparql", params={"update": update})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "query_refused" and "read-only" in error["message"]
    disguised = client.post("/sparql", data={"query": "PREFIX ex: <urn:x:>\n" + update})
    assert disguised.status_code == 403
    assert not seed_store.query("ASK { <urn:x:s> ?p ?o }").boolean


SERVICE_FORMS = [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z .SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",  # a codepoint escape, decoded by the parser
    "SELECT * WHERE {{ # a comment\n OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
]


def test_the_canary_would_hear_an_engine_that_fetches(canary: Canary) -> None:
    """Without the endpoint's guard, pyoxigraph itself does fetch a SERVICE URL: the threat is real."""
    list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"))
    assert canary.requests


@pytest.mark.parametrize("form", SERVICE_FORMS)
def test_service_is_refused_and_fetches_nothing(client: TestClient, canary: Canary, form: str) -> None:
    response = client.post("/sparql", data={"query": form.format(url=canary.url)})
    assert response.status_code == 403
    assert "SERVICE" in response.json()["error"]["message"]
    assert canary.requests == []


@pytest.mark.parametrize("how", ["update-form", "update-direct", "query"])
def test_load_is_refused_and_fetches_nothing(client: TestClient, canary: Canary, how: str) -> None:
    load = f"LOAD <{canary.url}> INTO GRAPH <urn:x:g>"
    if how == "update-form":
        response = client.post("/sparql", data={"update": load})
    elif how == "update-direct":
        response = client.post("/sparql", content=load, headers={"content-type": "application/sparql-update"})
    else:
        response = client.post("/sparql", data={"query": load})
    assert response.status_code == 403
    assert canary.requests == []


def test_service_can_be_allowed_by_the_operator(seed_store: OxigraphStore, canary: Canary) -> None:
    with TestClient(create_app(Settings(allow_service=True, query_workers=1), store=seed_store)) as c:
        response = c.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"})
    assert response.status_code == 200, response.text
    assert canary.requests  # the operator's choice: the engine federates


def test_a_syntax_error_is_a_400_naming_the_error_and_its_position(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "query_syntax"
    assert error["detail"]["line"] == 3 and error["detail"]["column"] > 1
    assert "3:" in error["message"] and "expected" in error["message"]


@pytest.mark.parametrize("form", [
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "DESCRIBE <{url}>",
])
def test_other_urls_in_a_query_are_names_not_fetches(client: TestClient, canary: Canary, form: str) -> None:
    """FROM and DESCRIBE name graphs and resources in the store: answered (empty), and nothing is fetched."""
    response = client.get("/sparql", params={"query": form.format(url=canary.url)})
    assert response.status_code == 200, response.text
    assert canary.requests == []
