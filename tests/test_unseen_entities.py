"""Metadata and named entities on documents of the genre that are not seeds, and on the forms they take there.

The fixtures are H7's seven (tests/fixtures/unseen, whose facts include metadata, awards, industries, designations
and citations) and four more in tests/fixtures/unseen_entities, each written with its facts before extraction was
run on it: an .html page of a 2022 city plan with navigation, an index box, a QR box, a 相关稿件 list and a footer
(芜湖), a provincial 纲要 citing laws, standards and bare 文号 with a 版记 after the text (甘肃), and, written after the
rules for those were generalised, an autonomous prefecture's plan with its date in parentheses under the heading
(延边) and a city district's plan copied from a web page with a letter-spaced index box (温江).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.ingest.extract.citations import find_citations
from policykg.ingest.extract.entities import extract_entities
from policykg.ingest.extract.industries import find_industries
from policykg.ingest.extract.jurisdiction import plan_level
from policykg.ingest.extract.metadata import extract_metadata, find_issued, find_issuers, find_title
from policykg.ingest.layout import lay_out
from policykg.ingest.read import read_source
from policykg.ingest.records import Extraction, Mention, Source
from policykg.scoring.entities import compare, load

from support import ENTITY_FILES, GOLD

UNSEEN = Path(__file__).resolve().parent / "fixtures"
#: (precision, recall) floors per category, over each fixture.
FLOORS = {"award_programs": (0.9, 0.9), "industries": (0.85, 0.85), "designations": (0.85, 0.85),
          "cited_documents": (0.9, 0.9), "award_programs.reward": (1.0, 1.0), "industries.exact": (0.8, 0.8)}
META_FIELDS = ("metadata.title", "metadata.city", "metadata.province", "metadata.year", "metadata.doc_number",
               "metadata.issued", "metadata.issuers", "metadata.doc_type", "metadata.level")


def _src(text: str, name: str = "snippet.txt") -> Source:
    return Source(name=name, text=text, format="txt", encoding="utf-8")


def _industries(text: str) -> list[str]:
    src = _src(text)
    return [m.surface for m in find_industries(lay_out(src))]


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    return {path.name: load(path, GOLD)[0] for path in ENTITY_FILES}


def _named(ex: Extraction, kind: str) -> set[str]:
    return {m.surface for m in ex.mentions if m.kind == kind}


def test_there_are_fixtures_in_several_layouts() -> None:
    assert len(ENTITY_FILES) >= 11
    assert {p.suffix for p in ENTITY_FILES} == {".txt", ".html"}


@pytest.mark.parametrize("path", ENTITY_FILES, ids=lambda p: p.stem)
def test_every_category_meets_its_floor_and_metadata_is_right(path: Path) -> None:
    ex, gold = load(path, GOLD)
    tally, problems = compare(ex, gold)
    low = {cat: (round(t.precision, 3), round(t.recall, 3)) for cat, t in tally.items()
           if cat in FLOORS and (t.precision < FLOORS[cat][0] or t.recall < FLOORS[cat][1])}
    assert not low, f"{low}\n{problems}"
    wrong = [cat for cat in META_FIELDS if tally[cat].matched_gold < tally[cat].gold]
    assert not wrong, problems


def test_the_issuer_is_the_office_in_the_heading_not_the_body_that_approved(extracted: dict[str, Extraction]) -> None:
    meta = extracted["jiangxi_2019_province.txt"].meta
    # "江西省人民政府办公厅关于印发…的通知" … "经省政府同意,现将…印发给你们"
    assert meta.issuers == ("江西省人民政府办公厅",)
    assert find_issuers("各部门:\n经市政府同意,现将《某方案》印发给你们。\n", None) == ()


def test_a_notice_cited_in_the_preamble_is_not_the_title(extracted: dict[str, Extraction]) -> None:
    meta = extracted["ganzhou_2012_outline.txt"].meta
    # the preamble cites "《国务院关于印发质量发展纲要(2011—2020年)的通知》"; the heading is the document's own
    assert meta.title == "赣州市人民政府关于贯彻落实质量发展纲要(2011—2020年)的实施意见"
    assert meta.doc_type == "实施意见"
    found = find_title("某某市人民政府关于推进质量强市的意见\n为贯彻《国务院关于印发质量发展纲要的通知》精神。\n")
    assert found is not None and found[0] == "某某市人民政府关于推进质量强市的意见"


def test_the_genre_word_is_not_the_subject_that_precedes_it(extracted: dict[str, Extraction]) -> None:
    assert extracted["yibin_2022_plan.txt"].meta.doc_type == "规划"        # 质量发展规划
    assert extracted["gansu_2013_outline.txt"].meta.doc_type == "纲要"     # 质量发展纲要(2013—2020年)
    assert extracted["wenjiang_2024_district.txt"].meta.doc_type == "行动方案"


def test_an_index_box_read_cell_by_cell_gives_date_and_issuer(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><table><tr><td>发布机构：</td><td>某某市人民政府办公室</td></tr>"
                    "<tr><td>成文日期：</td><td>2022-07-08</td></tr><tr><td>文号：</td><td>某政办〔2022〕23号</td></tr>"
                    "</table><h1>某某市质量强市建设实施方案</h1><p>一、总体目标</p><p>到2025年，全市质量总体水平显著提升。</p>"
                    "</body></html>", encoding="utf-8")
    src = read_source(page)
    meta = extract_metadata(lay_out(src))
    assert (meta.issued, meta.doc_number, meta.issuers) == (
        "2022-07-08", "某政办〔2022〕23号", ("某某市人民政府办公室",))


def test_page_chrome_and_related_lists_stay_out_of_the_facts(extracted: dict[str, Extraction]) -> None:
    ex = extracted["wuhu_2022_page.html"]
    text = ex.source.text
    assert "相关稿件" not in text and "扫一扫" not in text and "网站标识码" not in text
    assert "政策解读" not in text  # the 相关稿件 list's 《》 title is no citation
    assert _named(ex, "citation") == {"中共中央 国务院关于开展质量提升行动的指导意见",
                                      "安徽省人民政府关于印发安徽省质量强省建设实施方案的通知"}
    meta = ex.meta
    assert (meta.issued, meta.doc_number, meta.city, meta.province) == (
        "2022-07-08", "芜政办〔2022〕23号", "芜湖市", "安徽省")


def test_levels_of_an_autonomous_prefecture_and_of_a_city_district(extracted: dict[str, Extraction]) -> None:
    yanbian = extracted["yanbian_2020_prefecture.txt"].meta
    assert (yanbian.level, yanbian.city, yanbian.province, yanbian.issued) == (
        "municipal", "延边朝鲜族自治州", "吉林省", "2020-03-16")
    wenjiang = extracted["wenjiang_2024_district.txt"].meta
    assert (wenjiang.level, wenjiang.city, wenjiang.issued, wenjiang.doc_number) == (
        "county", "成都市", "2024-03-12", "温府办发〔2024〕3号")


def test_lead_in_verbs_are_cut_from_the_first_item() -> None:
    assert _industries("组织汽车、机械、冶金等重点行业开展质量攻关。")[:1] == ["汽车"]
    assert _industries("推动现代物流、金融服务、信息服务、检验检测等生产性服务业向专业化延伸。")[:1] == ["现代物流"]
    assert _industries("提高马铃薯、中药材、草食畜牧、优质林果和蔬菜等特色农业产业的质量效益。")[:1] == ["马铃薯"]


def test_two_industries_joined_by_he_are_split_unless_one_depends_on_the_other() -> None:
    got = _industries("巩固提升石油化工、有色冶金、装备制造、电力能源、煤炭和建材等传统优势产业。")
    assert got[-2:] == ["煤炭", "建材"]
    assert "汽车及零部件" in _industries("推动汽车及零部件、新材料、电线电缆等传统产业改造提升。")
    assert "新能源汽车和智能网联汽车" in _industries("壮大新能源汽车和智能网联汽车、航空航天、微电子等战略性新兴产业。")
    assert _industries("推动文化旅游、养老服务和医疗健康服务标准化发展。") == ["文化旅游", "养老服务", "医疗健康服务"]


def test_industries_outside_enumerations() -> None:
    # a shared head: "稀土和钨产业质量提升工程" (赣州)
    assert _industries("——稀土和钨产业质量提升工程。建立检测平台。") == ["稀土", "钨"]
    # an industry named as what clusters (鄂州 seed: "…、检验检测产业集聚牌")
    assert _industries("打好服务业提档升级、检验检测产业集聚牌。") == ["检验检测产业"]
    # sectors opening ;-separated clauses, each the subject of its targets (温州 seed)
    text = ("旅游行业三星级及以上饭店全面推行绿色饭店标准;交通运输业出租车服务基本实现规范化;"
            "医疗卫生业全面实行医疗卫生服务规范化。")
    assert {"交通运输业", "医疗卫生业"} <= set(_industries(text))
    # but not verbs before a head, nor the industrial base
    assert _industries("研究、制订和实施当地块状产业联盟标准。") == []
    assert _industries("聚焦核心基础零部件、先进基础工艺、关键基础材料,组织开展质量攻关。") == []


def _awards(text: str, province: str | None, city: str | None, title: str) -> list[Mention]:
    src = _src(text)
    mentions, _ = extract_entities(lay_out(src), province, city, title)
    return [m for m in mentions if m.kind == "award"]


def test_an_award_glossed_in_parentheses_is_one_programme() -> None:
    got = _awards("新增国家优质工程奖(鲁班奖)2项。", "广西壮族自治区", "柳州市", "柳州市质量强市三年行动计划")
    assert [m.attr("label") for m in got] == ["鲁班奖"]


def test_prefecture_and_district_awards_keep_their_place_and_rewards_pair_in_order() -> None:
    src = _src("对获得中国质量奖、吉林省质量奖和延边州州长质量奖的企业,分别给予100万元、50万元和20万元奖励。")
    mentions, incentives = extract_entities(lay_out(src), "吉林省", "延边朝鲜族自治州", "延边州实施方案")
    labels = {m.attr("label") for m in mentions if m.kind == "award"}
    assert "延边朝鲜族自治州州长质量奖" in labels
    assert sorted(i.amount_yuan for i in incentives) == [200_000, 500_000, 1_000_000]
    got = _awards("对获得四川天府质量奖、温江区区长质量奖的组织给予奖励。", "四川省", "成都市",
                  "成都市温江区质量强区建设三年行动方案")
    assert ("温江区区长质量奖", "County") in {(m.attr("label"), m.attr("level")) for m in got}


def test_designations_lose_the_place_that_pursues_them_and_keep_a_written_parenthesis() -> None:
    src = _src("推进珲春国家级出口食品农产品质量安全示范区建设,争创全国质量强市示范城市(区)。")
    mentions, _ = extract_entities(lay_out(src), "吉林省", "延边朝鲜族自治州", "无题")
    assert {m.surface for m in mentions if m.kind == "designation"} == {
        "国家级出口食品农产品质量安全示范区", "全国质量强市示范城市(区)"}


def test_citations_of_laws_standards_and_bare_numbers(extracted: dict[str, Extraction]) -> None:
    cited = {m.attr("number") if m.attr("untitled") else m.surface
             for m in extracted["gansu_2013_outline.txt"].mentions if m.kind == "citation"}
    assert {"国办发〔2013〕47号", "甘政办发〔2012〕186号", "中华人民共和国产品质量法", "中华人民共和国标准化法",
            "卓越绩效评价准则", "GB/T 19001—2008", "商品售后服务评价体系"} <= cited
    assert "国发〔2012〕9号" not in cited  # it is the number of the cited 《质量发展纲要(2011—2020年)》
    src = _src("深入贯彻中发〔2017〕24号文件精神。\n")
    assert [m.attr("number") for m in find_citations(lay_out(src))] == ["中发〔2017〕24号"]


def test_levels_from_the_heading_words() -> None:
    assert plan_level("", "广西壮族自治区质量发展纲要", ("广西壮族自治区人民政府",)) == "provincial"
    assert plan_level("", "某某市中心城区质量提升方案", ()) == "municipal"      # 中心城区 is no district
    assert plan_level("", "兰州新区质量提升行动方案", ("兰州新区管委会",)) == "municipal"
    assert plan_level("", "鄂州市鄂城区质量强区实施方案", ()) == "county"


def test_what_a_list_polices_is_no_target_and_one_industry_is_found_once() -> None:
    assert _industries("加强食品、药品、特种设备、农产品等重点领域监管。") == []
    assert _industries("大力发展电子信息、生物医药和新能源产业,推动石化和钢铁产业转型升级。") == [
        "电子信息", "生物医药", "新能源产业", "石化", "钢铁"]


def test_the_signing_date_wins_over_the_web_publication_date() -> None:
    # an index box with 发布日期 in its own cell, then the signature: the 发布日期 value is no signing date
    box = "发布日期:\n2022年07月12日\n某某市质量强市建设实施方案\n正文。\n某某市人民政府\n2022年7月8日\n"
    assert find_issued(box) == "2022-07-08"
    # a 成文日期 in the box is the signing date even where the page shows only the publication date elsewhere
    assert find_issued("成文日期:\n2022-07-08\n发布日期:2022-07-12\n某某市质量强市建设实施方案\n") == "2022-07-08"
