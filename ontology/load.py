"""Load the ontology and vocabularies into their own named graph of a store."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph
from rdflib.term import Node

from policykg.namespaces import ONTOLOGY_GRAPH
from policykg.store import Store

from . import ontology_files


def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology_triples() -> frozenset[tuple[Node, Node, Node]]:
    """What the ontology graph states, as an immutable set (document graphs never restate it)."""
    return frozenset(ontology_graph())


def ensure_ontology(store: Store) -> int:
    """Replace the ontology graph with the packaged ontology and vocabularies; returns its size."""
    graph = ontology_graph()
    store.replace_graph(ONTOLOGY_GRAPH, graph.serialize(format="nt"))
    return len(graph)
