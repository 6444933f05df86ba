"""A seed saved as HTML (with a government site's chrome), .docx and .pdf ingests to the same facts as its .txt.

The fixtures are built here from the 鄂州 seed (003): its indicator table goes into a real table in the
HTML and the Word file, and the PDF wraps long paragraphs over several lines, as printed plans do.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from policykg.ingest.pipeline import extract_file, ingest_paths
from policykg.ingest.read import read_source
from policykg.scoring.facts import counts, facts
from policykg.store import OxigraphStore

from support import seed

CHROME_TOP = """<div class="top-bar"><a href="#">设为首页</a> | <a href="#">加入收藏</a> | <a href="#">无障碍</a></div>
<div id="header"><h2>鄂州市人民政府门户网站</h2></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li>政策文件</li></ul>
<div class="breadcrumb">您当前的位置:首页 &gt; 政务公开 &gt; 政府文件</div>"""
CHROME_BOTTOM = """<div class="qrcode"><img src="qr.png" alt=""><p>扫一扫在手机上查看当前页面</p></div>
<div class="tools">【打印本页】【关闭窗口】</div>
<div class="xgwz"><h3>相关文章</h3><ul>
<li><a href="/a1">关于印发鄂州市质量发展纲要(2012-2020年)的通知</a></li>
<li><a href="/a2">市人民政府关于印发鄂州市创建国家食品安全示范城市工作方案的通知</a></li>
<li><a href="/a3">关于开展2016年度鄂州市市长质量奖评选工作的通知</a></li></ul></div>
<div id="footer">主办:鄂州市人民政府办公室 版权所有 鄂ICP备05000000号 网站标识码:4207000001</div>"""


def _seed_lines() -> list[str]:
    return seed("003").read_text(encoding="utf-8").split("\n")


def _table_range(lines: list[str]) -> tuple[int, int]:
    """The flattened indicator table: from its 序号 header to the footnote."""
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "序号")
    end = next(i for i, ln in enumerate(lines) if ln.strip().startswith("注:"))
    return start, end


def build_html(path: Path) -> Path:
    lines = _seed_lines()
    a, b = _table_range(lines)
    body = [f"<p>{html.escape(ln)}</p>" for ln in lines[:a] if ln.strip()]
    body.append("<table>" + "".join(f"<tr><td>{html.escape(ln)}</td></tr>" for ln in lines[a:b] if ln.strip())
                + "</table>")
    body += [f"<p>{html.escape(ln)}</p>" for ln in lines[b:] if ln.strip()]
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>鄂州市人民政府</title>'
            f"<script>var x = '设为首页';</script></head><body>{CHROME_TOP}"
            f'<div id="zoom" class="article">{"".join(body)}</div>{CHROME_BOTTOM}</body></html>')
    path.write_text(page, encoding="utf-8")
    return path


def build_docx(path: Path) -> Path:
    from docx import Document

    lines = _seed_lines()
    a, b = _table_range(lines)
    document = Document()
    for ln in lines[:a]:
        if ln.strip():
            document.add_paragraph(ln.strip())
    cells = [ln.strip() for ln in lines[a:b] if ln.strip()]
    table = document.add_table(rows=len(cells), cols=1)
    for row, text in zip(table.rows, cells, strict=True):
        row.cells[0].text = text
    for ln in lines[b:]:
        if ln.strip():
            document.add_paragraph(ln.strip())
    document.save(str(path))
    return path


def build_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    margin, size, leading = 50.0, 10.0, 14.0
    usable = width - 2 * margin
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = height - margin

    def emit(text: str) -> None:
        nonlocal y
        if y < margin:
            pdf.showPage()
            y = height - margin
        pdf.setFont("STSong-Light", size)
        pdf.drawString(margin, y, text)
        y -= leading

    for raw in _seed_lines():
        line = raw.strip().replace("\xa0", " ")
        if not line:
            continue
        current = ""
        for ch in line:  # wrap at the usable width, as a typesetter would
            if pdfmetrics.stringWidth(current + ch, "STSong-Light", size) > usable:
                emit(current)
                current = ""
            current += ch
        emit(current)
        y -= 4  # paragraph spacing
    pdf.save()
    return path


@pytest.fixture(scope="module")
def txt_facts() -> dict[str, object]:
    return facts(extract_file(seed("003")))


@pytest.mark.parametrize("builder", [build_html, build_docx, build_pdf], ids=["html", "docx", "pdf"])
def test_other_formats_ingest_to_the_same_facts(tmp_path: Path, builder: object, txt_facts: dict[str, object]) -> None:
    suffix = {"build_html": ".html", "build_docx": ".docx", "build_pdf": ".pdf"}[builder.__name__]  # type: ignore[attr-defined]
    path = builder(tmp_path / f"ezhou{suffix}")  # type: ignore[operator]
    ex = extract_file(path)
    assert ex.source.format == suffix[1:]
    ours = facts(ex)
    assert counts(ours) == counts(txt_facts)
    for key in ("meta", "goals", "tasks", "agencies", "mentions", "incentives"):
        assert ours[key] == txt_facts[key], key


def test_html_chrome_is_left_out(tmp_path: Path) -> None:
    text = read_source(build_html(tmp_path / "page.html")).text
    for chrome in ("设为首页", "扫一扫在手机"
                               "上查看当前页面", "相关文章", "版权所有", "政务公开", "市长质量奖评选工作的通知"):
        assert chrome not in text, chrome
    assert "鄂州市创建全国质量强市示范城市工作方案" in text and "生产企业产品质量监督合格率" in text


def test_docx_table_cells_are_read_one_per_line(tmp_path: Path) -> None:
    text = read_source(build_docx(tmp_path / "plan.docx")).text
    lines = text.split("\n")
    at = lines.index("生产企业产品质量监督合格率*")
    assert lines[at + 1: at + 3] == ["%", "94"]


def test_formats_are_recorded_and_quotes_cut_from_the_extracted_text(tmp_path: Path) -> None:
    paths = [build_html(tmp_path / "h.html"), build_docx(tmp_path / "d.docx"), build_pdf(tmp_path / "p.pdf")]
    store = OxigraphStore()
    assert all(r.ok for r in ingest_paths(store, paths))
    rows = store.query("""PREFIX pk: <https://w3id.org/policykg/ontology#>
        SELECT ?file ?format WHERE { ?d pk:sourceFile ?file ; pk:sourceFormat ?format }""").rows
    assert sorted((str(r["file"]), str(r["format"])) for r in rows) == [
        ("d.docx", "docx"), ("h.html", "html"), ("p.pdf", "pdf")]
    for path in paths:
        ex = extract_file(path)
        for goal in ex.goals:
            assert ex.source.text[goal.evidence.start:goal.evidence.end] == goal.evidence.quote


def test_html_in_a_declared_legacy_charset_reads_the_same(tmp_path: Path) -> None:
    utf8 = build_html(tmp_path / "utf8.html")
    declared = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = utf8.read_text(encoding="utf-8").replace('<meta charset="utf-8">', declared)
    legacy = tmp_path / "legacy.html"
    legacy.write_bytes(page.replace("\xa0", " ").encode("gb18030"))
    ours, theirs = read_source(legacy), read_source(utf8)
    assert ours.encoding == "gb18030" and any("declared" in w for w in ours.warnings)
    assert ours.text.replace("\xa0", " ") == theirs.text.replace("\xa0", " ")
