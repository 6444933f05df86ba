"""Cross-city analyses over the linked graph (SPARQL for the facts, networkx for the graphs).

Every analysis is a plain function of a :class:`~policykg.store.Store` that returns a frozen dataclass
with a ``table()`` (for the CLI, CSV and pages) and a plain-data form (``dataclasses.asdict``, for JSON).
A plan's *place* is its city, else its province, else the document itself; its *year* is the year it
was issued, else the year in its 文号 (鄂州政发〔2017〕6号 → 2017).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
from rdflib import Literal

from policykg.namespaces import sparql_prefixes
from policykg.store import Store, Term


@dataclass(frozen=True)
class Table:
    """Rows of strings under a header: what the CLI prints and pages show."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _select(store: Store, body: str) -> list[dict[str, Term]]:
    return [dict(r) for r in store.query(sparql_prefixes() + body).rows]


def _s(row: Mapping[str, Term], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def _num(value: Term | None) -> float | None:
    if not isinstance(value, Literal):
        return None
    try:
        return float(str(value))
    except ValueError:
        return None


def _fmt(value: float | None) -> str:
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


_PLANS = """
SELECT ?doc ?place ?placeLabel ?placeKind ?issued ?number WHERE {
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  OPTIONAL { ?doc pk:city ?c }
  OPTIONAL { ?doc pk:province ?p }
  BIND(COALESCE(?c, ?p, ?doc) AS ?place)
  BIND(IF(BOUND(?c), "city", IF(BOUND(?p), "province", "document")) AS ?placeKind)
  OPTIONAL { ?place rdfs:label ?pl }
  OPTIONAL { ?doc dcterms:title ?dt }
  BIND(COALESCE(?pl, ?dt, ?file) AS ?placeLabel)
  OPTIONAL { ?doc dcterms:issued ?issued }
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
    for r in sorted(_select(store, _PLANS), key=lambda r: (str(r["doc"]), str(r["placeLabel"]))):
        doc = str(r["doc"])
        if doc not in out:
            out[doc] = Plan(doc, str(r["place"]), str(r["placeLabel"]), str(r["placeKind"]),
                            _year(_s(r, "issued"), _s(r, "number")))
    return out


def _order(plans_: Iterable[Plan]) -> tuple[str, ...]:
    """Place labels, oldest plan first."""
    first: dict[str, int] = {}
    for p in plans_:
        first[p.place_label] = min(first.get(p.place_label, 9999), p.year or 9999)
    return tuple(sorted(first, key=lambda label: (first[label], label)))


# --- indicator comparison ---------------------------------------------------------------------------

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
        value = _fmt(self.value) + (f"–{_fmt(self.value_max)}" if self.value_max is not None else "")
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
            rows.append((r.label, r.domain, *cells, _fmt(r.spread)))
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


def compare_indicators(store: Store, *, min_places: int = 1) -> IndicatorComparison:
    """One row per canonical indicator, one column per place: target, comparator and year, and the spread."""
    from policykg.ingest.link import units_compatible

    by_doc = plans(store)
    rows: dict[str, dict[str, object]] = {}
    targets: dict[str, dict[str, dict[str, Target]]] = defaultdict(lambda: defaultdict(dict))
    for r in _select(store, _TARGETS):
        plan = by_doc.get(str(r["doc"]))
        if plan is None:
            continue
        ind = str(r["indicator"])
        rows.setdefault(ind, {"label": _s(r, "label") or ind.rsplit("/", 1)[-1], "domain": _s(r, "domain") or "",
                              "unit": _s(r, "iunit") or ""})
        comparator = _s(r, "comparator")
        year = _s(r, "year")
        targets[ind][plan.place_label][str(r["goal"])] = Target(
            _num(r.get("value")), _num(r.get("max")), _s(r, "unit"),
            COMPARATOR_SIGNS.get(comparator.rsplit("#", 1)[-1], "") if comparator else None,
            int(year[:4]) if year and year[:4].isdigit() else None, plan.year, str(r["written"]), str(r["goal"]),
            _num(r.get("confidence")), _s(r, "aim"))
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
    return IndicatorComparison(_order(by_doc.values()), tuple(out))


# --- city similarity --------------------------------------------------------------------------------

#: Facets of a plan and their weights in the weighted Jaccard similarity.
FACET_WEIGHTS: dict[str, float] = {"indicators": 3.0, "instruments": 2.0, "awards": 2.0, "designations": 2.0,
                                   "industries": 1.0, "citations": 1.0, "agency types": 1.0}

_FACETS = """
SELECT DISTINCT ?doc ?facet ?item ?label WHERE {
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  { ?g pk:inDocument ?doc ; pk:indicator ?item . BIND("indicators" AS ?facet) }
  UNION { ?doc pk:usesInstrument ?item . BIND("instruments" AS ?facet) }
  UNION { ?t pk:inDocument ?doc ; pk:instrument ?item . BIND("instruments" AS ?facet) }
  UNION { ?doc pk:promotesAward ?item . BIND("awards" AS ?facet) }
  UNION { ?doc pk:pursuesDesignation ?item . BIND("designations" AS ?facet) }
  UNION { ?doc pk:targetsIndustry ?item . BIND("industries" AS ?facet) }
  UNION { ?doc pk:cites ?item . BIND("citations" AS ?facet) }
  UNION { ?doc pk:mentionsAgency ?agency . %s BIND(?type AS ?item) FILTER(BOUND(?type))
          BIND("agency types" AS ?facet) }
  OPTIONAL { ?item skos:prefLabel ?pl FILTER(lang(?pl) = "zh" || lang(?pl) = "") }
  OPTIONAL { ?item dcterms:title|pk:docNumber|rdfs:label ?tl }
  BIND(COALESCE(?pl, ?tl, STR(?item)) AS ?label)
}
"""


@dataclass(frozen=True)
class Feature:
    facet: str
    item: str
    label: str


@dataclass(frozen=True)
class CityPair:
    a: str
    b: str
    similarity: float                          # weighted Jaccard over every facet
    by_facet: tuple[tuple[str, float], ...]    # plain Jaccard per facet (facets either city has)
    shared: tuple[Feature, ...]                # what both name, the heaviest and rarest first


@dataclass(frozen=True)
class CitySimilarity:
    places: tuple[str, ...]
    features: tuple[tuple[str, int], ...]      # place -> number of distinct features
    pairs: tuple[CityPair, ...]

    def pair(self, a: str, b: str) -> CityPair | None:
        return next((p for p in self.pairs if {p.a, p.b} == {a, b}), None)

    def data(self, top: int = 10) -> dict[str, Any]:
        return {"places": list(self.places), "features": dict(self.features), "weights": FACET_WEIGHTS,
                "pairs": [{"a": p.a, "b": p.b, "similarity": p.similarity, "by_facet": dict(p.by_facet),
                           "shared": [dataclasses.asdict(f) for f in p.shared[:top]], "shared_count": len(p.shared)}
                          for p in self.pairs]}

    def table(self, top: int = 5) -> Table:
        rows = tuple((p.a, p.b, f"{p.similarity:.3f}",
                      ", ".join(f"{f}={j:.2f}" for f, j in p.by_facet if j),
                      "、".join(f.label for f in p.shared[:top])) for p in self.pairs)
        return Table(("city", "city", "similarity", "by facet (Jaccard)", f"top shared (of {top})"), rows)

    def matrix(self) -> tuple[tuple[float, ...], ...]:
        def sim(a: str, b: str) -> float:
            if a == b:
                return 1.0
            p = self.pair(a, b)
            return p.similarity if p else 0.0

        return tuple(tuple(sim(a, b) for b in self.places) for a in self.places)


def place_features(store: Store) -> dict[str, set[Feature]]:
    """What each place's plans name, facet by facet."""
    by_doc = plans(store)
    out: dict[str, set[Feature]] = {p.place_label: set() for p in by_doc.values()}
    labels: dict[tuple[str, str], str] = {}
    rows = _select(store, _FACETS % CURRENT_TYPE)
    for r in rows:
        key = (str(r["facet"]), str(r["item"]))
        labels[key] = min(labels.get(key, str(r["label"])), str(r["label"]))
    for r in rows:
        plan = by_doc.get(str(r["doc"]))
        if plan is not None:
            key = (str(r["facet"]), str(r["item"]))
            out[plan.place_label].add(Feature(key[0], key[1], labels[key]))
    return out


def _jaccard(a: set[Feature], b: set[Feature], weight: Mapping[str, float] | None = None) -> float:
    def w(f: Feature) -> float:
        return weight.get(f.facet, 1.0) if weight else 1.0

    union = sum(w(f) for f in a | b)
    return sum(w(f) for f in a & b) / union if union else 0.0


def compare_cities(store: Store, weights: Mapping[str, float] | None = None) -> CitySimilarity:
    """Weighted Jaccard similarity of every pair of places, with the items they share."""
    weights = weights or FACET_WEIGHTS
    features = place_features(store)
    places = _order(plans(store).values())
    df = Counter(f for fs in features.values() for f in fs)
    pairs = []
    for i, a in enumerate(places):
        for b in places[i + 1:]:
            fa, fb = features.get(a, set()), features.get(b, set())
            by_facet = tuple((facet, round(_jaccard({f for f in fa if f.facet == facet},
                                                    {f for f in fb if f.facet == facet}), 3))
                             for facet in weights if any(f.facet == facet for f in fa | fb))
            shared = tuple(sorted(fa & fb, key=lambda f: (-weights.get(f.facet, 1.0), df[f], f.facet, f.label)))
            pairs.append(CityPair(a, b, round(_jaccard(fa, fb, weights), 4), by_facet, shared))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return CitySimilarity(places, tuple((p, len(features.get(p, ()))) for p in places), tuple(pairs))


def city_network(store: Store) -> nx.Graph:
    """The cities view's graph (viz.graphs.city_graph) with this analysis's similarity on every edge."""
    from .graphs import city_graph

    graph = city_graph(store)
    sims = compare_cities(store)
    by_label = {data.get("label"): node for node, data in graph.nodes(data=True)}
    for p in sims.pairs:
        a, b = by_label.get(p.a), by_label.get(p.b)
        if a is None or b is None or p.similarity == 0:
            continue
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, weight=len(p.shared), shared={}, relation="shares")
        graph.edges[a, b]["similarity"] = p.similarity
    return graph


