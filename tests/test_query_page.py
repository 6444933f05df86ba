"""The query page at /sparql in headless Chromium, served by a real `policykg serve` over the seed graph:
it loads YASGUI from the server itself, runs a query, shows the rows, and asks nothing of the outside world.
"""

from __future__ import annotations

import json
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policykg.api.query_page import STARTER, example_tabs, yasgui_dir
from policykg.namespaces import sparql_prefixes

from servers import free_port, stop, wait_for
from support import BIN, DEMO, MISSING

pytestmark = pytest.mark.system("chromium")
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (yasgui_dir() / "yasgui.min.js").exists():
        pytest.skip(f"{MISSING} 'yasgui' (npm): run `make system` (scripts/setup-system.sh runs `npm install`)")
    tmp = tmp_path_factory.mktemp("query-page")
    store = tmp / "store"
    subprocess.run([str(BIN / "policykg"), "ingest", str(DEMO), "--store", str(store)], check=True,
                   capture_output=True, timeout=300)
    port = free_port()
    log = tmp / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(BIN / "policykg"), "serve", "--store", str(store), "--host", "127.0.0.1",
                                    "--port", str(port)], stdout=out, stderr=out)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def expected_rows(base_url: str) -> int:
    """What the endpoint answers for the page's starter query, asked directly."""
    query = STARTER.format(prefixes=sparql_prefixes())
    url = f"{base_url}/sparql?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(url, timeout=60) as response:
        return len(json.load(response)["results"]["bindings"])


def test_the_query_page_runs_a_query_and_shows_rows(base_url: str, tmp_path: Path) -> None:
    rows = expected_rows(base_url)
    assert rows >= 4  # the four seed documents
    requests: list[str] = []
    errors: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page: Any = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{base_url}/sparql")
            page.wait_for_selector(".yasqe .CodeMirror", timeout=60_000)
            editor = page.evaluate("window.policykgYasgui.getTab().getYasqe().getValue()")
            assert "PREFIX pk: <https://w3id.org/policykg/ontology#>" in editor  # prefixes prefilled
            tab_names = [t.replace("✖", "").strip() for t in page.locator(".tab").all_inner_texts()]  # ✖: close
            assert tab_names == [tab["name"] for tab in example_tabs()]  # the starter, then the named queries
            assert len(tab_names) >= 2
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table tbody tr", timeout=60_000)
            shown = page.locator(".yasr table tbody tr").count()
            text = page.locator(".yasr table").inner_text()
            page.screenshot(path=str(tmp_path / "query-page.png"))
        finally:
            browser.close()
    assert shown == rows
    assert "pkr:doc/" in text or "/id/doc/" in text
    assert errors == []
    outside = [u for u in requests if urllib.parse.urlsplit(u).hostname not in ("127.0.0.1", None)
               and not u.startswith(("data:", "blob:"))]
    assert outside == [], outside
    assert any(u.endswith("/static/yasgui/yasgui.min.js") for u in requests)
    assert any(urllib.parse.urlsplit(u).path == "/sparql" for u in requests[1:])  # the query went to us
