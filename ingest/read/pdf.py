"""PDF text by its geometry: page furniture dropped, wrapped lines joined.

pdfminer gives every line with its box. A line is page furniture when it is a page number ("— 3 —", "第3页",
"- 3 -") or when it sits among the first two or the last three lines of a page and the same line, digits aside,
sits there on another page too (a running header such as the issuer's banner, a footer with the 文号 or a print
date). A body line continues on the next one when it reaches the right margin and does not end a sentence, or when
it leaves a bracket open ("…实施方案(2024—" / "2026年)的通知"); a title set in a larger font over several centred
lines is one line. The next line never continues one when it starts an outline item (一、 (一) 1. ——). The last
line of a page continues on the next page the same way.

A ruled table (the rules drawn as lines or thin rectangles: at least three horizontal and two vertical ones that
meet) is read cell by cell from the characters inside each ruled cell, not from pdfminer's lines, which run across
cells; each row becomes one line, its cells joined by " | " as the Word and HTML readers give them (a cell the
rules merge over several columns is one cell). A table continued on the next page that repeats its header row
drops the repeat, so the rows read as one table.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from policykg.errors import IngestError

#: A line that starts a new item: outline numbering, a bullet, or a column/table label.
STARTS_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)"
                         r"|——|专栏|附件|注[:：])")
ENDS_SENTENCE = tuple("。！!？?")
PAGE_NUMBER = re.compile(r"^(?:[-—–－~·]+\s*\d{1,4}\s*[-—–－~·]+|第\s*\d{1,4}\s*页(?:\s*/?\s*共\s*\d+\s*页)?"
                         r"|\d{1,4}\s*/\s*\d{1,4})$")
DOC_NUMBER = re.compile(r"〔(?:19|20)\d\d〕\d+号")
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
    row: bool = False          # a table row: never joined to a neighbour, never furniture


#: How far apart two rules may be and still meet (points).
TOUCH = 2.0


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y1 - self.y0 <= TOUCH < self.x1 - self.x0


def _rules(element: object) -> list[Rule]:
    """The rules a drawn line or rectangle contributes: a thin one is a rule, a wider rectangle its four edges."""
    from pdfminer.layout import LTCurve, LTRect

    if not isinstance(element, LTCurve):
        return []
    x0, y0, x1, y1 = element.bbox
    if x1 - x0 <= TOUCH or y1 - y0 <= TOUCH:
        return [Rule(x0, y0, x1, y1)] if max(x1 - x0, y1 - y0) > TOUCH else []
    if isinstance(element, LTRect):
        return [Rule(x0, y0, x1, y0), Rule(x0, y1, x1, y1), Rule(x0, y0, x0, y1), Rule(x1, y0, x1, y1)]
    return []


def _meet(a: Rule, b: Rule) -> bool:
    return (a.x0 - TOUCH <= b.x1 and b.x0 - TOUCH <= a.x1 and a.y0 - TOUCH <= b.y1 and b.y0 - TOUCH <= a.y1)


def _grids(rules: list[Rule]) -> list[list[Rule]]:
    """Groups of rules that meet one another and form a grid (>= 3 horizontal, >= 2 vertical)."""
    groups: list[list[Rule]] = []
    for rule in rules:
        joined = [g for g in groups if any(_meet(rule, r) for r in g)]
        merged = [rule] + [r for g in joined for r in g]
        groups = [g for g in groups if g not in joined] + [merged]
    return [g for g in groups if sum(r.horizontal for r in g) >= 3 and sum(not r.horizontal for r in g) >= 2]


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOUCH:
            out.append(v)
    return out


def _table_rows(grid: list[Rule], chars: list[tuple[float, float, float, str]]) -> tuple[list[Line], set[int]]:
    """The rows of one ruled table as lines (cells joined by " | "), and the indices of the characters it took."""
    x0 = min(r.x0 for r in grid)
    x1 = max(r.x1 for r in grid)
    ys = _distinct([r.y0 for r in grid if r.horizontal])[::-1]          # top down
    verticals = [r for r in grid if not r.horizontal]
    taken: set[int] = set()
    rows: list[Line] = []
    for top, bottom in itertools.pairwise(ys):
        mid = (top + bottom) / 2
        # the rules that cross this band divide it into cells (a cell merged over columns has none inside)
        xs = _distinct([r.x0 for r in verticals if r.y0 - TOUCH <= mid <= r.y1 + TOUCH])
        if len(xs) < 2:
            continue
        cells: list[list[tuple[float, float, str]]] = [[] for _ in xs[1:]]
        for i, (cx, cy, _, ch) in enumerate(chars):
            if not (bottom < cy < top and xs[0] < cx < xs[-1]):
                continue
            at = next(k for k in range(len(xs) - 1) if cx < xs[k + 1])
            cells[at].append((cy, cx, ch))
            taken.add(i)
        texts = []
        for cell in cells:
            lines: list[list[tuple[float, float, str]]] = []
            for cy, cx, ch in sorted(cell, key=lambda c: (-c[0], c[1])):
                if lines and abs(lines[-1][0][0] - cy) <= 2:
                    lines[-1].append((cy, cx, ch))
                else:
                    lines.append([(cy, cx, ch)])
            text = "".join("".join(c[2] for c in sorted(line, key=lambda c: c[1])) for line in lines)
            texts.append(re.sub(r"\s+", " ", text).strip().replace("|", "/"))
        if any(texts):
            size = max((c[2] for c in chars if bottom < c[1] < top), default=10.0)
            rows.append(Line(" | ".join(texts), x0, x1, mid, round(size, 1), row=True))
    return rows, taken


def _chars(text_lines: list[Any]) -> list[tuple[float, float, float, str]]:
    """Every character of the lines as (x, y, size, text), x being where its run starts: a run of characters set
    without a gap belongs to the cell it starts in, even when it overflows the cell's right rule."""
    from pdfminer.layout import LTChar

    out: list[tuple[float, float, float, str]] = []
    for line in text_lines:
        start: float | None = None
        end = 0.0
        for c in line:
            if not isinstance(c, LTChar):
                continue
            if start is None or c.x0 - end > 0.3 * c.size or not c.get_text().strip():
                start = (c.x0 + c.x1) / 2
            out.append((start, (c.y0 + c.y1) / 2, c.size, c.get_text()))
            end = c.x1
    return out