# --- agency-function load ---------------------------------------------------------------------------

UNTYPED = "(未分类)"

_LOAD = """
SELECT ?doc ?role ?node ?type ?typeLabel WHERE {
  { ?node a pk:Goal ; pk:inDocument ?doc ; pk:owner ?agency . BIND("goals" AS ?role) }
  UNION { ?node a pk:Task ; pk:inDocument ?doc ; pk:leadAgency ?agency . BIND("led" AS ?role) }
  UNION { ?node a pk:Task ; pk:inDocument ?doc ; pk:supportAgency ?agency . BIND("supported" AS ?role) }
  %s
}
"""


@dataclass(frozen=True)
class AgencyLoadRow:
    place: str
    agency_type: str       # IRI, or "" for agencies with no type
    label: str
    goals: int             # goals owned
    led: int               # tasks led
    supported: int         # tasks supported


@dataclass(frozen=True)
class AgencyLoad:
    places: tuple[str, ...]
    rows: tuple[AgencyLoadRow, ...]

    def totals(self) -> tuple[AgencyLoadRow, ...]:
        """One row per agency type over every place, most goals owned first."""
        sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        for r in self.rows:
            s = sums[(r.agency_type, r.label)]
            s[0] += r.goals
            s[1] += r.led
            s[2] += r.supported
        rows = (AgencyLoadRow("(all)", t, label, *s) for (t, label), s in sums.items())
        return tuple(sorted(rows, key=lambda r: (-r.goals, -r.led, -r.supported, r.label)))

    def data(self) -> dict[str, Any]:
        return {"places": list(self.places), "totals": [dataclasses.asdict(r) for r in self.totals()],
                "rows": [dataclasses.asdict(r) for r in self.rows]}

    def grid(self, field: str = "goals") -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
        """Agency-type labels (busiest first) and, for each, the ``field`` count per place."""
        types = tuple(r.label for r in self.totals())
        cell = {(r.label, r.place): int(getattr(r, field)) for r in self.rows}
        return types, tuple(tuple(cell.get((t, p), 0) for p in self.places) for t in types)

    def table(self) -> Table:
        rows = [(r.place, r.label, str(r.goals), str(r.led), str(r.supported))
                for r in (*self.totals(), *self.rows)]
        return Table(("place", "agency type", "goals owned", "tasks led", "tasks supported"), tuple(rows))


