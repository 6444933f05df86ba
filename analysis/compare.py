"""Cross-city analyses over the linked graph (SPARQL for the facts, networkx for the graphs).

Every analysis is a plain function of a :class:`~policykg.store.Store` that returns a frozen dataclass
with a ``table()`` (for the CLI, CSV and pages) and a ``data()`` (plain data, for JSON). One module per
analysis; this one gathers them for the CLI (``policykg compare ...``) and the API (``/compare/...``).

* :mod:`.indicators`: one row per canonical indicator, one column per place (and the linkage report)
* :mod:`.similarity`: weighted Jaccard between places, the items they share, the city network
* :mod:`.agency_load`: goals owned and tasks led and supported per place and agency type
* :mod:`.diffusion`: the first year each indicator or instrument appears, and later adopters
* :mod:`.centrality`: centrality of agency types and instruments
* :mod:`.plans`: each plan's place and year, shared by all of them
"""

from __future__ import annotations

from .agency_load import UNTYPED, AgencyLoad, AgencyLoadRow, agency_load
from .centrality import Centrality, CentralNodes, central_nodes, instrument_network, ownership_network
from .diffusion import KINDS as DIFFUSION_KINDS
from .diffusion import Diffusion, DiffusionTable, diffusion
from .indicators import (
    COMPARATOR_SIGNS,
    GoalLink,
    IndicatorComparison,
    IndicatorRow,
    LinkReport,
    NearMiss,
    Target,
    compare_indicators,
    headline,
    link_report,
)
from .plans import Plan, Table, place_order, plans
from .similarity import FACET_WEIGHTS, CityPair, CitySimilarity, Feature, city_network, compare_cities, place_features

__all__ = [
    "COMPARATOR_SIGNS", "DIFFUSION_KINDS", "FACET_WEIGHTS", "UNTYPED", "AgencyLoad", "AgencyLoadRow", "CentralNodes",
    "Centrality",
    "CityPair", "CitySimilarity", "Diffusion", "DiffusionTable", "Feature", "GoalLink", "IndicatorComparison",
    "IndicatorRow", "LinkReport", "NearMiss", "Plan", "Table", "Target", "agency_load", "central_nodes", "city_network",
    "compare_cities", "compare_indicators", "diffusion", "headline", "instrument_network", "link_report",
    "ownership_network", "place_features", "place_order", "plans",
]
