"""Issue 11, items 3 and 7 (the API's parts): caps on every input, and the smaller defects.

Bodies over ``max_body`` are refused with 413 before they are read (declared or streamed), queries over
``max_query`` with 413, a 1 MB GET with 414 (the one JSON error body, on a real uvicorn server), a deeply
nested query with 400 while the worker lives on, a bad ``default-graph-uri`` with 400; every HTML response
carries a Content-Security-Policy and ``nosniff``; CORS is explicit and configurable; the row cap says
when it cut a result (header, JSON member, the query page); a remote engine's timeout closes the
connection to the remote server.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.api.executor import ProcessExecutor, ThreadExecutor
from policykg.api.worker import QueryJob
from policykg.errors import QueryTimeout
from policykg.remote import RemoteStore
from policykg.settings import Settings
from policykg.store import OxigraphStore

from live_server import live
from servers import oxigraph, oxigraph_server

CHEAP = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DOCUMENTS = "PREFIX pk: <https://w3id.org/policykg/ontology#> SELECT ?doc WHERE { ?doc a pk:PolicyDocument }"


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(query_workers=1, page_workers=1, max_query=5_000), store=seed_store)) as c:
        yield c


def _error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status and error["code"] == code and error["message"]
    return error


# --- item 3: sizes -----------------------------------------------------------------------------------

def _raw_post(base: str, headers: str, chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """Send a request by hand; returns the server's first answer and how many body bytes went out first."""
    where = urlsplit(base)
    sent = 0
    with socket.create_connection((where.hostname or "127.0.0.1", where.port or 80), timeout=30) as sock:
        sock.sendall(headers.encode())
        try:
            for chunk in chunks:
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:  # the server answered and closed: it stopped reading
            pass
        sock.settimeout(30)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer) < answer.index(b"\r\n\r\n") + 60:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
    return answer, sent


def test_large_bodies_are_refused_with_413_before_they_are_read(seed_store: OxigraphStore) -> None:
    with live(Settings(query_workers=1, page_workers=1), seed_store) as base:
        declared = 20 * 1024 * 1024
        head = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                f"Content-Length: {declared}\r\n\r\n")
        started = time.monotonic()
        answer, _sent = _raw_post(base, head, iter([b"#" * 65536]))  # 64 KiB of 20 MiB: the rest never comes
        assert answer.startswith(b"HTTP/1.1 413") and time.monotonic() - started < 5
        body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
        assert body["error"]["code"] == "body_too_large" and body["error"]["detail"]["bytes"] == declared

        head = ("POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                "Transfer-Encoding: chunked\r\n\r\n")
        piece = b"#" * 65536
        chunks = iter([f"{len(piece):x}\r\n".encode() + piece + b"\r\n"] * 320)  # 20 MiB, streamed, no length
        answer, sent = _raw_post(base, head, chunks)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        print(f"\nstreamed 20 MiB body: refused with 413 after {sent / 2**20:.1f} MiB had been sent")
        assert sent < 320 * 65536  # the server stopped reading: the rest could not be sent
        assert b"body_too_large" in answer


def test_a_query_over_the_length_cap_is_413(client: TestClient) -> None:
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 6_000
    error = _error(client.post("/sparql", content=long_query, headers={"content-type": "application/sparql-query"}),
                   413, "body_too_large")
    assert error["detail"]["max_query"] == 5_000
    _error(client.post("/sparql", data={"query": long_query}), 413, "body_too_large")
    assert client.get("/sparql", params={"query": CHEAP}).status_code == 200


def test_a_1mb_get_is_414_with_the_json_error_body(seed_store: OxigraphStore) -> None:
    with live(Settings(query_workers=1, page_workers=1), seed_store) as base, httpx.Client(timeout=60) as http:
        target = "/sparql?query=" + quote("SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000)
        answer, _sent = _raw_post(base, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", iter(()))
        assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
        error = json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]
        assert error["code"] == "uri_too_long" and error["status"] == 414 and error["detail"]["bytes"] > 1_000_000
        assert http.get(f"{base}/health").status_code == 200


# --- item 7: the API's smaller defects ---------------------------------------------------------------

def _pids(pool: ProcessExecutor) -> set[int]:
    return {w.process.pid for w in pool._idle}


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000 + " }",
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
])
def test_a_deeply_nested_query_is_400_and_the_worker_lives_on(seed_store: OxigraphStore, query: str) -> None:
    """On main the engine's parser overflowed its stack (SIGSEGV): 503, and the worker was gone."""
    with TestClient(create_app(Settings(query_workers=1), store=seed_store)) as client:
        assert client.get("/sparql", params={"query": CHEAP}).status_code == 200
        pool = client.app.state.executor  # type: ignore[attr-defined]
        before = _pids(pool)
        assert len(before) == 1
        error = _error(client.post("/sparql", data={"query": query}), 400, "query_syntax")
        assert error["detail"]["depth"] > 5000
        assert client.get("/sparql", params={"query": CHEAP}).status_code == 200
        assert _pids(pool) == before  # the same worker process answered


@pytest.mark.parametrize("iri", ["not an iri", "relative/graph", "http://exa mple.org/g", "<http://x/>", ""])
def test_a_bad_default_graph_uri_is_400(client: TestClient, iri: str) -> None:
    for name in ("default-graph-uri", "named-graph-uri"):
        _error(client.get("/sparql", params={"query": CHEAP, name: iri}), 400, "bad_parameter")
    ok = client.get("/sparql", params={"query": CHEAP, "default-graph-uri": "https://w3id.org/policykg/graph/ontology"})
    assert ok.status_code == 200


