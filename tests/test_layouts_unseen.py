"""Layouts of unseen documents (issue 10): web tables as rows, text targets in table cells, past figures, a web
index box's 文号, PDF page furniture and wrapped lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.ingest.extract import extract
from policykg.ingest.extract.goals.context import reports_the_past
from policykg.ingest.layout import lay_out
from policykg.ingest.read import read_source

PAGE = """<html><body><table><tr><td>文 号</td><td>某政办发〔2022〕8号</td>
<td>发布日期</td><td>2022-04-20</td></tr></table>
<h1>某某市人民政府办公室关于印发某某市质量强市建设实施方案的通知</h1><p>某政办发〔2022〕8号</p>
<p>某某市质量强市建设实施方案</p><p>二、主要目标</p><p>主要指标见下表。</p>
<table><tr><th>类别</th><th>指标名称</th><th>2025年目标</th></tr>
<tr><td rowspan="2">产品质量</td><td>制造业产品质量合格率</td><td>93%以上</td></tr>
<tr><td>食品安全抽检合格率</td><td>不低于98%</td></tr>
<tr><td>质量安全</td><td>万台特种设备死亡率</td><td>控制在0.3以下</td></tr>
<tr><td>品牌建设</td><td>全市有效注册商标总量</td><td>达到10万件</td></tr>
<tr><td>质量基础</td><td>主导制修订国家标准</td><td>新增15项</td></tr></table></body></html>"""


def test_a_web_table_is_read_row_by_row_with_text_targets(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    src = read_source(page)
    assert "产品质量 | 制造业产品质量合格率 | 93%以上" in src.text
    ex = extract(lay_out(src))
    goals = {(g.indicator, g.value, g.unit, g.comparator, g.year) for g in ex.goals if g.value is not None}
    assert goals == {
        ("制造业产品质量合格率", 93.0, "%", "AtLeast", 2025), ("食品安全抽检合格率", 98.0, "%", "AtLeast", 2025),
        ("万台特种设备死亡率", 0.3, None, "AtMost", 2025), ("全市有效注册商标总量", 10.0, "万件", "AtLeast", 2025),
        ("主导制修订国家标准", 15.0, "项", "Exactly", 2025)}
    assert not [m for m in ex.mentions if m.kind == "citation"]        # the index box's 文号 is the document's own


@pytest.mark.parametrize(("sentence", "past"), [
    ("2021年,全省制造业产品质量合格率达到93.5%。", True),
    ("2023年,全市制造业产品质量合格率达到94%。", False),       # the plan's own year
    ("到2025年,制造业产品质量合格率达到95%。", False),
])
def test_past_figures_are_no_targets(sentence: str, past: bool) -> None:
    assert reports_the_past(sentence, [], issued=2023) is past


def test_pdf_page_furniture_is_dropped_and_lines_joined(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "p.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    body = ["一、主要目标", "到2025年,全市制造业产品质量合格率达到9", "4%以上,食品抽检合格率稳定在98%以上。"] * 12
    for page in range(2):
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(width / 2, height - 48, "某某市人民政府规范性文件")
        pdf.drawString(72, 52, "某政发〔2024〕9号")
        pdf.drawCentredString(width / 2, 34, f"— {page + 1} —")
        y = height - 90
        for n, line in enumerate(body):
            pdf.setFont("STSong-Light", 14)
            pdf.drawString(100 if n % 3 != 2 else 72, y, line)
            y -= 20
        pdf.showPage()
    pdf.save()
    text = read_source(path).text
    assert "规范性文件" not in text and "— 1 —" not in text and "某政发" not in text
    assert "合格率达到94%以上,食品抽检合格率稳定在98%以上。" in text


def test_an_em_dash_list_of_industries() -> None:
    from policykg.ingest.extract.industries import _dash_list

    text = ("(一)做强特色优势产业。重点发展以下产业:\n——绿色家居;\n——高端装备制造;\n——钢铁与装备制造。\n"
            "1.实施椅业质量提升行动。\n——不是产业\n")
    assert [name for name, _ in _dash_list(text)] == ["绿色家居", "高端装备制造", "钢铁", "装备制造"]


@pytest.mark.parametrize(("line", "names"), [
    ("各县(区)人民政府,市各委办局,市各直属单位:", ["各县(区)人民政府", "市各委办局", "市各直属单位"]),
    ("各县(区、市)人民政府,晋中开发区管委会,市人民政府各委、局、办:",
     ["各县(区、市)人民政府", "晋中开发区管委会", "市人民政府各委、局、办"]),
    ("各县(市、区)人民政府,东津新区(经开区)、襄阳高新区管委会,市政府各部门、直属机构:",
     ["各县(市、区)人民政府", "襄阳高新区管委会", "市政府各部门"]),
    ("各镇人民政府、街道办事处,区政府各部门,有关单位:", ["各镇人民政府", "街道办事处", "区政府各部门"]),
])
def test_addressees_of_a_notice(line: str, names: list[str]) -> None:
    from policykg.ingest.extract.agencies import addressees

    text = f"关于印发某某方案的通知\n某政发〔2024〕9号\n{line}\n现将《某某方案》印发给你们。\n"
    found = addressees(text)
    assert [n for n, _, _ in found] == names
    assert all(text[a:b] == n for n, a, b in found)
