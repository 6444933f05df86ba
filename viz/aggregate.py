"""Make a large view small enough to read, and say what was folded and how to unfold it.

Each function returns a new graph; its ``notes`` tell the reader what was aggregated, and aggregate
nodes carry ``drill``: the view (and its parameters) that shows what they stand for.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from .graphs import UNTYPED

UNKNOWN_PLACE = "未知地区 unknown place"


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
    graph = nx.Graph(view="ownership-by-type")
    for type_label, members in agencies.items():
        owned = len(set().union(*(by["owns"] for (t, _p), by in targets.items() if t == type_label)))
        graph.add_node(f"agg:type:{type_label}", kind="agency_type", label=type_label, quote="", iri="",
                       agency_type_label=type_label,
                       values=(("agencies", str(len(members))), ("goals owned", str(owned))),
                       drill={"view": "ownership", "agency_type": type_label if type_label != UNTYPED else ""})
    for place, members in places.items():
        graph.add_node(f"agg:place:{place}", kind="city", label=place, quote="", iri="",
                       values=(("agencies", str(len(members))),),
                       drill={"view": "ownership", "city": place if place != UNKNOWN_PLACE else ""})
    for (type_label, place), c in counts.items():
        parts = [f"owns {c['owns']} goals" if c["owns"] else "", f"leads {c['leads']} tasks" if c["leads"] else "",
                 f"supports {c['supports']} tasks" if c["supports"] else ""]
        graph.add_edge(f"agg:type:{type_label}", f"agg:place:{place}", weight=sum(c.values()), count=sum(c.values()),
                       relation=", ".join(p for p in parts if p), owns=c["owns"], leads=c["leads"],
                       supports=c["supports"])
    graph.graph.update(ownership.graph)
    graph.graph["view"] = "ownership-by-type"
    kept = dict(ownership.graph.get("filters", {}))
    graph.graph["notes"] = [*ownership.graph.get("notes", []), (
        f"Aggregated: {sum(len(m) for m in agencies.values()):,} agencies are shown as {len(agencies)} agency types, "
        f"and {ownership.number_of_nodes() - sum(len(m) for m in agencies.values()):,} goals and tasks as counts on "
        f"the edges between agency types and {len(places)} places. Click a type or a place and follow "
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
