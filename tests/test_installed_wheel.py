"""A plain user's install: build the wheel, install it into a fresh virtual environment as a user without
root, ingest the demo corpus and `policykg serve` it, then load `/`, `/sparql` and `/docs` in Chromium with
every request that leaves 127.0.0.1 blocked. There is no node_modules and no environment variable pointing at
assets: the YASGUI and Swagger UI files must come from the wheel's package data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servers import free_port, stop, wait_for
from support import BIN, DEMO, ROOT

pytestmark = [pytest.mark.system("chromium"), pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
NOBODY = 65534


def as_user() -> list[str]:
    """The prefix that drops root for the user's commands (nothing when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot test an install without root")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]


@pytest.fixture(scope="module")
def installed() -> Iterator[Path]:
    """A fresh folder holding the built wheel and a venv with it installed by an ordinary user."""
    home = Path(tempfile.mkdtemp(prefix="policykg-user-"))
    try:
        dist = home / "dist"
        subprocess.run([str(BIN / "pip"), "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
                       check=True, capture_output=True, timeout=600)
        wheel = next(dist.glob("policykg-*.whl"))
        if os.geteuid() == 0:
            for path in [home, *home.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
        for key in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT"):
            if key in os.environ:
                env[key] = os.environ[key]
        venv = home / "venv"
        run = subprocess.run([*as_user(), "python3", "-m", "venv", str(venv)], env=env, cwd=home,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
        run = subprocess.run([*as_user(), str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], env=env,
                             cwd=home, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stderr[-3000:]
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def base_url(installed: Path) -> Iterator[str]:
    policykg = str(installed / "venv" / "bin" / "policykg")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(installed), "LANG": "C.UTF-8"}
    corpus = installed / "corpus"
    shutil.copytree(DEMO, corpus)
    if os.geteuid() == 0:
        for path in [corpus, *corpus.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
    store = installed / "store"
    run = subprocess.run([*as_user(), policykg, "ingest", str(corpus), "--store", str(store)], env=env,
                         cwd=installed, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    port = free_port()
    log = installed / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([*as_user(), policykg, "serve", "--store", str(store), "--host", "127.0.0.1",
                                    "--port", str(port)], env=env, cwd=installed, stdout=out, stderr=out)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 120, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def test_the_installed_package_is_not_the_work_tree(installed: Path) -> None:
    site = next((installed / "venv" / "lib").glob("python3*/site-packages"))
    vendor = site / "policykg" / "api" / "static" / "vendor"
    assert (vendor / "yasgui" / "yasgui.min.js").is_file()
    assert (vendor / "swagger-ui" / "swagger-ui-bundle.js").is_file()
    assert (vendor / "yasgui" / "LICENSE.txt").is_file() and (vendor / "swagger-ui" / "LICENSE.txt").is_file()
    assert not (installed / "node_modules").exists()


def test_pages_render_offline_from_the_wheel(base_url: str) -> None:
    requests: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urllib.parse.urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page: Any = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", only_local)
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))

            page.goto(f"{base_url}/")
            assert page.locator("a[href='/sparql']").count() >= 1
            assert page.locator("a[href='/docs']").count() >= 1

            page.goto(f"{base_url}/sparql")
            page.wait_for_selector(".yasqe .CodeMirror", timeout=60_000)
            editor = page.evaluate("window.policykgYasgui.getTab().getYasqe().getValue()")
            assert "PREFIX pk: <https://w3id.org/policykg/ontology#>" in editor
            assert page.locator(".missing").count() == 0

            page.goto(f"{base_url}/docs")
            page.wait_for_selector(".swagger-ui .opblock", timeout=60_000)
            operations = page.locator(".swagger-ui .opblock").count()
            assert operations >= 10
            assert "/sparql" in page.locator(".swagger-ui").inner_text()
        finally:
            browser.close()
    assert blocked == [], blocked
    assert errors == [], errors
    paths = {urllib.parse.urlsplit(u).path for u in requests}
    assert {"/static/yasgui/yasgui.min.js", "/static/yasgui/yasgui.min.css", "/static/swagger-ui/swagger-ui-bundle.js",
            "/static/swagger-ui/swagger-ui.css", "/openapi.json"} <= paths
