"""Triples for the document node and for the named things a document mentions (not agencies).

A mention resolves to its vocabulary concept when it matched one (two cities promoting 中国质量奖 reach
the same node), else to a node keyed by its label (``iris.shared``), so equal names meet across
documents. The document links to the node (``pk:promotesAward`` ...); a per-document ``pk:Mention``
node carries the evidence, because shared nodes belong to no single document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from policykg import iris

from ..records import Evidence, Extraction, Links, Mention
from .terms import (
    DCTERMS,
    PK,
    PKR,
    RDF,
    RDFS,
    SKOS,
    XSD_DATE,
    XSD_DECIMAL,
    XSD_GYEAR,
    XSD_GYEARMONTH,
    Triples,
    iri,
    literal,
    term,
    typed,
)

KIND_CLASS = {"industry": PK.Industry, "award": PK.AwardProgram, "designation": PK.Designation,
              "citation": PK.PolicyDocument}
KIND_LINK = {"industry": PK.targetsIndustry, "award": PK.promotesAward, "designation": PK.pursuesDesignation,
             "citation": PK.cites}
ROLE_LINK = {"traditional": PK.traditionalIndustry, "emerging": PK.emergingIndustry, "pillar": PK.pillarIndustry,
             "leading": PK.leadingIndustry}
LEVELS = {"National", "Provincial", "Municipal", "County"}


class Emitting(Protocol):
    ex: Extraction
    links: Links
    g: Triples
    doc: str
    doc_id: str

    def evidence(self, node: str, ev: Evidence) -> None: ...

    def agency(self, surface: str) -> str: ...

    def region(self, name: str) -> str | None: ...


def _issued(value: str) -> str:
    datatype = {10: XSD_DATE, 7: XSD_GYEARMONTH, 4: XSD_GYEAR}[len(value)]
    return typed(value, datatype)


def emit_document(e: Emitting) -> None:
    add, doc, src, meta = e.g.add, e.doc, e.ex.source, e.ex.meta
    add(doc, RDF.type, PK.PolicyDocument)
    add(doc, PK.sourceFile, literal(src.name))
    add(doc, PK.sourceFormat, literal(src.format))
    add(doc, PK.sourceEncoding, literal(src.encoding))
    add(doc, PK.sourceScript, literal(e.ex.normalized.script))
    for warning in (*src.warnings, *e.ex.normalized.warnings):
        add(doc, PK.ingestNote, literal(warning))
    if meta.title:
        add(doc, DCTERMS.title, literal(meta.title))
    if meta.doc_number:
        add(doc, PK.docNumber, literal(meta.doc_number))
    if meta.doc_type:
        add(doc, PK.docType, literal(meta.doc_type))
    if meta.issued:
        add(doc, DCTERMS.issued, _issued(meta.issued))
    if meta.level:
        add(doc, PK.level, {"provincial": PK.Provincial, "municipal": PK.Municipal,
                            "county": PK.County}.get(meta.level, PK.Municipal))
    for name in meta.issuers:
        add(doc, DCTERMS.publisher, e.agency(name))
    for prop, cls, region_name in ((PK.county, PK.CountyRegion, meta.county), (PK.city, PK.City, meta.city),
                                   (PK.province, PK.Province, meta.province)):
        if region_name:
            region = e.region(region_name) or term(iris.shared("region", region_name))
            add(doc, prop, region)
            add(region, RDF.type, cls)
            add(region, RDFS.label, literal(region_name))
    if meta.title_evidence is not None:
        e.evidence(doc, meta.title_evidence)


def named_node(mention: Mention) -> str:
    concept = mention.attr("concept")
    if concept:
        return iri(concept)
    if mention.kind == "citation" and mention.attr("untitled"):
        return term(iris.shared("citation", mention.attr("number") or mention.surface))
    return term(iris.shared(mention.kind, mention.attr("label") or mention.surface))


class NamedEmitter:
    """Emits the non-agency mentions of one document, one evidence-bearing pk:Mention per node."""

    def __init__(self, e: Emitting) -> None:
        self.e = e
        self.seen: dict[str, str] = {}

    def mention(self, mention: Mention) -> str:
        add, e = self.e.g.add, self.e
        node = named_node(mention)
        label = mention.attr("label") or mention.surface
        add(node, RDF.type, KIND_CLASS[mention.kind])
        if mention.kind == "citation":
            if not mention.attr("untitled"):
                title = mention.attr("label") or mention.surface   # an alias (《纲要》) names its document
                add(node, DCTERMS.title, literal(title))
                add(node, RDFS.label, literal(title))
                if mention.surface != title:
                    add(node, SKOS.altLabel, literal(mention.surface))
            number = mention.attr("number")
            if number:
                add(node, PK.docNumber, literal(number))
                if not mention.attr("untitled"):   # a titled node is found by its 文号 too
                    add(node, SKOS.altLabel, literal(number))
        else:
            add(node, SKOS.prefLabel, literal(label))
            add(node, RDFS.label, literal(label))
            if mention.surface != label:
                add(node, SKOS.altLabel, literal(mention.surface))
        level = mention.attr("level")
        if level in LEVELS and not mention.attr("concept"):
            add(node, PK.level, PK[level])
        add(e.doc, KIND_LINK[mention.kind], node)
        role = mention.attr("role")
        if role in ROLE_LINK:
            add(e.doc, ROLE_LINK[role], node)
        zone_name = mention.attr("zone")
        if zone_name:
            place = e.ex.meta.county or e.ex.meta.city or e.ex.meta.province or ""
            zone = term(iris.shared("zone", f"{place}{zone_name}"))
            add(zone, RDF.type, PK.DevelopmentZone)
            add(zone, RDFS.label, literal(zone_name))
            add(zone, PK.zoneIndustry, node)
            add(e.doc, PK.mentionsZone, zone)
        if node not in self.seen:
            record = PKR[f"mention/{e.doc_id}/{len(self.seen) + 1}"]
            self.seen[node] = record
            add(record, RDF.type, PK.Mention)
            add(record, PK.inDocument, e.doc)
            add(record, PK.mentionOf, node)
            e.evidence(record, mention.evidence)
        return node


def emit_incentives(e: Emitting, award_node: Callable[[str], str]) -> None:
    add = e.g.add
    for n, incentive in enumerate(e.ex.incentives, 1):
        node = PKR[f"incentive/{e.doc_id}/{n}"]
        add(node, RDF.type, PK.Incentive)
        add(node, PK.inDocument, e.doc)
        add(node, PK.award, award_node(incentive.award))
        amount = format(incentive.amount_yuan, ".2f").rstrip("0").rstrip(".")
        add(node, PK.amount, typed(amount, XSD_DECIMAL))
        add(node, RDFS.label, literal(f"{incentive.award}: {amount} 元"))
        e.evidence(node, incentive.evidence)
