"""Load the ontology and vocabularies into their own named graph of a store."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph
from rdflib.term import Node

from policykg.namespaces import ONTOLOGY_GRAPH
from policykg.store import Store

from . import ontology_files

SKOLEM_AUTHORITY = "https://w3id.org"
SKOLEM_PATH = "/policykg/.well-known/genid/"


def ontology_graph() -> Graph:
    """The ontology and vocabularies, with blank nodes (``owl:oneOf`` lists) skolemised canonically.

    A parser, and a store that inserts data, names blank nodes at random. Canonical labels depend on the
    triples alone, and skolem IRIs (RDF 1.1 §3.5) keep them through any store, so every load and every
    export of the same files is byte-identical.
    """
    from rdflib.compare import to_canonical_graph

    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    canonical = Graph()
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace)
    canonical += to_canonical_graph(graph).skolemize(authority=SKOLEM_AUTHORITY, basepath=SKOLEM_PATH)
    return canonical


@lru_cache(maxsize=1)
def ontology_triples() -> frozenset[tuple[Node, Node, Node]]:
    """What the ontology graph states, as an immutable set (document graphs never restate it)."""
    return frozenset(ontology_graph())


def ensure_ontology(store: Store) -> int:
    """Replace the ontology graph with the packaged ontology and vocabularies; returns its size."""
    graph = ontology_graph()
    store.replace_graph(ONTOLOGY_GRAPH, graph.serialize(format="nt"))
    return len(graph)
