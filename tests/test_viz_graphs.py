"""The network views as networkx graphs, built in-process from the seed store, and their pages' structure."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter
from html import unescape
from pathlib import Path

import networkx as nx
import pytest

from policykg.errors import NotFound, PolicyKGError
from policykg.iris import document as document_iri
from policykg.namespaces import sparql_prefixes
from policykg.store import OxigraphStore
from policykg.viz import aggregate, layout, pages, safety
from policykg.viz.graphs import UNTYPED, city_graph, document_graph, neighbourhood_graph, ownership_graph

from support import doc_id, seed

EZHOU = seed("003")
EZHOU_ID = doc_id(EZHOU)


def goals_owned(graph: nx.DiGraph) -> Counter[str]:
    return Counter({n: sum(1 for _a, t, e in graph.out_edges(n, data=True)
                           if "owns" in e["relation"] and graph.nodes[t]["kind"] == "goal")
                    for n, d in graph.nodes(data=True) if d["kind"] == "agency"})


def count(store: OxigraphStore, where: str) -> int:
    rows = store.query(sparql_prefixes() + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}").rows
    return int(rows[0]["n"])


# --- ownership ---------------------------------------------------------------------------------------

def test_ownership_links_agencies_to_the_goals_and_tasks_they_carry(seed_store: OxigraphStore) -> None:
    graph = ownership_graph(seed_store)
    kinds = Counter(d["kind"] for _n, d in graph.nodes(data=True))
    assert kinds["agency"] > 0 and kinds["goal"] > 0 and kinds["task"] > 0
    assert set(kinds) <= {"agency", "goal", "task"}
    for a, b, data in graph.edges(data=True):
        assert graph.nodes[a]["kind"] == "agency"
        relations = set(data["relation"].split(", "))
        assert relations <= {"owns", "leads", "supports"}
        assert ("owns" in relations) == (graph.nodes[b]["kind"] == "goal")
    # the graph holds exactly the goals that have an owner and the tasks that have a lead or support agency
    assert kinds["goal"] == count(seed_store, "?x pk:owner ?a ; pk:inDocument ?d")
    assert kinds["task"] == count(seed_store, "{ ?x pk:leadAgency ?a } UNION { ?x pk:supportAgency ?a } "
                                              "?x pk:inDocument ?d")
    assert all(graph.in_degree(n) >= 1 for n, d in graph.nodes(data=True) if d["kind"] != "agency")
    assert all(d["agency_type_label"] for _n, d in graph.nodes(data=True) if d["kind"] == "agency")


def test_in_ezhou_the_market_regulation_agency_owns_most_goals_and_leads_most_tasks(
        seed_store: OxigraphStore) -> None:
    graph = ownership_graph(seed_store, document=EZHOU.name)
    owned = goals_owned(graph)
    (top, n), (_second, m) = owned.most_common(2)
    assert n > m, owned.most_common(4)
    node = graph.nodes[top]
    # market regulation: 质量技术监督局 before the 2018 reform, 市场监督管理局 after
    named = re.search(r"质监|质量技术监督|市场监(督管理|管)", node["label"])
    typed = re.search(r"market|市场监", f"{node['agency_type']} {node['agency_type_label']}", re.I)
    assert named or typed, node
    led = Counter({a: sum(1 for _a, _t, e in graph.out_edges(a, data=True) if "leads" in e["relation"])
                   for a in owned})
    assert led.most_common(1)[0][0] == top


def test_ownership_filters_narrow_the_graph(seed_store: OxigraphStore) -> None:
    full = ownership_graph(seed_store)
    ezhou = ownership_graph(seed_store, document=EZHOU.name)
    assert 0 < ezhou.number_of_nodes() <= full.number_of_nodes()
    assert set(ezhou) <= set(full)
    doc = str(document_iri(EZHOU.name, EZHOU.parent.name))
    assert {d["document"] for _n, d in ezhou.nodes(data=True) if d["kind"] in ("goal", "task")} == {doc}
    assert all(d["document"] != doc for n, d in full.nodes(data=True)
               if d["kind"] in ("goal", "task") and n not in ezhou)
    city_rows = seed_store.query(sparql_prefixes() + f"SELECT ?l WHERE {{ <{doc}> pk:city/rdfs:label ?l }}").rows
    if city_rows:   # the city filter takes the city's label, or its first characters
        label = str(city_rows[0]["l"])
        by_city = ownership_graph(seed_store, city=label[:2])
        assert set(ezhou) <= set(by_city) and set(by_city) <= set(full)
    years = sorted({d["year"] for _n, d in full.nodes(data=True) if d["kind"] == "goal" and d["year"]})
    if years:
        by_year = ownership_graph(seed_store, year=years[0])
        goals = [d for _n, d in by_year.nodes(data=True) if d["kind"] == "goal"]
        assert goals and all(d["year"] == years[0] for d in goals)
        assert by_year.number_of_nodes() < full.number_of_nodes()
    assert ownership_graph(seed_store, city="没有这个城市").number_of_nodes() == 0
    assert ownership_graph(seed_store, tasks=False).number_of_nodes() < full.number_of_nodes()
    with pytest.raises(PolicyKGError):
        ownership_graph(seed_store, year="twenty")


def test_ownership_domain_and_agency_type_filters(seed_store: OxigraphStore) -> None:
    full = ownership_graph(seed_store)
    types = Counter(d["agency_type_label"] for _n, d in full.nodes(data=True) if d["kind"] == "agency")
    chosen = min(types, key=lambda t: (-types[t], t))
    typed = ownership_graph(seed_store, agency_type=chosen)
    agencies = [d for _n, d in typed.nodes(data=True) if d["kind"] == "agency"]
    # a type is named by its label, or by the label's beginning
    assert sum(1 for d in agencies if d["agency_type_label"] == chosen) == types[chosen]
    assert all(d["agency_type_label"].startswith(chosen) for d in agencies)
    assert typed.number_of_nodes() < full.number_of_nodes()
    domains = seed_store.query(sparql_prefixes() + """SELECT DISTINCT ?d WHERE {
        ?g pk:owner ?a ; (pk:indicator/pk:qualityDomain)|pk:qualityDomain ?d }""").rows
    if not domains:
        pytest.skip("no owned goal links to an indicator with a quality domain yet")
    domain = str(domains[0]["d"])
    by_domain = ownership_graph(seed_store, domain=domain.rsplit("#", 1)[-1])
    goals = [n for n, d in by_domain.nodes(data=True) if d["kind"] == "goal"]
    assert goals
    for goal in goals:   # the goal's own domain, or its indicator's
        assert seed_store.query(sparql_prefixes() + f"""ASK {{
            <{goal}> (pk:indicator/pk:qualityDomain)|pk:qualityDomain <{domain}> }}""").boolean


# --- document, cities, neighbourhood ----------------------------------------------------------------

def test_document_graph_holds_the_documents_entities(seed_store: OxigraphStore) -> None:
    graph = document_graph(seed_store, EZHOU_ID)
    doc = str(document_iri(EZHOU.name, EZHOU.parent.name))
    assert graph.nodes[doc]["kind"] == "document"
    assert document_graph(seed_store, EZHOU.name).number_of_nodes() == graph.number_of_nodes()
    kinds = Counter(d["kind"] for _n, d in graph.nodes(data=True))
    assert kinds["goal"] == count(seed_store, f"?x a pk:Goal ; pk:inDocument <{doc}>")
    assert kinds["task"] == count(seed_store, f"?x a pk:Task ; pk:inDocument <{doc}>")
    for kind, prop in (("industry", "targetsIndustry"), ("award", "promotesAward"), ("citation", "cites"),
                       ("designation", "pursuesDesignation")):
        assert kinds[kind] == count(seed_store, f"<{doc}> pk:{prop} ?x"), kind
    assert kinds["agency"] >= count(seed_store, f"<{doc}> pk:mentionsAgency ?x")
    und = graph.to_undirected()
    assert all(nx.shortest_path_length(und, doc, n) <= 2 for n in graph), "every entity hangs from the document"
    assert "evidence" not in kinds
    goal = next(n for n, d in graph.nodes(data=True) if d["kind"] == "goal")
    assert graph.nodes[goal]["quote"], "a goal carries its evidence quote"
    with pytest.raises(NotFound):
        document_graph(seed_store, "no-such-document")


def test_city_graph_links_places_by_what_their_plans_share(seed_store: OxigraphStore) -> None:
    graph = city_graph(seed_store)
    docs = count(seed_store, "?x a pk:PolicyDocument ; pk:sourceFile ?f")
    assert sum(len(d["documents"]) for _n, d in graph.nodes(data=True)) == docs
    assert graph.number_of_edges() > 0
    for a, b, data in graph.edges(data=True):
        assert data["weight"] == sum(len(v) for v in data["shared"].values()) > 0
        for label in data.get("shared", {}).get("award programs", []):
            for place in (a, b):
                docs_of = " ".join(f"<{d}>" for d in graph.nodes[place]["documents"])
                assert seed_store.query(sparql_prefixes() + f"""ASK {{ VALUES ?d {{ {docs_of} }}
                    ?d pk:promotesAward/skos:prefLabel "{label}" }}""").boolean, (place, label)
    awards = {x for _a, _b, d in graph.edges(data=True) for x in d["shared"].get("award programs", [])}
    assert "中国质量奖" in awards, "许昌 and 鄂州 both promote the China Quality Award"


def test_neighbourhood_grows_with_depth_and_respects_its_limit(seed_store: OxigraphStore) -> None:
    doc = str(document_iri(EZHOU.name, EZHOU.parent.name))
    goal = next(n for n, d in document_graph(seed_store, EZHOU_ID).nodes(data=True) if d["kind"] == "goal")
    assert list(neighbourhood_graph(seed_store, goal, 0)) == [goal]
    one = neighbourhood_graph(seed_store, goal, 1)
    two = neighbourhood_graph(seed_store, goal, 2)
    assert doc in one and set(one) < set(two)
    assert all(nx.shortest_path_length(one.to_undirected(), goal, n) <= 1 for n in one)
    small = neighbourhood_graph(seed_store, goal, 2, max_nodes=5)
    assert small.number_of_nodes() <= 5 and "Stopped" in small.graph["notes"][0]
    with pytest.raises(PolicyKGError):
        neighbourhood_graph(seed_store, "javascript:alert(1)")
    with pytest.raises(NotFound):
        neighbourhood_graph(seed_store, "https://w3id.org/policykg/id/nothing/here")


# --- aggregation, layout, pages ----------------------------------------------------------------------

def test_agency_type_aggregate_keeps_every_count(seed_store: OxigraphStore) -> None:
    graph = ownership_graph(seed_store)
    folded = aggregate.by_agency_type(graph)
    # Distinct goals and tasks, not edges: a goal owned by two agencies of one type counts once for that type
    # and place, and so does a task they both lead.
    targets: dict[tuple[str, str, str], set[str]] = {}
    for a, target, e in graph.edges(data=True):
        if graph.nodes[a]["kind"] != "agency":
            continue
        for relation in e["relation"].split(", "):
            for place in graph.nodes[a]["cities"] or [aggregate.UNKNOWN_PLACE]:
                key = (str(graph.nodes[a].get("agency_type_label") or UNTYPED), place, relation)
                targets.setdefault(key, set()).add(target)
    assert sum(d["count"] for _a, _b, d in folded.edges(data=True)) == sum(map(len, targets.values()))
    assert sum(d["owns"] for _a, _b, d in folded.edges(data=True)) == sum(
        len(t) for (_type, _place, relation), t in targets.items() if relation == "owns")
    # What a type node shows is what SPARQL counts with COUNT(DISTINCT ...).
    rows = seed_store.query(sparql_prefixes() + """SELECT ?label (COUNT(DISTINCT ?goal) AS ?n) WHERE {
        ?goal pk:owner ?agency . ?agency pk:agencyType/skos:prefLabel ?label FILTER(lang(?label) = "zh") }
        GROUP BY ?label""").rows
    distinct = {str(r["label"]): int(r["n"]) for r in rows}
    shown = {d["label"]: int(dict(d["values"])["goals owned"]) for _n, d in folded.nodes(data=True)
             if d["kind"] == "agency_type" and d["label"] in distinct}
    assert shown and all(shown[label] == distinct[label] for label in shown), (shown, distinct)
    assert folded.number_of_nodes() < graph.number_of_nodes()
    assert "Aggregated" in folded.graph["notes"][-1]
    assert all(d["drill"]["view"] == "ownership" for _n, d in folded.nodes(data=True))
    owned = {d["label"]: int(dict(d["values"])["goals owned"]) for _n, d in folded.nodes(data=True)
             if d["kind"] == "agency_type" and d["label"] != UNTYPED}
    if len(owned) >= 2:   # across the plans, market regulation owns the most goals
        (top, n), (_second, m) = Counter(owned).most_common(2)
        assert re.search(r"市场监|market", top, re.I) and n > m, Counter(owned).most_common(3)


def test_collapsing_leaves_counts_what_it_folds(seed_store: OxigraphStore) -> None:
    graph = document_graph(seed_store, EZHOU_ID)
    folded = aggregate.collapse_leaves(graph)
    groups = [d for _n, d in folded.nodes(data=True) if d["kind"] == "group"]
    assert groups
    folded_count = sum(int(dict(d["values"])["members"]) for d in groups)
    assert folded.number_of_nodes() == graph.number_of_nodes() - folded_count + len(groups)


def test_network_has_every_node_and_lays_out_large_graphs(seed_store: OxigraphStore) -> None:
    graph = ownership_graph(seed_store)
    net = pages.to_network(graph)
    assert len(net.nodes) == graph.number_of_nodes() and len(net.edges) == graph.number_of_edges()
    assert net.physics and not any("x" in n for n in net.nodes)
    laid = pages.to_network(graph, physics_limit=10)
    assert not laid.physics and all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in laid.nodes)
    assert len({(n["x"], n["y"]) for n in laid.nodes}) > 0.9 * len(laid.nodes)
    folded = pages.to_network(graph, aggregate_limit=10)
    assert len(folded.nodes) < graph.number_of_nodes() and any("Aggregated" in n for n in folded.notes)
    assert {n["info"]["kind"] for n in folded.nodes} >= {"agency type 职能类型"}
    assert any(href.startswith("/viz/ownership?") for n in folded.nodes for _t, href in n["info"]["links"])


def test_layout_places_every_node() -> None:
    graph = nx.barabasi_albert_graph(800, 1, seed=3)
    pos = layout.positions(graph, max_core=50)
    assert set(pos) == set(graph)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())


def test_page_is_offline_and_its_policy_allows_exactly_its_scripts(seed_store: OxigraphStore) -> None:
    html = pages.render(pages.to_network(document_graph(seed_store, EZHOU_ID)))
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html), "nothing is loaded from elsewhere"
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in unescape(policy.group(1))
    assert "connect-src 'none'" in unescape(policy.group(1))


def test_hostile_text_stays_data() -> None:
    hostile = '</script><script>alert(1)</script><!-- "\' &amp; \u2028'
    text = safety.script_json({"label": hostile})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert safety.safe_href("javascript:alert(1)") is None
    assert safety.safe_href("//evil.example/x") is None
    assert safety.safe_href("/id/goal/x") == "/id/goal/x"
    assert safety.clean("a\u202eb\x00c") == "abc"
    graph = nx.DiGraph(title='<script>alert("t")</script>', notes=["</div><b>x</b>"])
    graph.add_node('x"><img src=x onerror=alert(1)>', kind="goal", label=hostile, quote=hostile,
                   values=(("target", '<b>97%</b>'),), iri="javascript:alert(1)")
    html = pages.render(pages.to_network(graph))
    data = re.search(r'<script type="application/json" id="pk-data">(.*?)</script>', html, flags=re.S)
    assert data and "<" not in data.group(1) and ">" not in data.group(1)
    markup = re.sub(r"<script[^>]*>.*?</script>", "", html.split("<body>", 1)[1], flags=re.S)
    assert "<img" not in markup and "<b>" not in markup and "<script" not in markup
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in markup and "&lt;/div&gt;&lt;b&gt;x" in markup
    node = json.loads(data.group(1))["nodes"][0]
    assert node["info"]["name"] == hostile.replace("\u2028", "")
    assert node["info"]["links"] == [], "no link is made from a javascript: IRI"


def test_network_is_a_pyvis_network_that_shows_itself_in_jupyter(seed_store: OxigraphStore, tmp_path: Path) -> None:
    from pyvis.network import Network

    net = pages.to_network(city_graph(seed_store))
    assert isinstance(net, Network)
    frame = net._repr_html_()
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and 'sandbox="allow-scripts"' in frame
    assert "<script" not in frame, "the page is escaped into the attribute"
    out = tmp_path / "cities.html"
    shown = net.show(str(out), notebook=True)   # pyvis's own notebook path writes this module's page
    assert out.read_text(encoding="utf-8") == pages.render(net) and shown is not None


@pytest.mark.system("oxigraph-server")
def test_views_are_the_same_over_a_remote_sparql_server(tmp_path: Path) -> None:
    from policykg.backends import open_store
    from policykg.ingest.pipeline import ingest_paths
    from policykg.store import Store

    from servers import oxigraph_server
    from support import SEED_FILES

    local = OxigraphStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths(local, SEED_FILES))

    def shapes(store: Store) -> list[tuple[int, int]]:
        views = [ownership_graph(store, document=EZHOU_ID), city_graph(store), document_graph(store, EZHOU_ID),
                 neighbourhood_graph(store, str(document_iri(EZHOU.name, EZHOU.parent.name)), 1)]
        return [(g.number_of_nodes(), g.number_of_edges()) for g in views]

    expected = shapes(local)
    local.close()
    del local
    with oxigraph_server(tmp_path / "store") as endpoints:
        assert shapes(open_store(endpoint=endpoints.query)) == expected


# --- national scale: folded from counts, provinces, caps --------------------------------------------

def _canon(graph: nx.Graph) -> tuple[dict[str, object], dict[frozenset[str], object], dict[str, str]]:
    return ({n: sorted((k, str(v)) for k, v in d.items()) for n, d in graph.nodes(data=True)},
            {frozenset((a, b)): sorted((k, str(v)) for k, v in d.items()) for a, b, d in graph.edges(data=True)},
            {k: str(v) for k, v in graph.graph.items() if k != "unfolded_nodes"})


@pytest.mark.parametrize("kwargs", [{}, {"tasks": False}, {"city": "鄂州"}, {"document": EZHOU_ID}])
def test_ownership_folded_from_counts_is_the_folded_graph(seed_store: OxigraphStore, kwargs: dict[str, object]) -> None:
    # The page's fast path (GROUP BY counts in the store) draws what folding the whole graph draws.
    fast = aggregate.ownership_by_type(seed_store, **kwargs)  # type: ignore[arg-type]
    slow = aggregate.by_agency_type(ownership_graph(seed_store, **kwargs))  # type: ignore[arg-type]
    assert fast.number_of_edges() > 0
    assert _canon(fast) == _canon(slow)
    assert fast.graph["unfolded_nodes"] == ownership_graph(seed_store, **kwargs).number_of_nodes()  # type: ignore[arg-type]


def test_ownership_folds_many_places_to_provinces(seed_store: OxigraphStore) -> None:
    cities = aggregate.ownership_by_type(seed_store)
    provinces = aggregate.ownership_by_type(seed_store, max_places=1)
    places = {d["label"] for _n, d in provinces.nodes(data=True) if d["kind"] == "province"}
    assert places and not any(d["kind"] == "city" for _n, d in provinces.nodes(data=True))
    assert any(label.endswith("省") for label in places), places
    # every goal and task is still counted, once per place it is counted at
    total = {rel: sum(d[rel] for _a, _b, d in g.edges(data=True)) for g in (cities, provinces)
             for rel in ("owns", "leads", "supports")}
    assert sum(d["count"] for _a, _b, d in provinces.edges(data=True)) <= sum(
        d["count"] for _a, _b, d in cities.edges(data=True)) and total
    assert "Folded to provinces" in provinces.graph["notes"][-1]
    net = pages.to_network(provinces)
    drills = [href for n in net.nodes for text, href in n["info"]["links"] if text == "drill down"]
    assert any("aggregate=true" in href and "city=" in href for href in drills), drills


def test_unfolded_ownership_is_capped_with_a_note(seed_store: OxigraphStore) -> None:
    full = ownership_graph(seed_store)
    capped = ownership_graph(seed_store, max_nodes=40)
    assert 0 < capped.number_of_nodes() <= 40 < full.number_of_nodes()
    assert capped.graph.get("capped") and "Capped" in capped.graph["notes"][-1]
    # an agency drawn is drawn with all of its goals and tasks
    for node, data in capped.nodes(data=True):
        if data["kind"] == "agency":
            assert set(capped.successors(node)) == set(full.successors(node))
    assert not ownership_graph(seed_store, max_nodes=full.number_of_nodes()).graph.get("capped")


def test_city_graph_folds_to_provinces_and_drills_down(seed_store: OxigraphStore) -> None:
    cities = city_graph(seed_store)
    provinces = city_graph(seed_store, max_places=1)
    assert provinces.number_of_nodes() < cities.number_of_nodes()
    # every document is in exactly one province node, and every place in one
    assert sorted(d for _n, data in provinces.nodes(data=True) for d in data["documents"]) == sorted(
        d for _n, data in cities.nodes(data=True) for d in data["documents"])
    assert sum(len(data.get("places", ())) for _n, data in provinces.nodes(data=True)) == cities.number_of_nodes()
    assert any("Folded to provinces" in note for note in provinces.graph["notes"])
    hubei = next(data for _n, data in provinces.nodes(data=True) if data["label"] == "湖北省")
    assert hubei["drill"] == {"view": "cities", "province": "湖北省"}
    net = pages.to_network(provinces)
    assert any(href == "/viz/cities?province=%E6%B9%96%E5%8C%97%E7%9C%81" for n in net.nodes
               for _t, href in n["info"]["links"])
    one = city_graph(seed_store, province="湖北")
    assert set(one) == set(hubei["places"]) and "鄂州市" in {d["label"] for _n, d in one.nodes(data=True)}
    assert city_graph(seed_store, province="no such province").number_of_nodes() == 0
