"""Indicator comparison (one row per canonical indicator and tier, one column per place) with its near misses,
and the linkage report (which goals link to no indicator).

Two goals sit in one row only when they measure the same thing (issue 15): both link to the indicator (a
pk:ConceptMatch, not flagged pk:NeedsReview), their units are of one kind, and both plans are provincial or
both local (city, county, district), since a province-wide figure is not a city's. Goals of the indicator's
family that are not the same measure are listed apart as near misses, with the reason: linked to a related
indicator (skos:closeMatch), linked to the family only (pk:matchReason), or stated in another unit kind."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from policykg.store import Store

from .plans import Plan, Table, fmt, number, place_order, plans, select, text_of

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
    tier: str = "local"                                   # local (city, county, district plans) | provincial

    @property
    def places(self) -> int:
        return len(self.targets)


@dataclass(frozen=True)
class NearMiss:
    indicator: str      # the row's indicator
    label: str          # its label
    place: str
    written: str        # the goal's indicator as written
    target: str         # value, unit and year
    reason: str
    goal: str


@dataclass(frozen=True)
class IndicatorComparison:
    places: tuple[str, ...]
    rows: tuple[IndicatorRow, ...]
    near_misses: tuple[NearMiss, ...] = ()

    def near_miss_table(self) -> Table:
        return Table(("indicator", "place", "indicator as written", "target", "why not compared"),
                     tuple((m.label, m.place, m.written, m.target, m.reason) for m in self.near_misses))

    def matching(self, text: str) -> IndicatorComparison:
        """The rows whose indicator's label, IRI or any goal's written label contains ``text``."""
        def hit(r: IndicatorRow) -> bool:
            return text in r.label or text in r.indicator or any(text in t.label for _p, ts in r.targets for t in ts)

        rows = tuple(r for r in self.rows if hit(r))
        keep = {r.indicator for r in rows}
        return IndicatorComparison(self.places, rows, tuple(m for m in self.near_misses if m.indicator in keep))

    def row(self, label_or_iri: str) -> IndicatorRow | None:
        return next((r for r in self.rows if label_or_iri in (r.label, r.indicator)), None)

    def data(self) -> dict[str, Any]:
        return {"places": list(self.places),
                "rows": [{"indicator": r.indicator, "label": r.label, "domain": r.domain, "unit": r.unit,
                          "tier": r.tier, "spread": r.spread, "places": r.places,
                          "targets": {place: [dataclasses.asdict(t) for t in ts] for place, ts in r.targets}}
                         for r in self.rows],
                "near_misses": [dataclasses.asdict(m) for m in self.near_misses]}

    def table(self) -> Table:
        rows = []
        for r in self.rows:
            by_place = dict(r.targets)
            cells = tuple("; ".join(dict.fromkeys(t.text() for t in by_place.get(p, ()))) for p in self.places)
            label = r.label + (" (provincial plans)" if r.tier == "provincial" else "")
            rows.append((label, r.domain, *cells, fmt(r.spread)))
        return Table(("indicator", "domain", *self.places, "spread"), tuple(rows))


#: Every linked goal's target. The indicators' own facts (label, domain, unit) are read apart, once per
#: indicator (:data:`_INDICATORS`), not once per goal: 17,648 goals at 1,000 documents, 4.5 -> 3.2 s CPU.
_TARGETS = """
SELECT ?goal ?doc ?indicator ?written ?value ?max ?unit ?comparator ?year ?confidence ?aim
WHERE {
  ?goal a pk:Goal ; pk:inDocument ?doc ; pk:indicator ?indicator ; pk:indicatorLabel ?written .
  FILTER NOT EXISTS { ?goal pk:linkStatus pk:NeedsReview }
  OPTIONAL { ?goal pk:targetValue ?value }
  OPTIONAL { ?goal pk:targetValueMax ?max }
  OPTIONAL { ?goal pk:unit ?unit }
  OPTIONAL { ?goal pk:comparator ?comparator }
  OPTIONAL { ?goal pk:targetYear ?year }
  OPTIONAL { ?goal pk:indicatorConfidence ?confidence }
  OPTIONAL { ?goal pk:qualitativeTarget ?aim }
}
"""

_INDICATORS = """
SELECT ?indicator ?label ?domain ?iunit WHERE {
  { SELECT DISTINCT ?indicator WHERE { ?goal pk:indicator ?indicator } }
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


#: Goals linked to a related measure, or to the indicator's family only. Each branch binds ?indicator from the
#: goal's side (its closeMatch pairs, its nearest indicator) before the indicator's own facts: starting from every
#: indicator and its family, with a property path over the union graph, took 18x longer at 100 documents.
_NEAR = """
SELECT DISTINCT ?indicator ?goal ?doc ?written ?value ?unit ?year ?reason WHERE {
  {
    { ?indicator skos:closeMatch ?other } UNION { ?other skos:closeMatch ?indicator }
    ?indicator a pk:Indicator ; skos:broader ?family .
    ?goal pk:indicator ?other .
    OPTIONAL { ?other skos:prefLabel ?otherLabel FILTER(lang(?otherLabel) = "zh" || lang(?otherLabel) = "") }
    BIND(CONCAT("a related measure: ", COALESCE(STR(?otherLabel), STR(?other))) AS ?reason)
  } UNION {
    ?goal pk:indicatorMatch pk:FamilyMatch ; pk:nearestIndicator ?indicator ; pk:indicatorFamily ?family .
    ?indicator a pk:Indicator ; skos:broader ?family .
    OPTIONAL { ?goal pk:matchReason ?why }
    BIND(COALESCE(?why, "only the family fits") AS ?reason)
  }
  ?goal pk:inDocument ?doc ; pk:indicatorLabel ?written .
  OPTIONAL { ?goal pk:targetValue ?value }
  OPTIONAL { ?goal pk:unit ?unit }
  OPTIONAL { ?goal pk:targetYear ?year }
}
"""


def tier(plan: Plan) -> str:
    """A provincial plan's figures are province-wide: they compare with other provinces' only."""
    if plan.level:
        return "provincial" if plan.level == "Provincial" else "local"
    return "provincial" if plan.place_kind == "province" else "local"


def compare_indicators(store: Store, *, min_places: int = 1, min_confidence: float = 0.0) -> IndicatorComparison:
    """One row per canonical indicator and tier, one column per place: target, comparator and year, and the
    spread; then the near misses, apart, with the reason.

    Goals whose link to the indicator is less sure than ``min_confidence`` are left out."""
    from policykg.ingest.link.indicators import units_compatible

    by_doc = plans(store)
    rows: dict[str, dict[str, object]] = {}
    targets: dict[tuple[str, str], dict[str, dict[str, Target]]] = defaultdict(lambda: defaultdict(dict))
    misses: list[NearMiss] = []
    facts_of: dict[str, dict[str, str | None]] = {}
    for r in select(store, _INDICATORS):
        facts_of.setdefault(str(r["indicator"]), {k: text_of(r, k) for k in ("label", "domain", "iunit")})
    for r in select(store, _TARGETS):
        plan = by_doc.get(str(r["doc"]))
        confidence = number(r.get("confidence"))
        if plan is None or (confidence if confidence is not None else 1.0) < min_confidence:
            continue
        ind = str(r["indicator"])
        if ind not in rows:
            facts = facts_of.get(ind, {})
            rows[ind] = {"label": facts.get("label") or ind.rsplit("/", 1)[-1], "domain": facts.get("domain") or "",
                         "unit": facts.get("iunit") or ""}
        comparator = text_of(r, "comparator")
        year = text_of(r, "year")
        target = Target(
            number(r.get("value")), number(r.get("max")), text_of(r, "unit"),
            COMPARATOR_SIGNS.get(comparator.rsplit("#", 1)[-1], "") if comparator else None,
            int(year[:4]) if year and year[:4].isdigit() else None, plan.year, str(r["written"]), str(r["goal"]),
            confidence, text_of(r, "aim"))
        if target.unit and not units_compatible(target.unit, str(rows[ind]["unit"]) or None):
            misses.append(NearMiss(ind, str(rows[ind]["label"]), plan.place_label, target.label, target.text(),
                                   f"unit kind: {target.unit} is not {rows[ind]['unit']}", target.goal))
            continue
        targets[(ind, tier(plan))][plan.place_label][str(r["goal"])] = target
    out = []
    for (ind, level), by_place in targets.items():
        info = rows[ind]
        per_place = tuple((place, tuple(sorted(goals.values(), key=lambda t: (t.year or 0, t.goal))))
                          for place, goals in sorted(by_place.items()))
        if len(per_place) < min_places:
            continue
        unit = str(info["unit"])
        heads = [headline(ts) for _place, ts in per_place]
        values = [h.value for h in heads if h.value is not None and units_compatible(h.unit, unit)]
        spread = max(values) - min(values) if len(values) > 1 else None
        out.append(IndicatorRow(ind, str(info["label"]), str(info["domain"]), unit, per_place, spread, level))
    out.sort(key=lambda r: (-r.places, r.domain, r.label, r.tier))
    shown = {r.indicator for r in out}
    for r in select(store, _NEAR):
        plan = by_doc.get(str(r["doc"]))
        ind = str(r["indicator"])
        if plan is None or ind not in shown:
            continue
        year = text_of(r, "year")
        stated = fmt(number(r.get("value"))) + (text_of(r, "unit") or "") + (f" ({year[:4]})" if year else "")
        misses.append(NearMiss(ind, str(rows[ind]["label"]), plan.place_label, str(r["written"]), stated,
                               str(r["reason"]), str(r["goal"])))
    misses = [m for m in misses if m.indicator in shown]
    misses.sort(key=lambda m: (m.label, m.reason, m.place, m.goal))
    return IndicatorComparison(place_order(by_doc.values()), tuple(out), tuple(dict.fromkeys(misses)))


_GOALS = """
SELECT ?goal ?doc ?label ?value ?unit ?indicator ?family ?confidence ?quote WHERE {
  ?goal a pk:Goal ; pk:inDocument ?doc ; pk:indicatorLabel ?label .
  OPTIONAL { ?goal pk:targetValue ?value }
  OPTIONAL { ?goal pk:unit ?unit }
  OPTIONAL { ?goal pk:indicator ?indicator }
  OPTIONAL { ?goal pk:indicatorFamily ?family }
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
    family: str | None = None    # the indicator family (for a family-only link, the only link)


@dataclass(frozen=True)
class LinkReport:
    goals: tuple[GoalLink, ...]

    @cached_property
    def unmatched(self) -> tuple[GoalLink, ...]:
        return tuple(g for g in self.goals if g.indicator is None and g.family is None)

    @cached_property
    def family_only(self) -> tuple[GoalLink, ...]:
        """Goals no indicator fits, linked to the family of their measure (pk:FamilyMatch)."""
        return tuple(g for g in self.goals if g.indicator is None and g.family is not None)

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
                               number(r.get("confidence")), text_of(r, "quote") or "", text_of(r, "family"))
    return LinkReport(tuple(sorted(goals.values(), key=lambda g: (g.place, g.goal))))
