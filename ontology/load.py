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
    export of the same files is byte-identical.
    """
    canonical = Graph()
    for prefix, namespace in _prefixes():
        canonical.bind(prefix, namespace)
    canonical += ontology_triples()
    return canonical


@lru_cache(maxsize=1)
def _ontology_ntriples() -> tuple[str, int]:
    """The ontology graph as N-Triples, and its size: the files read with pyoxigraph's parser (many times faster
    than rdflib's on the 3,200 regions), the label rule applied, and only the triples that hold a blank node
    canonicalised by rdflib (their canonical labels depend on those triples alone)."""
    import pyoxigraph as ox
    from rdflib.compare import to_canonical_graph

    plain: set[ox.Triple] = set()
    blank = Graph()
    pref = ox.NamedNode(str(SKOS.prefLabel))
    label = ox.NamedNode(str(RDFS.label))
    for path in ontology_files():
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            triples = [t, ox.Triple(t.subject, label, t.object)] if t.predicate == pref else [t]
            for triple in triples:
                if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
                    blank.add((_term(triple.subject), _term(triple.predicate), _term(triple.object)))
                else:
                    plain.add(triple)
    skolem = to_canonical_graph(blank).skolemize(authority=SKOLEM_AUTHORITY, basepath=SKOLEM_PATH)
    text = (ox.serialize(sorted(plain, key=str), format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    return text + skolem.serialize(format="nt"), len(plain) + len(skolem)


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
    import pyoxigraph as ox

    text, _ = _ontology_ntriples()
    iris: dict[str, URIRef] = {}        # subjects and predicates repeat: one rdflib term each

    def term(node: object) -> Node:
        if isinstance(node, ox.NamedNode):
            found = iris.get(node.value)
            if found is None:
                found = iris[node.value] = URIRef(node.value)
            return found
        return _term(node)

    return frozenset((term(t.subject), term(t.predicate), term(t.object))
                     for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


def ensure_ontology(store: Store) -> int:
    """Replace the ontology graph with the packaged ontology and vocabularies; returns its size."""
    text, size = _ontology_ntriples()
    store.replace_graph(ONTOLOGY_GRAPH, text)
    return size
