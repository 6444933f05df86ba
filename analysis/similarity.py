"""City similarity: weighted Jaccard over what two places' plans name, the items they share, and the
city network.

Each item weighs its facet's weight; an instrument also weighs its inverse document frequency over the places,
log((N+1)/(df+1)) (issue 15): an instrument every plan names (质量信用, 卓越绩效) weighs nothing, and a rare one
says more about two plans than a common one."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
from rdflib import URIRef

from policykg.sparql import Term
from policykg.store import Store

from .plans import CURRENT_TYPE_ONCE, Table, place_order, plans, select

#: Facets of a plan and their weights in the weighted Jaccard similarity.
FACET_WEIGHTS: dict[str, float] = {"indicators": 3.0, "instruments": 2.0, "awards": 2.0, "designations": 2.0,
                                   "industries": 1.0, "citations": 1.0, "agency types": 1.0}

#: What each document names, facet by facet (the agency types apart, in :data:`_AGENCY_TYPES`). The items' labels
#: are read apart, once per item (:data:`_LABELS`): looked up on every (document, item) row, over the union
#: graph's copies, they made this one query run for minutes at 1,000 documents (44k rows: 4.6 s CPU without).
_FACETS = """
SELECT DISTINCT ?doc ?facet ?item WHERE {
  { ?g pk:inDocument ?doc ; pk:indicator ?item . BIND("indicators" AS ?facet) }
  UNION { ?doc pk:usesInstrument ?item . BIND("instruments" AS ?facet) }
  UNION { ?t pk:inDocument ?doc ; pk:instrument ?item . BIND("instruments" AS ?facet) }
  UNION { ?doc pk:promotesAward ?item . BIND("awards" AS ?facet) }
  UNION { ?doc pk:pursuesDesignation ?item . BIND("designations" AS ?facet) }
  UNION { ?doc pk:targetsIndustry ?item . BIND("industries" AS ?facet) }
  UNION { ?doc pk:cites ?item . BIND("citations" AS ?facet) }
}
"""

_AGENCY_TYPES = """
SELECT DISTINCT ?doc ?facet ?item WHERE {
  ?doc pk:mentionsAgency ?agency . %s BIND(?type AS ?item) FILTER(BOUND(?type))
  BIND("agency types" AS ?facet)
}
"""

#: An item's labels: its preferred label (Chinese or untagged), else its title, 文号 or label. %s: a VALUES block.
_LABELS = """
SELECT ?item ?pl ?tl WHERE {
  %s
  OPTIONAL { ?item skos:prefLabel ?pl FILTER(lang(?pl) = "zh" || lang(?pl) = "") }
  OPTIONAL { ?item dcterms:title|pk:docNumber|rdfs:label ?tl }
}
"""


def _labels(store: Store, items: list[Term]) -> dict[str, str]:
    """Each item's label: the least of its preferred labels, else of its titles, 文号 and labels, else its IRI
    (what COALESCE(?pl, ?tl, STR(?item)) gave, row by row, least first)."""
    preferred: dict[str, list[str]] = defaultdict(list)
    other: dict[str, list[str]] = defaultdict(list)
    iris = sorted({str(i) for i in items if isinstance(i, URIRef)})
    for start in range(0, len(iris), 500):
        values = "VALUES ?item { " + " ".join(f"<{iri}>" for iri in iris[start:start + 500]) + " }"
        for r in select(store, _LABELS % values):
            item = str(r["item"])
            if r.get("pl") is not None:
                preferred[item].append(str(r["pl"]))
            if r.get("tl") is not None:
                other[item].append(str(r["tl"]))
    return {str(i): min(preferred.get(str(i)) or other.get(str(i)) or [str(i)]) for i in items}


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

    @cached_property
    def _by_pair(self) -> dict[frozenset[str], CityPair]:
        return {frozenset((p.a, p.b)): p for p in self.pairs}

    def pair(self, a: str, b: str) -> CityPair | None:
        return self._by_pair.get(frozenset((a, b)))

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

    def matrix(self, places: tuple[str, ...] | None = None) -> tuple[tuple[float, ...], ...]:
        """Similarity of every two of ``places`` (all by default), 1 on the diagonal."""
        def sim(a: str, b: str) -> float:
            if a == b:
                return 1.0
            p = self.pair(a, b)
            return p.similarity if p else 0.0

        shown = self.places if places is None else places
        return tuple(tuple(sim(a, b) for b in shown) for a in shown)


def place_features(store: Store) -> dict[str, set[Feature]]:
    """What each place's plans name, facet by facet."""
    by_doc = plans(store)
    out: dict[str, set[Feature]] = {p.place_label: set() for p in by_doc.values()}
    rows = [r for r in select(store, _FACETS) + select(store, _AGENCY_TYPES % CURRENT_TYPE_ONCE)
            if str(r["doc"]) in by_doc]
    labels = _labels(store, list({r["item"]: None for r in rows}))
    for r in rows:
        plan = by_doc[str(r["doc"])]
        out[plan.place_label].add(Feature(str(r["facet"]), str(r["item"]), labels[str(r["item"])]))
    return out