HTML_ROUTES = ["/", "/sparql", "/documents", "/documents/003_2335b28b753d4964", "/agencies", "/goals", "/cities",
               "/queries", "/queries/documents-overview", "/search?q=质量", "/compare", "/compare/cities",
               "/compare/indicators", "/viz/cities", "/viz/ownership?city=鄂州市", "/ontology", "/docs",
               "/id/doc/003_2335b28b753d4964-7d7be383"]


@pytest.mark.parametrize("route", HTML_ROUTES)
def test_every_html_response_has_a_policy_and_nosniff(client: TestClient, route: str) -> None:
    response = client.get(route, headers={"accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy or "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy or "connect-src 'none'" in policy or "default-src 'none'" in policy


def test_cors_lets_any_origin_read_the_endpoint_by_default(client: TestClient) -> None:
    got = client.get("/sparql", params={"query": CHEAP}, headers={"origin": "https://notebook.example"})
    assert got.headers["access-control-allow-origin"] == "*"
    assert "x-policykg-truncated" in got.headers["access-control-expose-headers"].lower()
    preflight = client.options("/sparql", headers={"origin": "https://notebook.example",
                                                   "access-control-request-method": "POST",
                                                   "access-control-request-headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()


def test_cors_is_configurable(seed_store: OxigraphStore) -> None:
    settings = Settings(query_workers=1, page_workers=1, cors_origins=("https://ok.example",))
    with TestClient(create_app(settings, store=seed_store)) as c:
        allowed = c.get("/health", headers={"origin": "https://ok.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://ok.example"
        assert "access-control-allow-origin" not in c.get("/health", headers={"origin": "https://evil.example"}).headers
    with TestClient(create_app(Settings(query_workers=1, cors_origins=()), store=seed_store)) as c:
        assert "access-control-allow-origin" not in c.get("/health", headers={"origin": "https://a.example"}).headers
    assert Settings.from_env().cors_origins == ("*",)


def test_the_row_cap_says_when_it_cut_a_result(seed_store: OxigraphStore) -> None:
    with TestClient(create_app(Settings(query_workers=1, max_rows=2), store=seed_store)) as c:
        cut = c.get("/sparql", params={"query": DOCUMENTS})
        assert cut.headers["x-policykg-truncated"] == "true" and cut.headers["x-policykg-max-rows"] == "2"
        data = cut.json()
        assert data["policykg"] == {"truncated": True, "maxRows": 2}
        assert data["head"]["vars"] == ["doc"] and len(data["results"]["bindings"]) == 2
        assert ox.parse_query_results(cut.content, format=ox.QueryResultsFormat.JSON) is not None  # still valid
        whole = c.get("/sparql", params={"query": DOCUMENTS + " LIMIT 1"})
        assert whole.headers["x-policykg-truncated"] == "false" and "x-policykg-max-rows" not in whole.headers
        assert "policykg" not in whole.json()
        csv = c.get("/sparql", params={"query": DOCUMENTS, "format": "csv"})
        assert csv.headers["x-policykg-truncated"] == "true" and len(csv.text.strip().splitlines()) == 3


@pytest.mark.system("chromium")
def test_the_query_page_shows_a_note_when_the_cap_cut_the_result(seed_store: OxigraphStore) -> None:
    from policykg.api.query_page import yasgui_dir

    playwright_api = pytest.importorskip("playwright.sync_api")
    if not (yasgui_dir() / "yasgui.min.js").exists():
        pytest.skip("the YASGUI assets are not installed")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with live(Settings(query_workers=1, page_workers=1, max_rows=2), seed_store) as base, \
            playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            page: Any = browser.new_page()
            page.goto(f"{base}/sparql")
            page.wait_for_selector(".yasqe .CodeMirror", timeout=60_000)
            assert not page.locator("#truncated").is_visible()
            page.click(".yasqe_queryButton")
            page.wait_for_selector("#truncated", state="visible", timeout=60_000)
            assert "first 2 rows" in page.locator("#truncated").inner_text()
        finally:
            browser.close()


def _open_connections(port: int) -> int:
    """Established TCP connections from this machine to ``port`` (client side), from /proc/net/tcp."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "01" and int(fields[2].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


@pytest.mark.system("oxigraph-server")
def test_a_remote_timeout_closes_the_connection_to_the_server(seed_store: OxigraphStore, tmp_path: Path) -> None:
    """On main the thread gave up at the deadline but its request stayed open (SPARQLWrapper's 120 s)."""
    dump = tmp_path / "seed.nq"
    seed_store.raw.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    oxigraph("load", "--location", str(tmp_path / "db"), "--file", str(dump))
    with oxigraph_server(tmp_path / "db") as endpoints:
        port = urlsplit(endpoints.query).port or 80
        pool = ThreadExecutor(RemoteStore(endpoints.query))
        assert pool.run(QueryJob(query=CHEAP, timeout=30)).rows == 1
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            pool.run(QueryJob(query=CARTESIAN, timeout=2))
        assert time.monotonic() - started < 3
        deadline = time.monotonic() + 5
        while _open_connections(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        print(f"\nremote timeout 2 s: connection closed {time.monotonic() - started:.1f} s after the query was sent")
        assert _open_connections(port) == 0
