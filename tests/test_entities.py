"""Named entities on real sentences from the seeds: awards and incentives, designations, industries, citations."""

from __future__ import annotations

from rdflib import URIRef

from policykg import iris
from policykg.ingest.extract.entities import extract_entities
from policykg.ingest.layout import lay_out
from policykg.ingest.link.vocabulary import packaged
from policykg.ingest.records import Incentive, Mention, Source
from policykg.store import OxigraphStore

PK = "https://w3id.org/policykg/ontology#"

VOCAB = packaged()


def _run(text: str, province: str | None = None, city: str | None = None,
         title: str | None = "无题") -> tuple[list[Mention], list[Incentive]]:
    src = Source(name="snippet.txt", text=text, format="txt", encoding="utf-8")
    return extract_entities(lay_out(src), province, city, title)


def _labels(mentions: list[Mention], kind: str) -> list[str]:
    return sorted({m.attr("label") or m.surface for m in mentions if m.kind == kind})


def test_awards_and_incentives_from_the_xuchang_reward_sentence() -> None:
    text = ("鼓励企业实施名牌战略,争创中国质量奖、河南省省长质量奖、许"
            "昌市市长质量奖、河南省名牌产品。对首次荣获中国质量奖的单位"
            "给予200万元奖励,对首次荣获中国质量奖提名奖、河南省省长质量奖、许昌市市长质量奖的单位分别给予100万元奖励,"
            "对首次荣获许昌市市长质量奖提名奖的单位给予20万元奖励。")
    mentions, incentives = _run(text, "河南省", "许昌市")
    assert _labels(mentions, "award") == ["中国质量奖", "中国质量奖提名奖", "河南省省长质量奖", "许昌市市长质量奖",
                                          "许昌市市长质量奖提名奖"]
    assert sorted((i.award, i.amount_yuan) for i in incentives) == [
        ("中国质量奖", 2_000_000), ("中国质量奖提名奖", 1_000_000), ("河南省省长质量奖", 1_000_000),
        ("许昌市市长质量奖", 1_000_000), ("许昌市市长质量奖提名奖", 200_000)]
    first = next(i for i in incentives if i.award == "中国质量奖")
    assert first.evidence.quote == "对首次荣获中国质量奖的单位给予200万元奖励"


def test_construction_awards_and_levels() -> None:
    mentions, _ = _run("鼓励企业争创“鲁班奖”“大禹奖”“中州杯”等国家、省级"
                       "优质工程。新增国家建筑工程奖(鲁班奖)、全国市政金杯奖、"
                       "中国钢结构金奖。新增省市政示范工程金奖、省建设优质工程楚天杯奖。")
    levels = {m.attr("label"): m.attr("level") for m in mentions if m.kind == "award"}
    assert levels["鲁班奖"] == "National" and levels["中州杯"] == "Provincial" and levels["楚天杯"] == "Provincial"
    assert {"大禹奖", "全国市政金杯奖", "中国钢结构金奖", "省市政示范工程金奖"} <= set(levels)
    luban = {m.attr("concept") for m in mentions if m.attr("label") == "鲁班奖"}
    assert len(luban) == 1  # 国家建筑工程奖 and 鲁班奖 are one programme


def test_generic_government_award_resolves_to_the_provinces_own_award() -> None:
    hubei, _ = _run("争创湖北省长江质量奖或提名奖企业1-2家。在申报中国质量奖和省政府质量奖中。", "湖北省", "鄂州市")
    zhejiang, _ = _run("力争拥有5个省政府质量奖、15个市长质量奖。", "浙江省", "温州市")
    hubei_award = VOCAB.lookup("award", "湖北省政府质量奖")
    assert hubei_award is not None and hubei_award.label == "湖北省长江质量奖"
    provincial = {m.attr("concept") for m in hubei if m.kind == "award" and m.attr("level") == "Provincial"}
    assert provincial == {str(hubei_award.iri)}  # 湖北省长江质量奖 and the generic 省政府质量奖 are one programme
    assert _labels(zhejiang, "award") == ["浙江省政府质量奖", "温州市市长质量奖"]
    generic_only, _ = _run("市县两级全面建立政府质量奖励制度,以政府质量奖为导向。", "浙江省", "温州市")
    assert _labels(generic_only, "award") == []


