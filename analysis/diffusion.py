"""Diffusion from first mentions: for every indicator, instrument, award programme and designation, the first
document that states it, dated by its issue date (dcterms:issued), with the quote that states it; the later
documents with their dates; and the documents without an issue date listed apart, never ranked (issue 15).

What a document *states* is what it links with evidence: a goal linked to the indicator (an accepted
pk:ConceptMatch, not a family-only link), a task or pk:Mention naming the instrument, a pk:Mention of the award
programme or designation. The year in a 文号 is not an issue date.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from policykg.store import Store

from .plans import Table, plans, select, text_of

KINDS = ("indicator", "instrument", "award", "designation")

#: The items each document states, one row per (item, document): read from the derived graph
#: (:func:`policykg.store.derive`, ``pk:statesIndicator`` ...), not from every statement with its evidence (94k
#: rows at 1,000 documents). Only ingested documents count: :func:`diffusion` keeps the documents
#: :func:`plans` knows, and reads their issue dates from there (not once per row).
_STATED = """
SELECT ?doc ?kind ?item ?label WHERE {
  GRAPH <https://w3id.org/policykg/graph/derived> {
    { ?doc pk:statesIndicator ?item . BIND("indicator" AS ?kind) }
    UNION { ?doc pk:statesInstrument ?item . BIND("instrument" AS ?kind) }
    UNION { ?doc pk:statesAward ?item . BIND("award" AS ?kind) }
    UNION { ?doc pk:statesDesignation ?item . BIND("designation" AS ?kind) }
  }
  OPTIONAL { ?item skos:prefLabel ?label FILTER(lang(?label) = "zh" || lang(?label) = "") }
}
"""

#: The quotes of the statements of the given (kind, item, document) triples: %s is a VALUES block.
_QUOTES = """
SELECT ?kind ?item ?doc ?quote WHERE {
  %s
  {
    ?s pk:inDocument ?doc ; pk:indicator ?item . BIND("indicator" AS ?kind)
    FILTER NOT EXISTS { ?s pk:linkStatus pk:NeedsReview }
  } UNION {
    ?s pk:inDocument ?doc ; pk:instrument ?item . BIND("instrument" AS ?kind)
  } UNION {
    ?s a pk:Mention ; pk:inDocument ?doc ; pk:mentionOf ?item .
    ?item a ?class .
    VALUES (?class ?kind) {
      (pk:PolicyInstrument "instrument") (pk:AwardProgram "award") (pk:Designation "designation") }
  }
  ?s pk:evidence/pk:quote ?quote .
}
"""


@dataclass(frozen=True)
class Diffusion:
    kind: str                                       # indicator | instrument | award | designation
    item: str
    label: str
    first_date: str | None                          # the issue date of the first document that states it
    first: tuple[str, ...]                          # the places of the documents that state it first
    quote: str                                      # how the first document states it
    first_doc: str | None
    later_issued: tuple[tuple[str, str], ...]       # (place, issue date) of later documents, oldest first
    undated: tuple[str, ...]                        # places whose documents state it but carry no issue date

    @property
    def later(self) -> tuple[tuple[str, int | None], ...]:
        """(place, year) of the later documents."""
        return tuple((p, int(d[:4])) for p, d in self.later_issued)

    @property
    def first_year(self) -> int | None:
        return int(self.first_date[:4]) if self.first_date else None

    @property
    def places(self) -> int:
        return len(set(self.first) | {p for p, _d in self.later_issued} | set(self.undated))


@dataclass(frozen=True)
class DiffusionTable:
    rows: tuple[Diffusion, ...]

    def data(self) -> dict[str, Any]:
        return {"rows": [{**dataclasses.asdict(d), "first_year": d.first_year,
                          "later": [{"place": p, "issued": y} for p, y in d.later_issued],
                          "places": d.places} for d in self.rows]}

    def table(self) -> Table:
        rows = tuple((d.kind, d.label, d.first_date or "(undated only)", "、".join(d.first), d.quote,
                      "、".join(f"{p} ({y})" for p, y in d.later_issued), "、".join(d.undated), str(d.places))
                     for d in self.rows)
        return Table(("kind", "item", "first stated", "first", "quote", "later", "undated (not ranked)", "places"),
                     rows)


def _quotes(store: Store, wanted: list[tuple[tuple[str, str], str]]) -> dict[tuple[tuple[str, str], str], str]:
    """The shortest quote (whitespace folded) by which each document states each item: one query for all."""
    out: dict[tuple[tuple[str, str], str], str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        values = "VALUES (?kind ?item ?doc) { " + " ".join(
            f'("{k}" <{item}> <{doc}>)' for (k, item), doc in chunk) + " }"
        for r in select(store, _QUOTES % values):
            at = ((str(r["kind"]), str(r["item"])), str(r["doc"]))
            quote = " ".join((text_of(r, "quote") or "").split())
            if quote and (at not in out or (len(quote), quote) < (len(out[at]), out[at])):
                out[at] = quote
    return out


def diffusion(store: Store, *, kind: str | None = None) -> DiffusionTable:
    """The first document that states each indicator, instrument, award programme and designation, by issue
    date, with its quote; later documents by date; undated documents apart."""
    by_doc = plans(store)
    seen: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)   # doc -> issue date
    labels: dict[tuple[str, str], str] = {}
    for r in select(store, _STATED):
        if kind and str(r["kind"]) != kind:
            continue
        doc = str(r["doc"])
        if doc not in by_doc:
            continue
        key = (str(r["kind"]), str(r["item"]))
        labels[key] = text_of(r, "label") or key[1].rsplit("/", 1)[-1]
        seen[key][doc] = by_doc[doc].issued
    firsts: dict[tuple[str, str], list[str]] = {}
    for key, by in seen.items():
        dated = sorted((date, doc) for doc, date in by.items() if date)
        firsts[key] = [doc for date, doc in dated if date == dated[0][0]] if dated else []
    quotes = _quotes(store, [(key, docs[0]) for key, docs in firsts.items() if docs])
    out = []
    for key, by in seen.items():
        dated = sorted((date, doc) for doc, date in by.items() if date)
        first_date = dated[0][0] if dated else None
        first_docs = firsts[key]
        later = tuple((by_doc[doc].place_label, date) for date, doc in dated if date != first_date)
        undated = tuple(sorted(by_doc[doc].place_label for doc, date in by.items() if not date))
        first_doc = first_docs[0] if first_docs else None
        out.append(Diffusion(key[0], key[1], labels[key], first_date,
                             tuple(sorted({by_doc[d].place_label for d in first_docs})),
                             quotes.get((key, first_doc), "") if first_doc else "", first_doc, later, undated))
    out.sort(key=lambda d: (-d.places, d.first_date or "9999", KINDS.index(d.kind), d.label))
    return DiffusionTable(tuple(out))
