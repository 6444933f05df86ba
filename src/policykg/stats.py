"""Counts per class and per document."""

from __future__ import annotations

from dataclasses import dataclass

from .namespaces import sparql_prefixes
from .store import Store


@dataclass(frozen=True)
class Stats:
    graphs: int
    triples: int
    per_class: tuple[tuple[str, int], ...]
    per_document: tuple[tuple[str, int, int, int, int], ...]  # file, triples, goals, tasks, agencies


def compute(store: Store) -> Stats:
    total = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
    classes = store.query(sparql_prefixes() + """
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
          GRAPH ?g { ?s a ?class } FILTER(STRSTARTS(STR(?g), "https://w3id.org/policykg/graph/doc/"))
        } GROUP BY ?class ORDER BY DESC(?n)""", union_default_graph=False)
    docs = store.query(sparql_prefixes() + """
        SELECT ?file (COUNT(*) AS ?triples)
               (SUM(IF(?p = rdf:type && ?o = pk:Goal, 1, 0)) AS ?goals)
               (SUM(IF(?p = rdf:type && ?o = pk:Task, 1, 0)) AS ?tasks)
               (SUM(IF(?p = pk:mentionsAgency, 1, 0)) AS ?agencies) WHERE {
          GRAPH ?g { ?doc pk:sourceFile ?file . ?s ?p ?o }
        } GROUP BY ?file ORDER BY ?file""", union_default_graph=False)
    return Stats(
        graphs=len(store.graphs()),
        triples=int(total.rows[0]["n"]) if total.rows else 0,
        per_class=tuple((str(r["class"]), int(r["n"])) for r in classes.rows),
        per_document=tuple((str(r["file"]), int(r["triples"]), int(r["goals"]), int(r["tasks"]),
                            int(r["agencies"])) for r in docs.rows),
    )
