"""Linking goals to canonical indicators and tasks to policy instruments; the vocabularies behind them."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from policykg import iris
from policykg.ingest.link.indicators import CALIBRATION, IndicatorLink, instruments_of, unit_kind, units_compatible
from policykg.ingest.link.indicators import link_indicator as _link_indicator
from policykg.ingest.link.indicators import match as _match
from policykg.ingest.link.vocabulary import packaged
from policykg.ingest.pipeline import extract_file
from policykg.ingest.records import Evidence, Goal, Task
from policykg.namespaces import PK, PKR
from policykg.ontology import ontology_path, vocabulary_paths

from support import SEED_FILES, seed

AGRI = PKR["indicator/agri-product-safety-pass-rate"]
FOOD = PKR["indicator/food-pass-rate"]
DRUG = PKR["indicator/drug-pass-rate"]


def link_indicator(g: Goal) -> IndicatorLink | None:
    return _link_indicator(g, packaged().indicators)


def match(text: str, unit: str | None) -> IndicatorLink | None:
    return _match(text, unit, packaged().indicators)


def goal(label: str, unit: str | None = "%", quote: str = "") -> Goal:
    return Goal(indicator=label, evidence=Evidence(quote or label, 0, len(quote or label)), value=1.0, unit=unit)


# Labels as the seed plans write them (simplified), with the concept they must reach.
SEED_WORDINGS = [
    ("农产品质量安全监测合格率", "%", AGRI),                            # 许昌 2018
    ("地产农产品抽检合格率", "%", AGRI),                                 # 鄂州 2017
    ("本地生产的农产品监督抽查合格率", "%", AGRI),                       # 温州 2011
    ("种养食品抽查合格率", "%", AGRI),                                   # 浙江 2012 (farmed food)
    ("食品质量安全监测合格率在", "%", FOOD),                             # a label cut from its sentence
    ("重点食品监督抽查合格率", "%", PKR["indicator/key-food-pass-rate"]),   # key foods are not all foods
    ("药品评价性抽验合格率", "%", DRUG),
    ("大中型建筑工程一次验收合格率", "%", PKR["indicator/major-project-first-acceptance"]),
    ("单位国内生产总值(GDP)能耗年均下降", "%", PKR["indicator/energy-intensity-reduction"]),
    ("优良以上空气质量达标率在", "%", PKR["indicator/good-air-days"]),
    ("市区PM2.5", "Ug/m3", PKR["indicator/pm25-concentration"]),
    ("Ⅲ类或优于Ⅲ类水质达标率", "%", PKR["indicator/surface-water-quality"]),
    ("国家级、省级检验检测中心", "个", PKR["indicator/testing-centres"]),
    ("钱江杯等省优工程", "个", PKR["indicator/provincial-engineering-awards"]),
    ("每年新增湖北省名牌产品", None, PKR["indicator/provincial-famous-products-new"]),   # an increment
]


@pytest.mark.parametrize(("label", "unit", "concept"), SEED_WORDINGS)
def test_seed_wordings_link_to_their_concept(label: str, unit: str | None, concept: URIRef) -> None:
    link = link_indicator(goal(label, unit))
    assert link is not None, label
    assert link.concept == concept and link.exact_measure, (label, link)
    assert not link.needs_review and link.confidence <= 1.0   # a link to the indicator is an accepted one


# Goals that only the family fits (issue 15): the measure, unit kind or scope differs from every indicator.
FAMILY_ONLY = [
    ("百万人口发明专利授权量", "件", "innovation", "per-capita"),          # grants per million: no such indicator
    ("县控以上断面水质达标率", "%", "environmental-quality", "county"),
    ("新增社会公用计量标准", "%", "metrology", "unit kind"),
    ("全市工业企业质量管理体系认证率", "%", "certification", "industrial-enterprises"),
    ("食品抽检覆盖率", "%", "food-drug-safety", "measures"),
    ("主导制修订国家标准", "项", None, None),                              # led: its own indicator
]


@pytest.mark.parametrize(("label", "unit", "family", "why"), FAMILY_ONLY)
def test_goals_no_indicator_fits_link_to_the_family(label: str, unit: str, family: str | None, why: str | None) -> None:
    link = link_indicator(goal(label, unit))
    assert link is not None
    if family is None:
        assert link.exact_measure and str(link.concept).endswith("/national-standards-led")
        return
    assert not link.exact_measure, link
    assert link.family == PKR[f"indicator-family/{family}"], link
    assert why in link.reason, link
    assert link.needs_review


@pytest.mark.parametrize(("label", "quote", "unit", "slug"), [
    ("注册商标", "新增注册商标4000件", "件", "registered-trademarks-new"),          # 新增: the increment twin
    ("有效注册商标", "全市有效注册商标总量达到15万件", "万件", "registered-trademarks"),
    ("国家级检验检测中心", "争创国家级检验检测中心1个", "个", "national-testing-centres-new"),
    ("省级专精特新中小企业", "省级专精特新中小企业达到300家", "家", "specialised-smes"),
    ("省长质量奖获奖企业", "新增山东省省长质量奖获奖企业2家", "家", "provincial-quality-award"),
    ("重庆市市长质量管理奖获奖企业", "培育重庆市市长质量管理奖获奖企业1家", "家", "provincial-quality-award"),
    ("泰山杯工程", "获得泰山杯工程12项", "项", "provincial-engineering-awards"),    # the award vocabulary's level
])
def test_stock_increment_and_awards(label: str, quote: str, unit: str, slug: str) -> None:
    link = link_indicator(goal(label, unit, quote=quote))
    assert link is not None and link.exact_measure, link
    assert link.concept == PKR[f"indicator/{slug}"], link


def test_exact_alt_and_similarity_methods_and_confidences() -> None:
    exact = match("农产品质量安全监测合格率", "%")
    alt = match("地产农产品抽检合格率", "%")
    similar = match("农产品质量安全例行抽检合格率", "%")   # in no label: reached by similarity
    assert exact is not None and (exact.method, exact.concept) == ("exact", AGRI)
    assert alt is not None and (alt.method, alt.concept) == ("alt", AGRI)
    assert similar is not None and similar.method == "similarity" and similar.concept == AGRI
    # calibrated: each way of linking carries the share of such links found right on the labelled goals
    assert exact.confidence == CALIBRATION[("exact", True)] and similar.confidence == CALIBRATION[("similarity", True)]
    assert all(0 < c <= 1 for c in CALIBRATION.values())


def test_unit_gate_rejects_a_wrong_unit_match() -> None:
    # A pass rate stated in 个 is not the pass-rate indicator, however well the words match.
    wrong = link_indicator(goal("农产品质量安全监测合格率", "个"))
    assert wrong is None or not wrong.exact_measure   # at most the family, flagged
    # A count of testing centres stated in % is not the count indicator.
    centres = link_indicator(goal("国家级检验检测中心", "%"))
    assert centres is None or not centres.exact_measure
    assert link_indicator(goal("国家级检验检测中心", "个")) is not None
    assert units_compatible("家", "个") and units_compatible(None, "%") and not units_compatible("%", "项")
    assert unit_kind("微克/立方米") == unit_kind("μg/m3") == "concentration"


def test_nothing_links_when_nothing_is_named() -> None:
    assert link_indicator(goal("建成", "个")) is None
    assert match("", "%") is None


def test_traditional_quote_is_a_fallback() -> None:
    # A label cut down to a verb: the (traditional-script) quote still names the indicator.
    found = link_indicator(goal("达到", "%", quote="地產農產品抽檢合格率達到95%以上"))
    assert found is not None and found.concept == AGRI and found.confidence < 0.95


def test_extracted_seed_goals_on_agricultural_products_link_to_one_concept() -> None:
    labels = [g for f in (seed("000"), seed("003")) for g in extract_file(f).goals if "农产品" in g.indicator
              and "合格率" in g.indicator]
    assert labels, "the seeds state agricultural-product pass rates"
    assert {link.concept for g in labels if (link := link_indicator(g))} == {AGRI}


def test_instruments_of_a_task() -> None:
    task = Task(number="1", text="全面推行首席质量官制度,引导企业导入卓越绩效管理模式,开展“双随机、一公开”抽查",
                evidence=Evidence("", 0, 0))
    found = set(instruments_of(task, packaged().instruments))
    assert {PKR["instrument/chief-quality-officer"], PKR["instrument/performance-excellence"],
            PKR["instrument/double-random-inspection"]} <= found
    assert instruments_of(Task(number="2", text="召开会议", evidence=Evidence("", 0, 0)), packaged().instruments) == ()


def test_seed_tasks_carry_instruments() -> None:
    tasks = [t for f in SEED_FILES for t in extract_file(f).tasks]
    tagged = [t for t in tasks if instruments_of(t, packaged().instruments)]
    assert tasks and len(tagged) >= len(tasks) // 4


def _vocab(name: str) -> Graph:
    g = Graph()
    g.parse(next(p for p in vocabulary_paths() if p.name == name), format="turtle")
    return g


@pytest.mark.parametrize(("name", "cls"), [("indicators.ttl", PK.Indicator), ("instruments.ttl", PK.PolicyInstrument)])
def test_vocabulary_concepts_are_complete(name: str, cls: URIRef) -> None:
    g = _vocab(name)
    concepts = set(g.subjects(RDF.type, cls))
    assert len(concepts) >= (100 if cls == PK.Indicator else 30)
    labels: Counter[str] = Counter()
    for c in concepts:
        langs = {getattr(o, "language", None) for o in g.objects(c, SKOS.prefLabel)}
        assert {"zh", "en"} <= langs, c
        assert g.value(c, PK.qualityDomain) is not None, c
        assert g.value(c, SKOS.inScheme) is not None, c
        labels.update(str(o) for o in g.objects(c, SKOS.prefLabel | SKOS.altLabel) if o.language == "zh")
    assert not [label for label, n in labels.items() if n > 1], "a label names two concepts"


def test_indicator_vocabulary_covers_every_quality_domain() -> None:
    g = _vocab("indicators.ttl")
    domains = {g.value(c, PK.qualityDomain) for c in g.subjects(RDF.type, PK.Indicator)}
    assert {PK.ProductQuality, PK.EngineeringQuality, PK.ServiceQuality, PK.EnvironmentalQuality,
            PK.GovernmentQualityWork, PK.Standardization, PK.Metrology, PK.CertificationAccreditation,
            PK.InspectionTesting, PK.BrandBuilding} <= domains
    assert len(packaged().indicators.concepts) == len(set(g.subjects(RDF.type, PK.Indicator)))


def test_linkage_terms_are_declared_with_labels_and_comments() -> None:
    onto = Graph()
    onto.parse(ontology_path(), format="turtle")
    used = {PK.indicatorConfidence, PK.instrument, PK.usesInstrument, PK.PolicyInstrument, PK.qualityDomain,
            PK.QualityDomain, PK.indicatorUnit}
    for name in ("indicators.ttl", "instruments.ttl"):
        used |= {t for triple in _vocab(name) for t in triple if isinstance(t, URIRef) and t.startswith(str(PK))}
    for term in used:
        langs = {getattr(o, "language", None) for o in onto.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert onto.value(term, RDFS.comment) is not None, term


def test_cited_titles_resolve_whatever_the_dash_or_bracket() -> None:
    spellings = ["质量发展纲要(2011-2020年)", "《质量发展纲要（2011—2020年）》", "质量发展纲要（2011–2020）",
                 "质量发展纲要(2011～2020年)", "质量发展纲要 (2011‐2020年)"]
    assert len({iris.shared("citation", s) for s in spellings}) == 1
    assert iris.shared("citation", "质量发展纲要(2011-2020年)") != iris.shared("citation", "质量发展纲要(2012-2020年)")


def test_place_names_do_not_change_what_a_label_measures() -> None:
    from policykg.ingest.link.indicators import core

    places = packaged().place_names

    assert core("每年新培育许昌品牌", places) == core("每年新培育品牌", places)
    assert core("鄂州市农产品质量安全监测合格率", places) == core("农产品质量安全监测合格率", places)
    assert core("全省制造业产品质量合格率", places) == core("制造业产品质量合格率", places)


def test_labels_equal_once_stripped_of_verbs_and_places_link_as_alt_labels() -> None:

    found = match("每年新培育许昌品牌", "个")
    assert found is not None
    assert found.method == "alt"
    assert str(found.concept).endswith("/local-brands-new")   # 新培育: the increment