def agency_load(store: Store, *, lineage: bool = True) -> AgencyLoad:
    """For each place and agency type: the goals its agencies own, the tasks they lead and support.

    With ``lineage`` (the default) a type the 2018 reform dissolved counts as the type(s) that took over
    its functions, so a 质监局 of 2011 and a 市场监管局 of 2023 are one function."""
    by_doc = plans(store)
    seen: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in _select(store, _LOAD % (CURRENT_TYPE if lineage else NAMED_TYPE)):
        plan = by_doc.get(str(r["doc"]))
        if plan is None:
            continue
        kind = _s(r, "type") or ""
        labels[kind] = min(labels.get(kind, _s(r, "typeLabel") or UNTYPED), _s(r, "typeLabel") or UNTYPED)
        seen[(plan.place_label, kind, str(r["role"]), "")].add(str(r["node"]))
    cells: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"goals": 0, "led": 0, "supported": 0})
    for (place, kind, role, _), nodes in seen.items():
        cells[(place, kind)][role] = len(nodes)
    rows = tuple(sorted((AgencyLoadRow(place, kind, labels[kind], c["goals"], c["led"], c["supported"])
                         for (place, kind), c in cells.items()),
                        key=lambda r: (r.place, -r.goals, -r.led, r.label)))
    return AgencyLoad(_order(by_doc.values()), rows)


