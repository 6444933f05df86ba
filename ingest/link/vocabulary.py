"""Look-up tables over the packaged SKOS vocabularies: regions, award programmes and designations, industries.

Each table is read once from ``ontology/vocab/*.ttl`` (cached) into frozen records, so extraction can
resolve a surface form to the shared concept and two documents naming the same thing reach one node.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.namespaces import PK


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    label: str                       # skos:prefLabel (simplified Chinese)
    alt: tuple[str, ...] = ()        # skos:altLabel / hiddenLabel
    kind: str = ""                   # province | city | award | designation | industry
    level: str | None = None         # National | Provincial | Municipal | County (awards, designations)
    parent: URIRef | None = None     # a city's province; an award's province
    hints: tuple[str, ...] = ()      # place-name hints (rivers, landmarks, provincial programmes)
    abbreviation: str | None = None  # one-character province abbreviation (豫, 鄂)
    emerging: bool = False           # a strategic emerging industry

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.alt)


@lru_cache(maxsize=4)
def _graph(name: str) -> Graph:
    """One vocabulary file, parsed once (read-only afterwards)."""
    from policykg.ontology import vocabulary_paths

    graph = Graph()
    for path in vocabulary_paths():
        if path.stem == name:
            graph.parse(path, format="turtle")
    return graph


def _concepts(graph: Graph, cls: URIRef, kind: str) -> tuple[Concept, ...]:
    out = []
    for node in sorted(n for n in set(graph.subjects(RDF.type, cls)) if isinstance(n, URIRef)):
        label = graph.value(node, SKOS.prefLabel)
        if label is None:
            continue
        alts = sorted({str(a) for p in (SKOS.altLabel, SKOS.hiddenLabel) for a in graph.objects(node, p)})
        level = graph.value(node, PK.level)
        parent = graph.value(node, PK.inProvince) or graph.value(node, SKOS.broader)
        abbr = graph.value(node, PK.abbreviation)
        out.append(Concept(
            iri=node, label=str(label), alt=tuple(a for a in alts if a != str(label)), kind=kind,
            level=str(level).rsplit("#", 1)[-1] if level is not None else None,
            parent=parent if isinstance(parent, URIRef) else None,
            hints=tuple(sorted(str(h) for h in graph.objects(node, PK.placeHint))),
            abbreviation=str(abbr) if abbr is not None else None,
            emerging=bool(graph.value(node, PK.strategicEmerging)),
        ))
    return tuple(out)


@lru_cache(maxsize=1)
def provinces() -> tuple[Concept, ...]:
    return _concepts(_graph("regions"), PK.Province, "province")


@lru_cache(maxsize=1)
def cities() -> tuple[Concept, ...]:
    return _concepts(_graph("regions"), PK.City, "city")


@lru_cache(maxsize=1)
def awards() -> tuple[Concept, ...]:
    return _concepts(_graph("awards"), PK.AwardProgram, "award")


@lru_cache(maxsize=1)
def designations() -> tuple[Concept, ...]:
    return _concepts(_graph("awards"), PK.Designation, "designation")


@lru_cache(maxsize=1)
def industries() -> tuple[Concept, ...]:
    return _concepts(_graph("industries"), PK.Industry, "industry")


@lru_cache(maxsize=8)
def index(kind: str) -> dict[str, Concept]:
    """Every label (preferred and alternative) of one vocabulary, folded, to its concept."""
    table = {"province": provinces, "city": cities, "award": awards, "designation": designations,
             "industry": industries}[kind]()
    out: dict[str, Concept] = {}
    for concept in table:
        for label in concept.labels:
            out.setdefault(fold(label), concept)
    return out


def fold(label: str) -> str:
    """The key labels are compared by: no quotes, brackets, spaces or dashes."""
    return "".join(ch for ch in label if ch not in " \"'“”‘’「」《》()（）〈〉【】-—–·")


def lookup(kind: str, surface: str) -> Concept | None:
    return index(kind).get(fold(surface))


def region_by_iri(iri: URIRef) -> Concept | None:
    return next((c for c in (*provinces(), *cities()) if c.iri == iri), None)
