"""PDF text by its geometry: page furniture dropped, wrapped lines joined.

pdfminer gives every line with its box. A line is page furniture when it is a page number ("— 3 —", "第3页",
"- 3 -") or when it sits among the first two or the last three lines of a page and the same line, digits aside,
sits there on another page too (a running header such as the issuer's banner, a footer with the 文号 or a print
date). A body line continues on the next one when it reaches the right margin and does not end a sentence, or when
it leaves a bracket open ("…实施方案(2024—" / "2026年)的通知"); a title set in a larger font over several centred
lines is one line. The next line never continues one when it starts an outline item (一、 (一) 1. ——). The last
line of a page continues on the next page the same way.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from policykg.errors import IngestError

#: A line that starts a new item: outline numbering, a bullet, or a column/table label.
STARTS_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)"
                         r"|——|专栏|附件|注[:：])")
ENDS_SENTENCE = tuple("。！!？?")
PAGE_NUMBER = re.compile(r"^(?:[-—–－~·]+\s*\d{1,4}\s*[-—–－~·]+|第\s*\d{1,4}\s*页(?:\s*/?\s*共\s*\d+\s*页)?"
                         r"|\d{1,4}\s*/\s*\d{1,4})$")
BARE_NUMBER = re.compile(r"^\d{1,4}$")
HAN = re.compile(r"[\u4e00-\u9fff]")
OPENS, CLOSES = "（(《〔【", "）)》〕】"


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    y0: float
    size: float


def _pages(data: bytes) -> list[tuple[float, list[Line]]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    pages = []
    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        lines = []
        for element in page:
            if isinstance(element, LTTextContainer):
                for line in element:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        lines.append(Line(line.get_text().strip(), line.x0, line.x1, line.y0, round(line.height, 1)))
        lines.sort(key=lambda ln: (-round(ln.y0), ln.x0))
        pages.append((float(page.width), lines))
    return pages


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def furniture(pages: list[tuple[float, list[Line]]]) -> set[tuple[int, int]]:
    """(page, line) indices of running headers, footers and page numbers."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for _, lines in pages:
        tops.update({_key(ln.text) for ln in lines[:2]})
        bottoms.update({_key(ln.text) for ln in lines[-3:]})
    out = set()
    for p, (width, lines) in enumerate(pages):
        for i, ln in enumerate(lines):
            top, bottom = i < 2, i >= len(lines) - 3
            if not (top or bottom):
                continue
            text = ln.text.strip()
            numbered = PAGE_NUMBER.match(text) or (BARE_NUMBER.match(text) and int(text) in (p, p + 1)
                                                   and abs((ln.x0 + ln.x1) / 2 - width / 2) < 2 * ln.size)
            repeated = len(pages) > 1 and len(HAN.findall(text)) >= 4 and (
                (top and tops[_key(text)] > 1) or (bottom and bottoms[_key(text)] > 1))
            if numbered or repeated:
                out.add((p, i))
    return out


def _open_bracket(text: str) -> bool:
    return sum(text.count(c) for c in OPENS) > sum(text.count(c) for c in CLOSES) or (
        text.endswith("—") and not text.endswith("——"))


def pdf_text(data: bytes) -> str:
    pages = _pages(data)
    dropped = furniture(pages)
    body = [(width, ln) for p, (width, lines) in enumerate(pages) for i, ln in enumerate(lines)
            if (p, i) not in dropped]
    if not body:
        return ""
    sizes = Counter(ln.size for _, ln in body)
    text_size = sizes.most_common(1)[0][0]
    right = max((ln.x1 for _, ln in body if ln.size == text_size), default=0.0)
    left = min((ln.x0 for _, ln in body if ln.size == text_size), default=0.0)
    #: Whether paragraphs open indented: then a line at the left margin continues the one before it.
    indented = sum(1 for _, ln in body if ln.size == text_size and ln.x0 > left + ln.size) > len(body) // 10
    out: list[str] = []
    previous: tuple[float, Line] | None = None
    for width, ln in body:
        if previous is not None and out and not STARTS_ITEM.match(ln.text) and _continues(
                previous, (width, ln), text_size, (left, right), indented):
            out[-1] += ln.text
        else:
            out.append(ln.text)
        previous = (width, ln)
    return "\n".join(out) + "\n"


def _continues(before: tuple[float, Line], after: tuple[float, Line], text_size: float,
               margins: tuple[float, float], indented: bool) -> bool:
    (width, prev), (_, line) = before, after
    left, right = margins
    if prev.text.endswith("通知") or BARE_NUMBER.match(line.text):
        return False
    if prev.size == line.size > text_size:                 # a title set over centred lines
        return all(abs((ln.x0 + ln.x1) / 2 - width / 2) < prev.size for ln in (prev, line))
    if indented and line.x0 > left + line.size / 2:         # an indented line opens a paragraph
        return False
    if prev.text.endswith(ENDS_SENTENCE) and prev.x1 < right - 2.5 * prev.size:
        return False
    if prev.size != line.size:
        return False
    return prev.x1 >= right - 2.5 * prev.size or _open_bracket(prev.text)


def read_pdf(data: bytes, name: str) -> str:
    """The text layer, with lines that a paragraph wrapped joined back together."""
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = pdf_text(data)
    except (PDFSyntaxError, ValueError, TypeError) as exc:
        raise IngestError(name, f"not a readable PDF ({type(exc).__name__})") from None
    if not text.strip():
        raise IngestError(name, "the PDF has no text layer (scanned pages need OCR first)")
    return text
