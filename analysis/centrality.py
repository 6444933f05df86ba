"""Central nodes: centrality of agency types and instruments in the ownership and instrument graphs."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from policykg.sparql import Term
from policykg.store import Store

from .plans import CURRENT_TYPE_ONCE, DERIVED, Table, fmt, select, text_of

# Agencies' labels and types are read once, from the derived graph (one copy each): read from the union they
# came once per document naming the agency (63k rows for 100 documents' tasks), and each copy counted as a
# co-occurrence, so weights grew with the corpus rather than with the plans.
_OWNERSHIP = """
SELECT ?goal ?indicator ?indLabel ?agency ?agencyLabel ?type ?typeLabel WHERE {
  ?goal a pk:Goal ; pk:owner ?agency .
  OPTIONAL { ?goal pk:indicator ?indicator
             OPTIONAL { ?indicator skos:prefLabel ?indLabel FILTER(lang(?indLabel) = "zh" || lang(?indLabel) = "") } }
  OPTIONAL { GRAPH %s { ?agency rdfs:label ?agencyLabel } }
  %s
}
"""

_TASK_AGENCIES = """
SELECT ?task ?role ?agency ?agencyLabel ?type ?typeLabel ?instrument ?insLabel WHERE {
  { ?task a pk:Task ; pk:leadAgency ?agency . BIND("lead" AS ?role) }
  UNION { ?task a pk:Task ; pk:supportAgency ?agency . BIND("support" AS ?role) }
  OPTIONAL { GRAPH %s { ?agency rdfs:label ?agencyLabel } }
  %s
  OPTIONAL { ?task pk:instrument ?instrument
             OPTIONAL { ?instrument skos:prefLabel ?insLabel FILTER(lang(?insLabel) = "zh" || lang(?insLabel) = "") } }
}
"""

_DOC_INSTRUMENTS = """
SELECT DISTINCT ?doc ?instrument ?insLabel WHERE {
  { ?doc pk:usesInstrument ?instrument } UNION { ?t pk:inDocument ?doc ; pk:instrument ?instrument }
  OPTIONAL { ?instrument skos:prefLabel ?insLabel FILTER(lang(?insLabel) = "zh" || lang(?insLabel) = "") }
}
"""


@dataclass(frozen=True)
class Centrality:
    graph: str          # ownership | instruments
    kind: str           # agency_type | agency | indicator | instrument
    node: str
    label: str
    degree: int
    strength: float     # sum of edge weights
    betweenness: float
    eigenvector: float


@dataclass(frozen=True)
class CentralNodes:
    rows: tuple[Centrality, ...]

    def data(self) -> dict[str, Any]:
        return {"rows": [dataclasses.asdict(r) for r in self.rows]}

    def top(self, graph: str, kind: str | None = None, n: int = 10) -> tuple[Centrality, ...]:
        return tuple(r for r in self.rows if r.graph == graph and (kind is None or r.kind == kind))[:n]

    def table(self) -> Table:
        rows = tuple((r.graph, r.kind, r.label, str(r.degree), fmt(r.strength), f"{r.betweenness:.3f}",
                      f"{r.eigenvector:.3f}") for r in self.rows)
        return Table(("graph", "kind", "node", "degree", "strength", "betweenness", "eigenvector"), rows)


def _agency_node(r: Mapping[str, Term]) -> tuple[str, str, str]:
    """An agency's node: its type when it has one, else the agency itself."""
    if r.get("type") is not None:
        return str(r["type"]), "agency_type", text_of(r, "typeLabel") or str(r["type"])
    return str(r["agency"]), "agency", text_of(r, "agencyLabel") or str(r["agency"])


def _bump(graph: nx.Graph, a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
    for node, kind, label in (a, b):
        graph.add_node(node, kind=kind, label=label)
    if a[0] != b[0]:
        weight = graph.edges[a[0], b[0]]["weight"] + 1 if graph.has_edge(a[0], b[0]) else 1
        graph.add_edge(a[0], b[0], weight=weight)


def _task_agencies(store: Store) -> list[dict[str, Term]]:
    return select(store, _TASK_AGENCIES % (DERIVED, CURRENT_TYPE_ONCE))


def ownership_network(store: Store, task_rows: list[dict[str, Term]] | None = None) -> nx.Graph:
    """Agency types linked to the indicators their goals measure, and to the types they share tasks with."""
    graph = nx.Graph(view="ownership")
    for r in select(store, _OWNERSHIP % (DERIVED, CURRENT_TYPE_ONCE)):
        if r.get("indicator") is not None:
            ind = (str(r["indicator"]), "indicator", text_of(r, "indLabel") or str(r["indicator"]))
            _bump(graph, _agency_node(r), ind)
    by_task: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in _task_agencies(store) if task_rows is None else task_rows:
        by_task[str(r["task"])].add(_agency_node(r))
    for nodes in by_task.values():
        ordered = sorted(nodes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                _bump(graph, a, b)
    return graph


def instrument_network(store: Store, task_rows: list[dict[str, Term]] | None = None) -> nx.Graph:
    """Instruments linked to the agency types of the tasks that use them, and to the instruments they
    share a plan with."""
    graph = nx.Graph(view="instruments")
    for r in _task_agencies(store) if task_rows is None else task_rows:
        if r.get("instrument") is not None:
            ins = (str(r["instrument"]), "instrument", text_of(r, "insLabel") or str(r["instrument"]))
            _bump(graph, ins, _agency_node(r))
    by_doc: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in select(store, _DOC_INSTRUMENTS):
        by_doc[str(r["doc"])].add((str(r["instrument"]), "instrument", text_of(r, "insLabel") or str(r["instrument"])))
    for nodes in by_doc.values():
        ordered = sorted(nodes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                _bump(graph, a, b)
    return graph


def _centrality(name: str, graph: nx.Graph) -> list[Centrality]:
    if graph.number_of_nodes() == 0:
        return []
    between = nx.betweenness_centrality(graph)
    try:
        rank = nx.eigenvector_centrality(graph, max_iter=1000, weight="weight")
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        rank = nx.degree_centrality(graph)
    rows = [Centrality(name, data["kind"], node, data["label"], graph.degree(node),
                       float(graph.degree(node, weight="weight")), round(between[node], 4), round(rank[node], 4))
            for node, data in graph.nodes(data=True)]
    return sorted(rows, key=lambda r: (-r.degree, -r.strength, r.label))


def central_nodes(store: Store) -> CentralNodes:
    """Centrality of agency types (ownership graph) and instruments (instrument graph)."""
    task_rows = _task_agencies(store)   # both graphs read the tasks' agencies: asked once
    return CentralNodes(tuple(_centrality("ownership", ownership_network(store, task_rows))
                              + _centrality("instruments", instrument_network(store, task_rows))))
