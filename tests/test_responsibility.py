"""One responsibility parser: every phrasing of the genre, in prose and in table cells (issue 10)."""

from __future__ import annotations

import pytest

from policykg.ingest.extract.tasks import parse_responsibility, tagged_lead

# Text after normalisation (full-width brackets and commas fold to half width).
CASES = [
    ("责任单位:A(牵头),B、C",
     "(责任单位:省工业和信息化厅(牵头),省市场监管局、省商务厅)",
     ("省工业和信息化厅",), ("省市场监管局", "省商务厅"), None),
    ("责任单位 line with (牵头)",
     "责任单位:市发展和改革局(牵头),市工业和信息化局、市市场监管局\n",
     ("市发展和改革局",), ("市工业和信息化局", "市市场监管局"), None),
    ("牵头单位 / 配合单位",
     "(牵头单位:省市场监管局;配合单位:省发展改革委、各市(含定州、辛集市)人民政府)",
     ("省市场监管局",), ("省发展改革委", "各市(含定州、辛集市)人民政府"), None),
    ("牵头 / 配合 / 完成时限",
     "(牵头单位:市市场监管局;配合单位:市工信局、市商务局;完成时限:2024年12月底前)",
     ("市市场监管局",), ("市工信局", "市商务局"), "2024年12月底前"),
    ("由A牵头,B、C配合",
     "推行服务标准化,由市商务局牵头,市文化广电和旅游局、市卫生健康委配合。",
     ("市商务局",), ("市文化广电和旅游局", "市卫生健康委"), None),
    ("由A牵头,B、C配合,deadline",
     "建设检验检测中心,由市市场监管局牵头,市发展改革委、市财政局配合,2024年12月底前完成。",
     ("市市场监管局",), ("市发展改革委", "市财政局"), "2024年12月底前完成"),
    ("(A负责)", "开展旅游服务质量测评(县文体旅游局负责)。", ("县文体旅游局",), (), None),
    ("(A、B负责)", "加强地理标志保护(县农业农村局、县市场监管局负责)。",
     ("县农业农村局", "县市场监管局"), (), None),
    ("(A负责,deadline)", "建设检测平台(县林业局负责,2023年底前完成)。", ("县林业局",), (), "2023年底前完成"),
    ("(A牵头,B、C等按职责分工负责)",
     "争创优质工程(市住建局牵头,市交通运输局、市水利局等按职责分工负责)。",
     ("市住建局",), ("市交通运输局", "市水利局"), None),
    ("(A牵头,B等按职责分工负责,deadline)",
     "新增认证60个(市农业农村局牵头,市市场监管局、市商务局等按职责分工负责,2025年底前完成阶段任务)。",
     ("市农业农村局",), ("市市场监管局", "市商务局"), "2025年底前完成阶段任务"),
    ("(A牵头,B、C配合)", "实施攻关项目(市工信局牵头,市科技局、市市场监管局配合)。",
     ("市工信局",), ("市科技局", "市市场监管局"), None),
]


@pytest.mark.parametrize(("text", "lead", "support", "deadline"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_phrasing(text: str, lead: tuple[str, ...], support: tuple[str, ...], deadline: str | None) -> None:
    mark = parse_responsibility(text)
    assert mark is not None
    assert (mark.lead, mark.support, mark.deadline) == (lead, support, deadline)
    assert not any("牵头" in name for name in (*mark.lead, *mark.support))


def test_a_table_cell_tagged_lead() -> None:
    """A 责任单位 column whose cell reads "A(牵头),B、C"."""
    assert tagged_lead(("市经信局(牵头)", "市科技局", "市市场监管局")) == (("市经信局",), ("市科技局", "市市场监管局"))
    assert tagged_lead(("市经信局", "市科技局")) == (("市经信局", "市科技局"), ())


def test_no_units_no_mark() -> None:
    assert parse_responsibility("由于质量基础薄弱,部分企业配合不够。") is None
    assert parse_responsibility("(以上指标均为约束性指标)") is None
