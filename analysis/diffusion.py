"""Diffusion over time: the first year each indicator or instrument appears, and who adopted it later."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from policykg.store import Store

from .plans import Table, plans, select, text_of

_ADOPTIONS = """
SELECT DISTINCT ?doc ?kind ?item ?label WHERE {
  { ?g pk:inDocument ?doc ; pk:indicator ?item . BIND("indicator" AS ?kind) }
  UNION { ?doc pk:usesInstrument ?item . BIND("instrument" AS ?kind) }
  UNION { ?t pk:inDocument ?doc ; pk:instrument ?item . BIND("instrument" AS ?kind) }
  ?doc pk:sourceFile ?file .
  OPTIONAL { ?item skos:prefLabel ?label FILTER(lang(?label) = "zh" || lang(?label) = "") }
}
"""


@dataclass(frozen=True)
class Diffusion:
    kind: str                                       # indicator | instrument
    item: str
    label: str
    first_year: int | None
    first: tuple[str, ...]                          # the places whose plans name it first
    later: tuple[tuple[str, int | None], ...]       # the places that adopted it later, with the year

    @property
    def places(self) -> int:
        return len(self.first) + len(self.later)


@dataclass(frozen=True)
class DiffusionTable:
    rows: tuple[Diffusion, ...]

    def data(self) -> dict[str, Any]:
        return {"rows": [{**dataclasses.asdict(d), "later": [{"place": p, "year": y} for p, y in d.later],
                          "places": d.places} for d in self.rows]}

    def table(self) -> Table:
        rows = tuple((d.kind, d.label, str(d.first_year or "?"), "、".join(d.first),
                      "、".join(f"{p} ({y or '?'})" for p, y in d.later), str(d.places)) for d in self.rows)
        return Table(("kind", "item", "first year", "first adopters", "later adopters", "places"), rows)


def diffusion(store: Store, *, kind: str | None = None) -> DiffusionTable:
    """The first year each indicator and instrument appears in a plan, and who adopted it later."""
    by_doc = plans(store)
    years: dict[tuple[str, str], dict[str, int | None]] = defaultdict(dict)
    labels: dict[tuple[str, str], str] = {}
    for r in select(store, _ADOPTIONS):
        plan = by_doc.get(str(r["doc"]))
        if plan is None or (kind and str(r["kind"]) != kind):
            continue
        key = (str(r["kind"]), str(r["item"]))
        labels[key] = text_of(r, "label") or key[1].rsplit("/", 1)[-1]
        known = years[key].get(plan.place_label)
        years[key][plan.place_label] = min(y for y in (known, plan.year) if y) if (known or plan.year) else None
    out = []
    for key, by_place in years.items():
        dated = sorted((y, p) for p, y in by_place.items() if y is not None)
        first_year = dated[0][0] if dated else None
        first = tuple(sorted(p for p, y in by_place.items() if y == first_year)) if dated else tuple(sorted(by_place))
        later = tuple((p, y) for y, p in dated if y != first_year) + tuple(
            (p, None) for p, y in sorted(by_place.items()) if y is None and dated)
        out.append(Diffusion(key[0], key[1], labels[key], first_year, first, later))
    out.sort(key=lambda d: (-d.places, d.first_year or 9999, d.kind, d.label))
    return DiffusionTable(tuple(out))