# --- diffusion over time ----------------------------------------------------------------------------

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
    for r in _select(store, _ADOPTIONS):
        plan = by_doc.get(str(r["doc"]))
        if plan is None or (kind and str(r["kind"]) != kind):
            continue
        key = (str(r["kind"]), str(r["item"]))
        labels[key] = _s(r, "label") or key[1].rsplit("/", 1)[-1]
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


# --- central nodes ----------------------------------------------------------------------------------

_OWNERSHIP = """
SELECT ?goal ?indicator ?indLabel ?agency ?agencyLabel ?type ?typeLabel WHERE {
  ?goal a pk:Goal ; pk:owner ?agency .
  OPTIONAL { ?goal pk:indicator ?indicator
             OPTIONAL { ?indicator skos:prefLabel ?indLabel FILTER(lang(?indLabel) = "zh" || lang(?indLabel) = "") } }
  OPTIONAL { ?agency rdfs:label ?agencyLabel }
  %s
}
"""

_TASK_AGENCIES = """
SELECT ?task ?role ?agency ?agencyLabel ?type ?typeLabel ?instrument ?insLabel WHERE {
  { ?task a pk:Task ; pk:leadAgency ?agency . BIND("lead" AS ?role) }
  UNION { ?task a pk:Task ; pk:supportAgency ?agency . BIND("support" AS ?role) }
  OPTIONAL { ?agency rdfs:label ?agencyLabel }
  %s
  OPTIONAL { ?task pk:instrument ?instrument
             OPTIONAL { ?instrument skos:prefLabel ?insLabel FILTER(lang(?insLabel) = "zh" || lang(?insLabel) = "") } }
}
"""

_DOC_INSTRUMENTS = """
SELECT DISTINCT ?doc ?instrument ?insLabel WHERE {
  { ?doc pk:usesInstrument ?instrument } UNION { ?t pk:inDocument ?doc ; pk:instrument ?instrument }
  OPTIONAL { ?instrument skos:prefLabel ?insLabel FILTER(lang(?insLabel) = "zh" || lang(?insLabel) = "") }
}
"""


@dataclass(frozen=True)
class Centrality:
    graph: str          # ownership | instruments
    kind: str           # agency_type | agency | indicator | instrument
    node: str
    label: str
    degree: int
    strength: float     # sum of edge weights
    betweenness: float
    eigenvector: float


@dataclass(frozen=True)
class CentralNodes:
    rows: tuple[Centrality, ...]

    def data(self) -> dict[str, Any]:
        return {"rows": [dataclasses.asdict(r) for r in self.rows]}

    def top(self, graph: str, kind: str | None = None, n: int = 10) -> tuple[Centrality, ...]:
        return tuple(r for r in self.rows if r.graph == graph and (kind is None or r.kind == kind))[:n]

    def table(self) -> Table:
        rows = tuple((r.graph, r.kind, r.label, str(r.degree), _fmt(r.strength), f"{r.betweenness:.3f}",
                      f"{r.eigenvector:.3f}") for r in self.rows)
        return Table(("graph", "kind", "node", "degree", "strength", "betweenness", "eigenvector"), rows)


def _agency_node(r: Mapping[str, Term]) -> tuple[str, str, str]:
    """An agency's node: its type when it has one, else the agency itself."""
    if r.get("type") is not None:
        return str(r["type"]), "agency_type", _s(r, "typeLabel") or str(r["type"])
    return str(r["agency"]), "agency", _s(r, "agencyLabel") or str(r["agency"])


