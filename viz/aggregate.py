"""Make a large view small enough to read, and say what was folded and how to unfold it.

Each function returns a new graph; its ``notes`` tell the reader what was aggregated, and aggregate
nodes carry ``drill``: the view (and its parameters) that shows what they stand for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from policykg.namespaces import DOCUMENT_GRAPH_BASE as DOC_GRAPHS
from policykg.namespaces import sparql_prefixes
from policykg.store import DERIVED_GRAPH, Store

from .graphs import UNTYPED, Filter, _matches, _values, ownership_attrs, resolve_document

UNKNOWN_PLACE = "未知地区 unknown place"
MAX_PLACES = 60   # a folded ownership view of more places than this counts them by province


def by_agency_type(ownership: nx.DiGraph) -> nx.Graph:
    """An ownership graph folded to agency types and cities: one node per agency type and one per city,
    linked with the counts of goals owned and tasks led and supported by that type's agencies there.

    Counts are of distinct goals and tasks: a goal that two agencies of one type own (a bureau and its
    pre-reform predecessor, or two bureaus of one function) counts once for that type.
    """
    targets: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    agencies: dict[str, set[str]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    for node, data in ownership.nodes(data=True):
        if data.get("kind") != "agency":
            continue
        type_label = str(data.get("agency_type_label") or UNTYPED)
        agencies[type_label].add(node)
        for place in data.get("cities") or (UNKNOWN_PLACE,):
            places[place].add(node)
            for _a, _target, edge in ownership.out_edges(node, data=True):
                for relation in str(edge.get("relation", "")).split(", "):
                    targets[(type_label, place)][relation].add(_target)
    counts = {key: Counter({rel: len(nodes) for rel, nodes in by.items()}) for key, by in targets.items()}
    owned = {t: len(set().union(*(by["owns"] for (tt, _p), by in targets.items() if tt == t))) for t in agencies}
    shown = sum(len(m) for m in agencies.values())
    return type_place_graph(TypePlaceCounts(
        type_agencies={t: len(m) for t, m in agencies.items()}, type_owned=owned,
        place_agencies={p: len(m) for p, m in places.items()}, edges=counts, agencies=shown,
        targets=ownership.number_of_nodes() - shown), ownership.graph)


@dataclass(frozen=True)
class TypePlaceCounts:
    """What the ownership view folded to agency types x places shows (see :func:`type_place_graph`)."""

    type_agencies: dict[str, int]               # agency type label -> agencies of that type
    type_owned: dict[str, int]                  # agency type label -> distinct goals they own
    place_agencies: dict[str, int]              # place label -> agencies with work there
    edges: dict[tuple[str, str], Counter[str]]  # (type label, place) -> owns / leads / supports: distinct targets
    agencies: int                               # agencies folded
    targets: int                                # goals and tasks counted


def type_place_graph(counts: TypePlaceCounts, attrs: dict[str, Any]) -> nx.Graph:
    """The folded ownership graph of ``counts``; ``attrs`` are the unfolded view's (title, filters, notes).
    Nodes and edges come in sorted order, so the same counts give the same page."""
    graph = nx.Graph(view="ownership-by-type")
    for type_label in sorted(counts.type_agencies):
        graph.add_node(f"agg:type:{type_label}", kind="agency_type", label=type_label, quote="", iri="",
                       agency_type_label=type_label,
                       values=(("agencies", str(counts.type_agencies[type_label])),
                               ("goals owned", str(counts.type_owned.get(type_label, 0)))),
                       drill={"view": "ownership", "agency_type": type_label if type_label != UNTYPED else ""})
    for place in sorted(counts.place_agencies):
        graph.add_node(f"agg:place:{place}", kind="city", label=place, quote="", iri="",
                       values=(("agencies", str(counts.place_agencies[place])),),
                       drill={"view": "ownership", "city": place if place != UNKNOWN_PLACE else ""})
    for (type_label, place), c in sorted(counts.edges.items()):
        parts = [f"owns {c['owns']} goals" if c["owns"] else "", f"leads {c['leads']} tasks" if c["leads"] else "",
                 f"supports {c['supports']} tasks" if c["supports"] else ""]
        graph.add_edge(f"agg:type:{type_label}", f"agg:place:{place}", weight=sum(c.values()), count=sum(c.values()),
                       relation=", ".join(p for p in parts if p), owns=c["owns"], leads=c["leads"],
                       supports=c["supports"])
    graph.graph.update(attrs)
    graph.graph["view"] = "ownership-by-type"
    kept = dict(attrs.get("filters", {}))
    graph.graph["notes"] = [*attrs.get("notes", []), (
        f"Aggregated: {counts.agencies:,} agencies are shown as {len(counts.type_agencies)} agency types, "
        f"and {counts.targets:,} goals and tasks as counts on "
        f"the edges between agency types and {len(counts.place_agencies)} places. Click a type or a place and follow "
        f"\"drill down\" to see its agencies and goals{' (the current filters stay)' if kept else ''}.")]
    return graph


def collapse_leaves(graph: nx.Graph, *, min_group: int = 4) -> nx.Graph:
    """Leaves (nodes with one link) of the same kind hanging from the same node become one ``group`` node
    labelled with their count, when there are at least ``min_group`` of them."""
    und = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in graph:
        if und.degree(node) == 1:
            hub = next(iter(und[node]))
            if und.degree(hub) > 1:
                groups[(hub, str(graph.nodes[node].get("kind", "other")))].append(node)
    out = graph.copy()
    out.graph["view"] = f"{graph.graph.get('view', 'graph')}-folded"
    folded = 0
    for (hub, kind), members in sorted(groups.items()):
        if len(members) < min_group:
            continue
        folded += len(members)
        labels = sorted(str(graph.nodes[m].get("label", m)) for m in members)
        hub_iri = str(graph.nodes[hub].get("iri", ""))
        group = f"agg:group:{hub}:{kind}"
        out.add_node(group, kind="group", label=f"{len(members)} × {kind}", iri="", quote="",
                     values=(("members", str(len(members))), ("first", "; ".join(labels[:12]))),
                     drill={"view": "node", "iri": hub_iri} if hub_iri else {})
        data = graph.get_edge_data(hub, members[0]) or graph.get_edge_data(members[0], hub) or {}
        relation = str(data.get("relation", ""))
        out.add_edge(hub, group, relation=f"{relation} ×{len(members)}", count=len(members), weight=len(members))
        out.remove_nodes_from(members)
    if folded:
        out.graph["notes"] = [*graph.graph.get("notes", []), (
            f"Aggregated: {folded:,} nodes with a single link are shown as group nodes (\"N × kind\") on the node they "
            "hang from. Click a group and follow \"drill down\" to open that node's neighbourhood.")]
    return out


# --- the folded ownership view straight from the store ------------------------------------------------

_WORK = """{ ?s pk:owner ?agency . BIND("owns" AS ?rel) }
    UNION { ?s pk:leadAgency ?agency . BIND("leads" AS ?rel) }
    UNION { ?s pk:supportAgency ?agency . BIND("supports" AS ?rel) }"""
#: Each agency's type as its page shows it: the first (zh or untagged) label of its types, else none.
_AGENCY_TYPE = """SELECT ?agency (MIN(?l) AS ?typeLabel) WHERE {
    GRAPH <DERIVED> { ?agency pk:agencyType ?t }
    ?t skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "zh") || LANG(?l) = "")
} GROUP BY ?agency""".replace("DERIVED", DERIVED_GRAPH)
#: Per document graph, agency type and relation: the distinct goals and tasks (each is stated in one document,
#: so a place's count is the sum over its documents).
_FOLD_COUNTS = """SELECT ?g ?typeLabel ?rel (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { WORK } IN_DOC
  OPTIONAL { { AGENCY_TYPE } }
} GROUP BY ?g ?typeLabel ?rel""".replace("AGENCY_TYPE", _AGENCY_TYPE)
_FOLD_TARGETS = """SELECT ?g ?goals (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { WORK } IN_DOC BIND(?rel = "owns" AS ?goals) } GROUP BY ?g ?goals"""
_FOLD_AGENCIES = """SELECT DISTINCT ?g ?agency WHERE { GRAPH ?g { WORK } IN_DOC RELATIONS }"""
#: Each document graph's document and the names of its places (as the unfolded view reads them).
_FOLD_DOCS = """SELECT ?g ?doc ?city ?cityLabel ?province ?provinceLabel WHERE {
  GRAPH ?g { ?doc pk:sourceFile ?file } IN_DOC
  OPTIONAL { ?doc pk:city ?city OPTIONAL { ?city rdfs:label ?cityLabel } }
  OPTIONAL { ?doc pk:province ?province OPTIONAL { ?province rdfs:label ?provinceLabel } }
}"""


def ownership_by_type(store: Store, *, city: Filter = None, document: Filter = None, tasks: bool = True,
                      max_places: int = MAX_PLACES) -> nx.Graph:
    """What ``by_agency_type(ownership_graph(store, city=..., document=..., tasks=...))`` shows, counted by the
    store with GROUP BY: no goal or task is read one by one, so the national view takes a second, not a minute.

    One difference, on purpose: a goal or task is counted at the place of the document that states it. (The
    unfolded graph knows only each agency's places, so ``by_agency_type`` counts all of an agency's work at
    each of its places; the two agree wherever each agency works in one place, as agencies named per city do.)
    An agency of several types is shown as the first of their labels. With more than ``max_places`` places
    (the national view: ~16 types x 285 cities is 5,000 edges, a 2 MB page no one can read), places are
    provinces, each drilling down to its cities.
    """
    cities = _values(city)
    documents = {resolve_document(store, d) for d in _values(document)}
    relations = ("owns", "leads", "supports") if tasks else ("owns",)
    prefixes = sparql_prefixes()

    def query(text: str) -> Sequence[Mapping[str, Any]]:
        text = text.replace("WORK", _WORK).replace("IN_DOC", f'FILTER(STRSTARTS(STR(?g), "{DOC_GRAPHS}"))')
        text = text.replace("RELATIONS", "" if tasks else 'FILTER(?rel = "owns")')
        return store.query(prefixes + text).rows
    places: dict[str, set[str]] = defaultdict(set)      # graph -> the place labels its work is counted at
    provinces: dict[str, set[str]] = defaultdict(set)   # graph -> its province's labels (else its places)
    kept: set[str] = set()
    names: dict[str, set[str]] = defaultdict(set)
    for row in query(_FOLD_DOCS):
        get = {k: str(v) for k, v in row.items()}
        g = get["g"]
        names[g].update(get.get(k, "") for k in ("city", "cityLabel", "province", "provinceLabel"))
        place = get.get("cityLabel") or get.get("provinceLabel") or ""
        if place:
            places[g].add(place)
        if get.get("provinceLabel") or place:
            provinces[g].add(get.get("provinceLabel") or place)
        if not documents or get["doc"] in documents:
            kept.add(g)
    kept = {g for g in kept if _matches(cities, names[g] - {""})}
    shown = set().union(*(places[g] for g in kept)) if kept else set()
    by_province = len(shown) > max_places
    if by_province:   # too many places to draw: each document's work is counted at its province
        places = provinces
    type_of = {str(r["agency"]): str(r["typeLabel"]) for r in query(_AGENCY_TYPE)}
    type_members: dict[str, set[str]] = defaultdict(set)
    place_members: dict[str, set[str]] = defaultdict(set)
    agencies: set[str] = set()
    for row in query(_FOLD_AGENCIES):
        g, agency = str(row["g"]), str(row["agency"])
        if g in kept:
            agencies.add(agency)
            type_members[type_of.get(agency, UNTYPED)].add(agency)
            for place in places[g] or {UNKNOWN_PLACE}:
                place_members[place].add(agency)
    edges: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    owned: Counter[str] = Counter()
    for row in query(_FOLD_COUNTS):
        g, rel, n = str(row["g"]), str(row["rel"]), int(row["n"])
        if g not in kept or rel not in relations:
            continue
        type_label = str(row.get("typeLabel") or UNTYPED)
        for place in places[g] or {UNKNOWN_PLACE}:
            edges[type_label, place][rel] += n
        if rel == "owns":
            owned[type_label] += n
    targets = sum(int(r["n"]) for r in query(_FOLD_TARGETS)
                  if str(r["g"]) in kept and (tasks or str(r["goals"]) == "true"))
    attrs = ownership_attrs(cities=cities, types=[], domains=[], years=[], documents=documents, found=bool(agencies))
    graph = type_place_graph(TypePlaceCounts(
        type_agencies={t: len(m) for t, m in type_members.items()}, type_owned=dict(owned),
        place_agencies={p: len(m) for p, m in place_members.items()}, edges=dict(edges),
        agencies=len(agencies), targets=targets), attrs)
    graph.graph["unfolded_nodes"] = len(agencies) + targets   # how large the unfolded view would be
    if by_province:
        for place in place_members:
            drill = graph.nodes[f"agg:place:{place}"]["drill"]
            if drill.get("city"):
                drill["aggregate"] = "true"
            graph.nodes[f"agg:place:{place}"]["kind"] = "province"
        graph.graph["notes"] = [*graph.graph["notes"], (
            f"Folded to provinces: the work is in {len(shown):,} places (more than {max_places} are not drawn one "
            "by one). Click a province and follow \"drill down\" to see its cities.")]
    return graph
