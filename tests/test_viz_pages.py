"""The network pages in a real browser (Debian's chromium, driven by playwright), served by a real
`policykg serve` over a store with the seeds ingested.

Set POLICYKG_SCREENSHOTS=DIR to also keep the screenshots (the README's come from here).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from policykg.ingest.pipeline import ingest_paths
from policykg.namespaces import PK, PKR
from policykg.store import OxigraphStore

from servers import free_port, stop, wait_for
from support import BIN, SEED_FILES, doc_id, seed

pytestmark = pytest.mark.system("chromium")
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
EZHOU = seed("003")
EZHOU_ID = doc_id(EZHOU)

# --- fixtures ----------------------------------------------------------------------------------------


class Server:
    def __init__(self, store: Path, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        with log.open("wb") as out:
            self.process = subprocess.Popen([str(BIN / "policykg"), "serve", "--store", str(store), "--host",
                                             "127.0.0.1", "--port", str(self.port)], stdout=out, stderr=out)
        wait_for(f"{self.base}/health", 60, self.process, log)

    def json(self, path: str) -> Any:
        sep = "&" if "?" in path else "?"
        with urllib.request.urlopen(f"{self.base}{path}{sep}format=json", timeout=60) as r:
            return json.load(r)


def _serve(tmp: Path, fill: Any) -> Iterator[Server]:
    store_dir = tmp / "store"
    store = OxigraphStore(store_dir)
    fill(store)
    store.close()
    del store
    server = Server(store_dir, tmp / "server.log")
    try:
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    def fill(store: OxigraphStore) -> None:
        assert all(r.ok for r in ingest_paths(store, SEED_FILES))
    yield from _serve(tmp_path_factory.mktemp("viz-seeds"), fill)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Visit:
    """One page load, with every request, console message, page error and dialog recorded."""

    def __init__(self, browser: Any, url: str, *, offline: bool = False) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=offline)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)

    def wait_ready(self) -> None:
        self.page.wait_for_selector("body[data-ready='1']", timeout=90_000)

    def rendered_nodes(self) -> int:
        return int(self.page.evaluate("window.policykg.network.body.nodeIndices.length"))

    def clickable_node(self) -> dict[str, Any] | None:
        return self.page.evaluate("""() => {
          const n = window.policykg.network, box = document.getElementById('pk-network').getBoundingClientRect();
          const legend = document.getElementById('pk-legend').getBoundingClientRect();
          for (const id of n.body.nodeIndices) {
            const p = n.canvasToDOM(n.getPosition(id)), x = box.left + p.x, y = box.top + p.y;
            const inside = x > box.left + 10 && x < box.right - 360 && y > box.top + 10 && y < box.bottom - 10;
            const underLegend = x < legend.right + 10 && y < legend.bottom + 10;
            if (inside && !underLegend && n.getNodeAt(p) === id)
              return {id: id, x: x, y: y, name: window.policykg.nodes.get(id).info.name};
          }
          return null; }""")

    def hoverable_edge(self) -> dict[str, Any] | None:
        """A point on the heaviest edge that no node or other edge covers, and the first item it shares."""
        return self.page.evaluate("""() => {
          const n = window.policykg.network, box = document.getElementById('pk-network').getBoundingClientRect();
          const edges = window.policykg.edges.get().sort((a, b) => (b.width || 1) - (a.width || 1));
          for (const e of edges) {
            const a = n.getPosition(e.from), b = n.getPosition(e.to);
            for (const t of [0.3, 0.7, 0.4, 0.6, 0.2, 0.8]) {
              const p = n.canvasToDOM({x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)});
              if (n.getEdgeAt(p) === e.id && n.getNodeAt(p) === undefined && box.left + p.x < box.right - 360)
                return {x: box.left + p.x, y: box.top + p.y, first: e.info.values[0][1].split('、')[0]};
            }
          }
          return null; }""")

    def close(self) -> None:
        self.context.close()


def keep(page: Any, name: str, tmp: Path) -> Path:
    shot = tmp / f"{name}.png"
    page.screenshot(path=str(shot))
    if os.environ.get("POLICYKG_SCREENSHOTS"):
        folder = Path(os.environ["POLICYKG_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, folder / shot.name)
    return shot


# --- the views over the seeds -------------------------------------------------------------------------

VIEWS = {
    "viz-ownership": "/viz/ownership",
    "viz-ownership-by-type": "/viz/ownership?aggregate=true",
    "viz-document": f"/viz/document/{EZHOU_ID}",
    "viz-cities": "/viz/cities",
    "viz-node": f"/viz/node?{urllib.parse.urlencode({'iri': f'{PKR}doc/{EZHOU_ID}', 'depth': 1})}",
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_view_renders_offline_every_node_and_opens_the_panel(server: Server, browser: Any, name: str,
                                                              tmp_path: Path) -> None:
    path = VIEWS[name]
    graph = server.json(path)
    visit = Visit(browser, server.base + path)
    try:
        visit.wait_ready()
        assert visit.rendered_nodes() == len(graph["nodes"]) > 0
        assert visit.page.text_content("#pk-count") == str(len(graph["nodes"]))
        node = visit.clickable_node()
        assert node is not None, "some node is visible and clickable"
        assert visit.page.is_hidden("#pk-panel")
        visit.page.mouse.click(node["x"], node["y"])
        visit.page.wait_for_selector("#pk-panel:not([hidden])", timeout=5_000)
        assert visit.page.text_content("#pk-panel-name") == node["name"]
        hrefs = visit.page.eval_on_selector_all("#pk-panel-links a", "els => els.map(e => e.getAttribute('href'))")
        if name == "viz-ownership-by-type":   # aggregates say so, and lead to the unfolded view
            assert "Aggregated" in (visit.page.text_content(".pk-note") or "")
            assert any(h.startswith("/viz/ownership?") for h in hrefs), hrefs
        else:
            assert any(h.startswith("/viz/node?iri=") for h in hrefs), hrefs
        if name == "viz-cities":   # hovering an edge says what the two places share
            edge = visit.hoverable_edge()
            assert edge is not None
            visit.page.mouse.move(edge["x"], edge["y"])
            visit.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
            tip = visit.page.text_content("div.vis-tooltip") or ""
            assert edge["first"] in tip and "shares" in tip, (tip, edge)
        shot = keep(visit.page, name, tmp_path)
        assert shot.stat().st_size > 20_000
        other = visit.page.evaluate("""() => window.policykg.nodes.get()
            .map(n => n.info.name).filter(t => t.length > 1).slice(-1)[0]""")
        visit.page.fill("#pk-search", other)   # finding a node by its label opens its panel too
        visit.page.press("#pk-search", "Enter")
        assert visit.page.text_content("#pk-panel-name") == other
        assert (visit.page.text_content("#pk-search-result") or "").startswith("1 / ")
        outside = [u for u in visit.requests if not u.startswith((server.base + "/", "data:", "about:"))]
        assert outside == [], outside
        assert visit.errors == [], visit.errors
    finally:
        visit.close()


def test_start_page_links_every_view(server: Server, browser: Any) -> None:
    visit = Visit(browser, server.base + "/")
    try:
        hrefs = set(visit.page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))"))
        assert {"/viz/ownership", "/viz/cities", "/sparql", "/docs"} <= hrefs
        assert f"/viz/document/{EZHOU_ID}" in hrefs
        assert visit.errors == []
    finally:
        visit.close()


def test_written_file_works_with_no_network(server: Server, browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "cities.html"
    store = tmp_path / "store"
    made = OxigraphStore(store)
    assert all(r.ok for r in ingest_paths(made, [EZHOU, seed("000")]))
    made.close()
    del made
    done = subprocess.run([str(BIN / "policykg"), "viz", "ownership", "--store", str(store), "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    visit = Visit(browser, out.as_uri(), offline=True)
    try:
        visit.wait_ready()
        assert visit.rendered_nodes() > 0
        assert [u for u in visit.requests if not u.startswith(("file:", "data:"))] == []
        assert visit.errors == []
    finally:
        visit.close()


# --- hostile labels ------------------------------------------------------------------------------------

EX = Namespace(str(PKR))
HOSTILE_AGENCY = URIRef(f"{PKR}agency/x');window.__pwned=3;('")
HOSTILE = {
    "title": "</title></h1><script>window.__pwned=1</script>《恶意》",
    "city": '<img src=x onerror="window.__pwned=2">市',
    "agency": '</div><b id="injected">市质监局</b>',
    "goal": "\"'><svg onload=window.__pwned=4> href=javascript:window.__pwned=5 合格率",
    "quote": '<a href="javascript:window.__pwned=6">点击</a></blockquote><script>window.__pwned=7</script>',
    "task": "<iframe src=javascript:window.__pwned=8></iframe>",
    "award": "{{7*7}} ${7*7} <style>body{display:none}</style>奖",
}


def hostile_triples() -> str:
    g = Graph()
    doc, city, goal, task = EX["doc/evil"], EX["region/evil"], EX["goal/evil/1"], EX["task/evil/1"]
    award, ev = EX["award/evil"], EX["evidence/evil/1"]
    g.add((doc, RDF.type, PK.PolicyDocument))
    g.add((doc, PK.sourceFile, Literal("evil.txt")))
    g.add((doc, DCTERMS.title, Literal(HOSTILE["title"])))
    g.add((doc, PK.city, city))
    g.add((city, RDF.type, PK.City))
    g.add((city, RDFS.label, Literal(HOSTILE["city"])))
    g.add((HOSTILE_AGENCY, RDF.type, PK.Agency))
    g.add((HOSTILE_AGENCY, RDFS.label, Literal(HOSTILE["agency"])))
    g.add((doc, PK.mentionsAgency, HOSTILE_AGENCY))
    g.add((goal, RDF.type, PK.Goal))
    g.add((goal, PK.inDocument, doc))
    g.add((goal, PK.indicatorLabel, Literal(HOSTILE["goal"])))
    g.add((goal, PK.targetValue, Literal("97", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    g.add((goal, PK.unit, Literal("<i>%</i>")))
    g.add((goal, PK.owner, HOSTILE_AGENCY))
    g.add((goal, PK.evidence, ev))
    g.add((ev, RDF.type, PK.Evidence))
    g.add((ev, PK.quote, Literal(HOSTILE["quote"])))
    g.add((task, RDF.type, PK.Task))
    g.add((task, PK.inDocument, doc))
    g.add((task, PK.number, Literal("1")))
    g.add((task, RDFS.label, Literal(HOSTILE["task"])))
    g.add((task, PK.leadAgency, HOSTILE_AGENCY))
    g.add((doc, PK.promotesAward, award))
    g.add((award, RDF.type, PK.AwardProgram))
    g.add((award, SKOS.prefLabel, Literal(HOSTILE["award"])))
    return str(g.serialize(format="nt"))


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    def fill(store: OxigraphStore) -> None:
        store.replace_graph("https://w3id.org/policykg/graph/doc/evil", hostile_triples())
    yield from _serve(tmp_path_factory.mktemp("viz-hostile"), fill)


INJECTED = """() => ({
  pwned: typeof window.__pwned === 'undefined' ? null : window.__pwned,
  injected: document.querySelectorAll('#injected, img, svg, iframe, b, i, a[href^="javascript"], body style').length,
  scripts: document.scripts.length,
  hidden: getComputedStyle(document.body).display === 'none',
})"""

HOSTILE_VIEWS = {
    "document": "/viz/document/evil",
    "ownership": "/viz/ownership",
    "ownership-heading": "/viz/ownership?" + urllib.parse.urlencode({"city": "<script>window.__pwned=9</script>"}),
    "node": "/viz/node?" + urllib.parse.urlencode({"iri": str(HOSTILE_AGENCY), "depth": 2}),
    "cities": "/viz/cities",
}


@pytest.mark.parametrize("name", list(HOSTILE_VIEWS))
def test_hostile_labels_ids_and_headings_stay_text(hostile_server: Server, browser: Any, name: str) -> None:
    visit = Visit(browser, hostile_server.base + HOSTILE_VIEWS[name])
    try:
        visit.wait_ready()
        state = visit.page.evaluate(INJECTED)
        assert state == {"pwned": None, "injected": 0, "scripts": 3, "hidden": False}
        heading = visit.page.text_content("#pk-heading") or ""
        if name == "ownership-heading":
            assert "<script>window.__pwned=9</script>" in heading, "the hostile heading shows as text"
        if name == "document":
            assert HOSTILE["title"] in heading
        node = visit.clickable_node()
        if node is not None:
            visit.page.mouse.move(node["x"], node["y"])
            visit.page.wait_for_timeout(400)
            tooltip = visit.page.query_selector("div.vis-tooltip")
            assert tooltip is not None
            # innerText turns line breaks into <br>; nothing else may appear
            tags = tooltip.evaluate("e => [...e.querySelectorAll('*')].map(x => x.tagName)")
            assert set(tags) <= {"BR"}, tags
            assert "<" in (tooltip.text_content() or "") or name in ("cities", "ownership-heading")
            visit.page.mouse.click(node["x"], node["y"])
            visit.page.wait_for_selector("#pk-panel:not([hidden])", timeout=5_000)
            assert visit.page.text_content("#pk-panel-name") == node["name"]
            hrefs = visit.page.eval_on_selector_all("#pk-panel-links a", "els => els.map(e => e.href)")
            assert all(h.startswith(hostile_server.base + "/") for h in hrefs), hrefs
        visit.page.fill("#pk-search", "<img src=x onerror=window.__pwned=10>")   # searching is inert too
        visit.page.press("#pk-search", "Enter")
        visit.page.fill("#pk-search", "<")
        visit.page.press("#pk-search", "Enter")
        assert visit.page.evaluate(INJECTED) == state
        assert visit.dialogs == [] and visit.errors == []
    finally:
        visit.close()


def test_hostile_quote_and_labels_show_verbatim_in_the_panel(hostile_server: Server, browser: Any) -> None:
    visit = Visit(browser, hostile_server.base + "/viz/document/evil")
    try:
        visit.wait_ready()
        goal = f"{PKR}goal/evil/1"
        names = visit.page.evaluate("id => window.policykg.nodes.get(id).info", goal)
        assert names["name"] == HOSTILE["goal"] and names["quote"] == HOSTILE["quote"]
        visit.page.evaluate("id => { const n = window.policykg.network; n.selectNodes([id]);"
                            " n.body.emitter.emit('click', {nodes: [id], edges: []}); }", goal)
        visit.page.wait_for_selector("#pk-panel:not([hidden])", timeout=5_000)
        assert visit.page.text_content("#pk-panel-quote") == HOSTILE["quote"]
        assert visit.page.text_content("#pk-panel-name") == HOSTILE["goal"]
        assert visit.page.evaluate(INJECTED)["injected"] == 0
        start = Visit(browser, hostile_server.base + "/")
        try:
            assert start.page.evaluate(INJECTED) == {"pwned": None, "injected": 0, "scripts": 0, "hidden": False}
            assert HOSTILE["title"] in (start.page.text_content("body") or "")
        finally:
            start.close()
    finally:
        visit.close()
