"""Load the ontology and vocabularies into their own named graph of a store."""

from __future__ import annotations

from rdflib import Graph

from policykg.namespaces import ONTOLOGY_GRAPH
from policykg.store import Store

from . import ontology_files


def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def ensure_ontology(store: Store) -> int:
    """Replace the ontology graph with the packaged ontology and vocabularies; returns its size."""
    graph = ontology_graph()
    store.replace_graph(ONTOLOGY_GRAPH, graph.serialize(format="nt"))
    return len(graph)
