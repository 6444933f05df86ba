"""Conventions of tables and numbering in the read and layout stages, each with wording of our own:
Word automatic numbering rendered into the text, and the table layouts of the genre."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from policykg.ingest.read.docx import docx_text, render_number


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
    (20, "chineseCounting", "二十"), (35, "chineseCountingThousand", "三十五"), (3, "decimal", "3"),
    (2, "decimalEnclosedCircle", "②"), (4, "chineseLegalSimplified", "肆"), (3, "ideographTraditional", "丙"),
    (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"), (7, "decimalFullWidth", "７"), (1, "bullet", None),
])
def test_word_number_formats(n: int, fmt: str, expected: str | None) -> None:
    assert render_number(n, fmt) == expected


def _numbered_docx(paragraphs: list[tuple[str, int | None]], levels: list[tuple[str, str]],
                   style_level: int | None = None) -> bytes:
    """A .docx whose paragraphs (text, list level or None) use one multilevel list of ``levels`` (numFmt, lvlText);
    with ``style_level``, the level-0 paragraphs take their numbering from a paragraph style instead."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = Document()
    numbering = document.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                                  f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    if style_level is not None:
        style = document.styles.add_style("PlanHeading", 1)
        style.element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{style_level}"/><w:numId w:val="90"/></w:numPr>'))
    for text, level in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is None:
            continue
        if style_level is not None and level == style_level:
            paragraph.style = document.styles["PlanHeading"]
            continue
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
        assert ppr.find(qn("w:numPr")) is not None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_automatic_numbering_is_rendered_into_the_text() -> None:
    data = _numbered_docx([("工作目标", 0), ("总体目标", 1), ("到2026年，全县检验检测机构达到40家。", None),
                           ("分项目标", 1), ("主要举措", 0), ("夯实计量基础", 1), ("强化标准引领", 1)],
                          [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    assert docx_text(data, "t.docx").splitlines() == [
        "一、工作目标", "（一）总体目标", "到2026年，全县检验检测机构达到40家。", "（二）分项目标",
        "二、主要举措", "（一）夯实计量基础", "（二）强化标准引领"]


def test_word_numbering_from_a_paragraph_style_and_decimal_sublevels() -> None:
    data = _numbered_docx([("保障机制", 0), ("压实责任", 1), ("加大投入", 1), ("营造氛围", 0), ("空段", None)],
                          [("chineseCounting", "%1、"), ("decimal", "%2.")], style_level=0)
    assert docx_text(data, "t.docx").splitlines() == ["一、保障机制", "1.压实责任", "2.加大投入", "二、营造氛围",
                                                      "空段"]


def test_bullets_and_empty_paragraphs_get_no_number() -> None:
    data = _numbered_docx([("", 0), ("要点", 0)], [("bullet", "\uf0b7")])
    assert docx_text(data, "t.docx").splitlines() == ["", "要点"]


def _ruled_pdf(path: Path, rows: list[list[str]], before: int) -> None:
    """A PDF with ``before`` paragraphs of prose, then a ruled table (grid lines, header row repeated on every
    page it runs onto), then a closing paragraph; a running footer with the 文号 on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=14, leading=22, firstLineIndent=28)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=14)

    def footer(canvas: Any, _: Any) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawString(72, 50, "某府发〔2024〕7号")

    story: list[Any] = [Paragraph("全县上下要坚持把质量工作摆在突出位置，推动各项措施落到实处，确保取得实效。", body)
                        for _ in range(before)]
    story.append(Table([[Paragraph(c, cell) for c in row] for row in rows], repeatRows=1,
                       colWidths=[34, 190, 52, 82, 82],
                       style=TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black")])))
    story.append(Paragraph("各乡镇要对照上表，逐项细化落实措施。", body))
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=footer, onLaterPages=footer)


def test_pdf_ruled_table_is_read_by_cell_and_its_repeated_header_dropped(tmp_path: Path) -> None:
    from policykg.ingest.read.pdf import read_pdf

    header = ["序号", "指标名称", "单位", "2023年基数", "2026年目标"]
    rows = [header] + [[str(n), f"第{n}类重点产品抽检合格率", "%", "90", f"≥{90 + n % 9}"] for n in range(1, 41)]
    path = tmp_path / "t.pdf"
    _ruled_pdf(path, rows, before=3)
    text = read_pdf(path.read_bytes(), "t.pdf")
    from pdfminer.high_level import extract_text

    assert extract_text(str(path)).count("序号") == 2                # the header repeats on the second page
    lines = [ln for ln in text.splitlines() if " | " in ln]
    assert lines == [" | ".join(row) for row in rows]          # one header, every row once, by cell
    assert "某府发〔2024〕7号" not in text                     # a running footer of a 文号 is furniture
    assert text.rstrip().endswith("各乡镇要对照上表，逐项细化落实措施。")


def _extract(tmp_path: Path, text: str) -> Any:
    from policykg.ingest.extract import extract
    from policykg.ingest.layout import lay_out
    from policykg.ingest.read import read_source

    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return extract(lay_out(read_source(path)))


PLAN_HEAD = "某某县质量强县建设实施方案（2024—2026年）\n一、主要目标\n到2026年，全县质量工作取得新进展。\n"


@pytest.mark.parametrize("sep", ["    ", "\t", " | "])
def test_aligned_indicator_table_with_lead_column_gives_owned_goals_not_tasks(tmp_path: Path, sep: str) -> None:
    rows = [["序号", "指标", "2026年目标值", "牵头单位", "配合单位"],
            ["1", "规上企业标准化良好行为覆盖率", "≥60%", "县市场监管局", "县工信局"],
            ["2", "农业标准化示范基地", "≥8个", "县农业农村局", "—"],
            ["3", "建筑工程一次验收合格率", "100%", "县住建局", "县交通局、县水利局"]]
    text = PLAN_HEAD + "附件\n主要指标分解表\n" + "\n".join(sep.join(r) for r in rows) + "\n"
    ex = _extract(tmp_path, text)
    table = {g.indicator: (g.value, g.year, g.owners) for g in ex.goals if g.value is not None}
    assert table["规上企业标准化良好行为覆盖率"] == (60.0, 2026, ("县市场监管局",))
    assert table["农业标准化示范基地"] == (8.0, 2026, ("县农业农村局",))
    assert table["建筑工程一次验收合格率"] == (100.0, 2026, ("县住建局",))
    assert ex.tasks == () or all("覆盖率" not in t.text and t.text != "1" for t in ex.tasks)


@pytest.mark.parametrize("sep", [" | ", "\t"])
def test_transposed_table_with_years_as_rows(tmp_path: Path, sep: str) -> None:
    rows = [["年份", "产品质量监督抽查合格率(%)", "规上企业质量管理体系认证数(家)"],
            ["2023年(基期值)", "92.1", "410"],
            ["2024年", "≥93", "450"],
            ["2025年", "≥93.5", "—"],
            ["2026年", "≥94", "520"]]
    text = PLAN_HEAD + "表1 主要指标分年度目标\n" + "\n".join(sep.join(r) for r in rows) + "\n二、重点任务\n"
    ex = _extract(tmp_path, text)
    got = sorted((g.indicator, g.year, g.value, g.comparator, g.unit) for g in ex.goals if g.value is not None)
    assert got == [("产品质量监督抽查合格率", 2024, 93.0, "AtLeast", "%"),
                   ("产品质量监督抽查合格率", 2025, 93.5, "AtLeast", "%"),
                   ("产品质量监督抽查合格率", 2026, 94.0, "AtLeast", "%"),
                   ("规上企业质量管理体系认证数", 2024, 450.0, "Exactly", "家"),
                   ("规上企业质量管理体系认证数", 2026, 520.0, "Exactly", "家")]


def test_indicator_system_with_weights_levels_and_a_total_row(tmp_path: Path) -> None:
    rows = ["一级指标 | 二级指标 | 分值 | 2025年目标值 | 责任单位",
            "质量基础 | 计量器具强制检定率 | 12 | ≥97% | 县市场监管局(牵头)、县工信局",
            "质量基础 | 新建社会公用计量标准 | 8 | ≥3项 | 县市场监管局",
            "生态质量 | 城市污水集中处理率 | 10 | ≥92% | 县住建局",
            "合计 | 30 | — | —"]
    text = (PLAN_HEAD.replace("实施方案", "考核评价办法") + "考核设2项一级指标、3项二级指标。\n"
            + "\n".join(rows) + "\n三、评分办法\n"
            + "新获评省级质量标杆企业的，每家加2分；发生较大质量安全事故的，每起扣5分。\n")
    ex = _extract(tmp_path, text)
    got = sorted((g.indicator, g.value, g.year, g.owners, g.section) for g in ex.goals if g.value is not None)
    assert got == [("城市污水集中处理率", 92.0, 2025, ("县住建局",), "生态质量"),
                   ("新建社会公用计量标准", 3.0, 2025, ("县市场监管局",), "质量基础"),
                   ("计量器具强制检定率", 97.0, 2025, ("县市场监管局",), "质量基础")]


def test_a_box_table_ends_at_the_next_chapter_heading(tmp_path: Path) -> None:
    text = ("某某县质量发展规划（2024—2026年）\n第一章 发展目标\n第一节 主要目标\n专栏1 主要指标\n指标 | 2026年目标值\n"
            "检验检测机构数量 | 累计达到40家\n品牌价值评价企业 | 新增12家\n第二章 重点任务\n第一节 提升产品质量\n"
            "支持企业开展质量对标，到2026年培育省级质量标杆企业6家。\n本节任务由县工信局牵头，县市场监管局配合。\n")
    ex = _extract(tmp_path, text)
    got = {g.indicator: (g.value, g.comparator, g.owners) for g in ex.goals if g.value is not None}
    assert got["检验检测机构数量"] == (40.0, "AtLeast", ())
    assert got["品牌价值评价企业"] == (12.0, "Exactly", ())
    assert got["培育省级质量标杆企业"] == (6.0, "Exactly", ("县工信局",))     # prose after the box, not a row


def test_html_cells_merged_down_rows_are_repeated_in_each_row() -> None:
    from policykg.ingest.read.html import visible_text

    page = ("<html><body><p>考核指标</p><table>"
            "<tr><th>一级指标</th><th>二级指标</th><th>权重</th><th>2025年目标值</th></tr>"
            "<tr><td rowspan='2'>服务质量</td><td>公共服务满意度</td><td>6</td><td>≥85分</td></tr>"
            "<tr><td>消费投诉办结率</td><td>4</td><td>≥98%</td></tr>"
            "<tr><td colspan='2'>合计</td><td>10</td><td>—</td></tr></table></body></html>")
    rows = [ln for ln in visible_text(page).splitlines() if "|" in ln]
    assert rows == ["一级指标 | 二级指标 | 权重 | 2025年目标值", "服务质量 | 公共服务满意度 | 6 | ≥85分",
                    "服务质量 | 消费投诉办结率 | 4 | ≥98%", "合计 | 10 | —"]


def test_a_header_over_two_lines_makes_every_year_under_target_a_target() -> None:
    """目标值 on the header's first line spans the years on its second: both years are targets, not a baseline."""
    from policykg.ingest.layout.row_tables import row_tables

    text = ("表1 主要指标\n"
            "序号 | 指标名称 | 单位 | 目标值 | 属性\n"
            "序号 | 指标名称 | 单位 | 2024年 | 2026年 | 属性\n"
            "1 | 规模以上工业企业质量管理体系认证率 | % | ≥80 | ≥90 | 预期性\n"
            "2 | 产品质量监督抽查合格率 | % | ≥94 | ≥95 | 约束性\n")
    rows = [(r.indicator.text, r.value, r.year) for t in row_tables(text) for r in t.rows]
    rate = "规模以上工业企业质量管理体系认证率"
    assert rows == [(rate, "≥80", 2024), (rate, "≥90", 2026),
                    ("产品质量监督抽查合格率", "≥94", 2024), ("产品质量监督抽查合格率", "≥95", 2026)]


def test_a_single_header_line_with_two_years_keeps_the_earlier_as_a_baseline() -> None:
    from policykg.ingest.layout.row_tables import row_tables

    text = ("序号 | 指标名称 | 单位 | 2020年 | 2025年\n"
            "1 | 制造业产品质量合格率 | % | 92.1 | ≥94\n")
    rows = [(r.indicator.text, r.value, r.year) for t in row_tables(text) for r in t.rows]
    assert rows == [("制造业产品质量合格率", "≥94", 2025)]
