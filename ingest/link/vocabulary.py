"""Every vocabulary ingest resolves against, as one :class:`Vocabulary` object built once and passed in.

Regions, award programmes and designations, industries (``ontology/vocab/*.ttl``), agency names and types with
the 2018 reform (``agency-names.tsv``, ``agency-types.ttl``), indicators and policy instruments: each table is
read from its file the first time it is asked for, and kept by the object, not by the module. The pipeline uses
:func:`packaged` (the packaged files, read once per process); a test may build a small one from its own files
or give the tables directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from re import Pattern

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.namespaces import PK

from ..words import fold_key as fold
from .agency_types import Entry, current_types, read_lexicon, read_reforms
from .citations import Registry
from .concept import Concept
from .indicators import IndicatorIndex, InstrumentIndex, build_index, folded_labels, place_pattern, read_concepts
from .regions import RegionIndex, read_regions

__all__ = ["Concept", "Vocabulary", "fold", "packaged"]

KINDS = ("province", "city", "award", "designation", "industry")


def _concepts(graph: Graph, cls: URIRef, kind: str) -> tuple[Concept, ...]:
    out = []
    for node in sorted(n for n in set(graph.subjects(RDF.type, cls)) if isinstance(n, URIRef)):
        label = graph.value(node, SKOS.prefLabel)
        if label is None:
            continue
        alts = sorted({str(a) for p in (SKOS.altLabel, SKOS.hiddenLabel) for a in graph.objects(node, p)})
        level = graph.value(node, PK.level)
        parent = graph.value(node, PK.inProvince) or graph.value(node, SKOS.broader)
        abbr = graph.value(node, PK.abbreviation)
        out.append(Concept(
            iri=node, label=str(label), alt=tuple(a for a in alts if a != str(label)), kind=kind,
            level=str(level).rsplit("#", 1)[-1] if level is not None else None,
            parent=parent if isinstance(parent, URIRef) else None,
            hints=tuple(sorted(str(h) for h in graph.objects(node, PK.placeHint))),
            abbreviation=str(abbr) if abbr is not None else None,
            emerging=bool(graph.value(node, PK.strategicEmerging)),
        ))
    return tuple(out)


class Vocabulary:
    """The vocabularies, read from ``folder`` (the packaged ``ontology/vocab``) as each is first needed.

    Tables given as keyword arguments replace the files: ``Vocabulary(cities=(...), provinces=(...))``.
    """

    def __init__(self, folder: Path | None = None, *, provinces: Sequence[Concept] | None = None,
                 cities: Sequence[Concept] | None = None, counties: Sequence[Concept] | None = None,
                 awards: Sequence[Concept] | None = None,
                 designations: Sequence[Concept] | None = None, industries: Sequence[Concept] | None = None,
                 lexicon: dict[str, Entry] | None = None, reforms: dict[str, tuple[str, ...]] | None = None,
                 indicators: Sequence[Concept] | None = None, instruments: Sequence[Concept] | None = None) -> None:
        self.folder = folder if folder is not None else _packaged_folder()
        given = {"provinces": provinces, "cities": cities, "counties": counties, "awards": awards,
                 "designations": designations,
                 "industries": industries, "lexicon": lexicon, "reforms": reforms,
                 "indicator_concepts": indicators, "instrument_concepts": instruments}
        for name, value in given.items():
            if value is not None:   # cached_property reads the instance dictionary first
                self.__dict__[name] = tuple(value) if isinstance(value, Sequence) else value
        self._indexes: dict[str, dict[str, Concept]] = {}
        self._graphs: dict[str, Graph] = {}

    def _graph(self, name: str) -> Graph:
        if name not in self._graphs:
            from policykg.ontology.load import read_turtle

            path = self.folder / f"{name}.ttl"
            self._graphs[name] = read_turtle(path) if path.exists() else Graph()
        return self._graphs[name]

    # --- regions, awards, designations, industries ------------------------------------------------------

    @cached_property
    def provinces(self) -> tuple[Concept, ...]:
        return _concepts(self._graph("regions"), PK.Province, "province")

    @cached_property
    def cities(self) -> tuple[Concept, ...]:
        return _concepts(self._graph("regions"), PK.City, "city")

    @cached_property
    def counties(self) -> tuple[Concept, ...]:
        """Every county-level division (县, 县级市, 市辖区, 旗 …); its ``parent`` is its prefecture, or its province."""
        return read_regions(self._graph("regions"))[2]

    @cached_property
    def regions(self) -> RegionIndex:
        """Provinces, cities and counties by name (one compiled trie), code and IRI."""
        return RegionIndex(self.provinces, self.cities, self.counties)

    @cached_property
    def documents(self) -> Registry:
        """The registry of frequently cited documents (``documents.ttl``), by title and by 文号."""
        return Registry.read(self._graph("documents"))

    @cached_property
    def awards(self) -> tuple[Concept, ...]:
        return _concepts(self._graph("awards"), PK.AwardProgram, "award")

    @cached_property
    def designations(self) -> tuple[Concept, ...]:
        return _concepts(self._graph("awards"), PK.Designation, "designation")

    @cached_property
    def industries(self) -> tuple[Concept, ...]:
        return _concepts(self._graph("industries"), PK.Industry, "industry")

    def table(self, kind: str) -> tuple[Concept, ...]:
        return {"province": self.provinces, "city": self.cities, "award": self.awards,
                "designation": self.designations, "industry": self.industries}[kind]

    def index(self, kind: str) -> dict[str, Concept]:
        """Every label (preferred and alternative) of one vocabulary, folded, to its concept."""
        if kind not in self._indexes:
            out: dict[str, Concept] = {}
            for concept in self.table(kind):
                for label in concept.labels:
                    out.setdefault(fold(label), concept)
            self._indexes[kind] = out
        return self._indexes[kind]

    def lookup(self, kind: str, surface: str) -> Concept | None:
        return self.index(kind).get(fold(surface))

    def region_by_iri(self, iri: URIRef) -> Concept | None:
        return self.regions.get(iri)

    def region_node(self, name: str, within: str | None = None) -> URIRef | None:
        """The regions-vocabulary concept whose full name is ``name``, if any: a province or prefecture, else the
        county of that name (under the region named ``within`` where several counties share it: 朝阳区)."""
        concept = self.lookup("city", name) or self.lookup("province", name)
        if concept is not None and concept.label == name:
            return concept.iri
        chain = self.regions.chain(name)
        if len(chain) > 1 and "".join(r.label for r in chain) == name:
            return chain[-1].iri                  # 佛山市顺德区, as a district's bodies write it
        counties = self.regions.named(name)
        if len(counties) > 1 and within:
            outer = self.regions.named(within)
            counties = tuple(c for c in counties if any(self.regions.within(c, o) for o in outer))
        return counties[0].iri if len(counties) == 1 else None

    # --- agencies ---------------------------------------------------------------------------------------

    @cached_property
    def lexicon(self) -> dict[str, Entry]:
        """Surface word → (full function name, agency type), from agency-names.tsv."""
        return read_lexicon(self.folder / "agency-names.tsv")

    @cached_property
    def reforms(self) -> dict[str, tuple[str, ...]]:
        return read_reforms(self.folder / "agency-types.ttl")

    def current_types(self, agency_type: str | None) -> tuple[str, ...]:
        return current_types(agency_type, self.reforms)

    # --- indicators and instruments ---------------------------------------------------------------------

    @cached_property
    def place_names(self) -> Pattern[str] | None:
        """Every province and prefecture name, full and short, longest first (what a label's core leaves out)."""
        return place_pattern((*self.provinces, *self.cities))

    @cached_property
    def indicator_concepts(self) -> tuple[Concept, ...]:
        return tuple(read_concepts(self.folder / "indicators.ttl", PK.Indicator, "indicator"))

    @cached_property
    def instrument_concepts(self) -> tuple[Concept, ...]:
        return tuple(read_concepts(self.folder / "instruments.ttl", PK.PolicyInstrument, "instrument"))

    @cached_property
    def indicators(self) -> IndicatorIndex:
        graph = self._graph("awards")
        sectors = [(c, str(graph.value(c.iri, PK.sector) or "")) for c in self.awards]
        return build_index(self.indicator_concepts, self.place_names, self.provinces, sectors)

    @cached_property
    def instruments(self) -> InstrumentIndex:
        return tuple((c.iri, folded_labels(c)) for c in self.instrument_concepts)


def _packaged_folder() -> Path:
    from policykg.ontology import vocabulary_paths

    paths = vocabulary_paths()
    return paths[0].parent if paths else Path(__file__).resolve().parents[2] / "ontology" / "vocab"


@lru_cache(maxsize=1)
def packaged() -> Vocabulary:
    """The packaged vocabularies: one object per process, each table read from its file once."""
    return Vocabulary()
