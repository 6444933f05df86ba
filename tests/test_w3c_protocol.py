"""The W3C SPARQL 1.1 Protocol manifest, run against /sparql.

Read from the pinned suite in ../shared/w3c-rdf-tests (never copied here). Every query and bad-query
case must pass as written. The endpoint is read-only, so every update and bad-update case must be
refused with a 4xx (the update cases' follow-up queries check an update's effect, so they are not run).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS
from rdflib.term import Node

from policykg.api.app import create_app
from policykg.settings import Settings
from policykg.store import OxigraphStore

from support import W3C

MANIFEST = W3C / "sparql" / "sparql11" / "protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values"}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml", "text/html"}

pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason=f"W3C suite not found at {MANIFEST}")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]          # hts:StatusCode2xx, ...
    expected_format: str | None       # "boolean", "tabular", "RDF"
    expected_boolean: bool | None


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    data: tuple[tuple[Path, str], ...]   # (file, graph name)
    requests: tuple[Request, ...]

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def _items(g: Graph, node: Node | None) -> list[Node]:
    return list(Collection(g, node)) if node is not None else []


def load_cases() -> list[Case]:
    if not MANIFEST.exists():
        return []
    g = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    cases = []
    for entry in _items(g, g.value(URIRef(MANIFEST.as_uri()), MF.entries)):
        data = tuple((Path(unquote(str(g.value(d, UT.graph)).removeprefix("file://"))), str(g.value(d, RDFS.label)))
                     for d in g.objects(entry, UT.graphData))
        requests = []
        for r in _items(g, g.value(g.value(entry, MF.action), HT.requests)):
            headers = {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                       for h in _items(g, g.value(r, HT.headers))}
            body_node = g.value(r, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            resp = g.value(r, HT.resp)
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            requests.append(Request(
                method=str(g.value(r, HT.methodName)), path=str(g.value(r, HT.absolutePath)), headers=headers,
                body=body, statuses=frozenset(str(s).rsplit("#", 1)[1] for s in g.objects(resp, MF.expectedStatus)),
                expected_format=str(fmt) if fmt is not None else None,
                expected_boolean=boolean.toPython() if boolean is not None else None))
        cases.append(Case(str(entry).rsplit("#", 1)[1], str(g.value(entry, MF.name)), data, tuple(requests)))
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = OxigraphStore()
    for case in CASES:
        for path, graph in case.data:
            store.raw.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    with TestClient(create_app(Settings(query_workers=2), store=store)) as c:
        yield c


def send(client: TestClient, request: Request) -> tuple[int, str, bytes]:
    # "replace /sparql/ with whatever path prefix is appropriate for the endpoint being tested"
    assert request.path.startswith("/sparql/")
    path = "/sparql" + request.path.removeprefix("/sparql/")  # "/sparql/?query=..." -> "/sparql?query=..."
    response = client.request(request.method, path, content=request.body, headers=request.headers)
    return response.status_code, response.headers.get("content-type", "").split(";")[0], response.content


def check(request: Request, status: int, media_type: str, body: bytes) -> None:
    klass = f"StatusCode{status // 100}xx"
    assert klass in request.statuses, f"status {status}, expected one of {sorted(request.statuses)}: {body[:300]!r}"
    if request.expected_format == "boolean" or request.expected_boolean is not None:
        assert media_type in BOOLEAN, media_type
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(media_type))
        assert isinstance(parsed, ox.QueryBoolean)
        if request.expected_boolean is not None:
            assert bool(parsed) is request.expected_boolean
    elif request.expected_format == "tabular":
        assert media_type in TABULAR, media_type
    elif request.expected_format == "RDF":
        assert media_type in RDF_TYPES, media_type
        ox.parse(body, format=ox.RdfFormat.from_media_type(media_type))


QUERY_CASES = [c for c in CASES if not c.is_update]
UPDATE_CASES = [c for c in CASES if c.is_update]


@pytest.mark.parametrize("case", QUERY_CASES, ids=lambda c: c.name)
def test_query_case(client: TestClient, case: Case) -> None:
    for request in case.requests:
        check(request, *send(client, request))


@pytest.mark.parametrize("case", UPDATE_CASES, ids=lambda c: c.name)
def test_update_case_is_refused(client: TestClient, case: Case) -> None:
    status, _, body = send(client, case.requests[0])
    assert 400 <= status < 500, (status, body)
    if case.requests[0].method == "POST" and "bad_update" not in case.name:
        assert status == 403 and b"read-only" in body


def test_the_manifest_is_all_here() -> None:
    assert len(CASES) == 34
    assert len(QUERY_CASES) == 20 and len(UPDATE_CASES) == 14
