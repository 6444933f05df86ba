"""The frozen records that flow between the ingestion stages."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef


@dataclass(frozen=True)
class Source:
    """A file as read: its text (what offsets count into), and what was detected about it."""

    name: str            # base name, e.g. 003_2335b28b753d4964.txt
    text: str            # the text as read: decoded plain text, or the visible text of html/docx/pdf
    format: str          # txt | html | docx | pdf
    encoding: str        # detected encoding of the bytes (utf-8, gb18030, big5, ...)
    warnings: tuple[str, ...] = ()
    folder: str = ""     # the name of the folder the file sits in: with ``name``, what the document id keys on


@dataclass(frozen=True)
class Normalized:
    """Normalised text (simplified script, half-width, no pinyin glosses) with a map back to the source.

    ``offsets[i]`` is the source index of normalised character ``i``; ``offsets[len(text)]`` is the
    source length, so a normalised span ``[a, b)`` maps to ``[offsets[a], offsets[b - 1] + 1)``.
    """

    text: str
    offsets: tuple[int, ...]
    script: str = "zh-Hans"
    warnings: tuple[str, ...] = ()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Evidence:
    quote: str   # verbatim source text
    start: int   # offsets into Source.text
    end: int


@dataclass(frozen=True)
class Section:
    number: str          # normalised numbering, e.g. "3", "3.2"
    title: str
    level: int           # 1 for 一、, 2 for (一), 3 for 1., 4 for (1); 0 for 专栏
    start: int           # normalised offsets of the section's extent
    end: int
    evidence: Evidence | None = None


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None = None
    doc_type: str | None = None
    doc_number: str | None = None
    issued: str | None = None        # YYYY, YYYY-MM or YYYY-MM-DD
    issuers: tuple[str, ...] = ()
    city: str | None = None          # full name, e.g. 鄂州市
    province: str | None = None      # full name, e.g. 湖北省
    level: str | None = None         # provincial | municipal | county
    title_evidence: Evidence | None = None
    county: str | None = None        # a county-level plan's county, district or county-level city, e.g. 新密市


@dataclass(frozen=True)
class Goal:
    indicator: str
    evidence: Evidence
    value: float | None = None       # None for a qualitative goal
    value_max: float | None = None
    unit: str | None = None
    comparator: str | None = None    # AtLeast | MoreThan | AtMost | LessThan | Exactly
    year: int | None = None
    qualitative: str | None = None   # the aim of a goal with no figure (前列)
    task: str | None = None          # number of the task that states it
    section: str | None = None
    owners: tuple[str, ...] = ()     # agency surface forms responsible by a stated duty
    span: tuple[int, int] = (0, 0)   # normalised offsets of the quote
    domain: str | None = None        # product | engineering | service | environment | government, when known


@dataclass(frozen=True)
class Task:
    number: str
    text: str                        # normalised task text, up to its responsibility mark
    evidence: Evidence
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    deadline: str | None = None
    span: tuple[int, int] = (0, 0)
    aliases: tuple[tuple[str, str], ...] = ()   # (alias, full name) the marks define: 〈以下简称市质强委〉


@dataclass(frozen=True)
class Duty:
    """A duty a text assigns to a named agency outside task markings (市质监局牵头负责产品质量)."""

    agency: str
    duty: str
    evidence: Evidence
    domain: str | None = None        # product | engineering | service | environment | ... when stated


@dataclass(frozen=True)
class Agency:
    """A government body the document names, resolved to its full name in one jurisdiction."""

    full_name: str                   # 鄂州市质量技术监督局
    jurisdiction: str                # 鄂州市 (the region whose body it is), 国家 for central bodies
    surfaces: tuple[str, ...]        # every form the text uses (市质监局, 质监局 ...), simplified script
    agency_type: str | None = None   # local name of a pk:AgencyType in ontology/vocab/agency-types.ttl
    collective: bool = False         # 各区人民政府, 市质强委相关成员单位
    evidence: Evidence | None = None # the first mention


@dataclass(frozen=True)
class Mention:
    """A named thing the text mentions: an agency, industry, award, designation or cited document."""

    kind: str                        # agency | industry | award | designation | citation
    surface: str                     # as written (simplified script)
    evidence: Evidence
    attrs: tuple[tuple[str, str], ...] = field(default=())

    def attr(self, key: str) -> str | None:
        return dict(self.attrs).get(key)


@dataclass(frozen=True)
class Incentive:
    award: str
    amount_yuan: float
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    """Everything read out of one document, before it becomes triples."""

    source: Source
    normalized: Normalized
    meta: DocumentMeta
    sections: tuple[Section, ...] = ()
    goals: tuple[Goal, ...] = ()
    tasks: tuple[Task, ...] = ()
    duties: tuple[Duty, ...] = ()
    agencies: tuple[Agency, ...] = ()
    mentions: tuple[Mention, ...] = ()
    incentives: tuple[Incentive, ...] = ()


@dataclass(frozen=True)
class IndicatorLink:
    """The canonical indicator a goal measures, or (``exact_measure`` False) only its family (issue 15)."""

    concept: URIRef           # the indicator the goal measures; for a family match, the nearest indicator
    confidence: float         # calibrated: the share of such links found right on hand-labelled goals
    method: str               # award | exact | alt | substring | similarity
    family: URIRef | None = None
    exact_measure: bool = True  # False: only the family fits (pk:FamilyMatch); concept is not the goal's measure
    reason: str = ""          # why only the family

    @property
    def needs_review(self) -> bool:
        """Below the calibrated threshold: flagged pk:NeedsReview, never shown as an equal link."""
        return self.confidence < REVIEW_THRESHOLD


#: Links with a calibrated confidence below this are flagged for review (docs/linkage.md): every family-only link
#: (right about 2 times in 5 on plans the linker never saw), no link to an indicator (right 4 times in 5 or more).
REVIEW_THRESHOLD = 0.6


@dataclass(frozen=True)
class Links:
    """What the link stage resolved for one :class:`Extraction`, for the emitter to write down as it is."""

    indicators: tuple[IndicatorLink | None, ...] = ()        # one per goal, in order
    task_instruments: tuple[tuple[URIRef, ...], ...] = ()    # one per task, in order
    instruments: tuple[URIRef, ...] = ()                     # every instrument the text names
    instrument_spans: tuple[tuple[URIRef, int, int], ...] = ()   # each with the normalised span of the sentence
                                                             # that first names it (its evidence)
    resolved: tuple[tuple[str, tuple[Agency, ...]], ...] = ()   # surface → the bodies it names (the last is the
                                                             # one meant), for names only a unit, owner or issuer
                                                             # gives (the extraction's agencies cover the rest)
    current_types: tuple[tuple[str, tuple[str, ...]], ...] = ()   # agency type → its types after the 2018 reform
    regions: tuple[tuple[str, URIRef], ...] = ()             # region name → its vocabulary concept or node; names
                                                             # that are no region (国家, 未知) are left out

    def agency_types(self, agency_type: str | None) -> tuple[str, ...]:
        return dict(self.current_types).get(agency_type or "", ())

    def region(self, name: str) -> URIRef | None:
        return dict(self.regions).get(name)
