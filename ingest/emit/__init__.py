"""The emit stage: an :class:`Extraction` and its :class:`Links` to the triples of the document's named graph.

Nothing is decided here: every resolution (agencies, agency types, regions, indicators, instruments) comes from
the link stage, and is written down as it is. The triples are written as N-Triples lines (:mod:`.terms`), with no
rdflib graph in between: :func:`emit_ntriples` gives them, :func:`emit` the same triples as an rdflib ``Graph``
for callers that want one.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph

from policykg import iris

from ..layout.normalize import evidence
from ..layout.outline import enclosing
from ..records import Agency, Evidence, Extraction, Links
from .named import NamedEmitter, emit_document, emit_incentives, named_node
from .terms import (
    DCTERMS,
    PK,
    PKR,
    RDF,
    RDFS,
    SKOS,
    XSD_DECIMAL,
    XSD_GYEAR,
    Triples,
    integer,
    literal,
    term,
    typed,
)

DOMAIN_NODE = {"product": PK.ProductQuality, "engineering": PK.EngineeringQuality, "service": PK.ServiceQuality,
               "environment": PK.EnvironmentalQuality, "government": PK.GovernmentQualityWork}


def decimal(value: float) -> str:
    """An xsd:decimal without exponent or trailing zeros: 97 → "97", 93.5 → "93.5"."""
    return typed(format(Decimal(repr(value)).normalize(), "f"), XSD_DECIMAL)


def agency_type_node(slug: str) -> str:
    return PKR[f"agency-type/{slug}"]


def local(doc_id: str, kind: str, n: int | str) -> str:
    """:func:`policykg.iris.local` as N-Triples text."""
    return PKR[f"{kind}/{doc_id}/{n}"]


class _Emitter:
    def __init__(self, ex: Extraction, links: Links) -> None:
        self.ex = ex
        self.links = links
        self.resolved = dict(links.resolved)
        self.g = Triples()
        self.doc_id = iris.document_id(ex.source.name, ex.source.folder)
        self.doc = term(iris.document(ex.source.name, ex.source.folder))
        self.jurisdiction: str = ex.meta.county or ex.meta.city or ex.meta.province or "未知"
        self.named = NamedEmitter(self)
        self.agency_nodes: dict[str, str] = {}       # surface form → agency node
        self.current_types = dict(links.current_types)
        self.regions = dict(links.regions)

    def evidence(self, node: str, ev: Evidence) -> None:
        # Named by its span, not by emit order: the same file gives the same IRIs however it was processed.
        e = local(self.doc_id, "evidence", f"{ev.start}-{ev.end}")
        add = self.g.add
        add(node, PK.evidence, e)
        add(e, RDF.type, PK.Evidence)
        add(e, PK.quote, literal(ev.quote))
        add(e, PK.start, integer(ev.start))
        add(e, PK.end, integer(ev.end))

    def region(self, name: str) -> str | None:
        region = self.regions.get(name)
        return None if region is None else term(region)

    def agency(self, surface: str) -> str:
        """The node of an agency named by ``surface`` (resolved to its full name when it was not seen yet)."""
        node = self.agency_nodes.get(surface)
        if node is None:
            for agency in self.resolved.get(surface, ()):
                node = self.agency_node(agency)
        assert node is not None
        return node

    def agency_node(self, agency: Agency) -> str:
        add = self.g.add
        node = term(iris.agency(agency.jurisdiction, agency.full_name))
        add(node, RDF.type, PK.Agency)
        if agency.collective:
            add(node, RDF.type, PK.CollectiveAgency)
        name = literal(agency.full_name)
        add(node, RDFS.label, name)
        add(node, SKOS.prefLabel, name)
        for surface in agency.surfaces:
            add(node, SKOS.altLabel, literal(surface))
            self.agency_nodes[surface] = node
        current = self.current_types.get(agency.agency_type or "", ())
        for slug in current:
            add(node, PK.agencyType, agency_type_node(slug))
        if agency.agency_type and agency.agency_type not in current:
            add(node, PK.formerAgencyType, agency_type_node(agency.agency_type))
        region = self.region(agency.jurisdiction)
        if region is not None:
            add(node, PK.jurisdiction, region)
        add(self.doc, PK.mentionsAgency, node)
        if agency.evidence is not None:
            self.evidence(node, agency.evidence)
        return node

    def agencies(self) -> None:
        for agency in self.ex.agencies:
            self.agency_node(agency)

    def section_node(self, at: int) -> str | None:
        """The innermost section holding offset ``at`` (sections are numbered in reading order)."""
        inner = enclosing(self.ex.sections, at)
        return local(self.doc_id, "section", self.ex.sections.index(inner[-1]) + 1) if inner else None

    def sections(self) -> None:
        add = self.g.add
        for n, section in enumerate(self.ex.sections, 1):
            node = local(self.doc_id, "section", n)
            add(node, RDF.type, PK.Section)
            add(node, PK.inDocument, self.doc)
            add(self.doc, PK.hasSection, node)
            add(node, PK.outlineNumber, literal(section.number))
            add(node, RDFS.label, literal(section.title))
            add(node, PK.outlineLevel, integer(section.level))
            outer = [s for s in enclosing(self.ex.sections, section.start) if s is not section]
            if outer:
                parent = local(self.doc_id, "section", self.ex.sections.index(outer[-1]) + 1)
                add(node, PK.parentSection, parent)
            norm = self.ex.normalized
            line_end = norm.text.find("\n", section.start)
            end = line_end if 0 <= line_end < section.end else section.end
            a, b = norm.source_span(section.start, end)
            quote = self.ex.source.text[a:b]
            stripped = quote.strip()
            if stripped:
                a += quote.index(stripped)
                self.evidence(node, Evidence(stripped, a, a + len(stripped)))

    def duties(self) -> None:
        add = self.g.add
        for n, duty in enumerate(self.ex.duties, 1):
            node = local(self.doc_id, "duty", n)
            add(node, RDF.type, PK.Duty)
            add(node, PK.inDocument, self.doc)
            add(node, PK.assignedTo, self.agency(duty.agency))
            add(node, DCTERMS.description, literal(duty.duty))
            if duty.domain in DOMAIN_NODE:
                add(node, PK.qualityDomain, DOMAIN_NODE[duty.domain])
            self.evidence(node, duty.evidence)

    def document(self) -> None:
        emit_document(self)
        add = self.g.add
        for instrument in self.links.instruments:   # every instrument the text names
            add(self.doc, PK.usesInstrument, term(instrument))
        for n, (instrument, start, end) in enumerate(self.links.instrument_spans, 1):   # with the sentence naming it
            record = local(self.doc_id, "instrument-mention", n)
            add(record, RDF.type, PK.Mention)
            add(record, PK.inDocument, self.doc)
            add(record, PK.mentionOf, term(instrument))
            self.evidence(record, evidence(self.ex.source, self.ex.normalized, start, end))

    def goals(self) -> None:
        add = self.g.add
        for n, (goal, link) in enumerate(zip(self.ex.goals, self.links.indicators, strict=True), 1):
            node = local(self.doc_id, "goal", n)
            add(node, RDF.type, PK.Goal)
            add(node, PK.inDocument, self.doc)
            add(node, PK.indicatorLabel, literal(goal.indicator))
            if goal.value is not None:
                add(node, PK.targetValue, decimal(goal.value))
            if goal.value_max is not None:
                add(node, PK.targetValueMax, decimal(goal.value_max))
            if goal.unit:
                add(node, PK.unit, literal(goal.unit))
            if goal.comparator:
                add(node, PK.comparator, PK[goal.comparator])
            if goal.year:
                add(node, PK.targetYear, typed(str(goal.year), XSD_GYEAR))
            if goal.qualitative:
                add(node, PK.qualitativeTarget, literal(goal.qualitative))
            if goal.task:
                add(node, PK.task, local(self.doc_id, "task", goal.task))
            if goal.domain in DOMAIN_NODE:
                add(node, PK.qualityDomain, DOMAIN_NODE[goal.domain])
            section = self.section_node(goal.span[0])
            if section is not None:
                add(node, PK.inSection, section)
            if link is not None:   # the indicator only when the measure agrees; else the family, marked as such
                if link.exact_measure:
                    add(node, PK.indicator, term(link.concept))
                if link.family is not None:
                    add(node, PK.indicatorFamily, term(link.family))
                add(node, PK.indicatorMatch, PK.ConceptMatch if link.exact_measure else PK.FamilyMatch)
                if not link.exact_measure:
                    add(node, PK.nearestIndicator, term(link.concept))
                    add(node, PK.matchReason, literal(link.reason))
                add(node, PK.indicatorConfidence, typed(str(round(link.confidence, 3)), XSD_DECIMAL))
                add(node, PK.linkStatus, PK.NeedsReview if link.needs_review else PK.Accepted)
            for owner in goal.owners:
                add(node, PK.owner, self.agency(owner))
            self.evidence(node, goal.evidence)

    def tasks(self) -> None:
        add = self.g.add
        for task, instruments in zip(self.ex.tasks, self.links.task_instruments, strict=True):
            node = local(self.doc_id, "task", task.number)
            add(node, RDF.type, PK.Task)
            add(node, PK.inDocument, self.doc)
            add(node, PK.number, literal(task.number))
            add(node, RDFS.label, literal(task.text[:60]))
            for prop, names in ((PK.leadAgency, task.lead), (PK.supportAgency, task.support)):
                for name in names:
                    add(node, prop, self.agency(name))
            if task.deadline:
                add(node, PK.deadline, literal(task.deadline))
            for instrument in instruments:
                add(node, PK.instrument, term(instrument))
            section = self.section_node(task.span[0])
            if section is not None:
                add(node, PK.inSection, section)
            self.evidence(node, task.evidence)

    def mentions(self) -> None:
        for mention in self.ex.mentions:
            if mention.kind == "agency":
                self.agency(mention.surface)
            else:
                self.named.mention(mention)

    def incentives(self) -> None:
        awards = {m.attr("label") or m.surface: named_node(m) for m in self.ex.mentions if m.kind == "award"}
        emit_incentives(self, lambda label: awards.get(label) or term(iris.shared("award", label)))


def emit_ntriples(ex: Extraction, links: Links) -> Triples:
    """The document's triples as N-Triples lines."""
    e = _Emitter(ex, links)
    e.agencies()
    e.document()
    e.sections()
    e.goals()
    e.tasks()
    e.duties()
    e.mentions()
    e.incentives()
    return e.g


def emit(ex: Extraction, links: Links) -> Graph:
    """The document's triples as an rdflib ``Graph`` (parsed from :func:`emit_ntriples`)."""
    graph = Graph()
    graph.parse(data=emit_ntriples(ex, links).text(), format="nt")
    return graph


def to_ntriples(graph: Graph) -> str:
    data: str = graph.serialize(format="nt")
    return data

