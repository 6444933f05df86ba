"""The map page (/map): boundary package data, the data it colours, and the page in a real browser (Debian's
chromium driven by playwright, every request outside the server refused) over a `policykg serve` of the seeds.

Set POLICYKG_SCREENSHOTS=DIR to keep a screenshot.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.ingest.pipeline import ingest_paths
from policykg.settings import Settings
from policykg.store import OxigraphStore
from policykg.viz import maps

from servers import free_port, stop, wait_for
from support import BIN, SEED_FILES

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def test_boundaries_are_package_data_keyed_by_code() -> None:
    regions = maps.boundaries("china")
    codes = {r["code"] for r in regions}
    assert {"420000", "420700", "330300", "411000", "110000"} <= codes
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    levels = [r["level"] for r in regions]
    assert levels.count("province") >= 31 and levels.count("prefecture") > 300
    assert "420000" in maps.county_provinces()
    counties = maps.boundaries("counties/420000")
    assert counties and all(r["level"] == "county" and r["code"].startswith("42") for r in counties)
    assert (maps.MAP_DIR / "china.json").stat().st_size < 1_000_000  # what every page carries stays small


def test_map_data_places_targets_and_first_adoption(seed_store: OxigraphStore) -> None:
    data = maps.map_data(seed_store)
    assert set(data["places"]) == {"330000", "330300", "411000", "420700"}  # the provincial plan has its province
    assert any("鄂州" in p["title"] for p in data["places"]["420700"]["plans"])
    targeted = [i for i in data["indicators"] if i["values"]]
    assert targeted and all(isinstance(v[0], float) for i in targeted for v in i["values"].values())
    assert data["instruments"] and all(re.fullmatch(r"\d{4}", y) for i in data["instruments"]
                                       for y in i["first"].values())


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(query_workers=1, page_workers=1, page_timeout=120), store=seed_store)) as c:
        yield c


def test_map_route_is_small_offline_and_validated(client: TestClient) -> None:
    r = client.get("/map")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert len(r.content) < 2_000_000
    assert "connect-src 'none'" in r.headers["content-security-policy"]
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", r.text), "nothing is loaded from elsewhere"
    assert r.text.count("<path") > 300
    assert client.get("/map", params={"format": "json"}).json()["places"]
    assert client.get("/map", params={"counties": "420000"}).text.count('class="pk-county"') > 50
    assert client.get("/map", params={"counties": "999900"}).status_code == 400
    assert client.get("/map", params={"counties": "../x"}).status_code == 422


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("map")
    store = OxigraphStore(tmp / "store")
    assert all(r.ok for r in ingest_paths(store, SEED_FILES))
    store.close()
    del store
    port = free_port()
    log = tmp / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(BIN / "policykg"), "serve", "--store", str(tmp / "store"), "--host",
                                    "127.0.0.1", "--port", str(port)], stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/health", 60, process, log)
    try:
        yield base
    finally:
        stop(process)


@pytest.mark.system("chromium")
def test_map_in_chromium(server: str, tmp_path: Path) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            outside: list[str] = []

            def route(r: Any) -> None:
                if r.request.url.startswith(server):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{server}/map")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            assert page.locator("#pk-map path").count() > 300                  # the polygons render
            box = page.locator('path[data-code="420700"]').bounding_box()
            assert box and box["width"] > 3 and box["height"] > 3
            coloured = page.evaluate("""() => Array.from(document.querySelectorAll('#pk-map path.pk-has'))
                                        .map(p => [p.dataset.code, getComputedStyle(p).fill])""")
            assert {c for c, _ in coloured} == {"330000", "330300", "411000", "420700"}
            assert all(fill not in ("none", "rgb(238, 238, 238)") for _, fill in coloured)
            plain = page.evaluate("getComputedStyle(document.querySelector('path[data-code=\"110000\"]')).fill")
            assert plain == "rgb(238, 238, 238)"                               # no plan, no colour
            page.locator('path[data-code="420700"]').click(force=True)        # clicking a place lists its plans
            panel = page.locator("#pk-panel")
            assert "鄂州" in panel.inner_text()
            link = panel.locator("a[href^='/documents/']").first
            assert link.count() and page.request.get(server + str(link.get_attribute("href"))).ok
            page.locator('path[data-code="330300"]').click(force=True)        # a prefecture shows its province's too
            assert "provincial plans" in panel.inner_text()
            page.select_option("#pk-view", "target")                          # an indicator's targets
            assert page.locator("#pk-pick option").count() > 0
            assert page.locator("#pk-map path.pk-has").count() >= 1
            assert re.search(r"target [\d.]+ – [\d.]+", page.inner_text("#pk-legend"))
            page.select_option("#pk-view", "first")                           # first adoption by year
            assert re.search(r"first year (19|20)\d\d – (19|20)\d\d", page.inner_text("#pk-legend"))
            if os.environ.get("POLICYKG_SCREENSHOTS"):
                page.select_option("#pk-view", "plans")
                page.screenshot(path=str(Path(os.environ["POLICYKG_SCREENSHOTS"]) / "map.png"))
            page.goto(f"{server}/map?counties=420000")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            assert page.locator("path.pk-county").count() > 50
            assert not errors, errors
            assert not outside, outside
        finally:
            browser.close()
