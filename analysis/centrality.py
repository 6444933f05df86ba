"""Central nodes: centrality of agency types and instruments in the ownership and instrument graphs."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from policykg.sparql import Term
from policykg.store import Store

from .plans import CURRENT_TYPE_ONCE, DERIVED, Table, fmt, number, select, text_of

# Each agency's node(s) are read once, from the derived graph's one copy of its labels and types: read from the
# union, they came once per document naming the agency (63k rows for 100 documents' tasks), each copy counted
# as a co-occurrence, so weights grew with the corpus rather than with the plans; and the type's reform lineage
# (a property path) was followed once per row. The engine counts the edges per agency (GROUP BY).
_AGENCY_NODES = """
SELECT ?agency ?agencyLabel ?type ?typeLabel WHERE {
  GRAPH %s { ?agency pk:mentionCount ?mentions }
  OPTIONAL { GRAPH %s { ?agency rdfs:label ?agencyLabel } }
  %s
}
"""

_OWNERSHIP = """
SELECT ?indicator ?indLabel ?agency (COUNT(*) AS ?n) WHERE {
  ?goal a pk:Goal ; pk:owner ?agency ; pk:indicator ?indicator .
  OPTIONAL { ?indicator skos:prefLabel ?indLabel FILTER(lang(?indLabel) = "zh" || lang(?indLabel) = "") }
}
GROUP BY ?indicator ?indLabel ?agency
"""

#: Each task's agencies (leading or supporting): the agency types that share a task.
_TASK_AGENCIES = """
SELECT DISTINCT ?task ?agency WHERE {
  { ?task a pk:Task ; pk:leadAgency ?agency } UNION { ?task a pk:Task ; pk:supportAgency ?agency }
}
"""

#: Instruments and the agencies of the tasks that use them, counted per role (lead, support) and task.
_TASK_INSTRUMENTS = """
SELECT ?instrument ?insLabel ?agency (COUNT(*) AS ?n) WHERE {
  { ?task a pk:Task ; pk:leadAgency ?agency . BIND("lead" AS ?role) }
  UNION { ?task a pk:Task ; pk:supportAgency ?agency . BIND("support" AS ?role) }
  ?task pk:instrument ?instrument .
  OPTIONAL { ?instrument skos:prefLabel ?insLabel FILTER(lang(?insLabel) = "zh" || lang(?insLabel) = "") }
}
GROUP BY ?instrument ?insLabel ?agency
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
    sampled: str = ""   # how betweenness was estimated where a graph was too large to compute it exactly

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rows": [dataclasses.asdict(r) for r in self.rows]}
        if self.sampled:
            out["betweenness_sampled"] = self.sampled
        return out

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


def _bump(graph: nx.Graph, a: tuple[str, str, str], b: tuple[str, str, str], by: int = 1) -> None:
    for node, kind, label in (a, b):
        graph.add_node(node, kind=kind, label=label)
    if a[0] != b[0]:
        weight = graph.edges[a[0], b[0]]["weight"] + by if graph.has_edge(a[0], b[0]) else by
        graph.add_edge(a[0], b[0], weight=weight)


def _count(row: Mapping[str, Term]) -> int:
    value = number(row.get("n"))
    return int(value) if value is not None else 1


def _agency_nodes(store: Store) -> Callable[[Term], list[tuple[str, str, str]]]:
    """An agency's node or nodes (one per label and type it has, as a row each), from one query."""
    nodes: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for r in select(store, _AGENCY_NODES % (DERIVED, DERIVED, CURRENT_TYPE_ONCE)):
        nodes[str(r["agency"])].append(_agency_node(r))
    return lambda agency: nodes.get(str(agency)) or [(str(agency), "agency", str(agency))]


def ownership_network(store: Store, nodes_of: Callable[[Term], list[tuple[str, str, str]]] | None = None,
                      ) -> nx.Graph:
    """Agency types linked to the indicators their goals measure, and to the types they share tasks with."""
    nodes_of = nodes_of or _agency_nodes(store)
    graph = nx.Graph(view="ownership")
    for r in select(store, _OWNERSHIP):
        ind = (str(r["indicator"]), "indicator", text_of(r, "indLabel") or str(r["indicator"]))
        for node in nodes_of(r["agency"]):
            _bump(graph, node, ind, _count(r))
    by_task: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in select(store, _TASK_AGENCIES):
        by_task[str(r["task"])].update(nodes_of(r["agency"]))
    for nodes in by_task.values():
        ordered = sorted(nodes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                _bump(graph, a, b)
    return graph


def instrument_network(store: Store, nodes_of: Callable[[Term], list[tuple[str, str, str]]] | None = None,
                       ) -> nx.Graph:
    """Instruments linked to the agency types of the tasks that use them, and to the instruments they
    share a plan with."""
    nodes_of = nodes_of or _agency_nodes(store)
    graph = nx.Graph(view="instruments")
    for r in select(store, _TASK_INSTRUMENTS):
        ins = (str(r["instrument"]), "instrument", text_of(r, "insLabel") or str(r["instrument"]))
        for node in nodes_of(r["agency"]):
            _bump(graph, ins, node, _count(r))
    by_doc: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in select(store, _DOC_INSTRUMENTS):
        by_doc[str(r["doc"])].add((str(r["instrument"]), "instrument", text_of(r, "insLabel") or str(r["instrument"])))
    for nodes in by_doc.values():
        ordered = sorted(nodes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                _bump(graph, a, b)
    return graph


#: Betweenness is exact up to this many nodes (every corpus of a few hundred plans, the demo, the tests); above,
#: networkx estimates it from this many source nodes drawn with a fixed seed (the same numbers every build).
EXACT_BETWEENNESS_NODES = 200
BETWEENNESS_SAMPLES = 100
BETWEENNESS_SEED = 0


def betweenness(graph: nx.Graph) -> tuple[dict[Any, float], str]:
    """Betweenness of every node, and, where it was sampled, a sentence that says how."""
    n = graph.number_of_nodes()
    if n <= EXACT_BETWEENNESS_NODES:
        return nx.betweenness_centrality(graph), ""
    estimate = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLES, seed=BETWEENNESS_SEED)
    return estimate, (f"Betweenness in the {graph.graph.get('view', '')} graph ({n:,} nodes) is estimated from "
                      f"{BETWEENNESS_SAMPLES} source nodes drawn with seed {BETWEENNESS_SEED} (exact up to "
                      f"{EXACT_BETWEENNESS_NODES} nodes).")


def _centrality(name: str, graph: nx.Graph, notes: list[str] | None = None) -> list[Centrality]:
    if graph.number_of_nodes() == 0:
        return []
    between, note = betweenness(graph)
    if note and notes is not None:
        notes.append(note)
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
    nodes_of = _agency_nodes(store)   # both graphs draw agencies as these nodes: read once
    notes: list[str] = []
    rows = (_centrality("ownership", ownership_network(store, nodes_of), notes)
            + _centrality("instruments", instrument_network(store, nodes_of), notes))
    return CentralNodes(tuple(rows), " ".join(notes))
