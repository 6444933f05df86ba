"""The emit stage: an :class:`Extraction` and its :class:`Links` to the triples of the document's named graph.

Nothing is decided here: every resolution (agencies, agency types, regions, indicators, instruments) comes from
the link stage, and is written down as it is.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from policykg import iris
from policykg.namespaces import PK, PKR

from ..layout.normalize import evidence
from ..layout.outline import enclosing
from ..records import Agency, Evidence, Extraction, Links
from .named import NamedEmitter, emit_document, emit_incentives, named_node

KIND_CLASS = {"agency": PK.Agency, "industry": PK.Industry, "award": PK.AwardProgram,
              "designation": PK.Designation, "citation": PK.PolicyDocument}
KIND_LINK = {"agency": PK.mentionsAgency, "industry": PK.targetsIndustry, "award": PK.promotesAward,
             "designation": PK.pursuesDesignation, "citation": PK.cites}


DOMAIN_NODE = {"product": PK.ProductQuality, "engineering": PK.EngineeringQuality, "service": PK.ServiceQuality,
               "environment": PK.EnvironmentalQuality, "government": PK.GovernmentQualityWork}


def decimal(value: float) -> Literal:
    """An xsd:decimal without exponent or trailing zeros: 97 → "97", 93.5 → "93.5"."""
    text = format(Decimal(repr(value)).normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def agency_type_node(slug: str) -> URIRef:
    return PKR[f"agency-type/{slug}"]


def _issued(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


class _Emitter:
    def __init__(self, ex: Extraction, links: Links) -> None:
        self.ex = ex
        self.links = links
        self.resolved = dict(links.resolved)
        self.g = Graph()
        self.doc_id = iris.document_id(ex.source.name, ex.source.folder)
        self.doc = iris.document(ex.source.name, ex.source.folder)
        self.jurisdiction: str = ex.meta.county or ex.meta.city or ex.meta.province or "未知"
        self.named = NamedEmitter(self)
        self.agency_nodes: dict[str, URIRef] = {}       # surface form → agency node

    def evidence(self, node: URIRef, ev: Evidence) -> None:
        # Named by its span, not by emit order: the same file gives the same IRIs however it was processed.
        e = iris.local(self.doc_id, "evidence", f"{ev.start}-{ev.end}")
        self.g.add((node, PK.evidence, e))
        self.g.add((e, RDF.type, PK.Evidence))
        self.g.add((e, PK.quote, Literal(ev.quote)))
        self.g.add((e, PK.start, Literal(ev.start)))
        self.g.add((e, PK.end, Literal(ev.end)))

    def agency(self, surface: str) -> URIRef:
        """The node of an agency named by ``surface`` (resolved to its full name when it was not seen yet)."""
        node = self.agency_nodes.get(surface)
        if node is None:
            for agency in self.resolved.get(surface, ()):
                node = self.agency_node(agency)
        assert node is not None
        return node

    def agency_node(self, agency: Agency) -> URIRef:
        g = self.g
        node = iris.agency(agency.jurisdiction, agency.full_name)
        g.add((node, RDF.type, PK.Agency))
        if agency.collective:
            g.add((node, RDF.type, PK.CollectiveAgency))
        g.add((node, RDFS.label, Literal(agency.full_name)))
        g.add((node, SKOS.prefLabel, Literal(agency.full_name)))
        for surface in agency.surfaces:
            g.add((node, SKOS.altLabel, Literal(surface)))
            self.agency_nodes[surface] = node
        current = self.links.agency_types(agency.agency_type)
        for slug in current:
            g.add((node, PK.agencyType, agency_type_node(slug)))
        if agency.agency_type and agency.agency_type not in current:
            g.add((node, PK.formerAgencyType, agency_type_node(agency.agency_type)))
        region = self.links.region(agency.jurisdiction)
        if region is not None:
            g.add((node, PK.jurisdiction, region))
        g.add((self.doc, PK.mentionsAgency, node))
        if agency.evidence is not None:
            self.evidence(node, agency.evidence)
        return node

    def agencies(self) -> None:
        for agency in self.ex.agencies:
            self.agency_node(agency)

    def section_node(self, at: int) -> URIRef | None:
        """The innermost section holding offset ``at`` (sections are numbered in reading order)."""
        inner = enclosing(self.ex.sections, at)
        return iris.local(self.doc_id, "section", self.ex.sections.index(inner[-1]) + 1) if inner else None

    def sections(self) -> None:
        g = self.g
        for n, section in enumerate(self.ex.sections, 1):
            node = iris.local(self.doc_id, "section", n)
            g.add((node, RDF.type, PK.Section))
            g.add((node, PK.inDocument, self.doc))
            g.add((self.doc, PK.hasSection, node))
            g.add((node, PK.outlineNumber, Literal(section.number)))
            g.add((node, RDFS.label, Literal(section.title)))
            g.add((node, PK.outlineLevel, Literal(section.level)))
            outer = [s for s in enclosing(self.ex.sections, section.start) if s is not section]
            if outer:
                parent = iris.local(self.doc_id, "section", self.ex.sections.index(outer[-1]) + 1)
                g.add((node, PK.parentSection, parent))
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
        g = self.g
        for n, duty in enumerate(self.ex.duties, 1):
            node = iris.local(self.doc_id, "duty", n)
            g.add((node, RDF.type, PK.Duty))
            g.add((node, PK.inDocument, self.doc))
            g.add((node, PK.assignedTo, self.agency(duty.agency)))
            g.add((node, DCTERMS.description, Literal(duty.duty)))
            if duty.domain in DOMAIN_NODE:
                g.add((node, PK.qualityDomain, DOMAIN_NODE[duty.domain]))
            self.evidence(node, duty.evidence)

    def document(self) -> None:
        emit_document(self)
        for instrument in self.links.instruments:   # every instrument the text names
            self.g.add((self.doc, PK.usesInstrument, instrument))
        for n, (instrument, start, end) in enumerate(self.links.instrument_spans, 1):   # with the sentence naming it
            record = iris.local(self.doc_id, "instrument-mention", n)
            self.g.add((record, RDF.type, PK.Mention))
            self.g.add((record, PK.inDocument, self.doc))
            self.g.add((record, PK.mentionOf, instrument))
            self.evidence(record, evidence(self.ex.source, self.ex.normalized, start, end))

    def goals(self) -> None:
        for n, (goal, link) in enumerate(zip(self.ex.goals, self.links.indicators, strict=True), 1):
            node = iris.local(self.doc_id, "goal", n)
            self.g.add((node, RDF.type, PK.Goal))
            self.g.add((node, PK.inDocument, self.doc))
            self.g.add((node, PK.indicatorLabel, Literal(goal.indicator)))
            if goal.value is not None:
                self.g.add((node, PK.targetValue, decimal(goal.value)))
            if goal.value_max is not None:
                self.g.add((node, PK.targetValueMax, decimal(goal.value_max)))
            if goal.unit:
                self.g.add((node, PK.unit, Literal(goal.unit)))
            if goal.comparator:
                self.g.add((node, PK.comparator, PK[goal.comparator]))
            if goal.year:
                self.g.add((node, PK.targetYear, Literal(str(goal.year), datatype=XSD.gYear)))
            if goal.qualitative:
                self.g.add((node, PK.qualitativeTarget, Literal(goal.qualitative)))
            if goal.task:
                self.g.add((node, PK.task, iris.local(self.doc_id, "task", goal.task)))
            if goal.domain in DOMAIN_NODE:
                self.g.add((node, PK.qualityDomain, DOMAIN_NODE[goal.domain]))
            section = self.section_node(goal.span[0])
            if section is not None:
                self.g.add((node, PK.inSection, section))
            if link is not None:   # the indicator only when the measure agrees; else the family, marked as such
                if link.exact_measure:
                    self.g.add((node, PK.indicator, link.concept))
                if link.family is not None:
                    self.g.add((node, PK.indicatorFamily, link.family))
                self.g.add((node, PK.indicatorMatch, PK.ConceptMatch if link.exact_measure else PK.FamilyMatch))
                if not link.exact_measure:
                    self.g.add((node, PK.nearestIndicator, link.concept))
                    self.g.add((node, PK.matchReason, Literal(link.reason)))
                confidence = Literal(str(round(link.confidence, 3)), datatype=XSD.decimal)
                self.g.add((node, PK.indicatorConfidence, confidence))
                self.g.add((node, PK.linkStatus, PK.NeedsReview if link.needs_review else PK.Accepted))
            for owner in goal.owners:
                self.g.add((node, PK.owner, self.agency(owner)))
            self.evidence(node, goal.evidence)

    def tasks(self) -> None:
        for task, instruments in zip(self.ex.tasks, self.links.task_instruments, strict=True):
            node = iris.local(self.doc_id, "task", task.number)
            self.g.add((node, RDF.type, PK.Task))
            self.g.add((node, PK.inDocument, self.doc))
            self.g.add((node, PK.number, Literal(task.number)))
            self.g.add((node, RDFS.label, Literal(task.text[:60])))
            for prop, names in ((PK.leadAgency, task.lead), (PK.supportAgency, task.support)):
                for name in names:
                    self.g.add((node, prop, self.agency(name)))
            if task.deadline:
                self.g.add((node, PK.deadline, Literal(task.deadline)))
            for instrument in instruments:
                self.g.add((node, PK.instrument, instrument))
            section = self.section_node(task.span[0])
            if section is not None:
                self.g.add((node, PK.inSection, section))
            self.evidence(node, task.evidence)

    def mentions(self) -> None:
        for mention in self.ex.mentions:
            if mention.kind == "agency":
                self.agency(mention.surface)
            else:
                self.named.mention(mention)

    def incentives(self) -> None:
        awards = {m.attr("label") or m.surface: named_node(m) for m in self.ex.mentions if m.kind == "award"}
        emit_incentives(self, lambda label: awards.get(label) or iris.shared("award", label))


def emit(ex: Extraction, links: Links) -> Graph:
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


def to_ntriples(graph: Graph) -> str:
    data: str = graph.serialize(format="nt")
    return data
