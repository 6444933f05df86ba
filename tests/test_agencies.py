"""Agencies: mentions, full names per jurisdiction, aliases, collectives, the agency-type vocabulary and duties."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from policykg.ingest.extract.agencies import collect, context_for, defined_aliases, find_mentions, resolve
from policykg.ingest.extract.duties import parse_duties
from policykg.ingest.link.vocabulary import packaged
from policykg.namespaces import ORG, PK, PKR
from policykg.ontology import vocabulary_paths
from policykg.store import OxigraphStore

ERZHOU = context_for("鄂州市", "湖北省", [("市质强委", "市质量强市工作委员会")])
WENZHOU = context_for("温州市", "浙江省")
ZHEJIANG = context_for(None, "浙江省")


def surfaces(text: str, ctx: object = ERZHOU) -> list[str]:
    return [f.surface for f in find_mentions(text, ctx)]  # type: ignore[arg-type]


def test_mentions_in_a_distribution_line() -> None:
    # 003, verbatim (normalised)
    assert surfaces("各区人民政府、开发区管委会,各街道办事处,市政府各部门:") == [
        "各区人民政府", "开发区管委会", "各街道办事处", "市政府各部门"]
    # 001: 送 line
    assert surfaces("送:市委各部门,市人大常委会、市政协办公室,市法院、市检察院,驻温部队,各民主党派", WENZHOU) == [
        "市委各部门", "市人大常委会", "市政协办公室", "市法院", "市检察院"]


def test_generic_bodies_and_titles_are_left_out() -> None:
    # 000: generic phrases, and authors inside a cited 《title》
    assert surfaces("各级政府及相关部门要结合实际,当地政府、监管部门") == []
    assert surfaces("根据《中共河南省委、河南省人民政府关于开展质量提升行动的实施意见》精神") == []
    assert surfaces("财政部门把质量强市工作经费纳入年度财政预算") == []


def test_place_named_bodies_and_leading_groups() -> None:
    assert surfaces("18.温州检验检疫局:负责出口产品的质量安全监管和提升工作", WENZHOU) == ["温州检验检疫局"]
    assert surfaces("市质量强市工作领导小组统一领导、协调全市的质量强市工作", WENZHOU) == ["市质量强市工作领导小组"]
    assert surfaces("强省办授予“省推进质量强省建设示范单位”", ZHEJIANG) == ["强省办"]
    assert surfaces("经省质强委审核后,报请国家质检总局考核验收") == ["省质强委", "国家质检总局"]


def test_full_names_by_jurisdiction() -> None:
    assert resolve("市质监局", ERZHOU).full_name == "鄂州市质量技术监督局"
    assert resolve("省质监局", ZHEJIANG).full_name == "浙江省质量技术监督局"
    assert resolve("检验检疫局", ZHEJIANG).full_name == "浙江出入境检验检疫局"
    assert resolve("市委宣传部", WENZHOU).full_name == "中共温州市委宣传部"
    assert resolve("团市委", ERZHOU).full_name == "共青团鄂州市委员会"
    assert resolve("国家质检总局", ERZHOU).jurisdiction == "国家"
    assert resolve("市人行", ERZHOU).full_name == "中国人民银行鄂州市中心支行"


def test_a_defined_abbreviation_is_an_alias() -> None:
    text = "(责任单位:市质量强市工作委员会〈以下简称市质强委〉办公室;配合单位:市质强委相关成员单位)"
    assert defined_aliases(text) == [("市质强委", "市质量强市工作委员会")]
    assert resolve("市质强委办公室", ERZHOU).full_name == "鄂州市质量强市工作委员会办公室"
    member = resolve("市质强委相关成员单位", ERZHOU)
    assert member.collective and member.full_name == "鄂州市质量强市工作委员会相关成员单位"


def test_surface_forms_of_one_body_merge_into_one_agency() -> None:
    agencies = collect([(s, None) for s in ("市政府", "鄂州市人民政府", "市人民政府", "鄂州市政府", "市质强委",
                                            "市质量强市工作委员会", "各区人民政府")], ERZHOU)
    by_name = {a.full_name: a for a in agencies}
    assert set(by_name) == {"鄂州市人民政府", "鄂州市质量强市工作委员会", "鄂州市各区人民政府"}
    assert set(by_name["鄂州市人民政府"].surfaces) == {"市政府", "鄂州市人民政府", "市人民政府", "鄂州市政府"}
    assert by_name["鄂州市各区人民政府"].collective


def test_back_reference_to_the_one_leading_group() -> None:
    agencies = collect([("市质量强市工作领导小组", None), ("领导小组办公室", None), ("质量强市领导小组办公室", None)],
                       WENZHOU)
    office = next(a for a in agencies if a.full_name.endswith("办公室"))
    assert set(office.surfaces) == {"领导小组办公室", "质量强市领导小组办公室"}


@pytest.mark.parametrize(("surface", "named", "today"), [
    ("市质监局", "quality-supervision", ("market-regulation",)),
    ("市工商局", "industry-commerce-administration", ("market-regulation",)),
    ("市食药监局", "food-drug-administration", ("market-regulation",)),
    ("市市场监管局", "market-regulation", ("market-regulation",)),
    ("市环保局", "environmental-protection", ("ecology-environment",)),
    ("市城建委", "urban-rural-construction", ("housing-construction",)),
    ("市住建委", "housing-construction", ("housing-construction",)),
    ("市农委", "agriculture", ("agriculture-rural-affairs",)),
    ("市卫计委", "health-family-planning", ("health",)),
    ("市安监局", "work-safety", ("emergency-management",)),
    ("鄂州出入境检验检疫局", "entry-exit-inspection", ("customs",)),
    ("市海洋与渔业局", "ocean-fishery", ("agriculture-rural-affairs", "natural-resources")),
])
def test_the_2018_reform_does_not_split_an_agencys_history(surface: str, named: str, today: tuple[str, ...]) -> None:
    resolved = resolve(surface, ERZHOU)
    assert resolved.type == named
    assert packaged().current_types(resolved.type) == today


def test_vocabulary_is_consistent_with_the_lexicon() -> None:
    graph = Graph()
    for path in vocabulary_paths():
        if path.name == "agency-types.ttl":
            graph.parse(path, format="turtle")
    types = set(graph.subjects(RDF.type, PK.AgencyType))
    assert len(types) >= 40
    for node in types:
        labels = {(lit.language, str(lit)) for lit in graph.objects(node, SKOS.prefLabel) if isinstance(lit, Literal)}
        assert {lang for lang, _ in labels} == {"zh", "en"}, node
    path = next(p for p in vocabulary_paths() if p.name == "agency-types.ttl").with_name("agency-names.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t")]
    assert {r[0] for r in rows} == set(packaged().lexicon)
    for surface, _full, slug in rows:
        node = PKR[f"agency-type/{slug}"]
        assert node in types, slug
        assert Literal(surface, lang="zh") in set(graph.objects(node, SKOS.altLabel)) | set(
            graph.objects(node, SKOS.prefLabel)), surface
    # the reform is recorded as dated change events
    events = set(graph.subjects(RDF.type, ORG.ChangeEvent))
    quality = PKR["agency-type/quality-supervision"]
    event = next(e for e in events if (e, ORG.originalOrganization, quality) in graph)
    assert (event, ORG.resultingOrganization, PKR["agency-type/market-regulation"]) in graph
    assert any("2018" in str(o) for o in graph.objects(event, URIRef("http://www.w3.org/ns/prov#atTime")))


def test_duties_pair_in_order() -> None:
    # 001, verbatim
    duties = parse_duties("市质监局、市住建委、市发改委、市环保局分别牵头负责产品、工程、服务、环境质量建设工作,"
                          "其他各相关部门要各司其职,密切配合,形成合力", WENZHOU)
    assert [(a, d) for a, _, d in duties] == [("市质监局", "product"), ("市住建委", "engineering"),
                                              ("市发改委", "service"), ("市环保局", "environment")]
    assert duties[1][1] == "牵头负责工程质量建设工作"
    # 001: a colon list item
    assert parse_duties("6.市质监局:牵头组织产品质量提升工作,制定我市产品质量提升规划", WENZHOU)[0][::2] == (
        "市质监局", "product")
    # 003: two holders in one sentence
    chained = parse_duties("市质强委负责创建工作的组织领导,市质强委办公室具体负责日常组织协调工作", ERZHOU)
    assert [(a, d) for a, d, _ in chained] == [("市质强委", "负责创建工作的组织领导"),
                                               ("市质强委办公室", "具体负责日常组织协调工作")]
    assert parse_duties("加强组织领导,形成合力", ERZHOU) == []


def test_agency_nodes_in_the_seed_store(seed_store: OxigraphStore) -> None:
    rows = seed_store.query("""
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?label ?type ?former WHERE {
          ?a skos:altLabel "市质监局" ; skos:prefLabel ?label ; pk:agencyType ?type ; pk:formerAgencyType ?former .
        }""")
    found = {(str(r["label"]), str(r["type"]).rsplit("/", 1)[-1], str(r["former"]).rsplit("/", 1)[-1])
             for r in rows.rows}
    assert ("鄂州市质量技术监督局", "market-regulation", "quality-supervision") in found
    assert ("温州市质量技术监督局", "market-regulation", "quality-supervision") in found
    collectives = seed_store.query("""
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?a WHERE { ?a a pk:CollectiveAgency ; skos:altLabel "市质强委相关成员单位" }""")
    assert len(collectives.rows) == 1