#: Facets whose items are weighted by inverse document frequency over the places.
IDF_FACETS = frozenset({"instruments"})


def _jaccard(a: set[Feature], b: set[Feature], weight: Mapping[str, float] | None = None,
             idf: Mapping[Feature, float] | None = None) -> float:
    def w(f: Feature) -> float:
        return (weight.get(f.facet, 1.0) if weight else 1.0) * (idf.get(f, 1.0) if idf else 1.0)

    union = sum(w(f) for f in a | b)
    return sum(w(f) for f in a & b) / union if union else 0.0


def compare_cities(store: Store, weights: Mapping[str, float] | None = None) -> CitySimilarity:
    """Weighted Jaccard similarity of every pair of places, with the items they share.

    Each place's weight totals (overall and per facet) are summed once; a pair then costs only what the two
    share: union = A + B - shared (260 places, 33,670 pairs at 1,000 documents)."""
    weights = weights or FACET_WEIGHTS
    features = place_features(store)
    places = place_order(plans(store).values())
    df = Counter(f for fs in features.values() for f in fs)
    n = len(features)
    idf = {f: math.log((n + 1) / (df[f] + 1)) for f in df if f.facet in IDF_FACETS}
    # Each feature is a number (its rank among the shared items' order: heaviest, rarest first), so two places'
    # sets intersect as sets of ints, not of dataclasses compared in Python.
    ranked = sorted(df, key=lambda f: (-weights.get(f.facet, 1.0) * idf.get(f, 1.0), df[f], f.facet, f.label,
                                       f.item))
    number = {f: i for i, f in enumerate(ranked)}
    plain = [idf.get(f, 1.0) for f in ranked]                                  # weight within its facet
    heavy = [weights.get(f.facet, 1.0) * w for f, w in zip(ranked, plain, strict=True)]   # and across facets
    facet_of = [f.facet for f in ranked]
    facets = list(weights)
    sets: dict[str, frozenset[int]] = {}
    totals: dict[str, float] = {}
    by_facet_totals: dict[str, dict[str, float]] = {}
    for place in places:
        ids = frozenset(number[f] for f in features.get(place, ()))
        sets[place] = ids
        totals[place] = sum(heavy[i] for i in ids)
        sums: dict[str, float] = {}
        for i in ids:
            sums[facet_of[i]] = sums.get(facet_of[i], 0.0) + plain[i]
        by_facet_totals[place] = sums
    pairs = []
    for k, a in enumerate(places):
        fa, ta, sa = sets[a], totals[a], by_facet_totals[a]
        for b in places[k + 1:]:
            both = sorted(fa & sets[b])
            sb = by_facet_totals[b]
            inter: dict[str, float] = {}
            for i in both:
                inter[facet_of[i]] = inter.get(facet_of[i], 0.0) + plain[i]
            by_facet = []
            for facet in facets:
                if facet in sa or facet in sb:
                    union = sa.get(facet, 0.0) + sb.get(facet, 0.0) - inter.get(facet, 0.0)
                    by_facet.append((facet, round(inter.get(facet, 0.0) / union, 3) if union else 0.0))
            shared_weight = sum(heavy[i] for i in both)
            union_weight = ta + totals[b] - shared_weight
            similarity = round(shared_weight / union_weight, 4) if union_weight else 0.0
            pairs.append(CityPair(a, b, similarity, tuple(by_facet), tuple(ranked[i] for i in both)))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return CitySimilarity(places, tuple((p, len(features.get(p, ()))) for p in places), tuple(pairs))


def city_network(store: Store) -> nx.Graph:
    """The cities view's graph (policykg.viz.graphs.city_graph) with this analysis's similarity on every edge."""
    from policykg.viz.graphs import city_graph

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
