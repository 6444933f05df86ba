"""Issue 11, item 1: no query can make the server fetch a URL.

Two layers, each tested on its own with a loopback canary that counts the requests it receives (it must
receive none): the refusal decided from a real parse in the worker (a clear 403 for every spelling, on every
method and route), and the workers' lack of any network (a ``SERVICE`` that skips the refusal still
reaches nothing). The first two spellings are the issue's: a regex that decoded ``\\u0022`` before blanking
strings saw one long string where the engine saw two short ones, and the canary received requests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.api.executor import ProcessExecutor
from policykg.api.guard import names_service, parsed_service, scan
from policykg.api.worker import QueryJob
from policykg.errors import QueryRefused
from policykg.settings import Settings
from policykg.store import OxigraphStore

from live_server import Canary

SPELLINGS = [
    'SELECT * WHERE {{ BIND("\\u0022" AS ?a) SERVICE <{url}> {{ ?s ?p ?o }} BIND("\\u0022" AS ?b) }}',  # the issue's
    "SELECT * WHERE {{ BIND('\\u0027' AS ?a) SERVICE <{url}> {{ ?s ?p ?o }} BIND('\\u0027' AS ?b) }}",
    "SELECT * WHERE {{ BIND('''\\u0027''' AS ?a) SERVICE <{url}> {{ ?s ?p ?o }} BIND('''x''' AS ?b) }}",
    'SELECT * WHERE {{ BIND("\\\\" AS ?a) SERVICE <{url}> {{ ?s ?p ?o }} BIND("\\\\" AS ?b) }}',
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERV\\u0049CE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SeRvIcE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?endpoint) SERVICE ?endpoint {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ ?x ?y ?z }} UNION {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?x ?y ?z MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ # a comment }} with a brace\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ ?s ?p "#" . SERVICE <{url}> {{ ?s ?p ?o }} }}',
    "PREFIX ex: <{url}#>\nSELECT * WHERE {{ SERVICE ex: {{ ?s ?p ?o }} }}",
    "BASE <{url}>\nSELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}",
]


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(query_workers=1, page_workers=1), store=seed_store)) as c:
        yield c


@pytest.fixture
def canary() -> Iterator[Canary]:
    with Canary() as c:
        yield c


@pytest.mark.parametrize("method", ["get", "form", "sparql-query"])
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_service_is_refused_and_the_canary_hears_nothing(
        client: TestClient, canary: Canary, spelling: str, method: str) -> None:
    query = spelling.format(url=canary.url)
    if method == "get":
        response = client.get("/sparql", params={"query": query})
    elif method == "form":
        response = client.post("/sparql", data={"query": query})
    else:
        response = client.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"})
    assert canary.requests == []
    assert response.status_code == 403, response.text
    error = response.json()["error"]
    assert error["code"] == "query_refused" and error["detail"] == {"refused": "service"}


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s ?p "customer service" }',                       # the word in a literal
    "SELECT * WHERE { ?s <https://example.org/service> ?o }",             # in an IRI
    "PREFIX service: <https://example.org/> SELECT * WHERE { ?s service:x ?o }",  # as a prefix
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",                     # as a variable
])
def test_the_word_service_elsewhere_is_answered(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text


def test_the_parse_screen_reads_what_the_engine_reads() -> None:
    assert parsed_service('SELECT * WHERE { BIND("\\u0022" AS ?a) SERVICE <http://x/> { ?s ?p ?o } }') is True
    assert parsed_service('SELECT * WHERE { ?s ?p "SERVICE <http://x/> { ?s ?p ?o }" }') is False
    assert not names_service("SELECT * WHERE { ?s ?p ?o }")
    assert names_service("SELECT * WHERE { \\u0073ervice <http://x/> {} }")
    assert scan('SELECT * WHERE { ?s ?p "{{{{" }').depth == 1


ROUTE_INJECTIONS = [
    "/queries/goal-owners-by-city?city={attack}",
    "/queries/evidence?node={url}",
    "/viz/node?iri={url}&depth=1",
    "/viz/node?iri={attack}&depth=1",
    "/viz/ownership?city={attack}&format=json",
    "/viz/document/{attack}",
    "/search?q={attack}",
    "/documents/{attack}",
    "/agencies?type={attack}",
    "/goals?city={attack}",
    "/id/doc/{attack}",
    "/compare/diffusion?kind={attack}",
]


@pytest.mark.parametrize("route", ROUTE_INJECTIONS)
def test_routes_that_take_parameters_fetch_nothing(client: TestClient, canary: Canary, route: str) -> None:
    from urllib.parse import quote

    attack = quote(f'x"> }} SERVICE <{canary.url}> {{ ?s ?p ?o }} #', safe="")
    response = client.get(route.format(attack=attack, url=quote(canary.url, safe="")))
    assert response.status_code < 500, response.text
    assert canary.requests == []


@pytest.mark.parametrize("query", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_a_worker_has_no_network_even_when_the_screen_is_skipped(seed_store: OxigraphStore, canary: Canary,
                                                                  query: str) -> None:
    """The barrier under the refusal: a job that skips the parse screen (``allow_service``) still reaches
    nothing from an isolated worker. On main, the worker fetched the URL."""
    pool = ProcessExecutor(seed_store.raw, workers=1, isolate=True)
    try:
        job = QueryJob(query=query.format(url=canary.url), allow_service=True, timeout=20)
        if "SILENT" in query:
            assert pool.run(job).rows <= 1  # SILENT: an empty (or one empty) solution, no error
        else:
            with pytest.raises(QueryRefused) as refused:
                pool.run(job)
            assert refused.value.detail == {"refused": "service"}
        if not pool.isolated:
            pytest.skip("this kernel allows no network namespace for the worker (the parse screen still refuses)")
        assert canary.requests == []
    finally:
        pool.close()


def test_the_canary_would_hear_a_worker_that_had_network(seed_store: OxigraphStore, canary: Canary) -> None:
    """The same job from a worker that is not isolated reaches the canary: the test above can fail."""
    pool = ProcessExecutor(seed_store.raw, workers=1, isolate=False)
    try:
        pool.run(QueryJob(query=f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}", allow_service=True,
                          timeout=20))
    finally:
        pool.close()
    assert canary.requests
