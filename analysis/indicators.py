"""Indicator comparison (one row per canonical indicator, one column per place) and the linkage report
(which goals link to no indicator)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from policykg.store import Store

from .plans import Table, fmt, number, place_order, plans, select, text_of

COMPARATOR_SIGNS = {"AtLeast": "≥", "MoreThan": ">", "AtMost": "≤", "LessThan": "<", "Exactly": "="}


@dataclass(frozen=True)
class Target:
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: str | None     # ≥ > ≤ < =
    year: int | None           # the target year the goal states
    stated: int | None         # the year of the plan that states it
    label: str                 # the indicator as the plan writes it
    goal: str
    confidence: float | None
    qualitative: str | None = None   # the aim of a goal with no figure (前列, 明显提升)

    def text(self) -> str:
        if self.value is None:
            return (self.qualitative or "—") + (f" ({self.year})" if self.year else "")
        value = fmt(self.value) + (f"–{fmt(self.value_max)}" if self.value_max is not None else "")
        when = f" ({self.year})" if self.year else f" (plan {self.stated})" if self.stated else ""
        return f"{self.comparator or ''}{value}{self.unit or ''}{when}"


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    label: str
    domain: str
    unit: str
    targets: tuple[tuple[str, tuple[Target, ...]], ...]   # place label -> the targets its plans set
    spread: float | None                                  # max - min of the places' headline values

    @property
    def places(self) -> int:
        return len(self.targets)


@dataclass(frozen=True)
class IndicatorComparison:
    places: tuple[str, ...]
    rows: tuple[IndicatorRow, ...]

    def matching(self, text: str) -> IndicatorComparison:
        """The rows whose indicator's label, IRI or any goal's written label contains ``text``."""
        def hit(r: IndicatorRow) -> bool:
            return text in r.label or text in r.indicator or any(text in t.label for _p, ts in r.targets for t in ts)

        return IndicatorComparison(self.places, tuple(r for r in self.rows if hit(r)))

    def row(self, label_or_iri: str) -> IndicatorRow | None:
        return next((r for r in self.rows if label_or_iri in (r.label, r.indicator)), None)

    def data(self) -> dict[str, Any]:
        return {"places": list(self.places),
                "rows": [{"indicator": r.indicator, "label": r.label, "domain": r.domain, "unit": r.unit,
                          "spread": r.spread, "places": r.places,
                          "targets": {place: [dataclasses.asdict(t) for t in ts] for place, ts in r.targets}}
                         for r in self.rows]}

    def table(self) -> Table:
        rows = []
        for r in self.rows:
            by_place = dict(r.targets)
            cells = tuple("; ".join(dict.fromkeys(t.text() for t in by_place.get(p, ()))) for p in self.places)
            rows.append((r.label, r.domain, *cells, fmt(r.spread)))
        return Table(("indicator", "domain", *self.places, "spread"), tuple(rows))


_TARGETS = """
SELECT ?goal ?doc ?indicator ?label ?written ?value ?max ?unit ?comparator ?year ?confidence ?domain ?iunit ?aim
WHERE {
  ?goal a pk:Goal ; pk:inDocument ?doc ; pk:indicator ?indicator ; pk:indicatorLabel ?written .
  OPTIONAL { ?goal pk:targetValue ?value }
  OPTIONAL { ?goal pk:targetValueMax ?max }
  OPTIONAL { ?goal pk:unit ?unit }
  OPTIONAL { ?goal pk:comparator ?comparator }
  OPTIONAL { ?goal pk:targetYear ?year }
  OPTIONAL { ?goal pk:indicatorConfidence ?confidence }
  OPTIONAL { ?goal pk:qualitativeTarget ?aim }
  OPTIONAL { ?indicator skos:prefLabel ?label FILTER(lang(?label) = "zh" || lang(?label) = "") }
  OPTIONAL { ?indicator pk:qualityDomain/skos:prefLabel ?domain FILTER(lang(?domain) = "zh") }
  OPTIONAL { ?indicator pk:indicatorUnit ?iunit }
}
"""


def headline(targets: Iterable[Target]) -> Target:
    """A place's headline target: a figure before an aim, then the most confident link, the latest year and
    the highest value."""
    return max(targets, key=lambda t: (t.value is not None, t.confidence or 0.0, t.year or t.stated or 0,
                                       t.value or 0.0))


def compare_indicators(store: Store, *, min_places: int = 1, min_confidence: float = 0.0) -> IndicatorComparison:
    """One row per canonical indicator, one column per place: target, comparator and year, and the spread.

    Goals whose link to the indicator is less sure than ``min_confidence`` are left out."""
    from policykg.ingest.link.indicators import units_compatible

    by_doc = plans(store)
    rows: dict[str, dict[str, object]] = {}
    targets: dict[str, dict[str, dict[str, Target]]] = defaultdict(lambda: defaultdict(dict))
    for r in select(store, _TARGETS):
        plan = by_doc.get(str(r["doc"]))
        confidence = number(r.get("confidence"))
        if plan is None or (confidence if confidence is not None else 1.0) < min_confidence:
            continue
        ind = str(r["indicator"])
        rows.setdefault(ind, {"label": text_of(r, "label") or ind.rsplit("/", 1)[-1],
                              "domain": text_of(r, "domain") or "", "unit": text_of(r, "iunit") or ""})
        comparator = text_of(r, "comparator")
        year = text_of(r, "year")
        targets[ind][plan.place_label][str(r["goal"])] = Target(
            number(r.get("value")), number(r.get("max")), text_of(r, "unit"),
            COMPARATOR_SIGNS.get(comparator.rsplit("#", 1)[-1], "") if comparator else None,
            int(year[:4]) if year and year[:4].isdigit() else None, plan.year, str(r["written"]), str(r["goal"]),
            confidence, text_of(r, "aim"))
    out = []
    for ind, info in rows.items():
        per_place = tuple((place, tuple(sorted(goals.values(), key=lambda t: (t.year or 0, t.goal))))
                          for place, goals in sorted(targets[ind].items()))
        if len(per_place) < min_places:
            continue
        unit = str(info["unit"])
        heads = [headline(ts) for _place, ts in per_place]
        values = [h.value for h in heads if h.value is not None and units_compatible(h.unit, unit)]
        spread = max(values) - min(values) if len(values) > 1 else None
        out.append(IndicatorRow(ind, str(info["label"]), str(info["domain"]), unit, per_place, spread))
    out.sort(key=lambda r: (-r.places, r.domain, r.label))
    return IndicatorComparison(place_order(by_doc.values()), tuple(out))


_GOALS = """
SELECT ?goal ?doc ?label ?value ?unit ?indicator ?confidence ?quote WHERE {
  ?goal a pk:Goal ; pk:inDocument ?doc ; pk:indicatorLabel ?label .
  OPTIONAL { ?goal pk:targetValue ?value }
  OPTIONAL { ?goal pk:unit ?unit }
  OPTIONAL { ?goal pk:indicator ?indicator }
  OPTIONAL { ?goal pk:indicatorConfidence ?confidence }
  OPTIONAL { ?goal pk:evidence/pk:quote ?quote }
}
"""


@dataclass(frozen=True)
class GoalLink:
    goal: str
    place: str
    label: str
    value: float | None
    unit: str | None
    indicator: str | None
    confidence: float | None
    quote: str


@dataclass(frozen=True)
class LinkReport:
    goals: tuple[GoalLink, ...]

    @cached_property
    def unmatched(self) -> tuple[GoalLink, ...]:
        return tuple(g for g in self.goals if g.indicator is None)

    @property
    def share_unmatched(self) -> float:
        return len(self.unmatched) / len(self.goals) if self.goals else 0.0

    def data(self, *, unmatched_only: bool = True) -> dict[str, Any]:
        return {"goals": len(self.goals), "unmatched": len(self.unmatched),
                "share_unmatched": round(self.share_unmatched, 4),
                "rows": [dataclasses.asdict(g) for g in (self.unmatched if unmatched_only else self.goals)]}

    def table(self, *, unmatched_only: bool = True) -> Table:
        if unmatched_only:
            return Table(("place", "indicator as written", "target", "quote"),
                         tuple((g.place, g.label, fmt(g.value) + (g.unit or ""), " ".join(g.quote.split()))
                               for g in self.unmatched))
        return Table(("place", "indicator as written", "target", "indicator", "confidence"),
                     tuple((g.place, g.label, fmt(g.value) + (g.unit or ""), g.indicator or "",
                            fmt(g.confidence)) for g in self.goals))


def link_report(store: Store) -> LinkReport:
    """Every goal with the canonical indicator it links to, if any."""
    by_doc = plans(store)
    goals: dict[str, GoalLink] = {}
    for r in select(store, _GOALS):
        plan = by_doc.get(str(r["doc"]))
        goal = str(r["goal"])
        if goal in goals:
            continue
        goals[goal] = GoalLink(goal, plan.place_label if plan else str(r["doc"]), str(r["label"]),
                               number(r.get("value")), text_of(r, "unit"), text_of(r, "indicator"),
                               number(r.get("confidence")), text_of(r, "quote") or "")
    return LinkReport(tuple(sorted(goals.values(), key=lambda g: (g.place, g.goal))))
