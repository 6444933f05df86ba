"""Residual conventions of the genre found on unseen plans: ranges with a unit at both ends, 一万 as a whole number,
the plans a wrapper notice's title hands out, and industries named once outside a list.

Every sentence here is written for the test; none is copied from a fixture.
"""

from __future__ import annotations

import pytest

from policykg.ingest.extract.citations import find_citations
from policykg.ingest.extract.goals.sentence import parse_sentence
from policykg.ingest.extract.industries import find_industries
from policykg.ingest.layout import lay_out
from policykg.ingest.layout.numerals import rewrite
from policykg.ingest.records import Source


def _doc(text: str):  # type: ignore[no-untyped-def]
    return lay_out(Source(name="snippet.txt", text=text, format="txt", encoding="utf-8"))


# ------------------------------------------------------------------ ranges written with the unit at both ends

@pytest.mark.parametrize(("text", "value", "value_max", "unit"), [
    ("全县地表水优良水体比例稳定在90%—95%", 90.0, 95.0, "%"),
    ("城区噪声达标率保持在85%~88%", 85.0, 88.0, "%"),
    ("每年培育示范企业3家至5家", 3.0, 5.0, "家"),
    ("新建充电站10—12个", 10.0, 12.0, "个"),        # the unit once, after the range (unchanged)
])
def test_a_range_is_one_goal(text: str, value: float, value_max: float, unit: str) -> None:
    goals = parse_sentence(text)
    assert [(g.value, g.value_max, g.unit) for g in goals] == [(value, value_max, unit)], goals
    assert all(g.indicator not in ("—", "~", "至") for g in goals)


def test_figures_in_different_units_are_no_range() -> None:
    goals = parse_sentence("抽检合格率达到96%,到2027年抽检覆盖率达到100%")
    assert [(g.value, g.value_max) for g in goals] == [(96.0, None), (100.0, None)]


# ------------------------------------------------------------------ 一万 is a number, 万元 a unit of money

@pytest.mark.parametrize(("text", "expected"), [
    ("每年新增发明专利一万件", "每年新增发明专利10000件"),
    ("培训技术工人一万人次以上", "培训技术工人10000人次以上"),
    ("县财政安排资金一万元", "县财政安排资金1万元"),
    ("有效注册商标达到十二万件", "有效注册商标达到12万件"),
])
def test_one_wan(text: str, expected: str) -> None:
    assert rewrite(text, tuple(range(len(text) + 1)))[0] == expected


# ------------------------------------------------------------------ a wrapper notice's own attachments

def test_the_plans_a_wrapper_title_hands_out_are_not_cited() -> None:
    title = "某市人民政府关于印发《某市质量提升行动方案》和《某市质量提升重点任务清单》的通知"
    text = (f"{title}\n各县区人民政府:\n现将《某市质量提升行动方案》和《某市质量提升重点任务清单》印发给你们。\n"
            "为贯彻落实《质量强国建设纲要》,制定本方案。\n")
    cited = [m.surface for m in find_citations(_doc(text), own_title=title)]
    assert cited == ["质量强国建设纲要"]


def test_a_title_that_implements_a_document_still_cites_it() -> None:
    title = "某省关于贯彻落实《质量强国建设纲要》的实施意见"
    text = f"{title}\n为贯彻落实《质量强国建设纲要》,提出如下意见。\n"
    assert "质量强国建设纲要" in [m.surface for m in find_citations(_doc(text), own_title=title)]


# ------------------------------------------------------------------ industries named once, outside a list

@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    ("3.推动石化产业绿色安全发展。建设检测平台。", ["石化"], []),
    ("以特色白酒首位产业高质量发展带动全县质量提升。", ["特色白酒"], []),
    ("(四)提升现代物流服务质量。推行标准化作业。", ["现代物流"], []),
    ("推进文化旅游、现代物流服务标准化。", ["文化旅游", "现代物流"], []),
    ("推进景区、民宿服务标准化。", [], ["景区", "民宿"]),      # venues, not sectors
    ("全县产业以竹木、椅业、白茶为特色,品牌偏少。", ["竹木", "椅业", "白茶"], []),
    ("围绕电子信息、基础材料、新型建材等重点产业提升质量。", ["基础材料"], []),
    ("以计量、认证认可和检验检测服务支撑产业链提质。", [], ["计量", "认证认可"]),   # the quality infrastructure
    ("开展食品、特种设备、燃气具等重点领域隐患排查。", [], ["食品", "特种设备", "燃气具"]),  # what is policed
    ("对获奖企业以资金奖励为主。", [], ["资金奖励"]),
])
def test_industries_named_once(text: str, wanted: list[str], unwanted: list[str]) -> None:
    found = [m.surface for m in find_industries(_doc(text))]
    assert all(w in found for w in wanted), found
    assert not any(u in found for u in unwanted), found


# ------------------------------------------------------------------ a cited document is found by its 文号 too

def test_a_titled_citation_carries_its_number_as_an_alt_label(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Literal
    from rdflib.namespace import RDFS, SKOS

    from policykg.ingest.emit import emit
    from policykg.ingest.link import link, packaged
    from policykg.ingest.pipeline import extract_file

    path = tmp_path / "plan.txt"
    path.write_text("某市质量强市建设实施方案\n某市人民政府\n为贯彻落实《某省质量提升行动实施意见》(某政发〔2019〕7号),"
                    "制定本方案。\n", encoding="utf-8")
    ex = extract_file(path)
    g = emit(ex, link(ex, packaged()))
    nodes = set(g.subjects(RDFS.label, Literal("某省质量提升行动实施意见")))
    assert nodes and all((n, SKOS.altLabel, Literal("某政发〔2019〕7号")) in g for n in nodes)