def _pages(data: bytes) -> list[tuple[float, list[Line]]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine

    pages = []
    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        rules: list[Rule] = []
        text_lines = []
        for element in page:
            rules += _rules(element)
            if isinstance(element, LTTextContainer):
                for line in element:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        text_lines.append(line)
        grids = _grids(rules)
        lines: list[Line] = []
        if grids:
            chars = _chars(text_lines)
            taken: set[int] = set()
            for grid in grids:
                rows, took = _table_rows(grid, chars)
                taken |= took
                lines += rows
            at = 0
            for line in text_lines:
                own = [c for c in line if isinstance(c, LTChar)]
                mine = range(at, at + len(own))
                at += len(own)
                if any(i in taken for i in mine):
                    rest = "".join(chars[i][3] for i in mine if i not in taken).strip()
                    if rest:
                        lines.append(Line(rest, line.x0, line.x1, line.y0, round(line.height, 1)))
                    continue
                lines.append(Line(line.get_text().strip(), line.x0, line.x1, line.y0, round(line.height, 1)))
        else:
            lines = [Line(line.get_text().strip(), line.x0, line.x1, line.y0, round(line.height, 1))
                     for line in text_lines]
        lines.sort(key=lambda ln: (-round(ln.y0), ln.x0))
        pages.append((float(page.width), lines))
    return pages


def _drop_repeated_headers(body: list[tuple[int, float, Line]]) -> list[tuple[int, float, Line]]:
    """A table that runs onto the next page repeats its header row there: drop the repeat, when the row before it
    (furniture aside) is the last row of the same table on the page before."""
    out: list[tuple[int, float, Line]] = []
    header: str | None = None
    for page, width, ln in body:
        previous = out[-1] if out else None
        if ln.row and previous is not None and previous[2].row:
            if previous[0] != page and ln.text == header:
                continue
        elif ln.row:
            header = ln.text
        out.append((page, width, ln))
    return out


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
            if ln.row:
                continue
            numbered = PAGE_NUMBER.match(text) or (BARE_NUMBER.match(text) and int(text) in (p, p + 1)
                                                   and abs((ln.x0 + ln.x1) / 2 - width / 2) < 2 * ln.size)
            repeated = len(pages) > 1 and (len(HAN.findall(text)) >= 4 or DOC_NUMBER.search(text)) and (
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
    kept = [(p, width, ln) for p, (width, lines) in enumerate(pages) for i, ln in enumerate(lines)
            if (p, i) not in dropped]
    body = [(width, ln) for _, width, ln in _drop_repeated_headers(kept)]
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
        if previous is not None and out and not ln.row and not previous[1].row and not STARTS_ITEM.match(ln.text) \
                and _continues(previous, (width, ln), text_size, (left, right), indented):
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
