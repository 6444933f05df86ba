"""What a network page costs to build and to open, at 500, 2,000 and 10,000 nodes.

    python -m bench.viz [--rounds 3] [--sizes 500,2000,10000] [--no-browser] [--baseline-max 2000]

The graphs are synthetic ownership views shaped like the real ones (cities, agencies coloured by type, the
goals they own, the tasks they lead and support: about 1.6 edges per node), built with a fixed seed.
For each size, side by side and interleaved round by round:

* ``generate``: ``pages.to_network`` + ``pages.render`` (folding and server-side layout included), in ms;
* ``pyvis``: the same nodes and edges through pyvis's own ``add_node``/``add_edge`` and its template
  (``generate_html``, physics on, no layout), the way pyvis is usually driven (its ``add_edge`` scans every
  edge already added), for the ratio; sizes above ``--baseline-max`` are skipped, as they take minutes;
* ``interactive``: headless chromium opens the written file and the page reports itself ready (physics
  settled, or the first drawing with physics off): ms from navigation start, median of the rounds.

Rows: ``as-is`` renders every node (folding switched off); ``default`` is what the API and CLI serve
(graphs above pages.AGGREGATE_LIMIT nodes are folded to agency types × cities); ``browser physics`` lets
vis-network lay out 500 nodes itself (what pages do below pages.PHYSICS_LIMIT). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

from policykg.viz import pages

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TYPES = ["市场监管", "发展改革", "经济和信息化", "住房和城乡建设", "农业农村", "生态环境", "交通运输", "商务",
         "卫生健康", "教育", "科技", "财政", "水利", "文化和旅游", "人力资源和社会保障", "统计"]
WORDS = "产品质量合格率监督抽查工程验收服务满意度农产品安全监测品牌标准检验检测认证计量企业"


def synthetic_ownership(n: int, seed: int = 11) -> nx.DiGraph:
    """An ownership-shaped graph of about ``n`` nodes: 1/8 agencies, 3/8 goals, 1/2 tasks."""
    rng = random.Random(seed)  # noqa: S311 -- a reproducible synthetic graph, not a secret
    cities = [f"城市{i}市" for i in range(max(1, n // 400))]
    graph = nx.DiGraph(view="ownership", title=f"Synthetic ownership ({n:,} nodes)", notes=[], filters={})
    agencies = []
    for i in range(n // 8):
        kind = rng.choice(TYPES)
        node = f"https://w3id.org/policykg/id/agency/bench-{i}"
        graph.add_node(node, kind="agency", label=f"市{kind}局{i}", iri=node, values=(), quote="",
                       agency_type_label=kind, cities=(rng.choice(cities),))
        agencies.append(node)
    weights = [1.0 / (1 + i % 40) for i in range(len(agencies))]   # a few agencies carry most goals
    for i in range(n * 3 // 8):
        node = f"https://w3id.org/policykg/id/goal/bench/{i}"
        label = "".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        value = rng.randint(80, 99)
        graph.add_node(node, kind="goal", label=label, iri=node, quote=f"到2025年,{label}达到{value}%以上",
                       values=(("target", f"≥{value}%"), ("year", "2025")))
        graph.add_edge(rng.choices(agencies, weights)[0], node, relation="owns")
    for i in range(n - graph.number_of_nodes()):
        node = f"https://w3id.org/policykg/id/task/bench/{i}"
        label = "".join(rng.choice(WORDS) for _ in range(30))
        graph.add_node(node, kind="task", label=f"{i} {label}", iri=node, quote=label, values=())
        for relation, k in (("leads", rng.randint(1, 2)), ("supports", rng.randint(0, 2))):
            for agency in rng.sample(agencies, k):
                graph.add_edge(agency, node, relation=relation)
    return graph


def generate(graph: nx.DiGraph, out: Path, *, fold: bool, physics: bool = False) -> float:
    start = time.perf_counter()
    net = pages.to_network(graph, aggregate_limit=pages.AGGREGATE_LIMIT if fold else 10**9,
                           physics_limit=10**9 if physics else pages.PHYSICS_LIMIT)
    pages.write_html(net, out)
    return (time.perf_counter() - start) * 1000


def pyvis_baseline(graph: nx.DiGraph) -> float:
    from pyvis.network import Network

    start = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=str(data["label"])[:12], title=str(data["label"]))
    for a, b in graph.edges():
        net.add_edge(a, b)
    net.generate_html()
    return (time.perf_counter() - start) * 1000


def interactive(browser: object, page_file: Path) -> tuple[float, int]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(page_file.as_uri(), timeout=600_000)
        page.wait_for_selector("body[data-ready='1']", timeout=600_000)
        ready = float(page.evaluate("window.policykg.readyAt"))
        nodes = int(page.evaluate("window.policykg.network.body.nodeIndices.length"))
        return ready, nodes
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--baseline-max", type=int, default=2000)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    browser = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        play = sync_playwright().start()
        browser = play.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            graph = synthetic_ownership(n)
            variants = [("as-is", False, False)]
            variants += [("default (folded)", True, False)] if n > pages.AGGREGATE_LIMIT else []
            variants += [("browser physics", False, True)] if n <= 500 else []
            for name, fold, physics in variants:
                out = Path(tmp) / f"{n}-{fold}.html"
                gen, base, tti, shown = [], [], [], 0
                for _round in range(args.rounds):
                    gen.append(generate(graph, out, fold=fold, physics=physics))
                    if not fold and not physics and n <= args.baseline_max:
                        base.append(pyvis_baseline(graph))
                    if browser is not None:
                        ready, shown = interactive(browser, out)
                        tti.append(ready)
                net_physics = physics or (graph.number_of_nodes() <= pages.PHYSICS_LIMIT and not fold)
                rows.append((f"{graph.number_of_nodes():,}", f"{graph.number_of_edges():,}", name,
                             f"{shown:,}" if browser else "-", "browser" if net_physics else "server",
                             f"{statistics.median(gen):,.0f}",
                             f"{statistics.median(base):,.0f}" if base else "-",
                             f"{statistics.median(base) / statistics.median(gen):.1f}×" if base else "-",
                             f"{statistics.median(tti):,.0f}" if tti else "-",
                             f"{out.stat().st_size / 1e6:.1f}"))
                print(rows[-1], flush=True)
    if browser is not None:
        browser.close()
        play.stop()
    head = ("nodes", "edges", "page", "nodes drawn", "layout", "generate ms", "pyvis ms", "pyvis / ours",
            "interactive ms", "MB")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
