"""A concept of one of the SKOS vocabularies: a region, award programme, designation, industry, indicator or
policy instrument. Defined once; every vocabulary table holds these."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef


@dataclass(frozen=True)
class Concept:
    iri: URIRef
    label: str                       # skos:prefLabel (simplified Chinese)
    alt: tuple[str, ...] = ()        # skos:altLabel / hiddenLabel
    kind: str = ""                   # province | city | county | award | designation | industry | indicator
                                     # | instrument
    level: str | None = None         # National | Provincial | Municipal | County (awards, designations);
                                     # a county-level region's division type (县级市, 市辖区, 自治县)
    parent: URIRef | None = None     # a city's province; a county's prefecture (or province); an award's province
    hints: tuple[str, ...] = ()      # place-name hints (rivers, landmarks, provincial programmes)
    abbreviation: str | None = None  # one-character province abbreviation (豫, 鄂)
    emerging: bool = False           # a strategic emerging industry
    unit: str | None = None          # an indicator's unit (pk:indicatorUnit)
    family: URIRef | None = None     # an indicator's family (skos:broader, a pk:IndicatorFamily)
    increment: bool = False          # an indicator that is an increment (pk:aggregation pk:Increment)
    twin: URIRef | None = None       # a stock count's increment twin (新增…), or an increment twin's stock

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.alt)
