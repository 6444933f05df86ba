"""Turn an :class:`Extraction` into the triples of the document's named graph."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from policykg import iris
from policykg.namespaces import PK

from .emit_named import NamedEmitter, emit_document, emit_incentives, named_node
from .link import instruments_of, link_indicator
from .records import Evidence, Extraction

KIND_CLASS = {"agency": PK.Agency, "industry": PK.Industry, "award": PK.AwardProgram,
              "designation": PK.Designation, "citation": PK.PolicyDocument}
KIND_LINK = {"agency": PK.mentionsAgency, "industry": PK.targetsIndustry, "award": PK.promotesAward,
             "designation": PK.pursuesDesignation, "citation": PK.cites}


def _issued(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


class _Emitter:
    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.g = Graph()
        self.doc_id = iris.document_id(ex.source.name)
        self.doc = iris.document(ex.source.name)
        self.jurisdiction: str = ex.meta.city or ex.meta.province or "未知"
        self.n_evidence = 0
        self.named = NamedEmitter(self)

    def evidence(self, node: URIRef, ev: Evidence) -> None:
        self.n_evidence += 1
        e = iris.local(self.doc_id, "evidence", self.n_evidence)
        self.g.add((node, PK.evidence, e))
        self.g.add((e, RDF.type, PK.Evidence))
        self.g.add((e, PK.quote, Literal(ev.quote)))
        self.g.add((e, PK.start, Literal(ev.start)))
        self.g.add((e, PK.end, Literal(ev.end)))

    def agency(self, surface: str) -> URIRef:
        node = iris.agency(self.jurisdiction, surface)
        self.g.add((node, RDF.type, PK.Agency))
        self.g.add((node, RDFS.label, Literal(surface)))
        self.g.add((node, SKOS.altLabel, Literal(surface)))
        self.g.add((self.doc, PK.mentionsAgency, node))
        return node

    def document(self) -> None:
        emit_document(self)

    def goals(self) -> None:
        for n, goal in enumerate(self.ex.goals, 1):
            node = iris.local(self.doc_id, "goal", n)
            self.g.add((node, RDF.type, PK.Goal))
            self.g.add((node, PK.inDocument, self.doc))
            self.g.add((node, PK.indicatorLabel, Literal(goal.indicator)))
            if goal.value is not None:
                self.g.add((node, PK.targetValue, Literal(str(goal.value), datatype=XSD.decimal)))
            if goal.value_max is not None:
                self.g.add((node, PK.targetValueMax, Literal(str(goal.value_max), datatype=XSD.decimal)))
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
            link = link_indicator(goal)
            if link is not None:
                self.g.add((node, PK.indicator, link.concept))
                confidence = Literal(str(round(link.confidence, 3)), datatype=XSD.decimal)
                self.g.add((node, PK.indicatorConfidence, confidence))
            for owner in goal.owners:
                self.g.add((node, PK.owner, self.agency(owner)))
            self.evidence(node, goal.evidence)

    def tasks(self) -> None:
        for task in self.ex.tasks:
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
            for instrument in instruments_of(task):
                self.g.add((node, PK.instrument, instrument))
            self.evidence(node, task.evidence)

    def mentions(self) -> None:
        for mention in self.ex.mentions:
            if mention.kind == "agency":
                node = self.agency(mention.surface)
            else:
                self.named.mention(mention)

    def incentives(self) -> None:
        awards = {m.attr("label") or m.surface: named_node(m) for m in self.ex.mentions if m.kind == "award"}
        emit_incentives(self, lambda label: awards.get(label) or iris.shared("award", label))


def emit(ex: Extraction) -> Graph:
    e = _Emitter(ex)
    e.document()
    e.goals()
    e.tasks()
    e.mentions()
    e.incentives()
    return e.g


def to_ntriples(graph: Graph) -> str:
    data: str = graph.serialize(format="nt")
    return data
