"""The dated reform events of the agency-type vocabulary, one row per event (issue 15).

Dates are the day the change took effect nationally: the 2018 国务院机构改革方案 was adopted by the NPC on
2018-03-17 (the 监察法 on 2018-03-20); the 国家乡村振兴局 opened on 2021-02-25; the 2023 方案 was adopted on
2023-03-10, the 国家金融监督管理总局 opened on 2023-05-18 and the 国家数据局 on 2023-10-25.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF

from policykg.ingest.link.vocabulary import packaged
from policykg.ontology import vocabulary_paths

PROV = Namespace("http://www.w3.org/ns/prov#")
AT = "https://w3id.org/policykg/id/agency-type/"
PK_REFORMED = URIRef("https://w3id.org/policykg/ontology#reformedInto")

#: original type, resulting types, date it took effect
EVENTS: list[tuple[str | None, tuple[str, ...], str]] = [
    ("quality-supervision", ("market-regulation",), "2018-03-17"),
    ("quality-inspection-quarantine", ("customs", "market-regulation"), "2018-03-17"),
    ("industry-commerce-administration", ("market-regulation",), "2018-03-17"),
    ("food-drug-administration", ("market-regulation",), "2018-03-17"),
    ("entry-exit-inspection", ("customs",), "2018-03-17"),
    ("urban-rural-construction", ("housing-construction",), "2018-03-17"),
    ("agriculture", ("agriculture-rural-affairs",), "2018-03-17"),
    ("health-family-planning", ("health",), "2018-03-17"),
    ("environmental-protection", ("ecology-environment",), "2018-03-17"),
    ("land-resources", ("natural-resources",), "2018-03-17"),
    ("work-safety", ("emergency-management",), "2018-03-17"),
    ("state-taxation", ("taxation",), "2018-03-17"),
    ("local-taxation", ("taxation",), "2018-03-17"),
    ("legal-affairs", ("justice",), "2018-03-17"),
    ("ocean-fishery", ("agriculture-rural-affairs", "natural-resources"), "2018-03-17"),
    ("supervision", ("supervisory-commission",), "2018-03-20"),
    ("poverty-alleviation", ("rural-revitalization",), "2021-02-25"),
    ("rural-revitalization", ("agriculture-rural-affairs",), "2023-03-10"),
    ("banking-insurance-regulation", ("financial-regulation",), "2023-05-18"),
    (None, ("big-data",), "2023-10-25"),
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(next(p for p in vocabulary_paths() if p.name == "agency-types.ttl"), format="turtle")
    return g


def _event(graph: Graph, original: str | None, resulting: tuple[str, ...]) -> URIRef:
    found = []
    for event in graph.subjects(RDF.type, ORG.ChangeEvent):
        orig = {str(o).removeprefix(AT) for o in graph.objects(event, ORG.originalOrganization)}
        res = tuple(sorted(str(o).removeprefix(AT) for o in graph.objects(event, ORG.resultingOrganization)))
        if orig == ({original} if original else set()) and res == resulting:
            assert isinstance(event, URIRef)
            found.append(event)
    assert len(found) == 1, (original, resulting, found)
    return found[0]


@pytest.mark.parametrize(("original", "resulting", "date"), EVENTS)
def test_reform_event_is_dated(graph: Graph, original: str | None, resulting: tuple[str, ...], date: str) -> None:
    event = _event(graph, original, resulting)
    assert [str(t)[:10] for t in graph.objects(event, PROV.atTime)] == [date]
    assert [str(y) for y in graph.objects(event, DCTERMS.date)] == [date[:4]]
    assert date[:4] in str(event).rsplit("/", 1)[-1]          # the IRI names the year
    label = " ".join(str(x) for x in graph.objects(event, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert label.startswith(date[:4] + "年"), label
    if original:
        assert tuple(sorted(packaged().reforms[original])) == resulting
        assert {str(o).removeprefix(AT) for o in graph.objects(URIRef(AT + original), PK_REFORMED)} == set(resulting)


def test_every_reformed_type_has_one_event(graph: Graph) -> None:
    listed = {row[0] for row in EVENTS if row[0]}
    assert set(packaged().reforms) == listed
    assert len(list(graph.subjects(RDF.type, ORG.ChangeEvent))) == len(EVENTS)


@pytest.mark.parametrize(("named", "today"), [
    ("quality-supervision", ("market-regulation",)),
    ("poverty-alleviation", ("agriculture-rural-affairs",)),   # 扶贫办 → 乡村振兴局 (2021) → 农业农村 (2023)
    ("banking-insurance-regulation", ("financial-regulation",)),
    ("cyberspace", ("cyberspace",)),                           # the data bureau took duties, not the office
    ("development-reform", ("development-reform",)),
])
def test_lineage_follows_the_events(named: str, today: tuple[str, ...]) -> None:
    assert packaged().current_types(named) == today