def test_designations_after_a_pursuit_verb_and_kept_apart_from_awards() -> None:
    mentions, _ = _run("建成2至3个质量效益一流的国家级产业集群,创建2至3个质量"
                       "强县示范县、10至15个特色小镇和3至5个知名品牌示范区。"
                       "积极开展国家食品安全示范城市建设。")
    assert _labels(mentions, "designation") == ["全国知名品牌创建示范区", "国家食品安全示范城市", "特色小镇",
                                                "质量强县示范县"]
    assert _labels(mentions, "award") == []


def test_quoted_titles_in_an_application_are_designations() -> None:
    mentions, _ = _run("组织申报“全国知名品牌创建示范区”、“国家重点产业集群示范建设单位”和“浙江省区域名牌”等区域名牌,"
                       "开展温州市优质产品生产示范区认定工作。组织申报\"生产性服务功能示范区\"和\"生产服务功能企业\"认定。")
    assert _labels(mentions, "designation") == ["全国知名品牌创建示范区", "国家重点产业集"
                                                                          "群示范建设单位", "浙江省区域名牌",
                                                "温州市优质产品生产示范区", "生产性服务功能示范区"]


def test_industry_enumerations_with_roles() -> None:
    mentions, _ = _run("全面提升我市电力装备、汽车及零部件、电梯及关键零部件"
                       "、农业机械等传统特色制造业,培育壮大机器人及数控机床、"
                       "新能源汽车、生物医药、节能环保装备等新兴产业。")
    roles = {m.surface: m.attr("role") for m in mentions if m.kind == "industry"}
    assert roles == {"电力装备": "traditional", "汽车及零部件": "traditional", "电梯及关键零部件": "traditional",
                     "农业机械": "traditional", "机器人及数控机床": "emerging", "新能源汽车": "emerging",
                     "生物医药": "emerging", "节能环保装备": "emerging"}


def test_industry_lists_split_on_and_only_between_industries() -> None:
    mentions, _ = _run("到2015年,建立和完善现代物流、信息、科技等生产性服务业和旅游、商贸等生活性服务业的标准体系。"
                       "在战略支撑产业、高新技术产业和文化产业领域,形成一批核心技术。培育壮大新一代信息技术、新材料、"
                       "新能源汽车和智能网联汽车、节能环保等7大战略性新兴产业。")
    names = {m.surface for m in mentions if m.kind == "industry"}
    assert names == {"现代物流", "信息", "科技", "旅游", "商贸", "文化产业", "新一代信息技术", "新材料",
                     "新能源汽车和智能网联汽车", "节能环保"}


def test_lists_that_are_not_industries_are_left_out() -> None:
    mentions, _ = _run("严厉打击产品、工程、服务、环境领域质量违法犯罪案件。淘汰钢铁、水泥等行业落后产能。"
                       "定期开展针对重点产品、重点行业、重点地区的生产领域产品质量专项执法整治。")
    assert _labels(mentions, "industry") == []


def test_citations_titles_and_bare_doc_numbers() -> None:
    text = ("根据《中共河南省委、河南省人民政府关于开展质量提升行动的实施意见》(豫发〔2018〕22号)精神,"
            "依照浙质监发〔2012〕56号文件要求,贯彻国务院《质量发展纲要(2011-2020年)》。")
    mentions, _ = _run(text, title="许昌市开展质量提升行动实施方案")
    cites = [(m.surface, m.attr("number")) for m in mentions if m.kind == "citation"]
    assert cites == [("中共河南省委、河南省人民政府关于开展质量提升行动的实施意见", "豫发〔2018〕22号"),
                     ("质量发展纲要(2011-2020年)", "国发〔2012〕9号"),     # the registry's 文号 (documents.ttl)
                     ("浙质监发〔2012〕56号", "浙质监发〔2012〕56号")]
    own, _ = _run("现将《许昌市开展质量提升行动实施方案》印发给你们。", title="许昌市开展质量提升行动实施方案")
    assert [m for m in own if m.kind == "citation"] == []  # a document does not cite itself


