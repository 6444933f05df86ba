"""Validate the store (or a graph) against the SHACL shapes with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from policykg.store import Store

from . import shapes_path
from .load import ontology_graph


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]


def validate_graph(data: Graph) -> Report:
    import pyshacl

    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology_graph(),
                                                inference="rdfs", advanced=True)
    rows = results.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?message ?severity WHERE {
          ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
          OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:resultMessage ?message }
        } ORDER BY ?focus""")
    violations = tuple(
        Violation(str(r.focus), str(r.path or ""), str(r.message or ""), str(r.severity).rsplit("#", 1)[-1])
        for r in rows  # type: ignore[union-attr]
    )
    return Report(bool(conforms), violations)


def validate_store(store: Store) -> Report:
    """Validate the union of every document graph (the ontology serves as the ontology graph)."""
    from rdflib import Dataset

    data = Dataset()
    data.parse(data=store.dump("nquads"), format="nquads")
    merged = Graph()
    for s, p, o, _g in data.quads((None, None, None, None)):
        merged.add((s, p, o))
    return validate_graph(merged)
