"""The agency-type vocabulary: surface words → full function names and types (``ontology/vocab/agency-names.tsv``),
and the 2018 institutional reform (``pk:reformedInto`` in ``agency-types.ttl``): 质监局 → 质量技术监督局, a type that
the reform merged into market regulation.

The readers here are called once, by :class:`~.vocabulary.Vocabulary`; nothing is cached at module level.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    full: str          # the function part of the full name: 质量技术监督局
    type: str          # agency-type slug: quality-supervision


def read_lexicon(path: Path) -> dict[str, Entry]:
    """Surface word → (full function name, agency type), from ontology/vocab/agency-names.tsv."""
    out: dict[str, Entry] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            if len(row) == 3:
                out.setdefault(row[0], Entry(row[1], row[2]))
    return out


def read_reforms(path: Path) -> dict[str, tuple[str, ...]]:
    """Agency type → the types that took over its functions in the 2018 reform (from agency-types.ttl)."""
    from rdflib import Graph, URIRef

    g = Graph()
    if path.exists():
        g.parse(path, format="turtle")
    prop = URIRef("https://w3id.org/policykg/ontology#reformedInto")
    out: dict[str, list[str]] = {}
    for s, o in g.subject_objects(prop):
        out.setdefault(str(s).rsplit("/", 1)[-1], []).append(str(o).rsplit("/", 1)[-1])
    return {k: tuple(sorted(v)) for k, v in out.items()}


def current_types(agency_type: str | None, reforms: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The function a type is today: 质量技术监督 → 市场监督管理 (types the reform left alone map to themselves)."""
    if agency_type is None:
        return ()
    targets = reforms.get(agency_type)
    if not targets:
        return (agency_type,)
    return tuple(t for target in targets for t in current_types(target, reforms))
