"""Triples for the document node and for the named things a document mentions (not agencies).

A mention resolves to its vocabulary concept when it matched one (two cities promoting 中国质量奖 reach
the same node), else to a node keyed by its label (``iris.shared``), so equal names meet across
documents. The document links to the node (``pk:promotesAward`` ...); a per-document ``pk:Mention``
node carries the evidence, because shared nodes belong to no single document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from policykg import iris
from policykg.namespaces import PK, PKR

from ..records import Evidence, Extraction, Links, Mention

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
    g: Graph
    doc: URIRef
    doc_id: str

    def evidence(self, node: URIRef, ev: Evidence) -> None: ...

    def agency(self, surface: str) -> URIRef: ...


def _issued(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


def emit_document(e: Emitting) -> None:
    g, doc, src, meta = e.g, e.doc, e.ex.source, e.ex.meta
    g.add((doc, RDF.type, PK.PolicyDocument))
    g.add((doc, PK.sourceFile, Literal(src.name)))
    g.add((doc, PK.sourceFormat, Literal(src.format)))
    g.add((doc, PK.sourceEncoding, Literal(src.encoding)))
    g.add((doc, PK.sourceScript, Literal(e.ex.normalized.script)))
    for warning in (*src.warnings, *e.ex.normalized.warnings):
        g.add((doc, PK.ingestNote, Literal(warning)))
    if meta.title:
        g.add((doc, DCTERMS.title, Literal(meta.title)))
    if meta.doc_number:
        g.add((doc, PK.docNumber, Literal(meta.doc_number)))
    if meta.doc_type:
        g.add((doc, PK.docType, Literal(meta.doc_type)))
    if meta.issued:
        g.add((doc, DCTERMS.issued, _issued(meta.issued)))
    if meta.level:
        g.add((doc, PK.level, {"provincial": PK.Provincial, "municipal": PK.Municipal,
                               "county": PK.County}.get(meta.level, PK.Municipal)))
    for name in meta.issuers:
        g.add((doc, DCTERMS.publisher, e.agency(name)))
    for prop, cls, region_name in ((PK.county, PK.CountyRegion, meta.county), (PK.city, PK.City, meta.city),
                                   (PK.province, PK.Province, meta.province)):
        if region_name:
            region = e.links.region(region_name) or iris.shared("region", region_name)
            g.add((doc, prop, region))
            g.add((region, RDF.type, cls))
            g.add((region, RDFS.label, Literal(region_name)))
    if meta.title_evidence is not None:
        e.evidence(doc, meta.title_evidence)


def named_node(mention: Mention) -> URIRef:
    concept = mention.attr("concept")
    if concept:
        return URIRef(concept)
    if mention.kind == "citation" and mention.attr("untitled"):
        return iris.shared("citation", mention.attr("number") or mention.surface)
    return iris.shared(mention.kind, mention.attr("label") or mention.surface)


class NamedEmitter:
    """Emits the non-agency mentions of one document, one evidence-bearing pk:Mention per node."""

    def __init__(self, e: Emitting) -> None:
        self.e = e
        self.seen: dict[URIRef, URIRef] = {}

    def mention(self, mention: Mention) -> URIRef:
        g, e = self.e.g, self.e
        node = named_node(mention)
        label = mention.attr("label") or mention.surface
        g.add((node, RDF.type, KIND_CLASS[mention.kind]))
        if mention.kind == "citation":
            if not mention.attr("untitled"):
                title = mention.attr("label") or mention.surface   # an alias (《纲要》) names its document
                g.add((node, DCTERMS.title, Literal(title)))
                g.add((node, RDFS.label, Literal(title)))
                if mention.surface != title:
                    g.add((node, SKOS.altLabel, Literal(mention.surface)))
            if mention.attr("number"):
                g.add((node, PK.docNumber, Literal(mention.attr("number"))))
                if not mention.attr("untitled"):   # a titled node is found by its 文号 too
                    g.add((node, SKOS.altLabel, Literal(mention.attr("number"))))
        else:
            g.add((node, SKOS.prefLabel, Literal(label)))
            g.add((node, RDFS.label, Literal(label)))
            if mention.surface != label:
                g.add((node, SKOS.altLabel, Literal(mention.surface)))
        level = mention.attr("level")
        if level in LEVELS and not mention.attr("concept"):
            g.add((node, PK.level, PK[level]))
        g.add((e.doc, KIND_LINK[mention.kind], node))
        role = mention.attr("role")
        if role in ROLE_LINK:
            g.add((e.doc, ROLE_LINK[role], node))
        zone_name = mention.attr("zone")
        if zone_name:
            place = e.ex.meta.county or e.ex.meta.city or e.ex.meta.province or ""
            zone = iris.shared("zone", f"{place}{zone_name}")
            g.add((zone, RDF.type, PK.DevelopmentZone))
            g.add((zone, RDFS.label, Literal(zone_name)))
            g.add((zone, PK.zoneIndustry, node))
            g.add((e.doc, PK.mentionsZone, zone))
        if node not in self.seen:
            record = PKR[f"mention/{e.doc_id}/{len(self.seen) + 1}"]
            self.seen[node] = record
            g.add((record, RDF.type, PK.Mention))
            g.add((record, PK.inDocument, e.doc))
            g.add((record, PK.mentionOf, node))
            e.evidence(record, mention.evidence)
        return node


def emit_incentives(e: Emitting, award_node: Callable[[str], URIRef]) -> None:
    for n, incentive in enumerate(e.ex.incentives, 1):
        node = iris.local(e.doc_id, "incentive", n)
        e.g.add((node, RDF.type, PK.Incentive))
        e.g.add((node, PK.inDocument, e.doc))
        e.g.add((node, PK.award, award_node(incentive.award)))
        amount = format(incentive.amount_yuan, ".2f").rstrip("0").rstrip(".")
        e.g.add((node, PK.amount, Literal(amount, datatype=XSD.decimal)))
        e.g.add((node, RDFS.label, Literal(f"{incentive.award}: {amount} 元")))
        e.evidence(node, incentive.evidence)
