"""The plans the analyses compare: each ingested document's place and year, and the query helpers the
analyses share.

A plan's *place* is its city, else its province, else the document itself; its *year* is the year it was
issued, else the year in its 文号 (鄂州政发〔2017〕6号 → 2017).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Literal

from policykg.namespaces import sparql_prefixes
from policykg.sparql import Term
from policykg.store import Store


@dataclass(frozen=True)
class Table:
    """Rows of strings under a header: what the CLI prints and pages show."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def select(store: Store, body: str) -> list[dict[str, Term]]:
    return [dict(r) for r in store.query(sparql_prefixes() + body).rows]


def text_of(row: Mapping[str, Term], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def number(value: Term | None) -> float | None:
    if not isinstance(value, Literal):
        return None
    try:
        return float(str(value))
    except ValueError:
        return None


def fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:g}"


#: An agency's type, carried over the 2018 reform to the type that took over its functions (质监局 →
#: 市场监督管理), so 2011 and 2023 plans compare; binds ?type and ?typeLabel from ?agency.
CURRENT_TYPE = """
  OPTIONAL { ?agency pk:agencyType ?named
    OPTIONAL { ?named pk:reformedInto+ ?successor FILTER NOT EXISTS { ?successor pk:reformedInto ?later } }
    BIND(COALESCE(?successor, ?named) AS ?type)
    OPTIONAL { ?type skos:prefLabel ?typeLabel FILTER(lang(?typeLabel) = "zh" || lang(?typeLabel) = "") } }
"""

#: The derived graph (:func:`policykg.store.derive`): one copy of each agency's label and type.
DERIVED = "<https://w3id.org/policykg/graph/derived>"
#: :data:`CURRENT_TYPE` reading the agency's type once, from the derived graph: the union default graph holds one
#: copy per document naming the agency, so a row per copy (and counts per row grew with the corpus).
CURRENT_TYPE_ONCE = CURRENT_TYPE.replace("OPTIONAL { ?agency pk:agencyType ?named",
                                         f"OPTIONAL {{ GRAPH {DERIVED} {{ ?agency pk:agencyType ?named }}")
#: The type as the text names it (no reform lineage).
NAMED_TYPE = """
  OPTIONAL { ?agency pk:agencyType ?type
    OPTIONAL { ?type skos:prefLabel ?typeLabel FILTER(lang(?typeLabel) = "zh" || lang(?typeLabel) = "") } }
"""


# --- places and years -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    doc: str
    place: str        # IRI of the city (else province, else the document)
    place_label: str
    place_kind: str   # city | province | document
    year: int | None
    level: str | None = None   # the plan's own level: Provincial | Municipal | County (pk:level)
    issued: str | None = None  # its issue date as written (dcterms:issued), if it has one


#: A plan's place: its city, else its province, else the document itself, with a label and a kind.
PLACE_OF_DOC = """
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  OPTIONAL { ?doc pk:city ?c }
  OPTIONAL { ?doc pk:province ?p }
  BIND(COALESCE(?c, ?p, ?doc) AS ?place)
  BIND(IF(BOUND(?c), "city", IF(BOUND(?p), "province", "document")) AS ?placeKind)
  OPTIONAL { ?place rdfs:label ?pl }
  OPTIONAL { ?doc dcterms:title ?dt }
  BIND(COALESCE(?pl, ?dt, ?file) AS ?placeLabel)
"""

_PLANS = """
SELECT ?doc ?place ?placeLabel ?placeKind ?issued ?number ?level WHERE {""" + PLACE_OF_DOC + """
  OPTIONAL { ?doc dcterms:issued ?issued }
  OPTIONAL { ?doc pk:level ?level }
  OPTIONAL { ?doc pk:docNumber ?number }
}
"""


def _year(issued: str | None, number: str | None) -> int | None:
    for text, pattern in ((issued, r"^(\d{4})"), (number, r"[〔\[(（【](\d{4})[〕\])）】]")):
        found = re.search(pattern, text or "")
        if found:
            return int(found.group(1))
    return None


def plans(store: Store) -> dict[str, Plan]:
    """Every ingested document's place and year, by document IRI."""
    out: dict[str, Plan] = {}
    for r in sorted(select(store, _PLANS), key=lambda r: (str(r["doc"]), str(r["placeLabel"]))):
        doc = str(r["doc"])
        if doc not in out:
            level = text_of(r, "level")
            out[doc] = Plan(doc, str(r["place"]), str(r["placeLabel"]), str(r["placeKind"]),
                            _year(text_of(r, "issued"), text_of(r, "number")),
                            level.rsplit("#", 1)[-1] if level else None, text_of(r, "issued"))
    return out


def place_order(plans_: Iterable[Plan]) -> tuple[str, ...]:
    """Place labels, oldest plan first."""
    first: dict[str, int] = {}
    for p in plans_:
        first[p.place_label] = min(first.get(p.place_label, 9999), p.year or 9999)
    return tuple(sorted(first, key=lambda label: (first[label], label)))
