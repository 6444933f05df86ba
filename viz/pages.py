"""Interactive offline pages of the network views: networkx graph -> pyvis ``Network`` -> one HTML file.

    >>> net = to_network(ownership_graph(store, city="鄂州市"))   # a pyvis.network.Network  # doctest: +SKIP
    >>> write_html(net, "ownership.html")                                                  # doctest: +SKIP

In Jupyter, a network shows itself when it is the value of a cell (``net``) or with ``net.show("x.html")``.

Node and edge lists are built directly (pyvis's ``add_edge`` scans every edge already added, so a large
page took seconds to build). Small graphs settle with the browser's physics, which is then switched off;
above :data:`PHYSICS_LIMIT` nodes the layout is computed here (:mod:`.layout`) and physics stays off; above
:data:`AGGREGATE_LIMIT` the graph is folded (:mod:`.aggregate`) and the page says what was folded. The page
is rendered by this module's own autoescaping template, never pyvis's (see :mod:`.safety`), with the
vis-network script that pyvis ships inlined, so it works with no network at all.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from policykg.namespaces import PKR

from . import aggregate, layout, safety
from .nodes import KIND_NAMES

PHYSICS_LIMIT = 400       # above this many nodes: server-side layout, physics off
AGGREGATE_LIMIT = 2500    # above this many nodes: fold the graph (agency types, groups of leaves)
MAX_DRAWN = 1000          # an unfolded neighbourhood view draws at most this many nodes (< 2 MB)
OWNERSHIP_DRAWN = 600     # an ownership view of more nodes is folded, or capped when asked unfolded (< 2 MB)

#: kind -> (colour, vis-network shape)
STYLES: dict[str, tuple[str, str]] = {
    "document": ("#1f4e79", "diamond"), "citation": ("#9e9e9e", "diamond"), "goal": ("#2ca02c", "dot"),
    "task": ("#ff7f0e", "square"), "agency": ("#9467bd", "triangle"), "agency_type": ("#9467bd", "triangle"),
    "city": ("#d62728", "hexagon"), "province": ("#8c564b", "hexagon"), "region": ("#8c564b", "hexagon"),
    "indicator": ("#17becf", "dot"), "industry": ("#bcbd22", "triangleDown"), "award": ("#e377c2", "star"),
    "designation": ("#7b3fbf", "star"), "incentive": ("#c49c94", "square"), "section": ("#c7c7c7", "square"),
    "instrument": ("#6a3d9a", "dot"), "duty": ("#e7969c", "triangleDown"), "zone": ("#637939", "hexagon"),
    "domain": ("#393b79", "star"), "mention": ("#c7c7c7", "dot"), "evidence": ("#c7c7c7", "dot"),
    "group": ("#8a8a8a", "dot"), "other": ("#bdbdbd", "dot"),
}
GLYPHS = {"dot": "●", "square": "■", "triangle": "▲", "triangleDown": "▼", "diamond": "◆", "star": "★",
          "hexagon": "⬢"}
#: colours of agency types, given out in the order of their labels
TYPE_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
                "#ff7f0e", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d")
UNTYPED_COLOUR = "#b0b0b0"
#: relation -> (colour, dashed, legend glyph); other relations are drawn in the default grey
EDGE_STYLES: dict[str, tuple[str, bool, str]] = {"owns": ("#2ca02c", False, "━"), "leads": ("#ff7f0e", False, "━"),
                                                 "supports": ("#9e9e9e", True, "┅")}


class PolicyNetwork(Network):  # type: ignore[misc]
    """A pyvis ``Network`` whose HTML comes from :func:`render` (escaped, offline, with a CSP)."""

    def __init__(self, *, heading: str, directed: bool, physics: bool, notes: list[str],
                 legend: list[dict[str, str]], links: list[tuple[str, str]]) -> None:
        super().__init__(height="100vh", width="100%", directed=directed, heading=heading,
                         cdn_resources="in_line")
        self.physics = physics
        self.notes = notes
        self.legend = legend
        self.links = links

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        self.html = render(self)
        return self.html

    def write_html(self, name: str, local: bool = True, notebook: bool = False, open_browser: bool = False) -> None:
        write_html(self, name)

    def _repr_html_(self) -> str:
        """Jupyter: the page in a sandboxed frame (scripts run, nothing else is allowed)."""
        return (f'<iframe srcdoc="{html.escape(render(self), quote=True)}" sandbox="allow-scripts" '
                'style="width:100%;height:640px;border:1px solid #ddd"></iframe>')


# --- graph -> network --------------------------------------------------------------------------------

def fold(graph: nx.Graph, *, limit: int = AGGREGATE_LIMIT, force: bool | None = None) -> nx.Graph:
    """``graph`` itself when it has at most ``limit`` nodes, else its aggregate (see :mod:`.aggregate`);
    ``force=True`` always folds, ``False`` never. Folding twice changes nothing."""
    if str(graph.graph.get("view", "")) not in ("ownership", "document", "neighbourhood"):
        return graph   # already folded, or not a view of this package
    if force is False or (force is None and graph.number_of_nodes() <= limit):
        return graph
    if str(graph.graph.get("view", "")) == "ownership":
        return aggregate.by_agency_type(graph)
    return aggregate.collapse_leaves(graph)


def to_network(graph: nx.Graph, *, base_url: str = "", physics_limit: int = PHYSICS_LIMIT,
               aggregate_limit: int = AGGREGATE_LIMIT, aggregate: bool | None = None) -> PolicyNetwork:
    """The pyvis network of a view graph (from :mod:`.graphs`), folded and laid out as its size needs.

    ``base_url`` (e.g. ``http://127.0.0.1:8000``) makes the page's links absolute, for files opened from disk;
    ``aggregate`` folds the graph (True), never folds it (False) or folds it above ``aggregate_limit`` (None).
    """
    base = safety.base_url(base_url)
    graph = fold(graph, limit=aggregate_limit, force=aggregate)
    physics = graph.number_of_nodes() <= physics_limit
    pos = {} if physics else layout.positions(graph)
    type_colours = _type_colours(graph)
    und = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    filters = dict(graph.graph.get("filters", {}))
    nodes: list[dict[str, Any]] = []
    for node, data in graph.nodes(data=True):
        nodes.append(_node(str(node), data, und.degree(node), type_colours, base, filters, pos.get(node)))
    edges = [_edge(i, str(a), str(b), data, graph.is_directed())
             for i, (a, b, data) in enumerate(graph.edges(data=True))]
    net = PolicyNetwork(heading=safety.clean(graph.graph.get("title", "Network"), 300), directed=graph.is_directed(),
                        physics=physics, notes=[safety.clean(n, 1000) for n in graph.graph.get("notes", [])],
                        legend=_legend(graph, type_colours), links=_nav(base))
    # pyvis's own bookkeeping, filled directly (its add_node/add_edge are linear per call)
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    return net


def _type_colours(graph: nx.Graph) -> dict[str, str]:
    counts: Counter[str] = Counter()
    for node, d in graph.nodes(data=True):   # weighted by the goals and tasks the type's agencies carry
        if d.get("kind") in ("agency", "agency_type") and d.get("agency_type_label"):
            counts[str(d["agency_type_label"])] += 1 + int(graph.degree(node, weight="weight"))
    labels = sorted(counts, key=lambda t: (-counts[t], t))   # the commonest types get the first colours
    known = [t for t in labels if not t.startswith("未分类")]
    colours = {t: TYPE_PALETTE[i % len(TYPE_PALETTE)] for i, t in enumerate(known)}
    colours.update({t: UNTYPED_COLOUR for t in labels if t.startswith("未分类")})
    return colours


def _node(node: str, data: dict[str, Any], degree: int, type_colours: dict[str, str], base: str,
          filters: dict[str, Any], xy: tuple[float, float] | None) -> dict[str, Any]:
    kind = str(data.get("kind", "other"))
    colour, shape = STYLES.get(kind, STYLES["other"])
    if kind in ("agency", "agency_type"):
        colour = type_colours.get(str(data.get("agency_type_label", "")), colour)
    label = safety.clean(data.get("label", node), 500)
    values = [(safety.clean(k, 60), safety.clean(v, 300)) for k, v in data.get("values", ())]
    quote_text = safety.clean(data.get("quote", ""), 2000)
    if kind == "agency" and data.get("agency_type_label") and not any(k == "agency type" for k, _v in values):
        values.append(("agency type", safety.clean(data["agency_type_label"], 200)))
    tooltip = "\n".join([label, KIND_NAMES.get(kind, kind), *(f"{k}: {v}" for k, v in values)]
                        + ([f"“{safety.clean(quote_text, 280)}”"] if quote_text else []))
    size = data.get("count") or data.get("items") or degree
    item: dict[str, Any] = {
        "id": safety.clean(node, 4000), "label": _short(kind, label, values), "shape": shape,
        "color": {"background": colour, "border": colour, "highlight": {"background": colour, "border": "#000"}},
        "size": round(min(42.0, 9 + 3.2 * math.sqrt(float(size))), 1), "title": tooltip,
        "info": {"name": label, "kind": KIND_NAMES.get(kind, kind), "values": values, "quote": quote_text,
                 "links": _links(node, data, kind, base, filters)},
    }
    if xy is not None:
        item["x"], item["y"] = round(xy[0], 1), round(xy[1], 1)
    return item


def _short(kind: str, label: str, values: list[tuple[str, str]]) -> str:
    target = next((v for k, v in values if k == "target"), "")
    if kind == "goal" and target:
        return f"{safety.shorten(label, 9)} {target}"
    return safety.shorten(label, 12)


def _links(node: str, data: dict[str, Any], kind: str, base: str, filters: dict[str, Any]) -> list[tuple[str, str]]:
    iri = str(data.get("iri") or "")
    links: list[tuple[str, str]] = []
    if iri.startswith(str(PKR)):
        path = iri[len(str(PKR)):]
        links.append(("REST page /id/", f"{base}/id/{quote(path, safe='/')}"))
        if kind == "document":
            links.append(("document view", f"{base}/viz/document/{quote(path.split('/', 1)[-1], safe='')}"))
    if iri.startswith(("http://", "https://")):
        links.append(("neighbourhood view", f"{base}/viz/node?{urlencode({'iri': iri, 'depth': 1})}"))
    if kind == "city" and iri:
        links.append(("ownership in this city", f"{base}/viz/ownership?{urlencode({'city': data.get('label', '')})}"))
    drill = dict(data.get("drill") or {})
    view = drill.pop("view", "")
    if view == "ownership":
        params = {k: ",".join(map(str, v)) for k, v in filters.items() if k in ("city", "agency type")}
        params = {("agency_type" if k == "agency type" else k): v for k, v in params.items()}
        params.update({k: str(v) for k, v in drill.items() if v})
        links.append(("drill down", f"{base}/viz/ownership?{urlencode(params)}"))
    elif view == "cities" and drill.get("province"):
        links.append(("drill down", f"{base}/viz/cities?{urlencode({'province': drill['province']})}"))
    elif view == "node" and drill.get("iri"):
        links.append(("drill down", f"{base}/viz/node?{urlencode({'iri': drill['iri'], 'depth': 1})}"))
    return [(text, href) for text, href in links if safety.safe_href(href)]


def _edge(i: int, a: str, b: str, data: dict[str, Any], directed: bool) -> dict[str, Any]:
    weight = float(data.get("weight", 1) or 1)
    relation = safety.clean(data.get("relation", ""), 300)
    lines = [relation] if relation else []
    for kind, labels in dict(data.get("shared") or {}).items():
        lines.append(f"{safety.clean(kind, 60)} ({len(labels)}): " + "、".join(safety.clean(x, 80) for x in labels[:25])
                     + (" …" if len(labels) > 25 else ""))
    edge: dict[str, Any] = {"id": f"e{i}", "from": safety.clean(a, 4000), "to": safety.clean(b, 4000),
                            "width": round(min(14.0, 1 + 1.6 * math.sqrt(weight - 1)), 2) if weight > 1 else 1,
                            "title": "\n".join(lines) or "link",
                            "info": {"name": relation or "link", "kind": "link", "values": [
                                (line.split(":", 1)[0], line.split(":", 1)[1].strip()) for line in lines[1:]
                                if ":" in line], "quote": "", "links": []}}
    style = EDGE_STYLES.get(relation.split(",", 1)[0])
    if style is not None:
        edge["color"] = {"color": style[0], "highlight": "#333", "opacity": 0.7}
        edge["dashes"] = style[1]
    if weight > 1:
        edge["label"] = str(int(weight)) if weight.is_integer() else f"{weight:g}"
    if directed:
        edge["arrows"] = "to"
    return edge


def _legend(graph: nx.Graph, type_colours: dict[str, str]) -> list[dict[str, str]]:
    kinds = Counter(str(d.get("kind", "other")) for _n, d in graph.nodes(data=True))
    entries = []
    for kind, count in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0])):
        colour, shape = STYLES.get(kind, STYLES["other"])
        entries.append({"glyph": GLYPHS.get(shape, "●"), "colour": colour, "name": KIND_NAMES.get(kind, kind),
                        "count": f"{count:,}", "section": "kind"})
    relations = {str(d.get("relation", "")).split(",", 1)[0] for _a, _b, d in graph.edges(data=True)}
    for relation, (colour, _dashed, glyph) in EDGE_STYLES.items():
        if relation in relations:
            entries.append({"glyph": glyph, "colour": colour, "name": relation, "count": "", "section": "link"})
    if len(type_colours) > 1 or any(not t.startswith("未分类") for t in type_colours):
        for label, colour in type_colours.items():
            entries.append({"glyph": "▲", "colour": colour, "name": safety.clean(label, 80), "count": "",
                            "section": "agency type"})
    return entries


def _nav(base: str) -> list[tuple[str, str]]:
    return [("start", f"{base}/"), ("ownership", f"{base}/viz/ownership"), ("cities", f"{base}/viz/cities"),
            ("SPARQL", f"{base}/sparql"), ("API docs", f"{base}/docs")]


# --- network -> HTML ---------------------------------------------------------------------------------

HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    import pyvis

    vis = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return {"vis_js": (vis / "vis-network.min.js").read_text(encoding="utf-8"),
            "vis_css": (vis / "vis-network.css").read_text(encoding="utf-8"),
            "app_js": (HERE / "static" / "network.js").read_text(encoding="utf-8"),
            "app_css": (HERE / "static" / "network.css").read_text(encoding="utf-8")}


@lru_cache(maxsize=1)
def _template() -> Any:
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True)
    return env.get_template("network.html")


def scripts() -> tuple[str, str]:
    """The exact text of the page's two inline scripts (vis-network and the page's own)."""
    assets = _assets()
    return assets["vis_js"], assets["app_js"]


def page_policy(*, header: bool = False) -> str:
    """The Content-Security-Policy of every network page."""
    return safety.content_security_policy(scripts(), header=header)


def render(net: Network) -> str:
    """The page of ``net``: a complete offline HTML document."""
    assets = _assets()
    options = {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},   # the same page lays out the same way
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": len(net.nodes) > 1000,
                        "navigationButtons": False, "keyboard": False},
        "physics": ({"enabled": True, "solver": "barnesHut", "stabilization": {"iterations": 250, "updateInterval": 50},
                     "barnesHut": {"gravitationalConstant": -6000, "springLength": 130, "avoidOverlap": 0.3}}
                    if getattr(net, "physics", True) else {"enabled": False}),
        "edges": {"smooth": False, "color": {"color": "#b9c3cf", "highlight": "#333"},
                  "font": {"size": 11, "align": "middle"}},
        "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
    }
    data = {"nodes": net.nodes, "edges": net.edges, "options": options,
            "physics": bool(getattr(net, "physics", True))}
    return str(_template().render(
        heading=safety.clean(net.heading or "Network", 300), notes=getattr(net, "notes", []),
        legend=getattr(net, "legend", []), links=getattr(net, "links", []), count=len(net.nodes),
        edge_count=len(net.edges), policy=page_policy(),
        vis_js=Markup(assets["vis_js"]), app_js=Markup(assets["app_js"]),  # noqa: S704 -- our own static files
        vis_css=Markup(assets["vis_css"]), app_css=Markup(assets["app_css"]),  # noqa: S704
        data=Markup(safety.script_json(data))))  # noqa: S704 -- escaped for a script element by script_json


def write_html(net: Network, path: str | Path) -> Path:
    """Write the page of ``net`` to ``path`` (UTF-8) and return the path."""
    out = Path(path)
    out.write_text(render(net), encoding="utf-8")
    return out