def test_same_title_modulo_punctuation_and_dashes_is_one_node() -> None:
    assert iris.shared("citation", "质量发展纲要(20"
                                   "11-2020年)") == iris.shared("citation", "质量发展纲要（2011—2020年）")
    assert iris.shared("citation", "\"中国制造202"
                                   "5\"鄂州行动方案") == iris.shared("citation", "“中国制造2025”鄂州行动方案")


def test_two_cities_promoting_china_quality_award_reach_the_same_node(seed_store: OxigraphStore) -> None:
    rows = seed_store.query(f"""SELECT ?award (COUNT(DISTINCT ?doc) AS ?n) WHERE {{
        ?doc <{PK}promotesAward> ?award . ?award <http://www.w3.org/2004/02/skos/core#prefLabel> "中国质量奖" }}
        GROUP BY ?award""").rows
    china = VOCAB.lookup("award", "中国质量奖")
    assert china is not None
    assert [(URIRef(str(r["award"])), int(str(r["n"]))) for r in rows] == [(china.iri, 2)]


def test_incentives_are_in_the_graph_with_amounts_in_yuan(seed_store: OxigraphStore) -> None:
    rows = seed_store.query(f"""SELECT ?label ?amount WHERE {{
        ?i a <{PK}Incentive> ; <{PK}award> ?a ; <{PK}amount> ?amount .
        ?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?label
        }}""").rows
    found = {(str(r["label"]), float(str(r["amount"]))) for r in rows}
    assert ("中国质量奖", 2_000_000.0) in found and ("河南省省长质量奖", 1_000_000.0) in found


def test_vocabularies_cover_the_genre_nationally() -> None:
    provincial = [a for a in VOCAB.awards if a.level == "Provincial" and "质量" in a.label]
    assert len(provincial) == 31  # one government quality award per mainland province-level division
    assert VOCAB.lookup("award", "河南省政府质量奖") == VOCAB.lookup("award", "河南省省长质量奖")
    assert {d.label for d in VOCAB.designations} >= {"全国质量强市示范城市", "全国知名品牌创建示范区", "国家级出口质"
                                                                                                   "量安全示范区"}
    assert all(a.kind == "award" for a in VOCAB.awards)
    assert not {a.iri for a in VOCAB.awards} & {d.iri for d in VOCAB.designations}
    emerging = [i for i in VOCAB.industries if i.emerging]
    assert {"新一代信息技术", "新材料", "新能源汽车"} <= {i.label for i in emerging}


def test_development_zone_industry_lists_name_the_zone() -> None:
    mentions, _ = _run("德清经济开发区重点发展高端装备制造、生物医药、新材料产业。"
                       "改造提升木业家具、装饰建材、钢琴制造等传统产业。")
    zoned = {m.surface: m.attr("zone") for m in mentions if m.kind == "industry"}
    assert zoned == {"高端装备制造": "德清经济开发区", "生物医药": "德清经济开发区", "新材料产业": "德清经济开发区",
                     "木业家具": None, "装饰建材": None, "钢琴制造": None}
    emerging = VOCAB.lookup("industry", "新材料产业")
    assert emerging is not None and emerging.emerging


def test_a_citys_government_quality_award_by_name_and_a_bare_one_is_skipped() -> None:
    mentions, _ = _run("争创浙江省政府质量奖1家、湖州市政府质量奖3家。力争创成全国质量强市示范城市。",
                       "浙江省", "湖州市")
    assert _labels(mentions, "award") == ["浙江省政府质量奖", "湖州市市长质量奖"]
    assert _labels(mentions, "designation") == ["全国质量强市示范城市"]


def test_paired_rewards_go_to_their_awards_in_order() -> None:
    _, incentives = _run("对获得中国质量奖、安徽省政府质量奖的企业分别给予100万元、50万元奖励。", "安徽省", "合肥市")
    assert sorted((i.award, i.amount_yuan) for i in incentives) == [("中国质量奖", 1_000_000),
                                                                    ("安徽省政府质量奖", 500_000)]
