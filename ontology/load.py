"""Load the ontology and vocabularies into their own named graph of a store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
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
    export of the same files is byte-identical. Only the triples that hold a blank node are canonicalised
    (their labels depend on those triples alone); the files are read with pyoxigraph's parser, which is
    many times faster than rdflib's on the 3,200 regions.
    """
    from rdflib.compare import to_canonical_graph

    graph = Graph()
    for path in ontology_files():
        graph += _parsed(path)
    with_labels(graph)
    blank = Graph()
    blank += (t for t in graph if any(isinstance(term, BNode) for term in t))
    canonical = Graph()
    for prefix, namespace in _prefixes():
        canonical.bind(prefix, namespace)
    canonical += (t for t in graph if not any(isinstance(term, BNode) for term in t))
    canonical += to_canonical_graph(blank).skolemize(authority=SKOLEM_AUTHORITY, basepath=SKOLEM_PATH)
    return canonical


def read_turtle(path: Path) -> Graph:
    """One Turtle file as an rdflib graph, parsed by pyoxigraph (the same triples rdflib's parser gives)."""
    graph = Graph()
    graph += _parsed(path)
    return graph


def _parsed(path: Path) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of one Turtle file as rdflib terms, parsed by pyoxigraph."""
    import pyoxigraph as ox

    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        yield _term(triple.subject), _term(triple.predicate), _term(triple.object)


def _term(term: object) -> Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _prefixes() -> list[tuple[str, str]]:
    """The prefixes the files declare (for readable serialisations)."""
    found: dict[str, str] = {}
    for path in ontology_files():
        with path.open(encoding="utf-8") as f:
            for line in f:
                m = re.match(r"@prefix\s+([\w-]*):\s*<([^>]*)>", line)
                if m:
                    found.setdefault(m.group(1), m.group(2))
    return sorted(found.items())


def with_labels(graph: Graph) -> Graph:
    """The one label rule: a node with a ``skos:prefLabel`` also carries it as ``rdfs:label`` (same language),
    so a query may ask for either and finds every concept, whatever vocabulary it comes from."""
    for node, label in list(graph.subject_objects(SKOS.prefLabel)):
        graph.add((node, RDFS.label, label))
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