def _bump(graph: nx.Graph, a: tuple[str, str, str], b: tuple[str, str, str]) -> None:
    for node, kind, label in (a, b):
        graph.add_node(node, kind=kind, label=label)
    if a[0] != b[0]:
        weight = graph.edges[a[0], b[0]]["weight"] + 1 if graph.has_edge(a[0], b[0]) else 1
        graph.add_edge(a[0], b[0], weight=weight)


def ownership_network(store: Store) -> nx.Graph:
    """Agency types linked to the indicators their goals measure, and to the types they share tasks with."""
    graph = nx.Graph(view="ownership")
    for r in _select(store, _OWNERSHIP % CURRENT_TYPE):
        if r.get("indicator") is not None:
            ind = (str(r["indicator"]), "indicator", _s(r, "indLabel") or str(r["indicator"]))
            _bump(graph, _agency_node(r), ind)
    by_task: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in _select(store, _TASK_AGENCIES % CURRENT_TYPE):
        by_task[str(r["task"])].add(_agency_node(r))
    for nodes in by_task.values():
        ordered = sorted(nodes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                _bump(graph, a, b)
    return graph


def instrument_network(store: Store) -> nx.Graph:
    """Instruments linked to the agency types of the tasks that use them, and to the instruments they
    share a plan with."""
    graph = nx.Graph(view="instruments")
    for r in _select(store, _TASK_AGENCIES % CURRENT_TYPE):
        if r.get("instrument") is not None:
            ins = (str(r["instrument"]), "instrument", _s(r, "insLabel") or str(r["instrument"]))
            _bump(graph, ins, _agency_node(r))
    by_doc: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for r in _select(store, _DOC_INSTRUMENTS):
        by_doc[str(r["doc"])].add((str(r["instrument"]), "instrument", _s(r, "insLabel") or str(r["instrument"])))
    for nodes in by_doc.values():
        ordered = sorted(nodes)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                _bump(graph, a, b)
    return graph


def _centrality(name: str, graph: nx.Graph) -> list[Centrality]:
    if graph.number_of_nodes() == 0:
        return []
    between = nx.betweenness_centrality(graph)
    try:
        rank = nx.eigenvector_centrality(graph, max_iter=1000, weight="weight")
    except (nx.PowerIterationFailedConvergence, nx.NetworkXException):
        rank = nx.degree_centrality(graph)
    rows = [Centrality(name, data["kind"], node, data["label"], graph.degree(node),
                       float(graph.degree(node, weight="weight")), round(between[node], 4), round(rank[node], 4))
            for node, data in graph.nodes(data=True)]
    return sorted(rows, key=lambda r: (-r.eigenvector, -r.degree, r.label))


def central_nodes(store: Store) -> CentralNodes:
    """Centrality of agency types (ownership graph) and instruments (instrument graph)."""
    return CentralNodes(tuple(_centrality("ownership", ownership_network(store))
                              + _centrality("instruments", instrument_network(store))))


# --- linkage report ---------------------------------------------------------------------------------

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
                         tuple((g.place, g.label, _fmt(g.value) + (g.unit or ""), " ".join(g.quote.split()))
                               for g in self.unmatched))
        return Table(("place", "indicator as written", "target", "indicator", "confidence"),
                     tuple((g.place, g.label, _fmt(g.value) + (g.unit or ""), g.indicator or "",
                            _fmt(g.confidence)) for g in self.goals))


def link_report(store: Store) -> LinkReport:
    """Every goal with the canonical indicator it links to, if any."""
    by_doc = plans(store)
    goals: dict[str, GoalLink] = {}
    for r in _select(store, _GOALS):
        plan = by_doc.get(str(r["doc"]))
        goal = str(r["goal"])
        if goal in goals:
            continue
        goals[goal] = GoalLink(goal, plan.place_label if plan else str(r["doc"]), str(r["label"]),
                               _num(r.get("value")), _s(r, "unit"), _s(r, "indicator"), _num(r.get("confidence")),
                               _s(r, "quote") or "")
    return LinkReport(tuple(sorted(goals.values(), key=lambda g: (g.place, g.goal))))


__all__ = [
    "AgencyLoad", "CentralNodes", "CitySimilarity", "DiffusionTable", "IndicatorComparison", "LinkReport",
    "Table", "agency_load", "central_nodes", "city_network", "compare_cities", "compare_indicators", "diffusion",
    "link_report", "plans",
]
