"""Conventions of agencies, award programmes, designations and industries seen on unseen plans (heldout2).

Every sentence here is written for the test; none is copied from a fixture.
"""

from __future__ import annotations

import pytest

from policykg.ingest.extract.agencies import addressees, collect, context_for, find_mentions
from policykg.ingest.extract.entities import extract_entities
from policykg.ingest.extract.industries import find_industries
from policykg.ingest.layout import lay_out
from policykg.ingest.records import Source


def _doc(text: str):  # type: ignore[no-untyped-def]
    return lay_out(Source(name="snippet.txt", text=text, format="txt", encoding="utf-8"))


def _mentions(text: str) -> list[str]:
    return [f.surface for f in find_mentions(text, context_for("泰州市", "江苏省"))]


@pytest.mark.parametrize(("text", "wanted"), [
    ("各镇(街道)和市直有关单位要抓好落实。", ["各镇(街道)", "市直有关单位"]),
    ("纳入各镇和县各有关部门年度考核。", ["各镇", "县各有关部门"]),
    ("压实各县区和市直有关部门的责任。", ["市直有关部门"]),
    ("由市场监管局牵头,市应急管理局、泰州市姜堰生态环境局配合。", ["市应急管理局", "泰州市姜堰生态环境局"]),
    ("市文体广电旅游局负责。", ["市文体广电旅游局"]),
    ("责任单位:人民银行泰州市分行。", ["人民银行泰州市分行"]),
    ("依托滨江化学工业区管委会建设平台。", ["滨江化学工业区管委会"]),
    ("各县(市、区)人民政府(管委会)要明确分管领导。", ["各县(市、区)人民政府(管委会)"]),
    ("各县(市、区)质量强市(县、区)工作领导小组办公室:", ["各县(市、区)质量强市(县、区)工作领导小组办公室"]),
])
def test_agency_mentions(text: str, wanted: list[str]) -> None:
    found = _mentions(text)
    assert all(w in found for w in wanted), found


@pytest.mark.parametrize("text", ["各乡(镇)、各部门对照本方案细化措施。", "推动市场监管局改革。"])
def test_not_agency_mentions(text: str) -> None:
    assert not [s for s in _mentions(text) if s.startswith("各乡") or s == "推动市场监管局"]


@pytest.mark.parametrize(("line", "wanted", "not_wanted"), [
    ("各镇人民政府、街道办事处,区各委、办、局,各直属机构,各有关单位:", ["区各委、办、局", "各直属机构"], []),
    ("各县、区人民政府,市人民政府各组成部门、各直属机构:", ["各县、区人民政府"], ["区人民政府", "各直属机构"]),
])
def test_addressees(line: str, wanted: list[str], not_wanted: list[str]) -> None:
    names = [n for n, _, _ in addressees(line)]
    assert all(w in names for w in wanted) and not any(n in names for n in not_wanted), names


def test_leading_group_named_in_members_and_back_reference() -> None:
    ctx = context_for("泰州市", "江苏省")
    bodies = collect([("市质量强市工作领导小组成员单位", None), ("领导小组办公室", None),
                      ("县民政局等部门", None), ("县民政局", None)], ctx)
    groups = [b for b in bodies if b.full_name.endswith("领导小组")]
    assert len(groups) == 1 and "领导小组办公室" in groups[0].surfaces
    assert len([b for b in bodies if "民政局" in b.full_name]) == 1


def _entities(text: str, kind: str, title: str = "泰兴市质量强市建设实施方案") -> list[str]:
    mentions, _ = extract_entities(_doc(text), "江苏省", "泰州市", title)
    return [m.attr("label") or m.surface for m in mentions if m.kind == kind]


@pytest.mark.parametrize(("text", "wanted", "not_wanted"), [
    ("对获得泰兴市质量奖的组织,给予奖励10万元。", ["泰兴市质量奖"], []),
    ("鼓励企业争创鲁班奖、钟山杯和银杏杯。", ["银杏杯"], []),
    ("积极争创浙江省建设工程钱江奖。", ["省建设工程钱江奖"], []),
    ("对获得江苏省优质工程奖“扬子杯”的项目给予奖励。", ["扬子杯"], ["省优质工程奖"]),
])
def test_awards(text: str, wanted: list[str], not_wanted: list[str]) -> None:
    found = _entities(text, "award")
    assert all(any(w in f for f in found) for w in wanted) and not any(n in found for n in not_wanted), found


@pytest.mark.parametrize(("text", "wanted", "not_wanted"), [
    ("组织开展江苏省质量强县创建。", ["江苏省质量强县"], []),
    ("支持两县创建自治区级质量强县。", ["自治区级质量强县"], []),
    ("依托国家级农业标准化示范区推广标准。", ["农业标准化示范区"], []),
    ("建设高水平计量测试集聚区。", [], ["高水平计量测试集聚区"]),
    ("开展“放心消费在泰兴”创建活动。", [], ["放心消费在泰兴"]),
])
def test_designations(text: str, wanted: list[str], not_wanted: list[str]) -> None:
    found = _entities(text, "designation")
    assert all(any(w in f for f in found) for w in wanted) and not any(n in found for n in not_wanted), found


@pytest.mark.parametrize(("text", "wanted", "not_wanted"), [
    ("推动茶叶、中药材、肉羊和奶牛全产业链标准化生产。", ["茶叶", "中药材"], []),
    ("推进现代物流、工业设计、检验检测等生产性服务业专业化发展。", ["现代物流", "检验检测"], []),
    ("围绕工程机械、船舶海工、新材料等优势产业,开展质量攻关。", ["工程机械"], []),
    ("支持海陵区、高港区等地依托优势产业打造区域品牌。", [], ["海陵区", "高港区"]),
])
def test_industries(text: str, wanted: list[str], not_wanted: list[str]) -> None:
    found = [m.surface for m in find_industries(_doc(text))]
    assert all(w in found for w in wanted) and not any(n in found for n in not_wanted), found
