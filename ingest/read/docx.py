"""Word (.docx) files: paragraphs and tables in body order, after a check that the zip is not a bomb."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

from policykg.errors import IngestError


def check_unpacked(data: bytes, name: str, limit: int) -> None:
    """Refuse a .docx whose members would expand past the limit (a zip bomb), before expanding any.

    The sizes a zip declares are checked first; the bytes really inflated are counted too, in small
    chunks, since a crafted archive can declare less than it holds.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
            declared = sum(m.file_size for m in members)
            if declared > limit:
                raise IngestError(name, f"the .docx would expand to {declared / 2**20:.0f} MiB, over the limit of "
                                  f"{limit / 2**20:.0f} MiB (POLICYKG_MAX_UNPACKED_MB); refused "
                                  "before expanding")
            inflated = 0
            for member in members:
                with zf.open(member) as stream:
                    while chunk := stream.read(1 << 16):
                        inflated += len(chunk)
                        if inflated > limit:
                            raise IngestError(name, "the .docx expands past the limit of "
                                              f"{limit / 2**20:.0f} MiB (POLICYKG_MAX_UNPACKED_MB), "
                                              "more than its members declare; refused")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as exc:
        raise IngestError(name, f"not a readable .docx file ({type(exc).__name__})") from None


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs in body order, tables row by row (see :func:`_docx_rows`)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise IngestError(name, f"not a readable .docx file ({type(exc).__name__})") from None
    from docx.table import Table

    numbering = Numbering(document)
    out: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, document).text
            label = numbering.label(child)     # an empty numbered paragraph still advances its list
            out.append(label + text if text.strip() else text)
        elif child.tag == qn("w:tbl"):
            out.extend(_docx_rows(Table(child, document)))
    return "\n".join(out)


CN_DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese(n: int, digits: str = CN_DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting writes them)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if rest == 0:
            tail = ""
        elif rest < 10:
            tail = digits[0] + digits[rest]
        else:
            tail = _chinese(rest, digits, ten) if rest >= 20 else digits[1] + _chinese(rest, digits, ten)
        return digits[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _letters(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA (Word repeats the letter)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def render_number(n: int, fmt: str) -> str | None:
    """One level's counter in a Word number format (w:numFmt); None for a bullet or no number."""
    if fmt in ("bullet", "none"):
        return None
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "koreanCounting", "ideographDigital", "japaneseDigitalTenThousand"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, LEGAL_DIGITS, "拾")
    if fmt in ("ideographTraditional",):
        return HEAVENLY_STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """Word's automatic numbering (numbering.xml): the "一、" / "（一）" / "1." a reader sees before a paragraph
    is not in its text but computed from the list it belongs to. :meth:`label` renders it, in body order, so the
    text read carries the outline numbers as a printed copy shows them.

    A paragraph's list and level come from its own w:numPr, else from its style's (following w:basedOn); a
    w:num's w:lvlOverride/w:startOverride restarts a level; a level's counter restarts when a level above it
    advances; bullets render nothing. Counters are kept per abstract list, as Word continues a list across the
    w:num instances that share one unless an instance overrides its start.
    """

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}   # abstractNumId → ilvl → (start, fmt, text)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}          # numId → (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str | None, int | None]] = {}  # styleId → (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            self._read_numbering(root)
        try:
            styles = document.styles.element
        except (KeyError, AttributeError):
            styles = None
        if styles is not None:
            self._read_styles(styles)

    def _val(self, el: Any, tag: str) -> str | None:
        child = el.find(self._qn(tag)) if el is not None else None
        return None if child is None else child.get(self._qn("w:val"))

    def _read_numbering(self, root: Any) -> None:
        qn = self._qn
        for abstract in root.iter(qn("w:abstractNum")):
            aid = abstract.get(qn("w:abstractNumId"))
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.iter(qn("w:lvl")):
                try:
                    ilvl = int(lvl.get(qn("w:ilvl")) or 0)
                    start = int(self._val(lvl, "w:start") or 1)
                except ValueError:
                    continue
                levels[ilvl] = (start, self._val(lvl, "w:numFmt") or "decimal", self._val(lvl, "w:lvlText") or "")
            if aid is not None:
                self.levels[aid] = levels
        for num in root.iter(qn("w:num")):
            nid, aid = num.get(qn("w:numId")), self._val(num, "w:abstractNumId")
            if nid is None or aid is None:
                continue
            overrides: dict[int, int] = {}
            for override in num.iter(qn("w:lvlOverride")):
                value = self._val(override, "w:startOverride")
                if value is not None and value.isdigit():
                    overrides[int(override.get(qn("w:ilvl")) or 0)] = int(value)
            self.nums[nid] = (aid, overrides)

    def _read_styles(self, root: Any) -> None:
        qn = self._qn
        own: dict[str, tuple[str | None, int | None]] = {}
        based: dict[str, str] = {}
        for style in root.iter(qn("w:style")):
            sid = style.get(qn("w:styleId"))
            if sid is None:
                continue
            parent = self._val(style, "w:basedOn")
            if parent:
                based[sid] = parent
            numpr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None:
                ilvl = self._val(numpr, "w:ilvl")
                own[sid] = (self._val(numpr, "w:numId"), int(ilvl) if ilvl and ilvl.isdigit() else None)
        for sid in set(own) | set(based):
            seen: set[str] = set()
            at: str | None = sid
            while at is not None and at not in own and at not in seen:
                seen.add(at)
                at = based.get(at)
            if at is not None and at in own:
                self.style_num[sid] = own[at]

    def label(self, p: Any) -> str:
        """The number Word shows before paragraph ``p`` ("一、", "（二）", "3."), advancing the list's counters;
        "" for a paragraph of no numbered list."""
        qn = self._qn
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style = self._val(ppr, "w:pStyle") if ppr is not None else None
        nid, ilvl = self.style_num.get(style or "", (None, None))
        if numpr is not None:
            nid = self._val(numpr, "w:numId") or nid
            own = self._val(numpr, "w:ilvl")
            ilvl = int(own) if own and own.isdigit() else ilvl
        if nid is None or nid == "0" or nid not in self.nums:
            return ""
        aid, overrides = self.nums[nid]
        levels = self.levels.get(aid, {})
        level = ilvl or 0
        if level not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if nid not in self.started and overrides:
            self.started.add(nid)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        counters[level] = counters.get(level, levels[level][0] - 1) + 1
        for deeper in [lv for lv in counters if lv > level]:
            del counters[deeper]
        _, fmt, text = levels[level]
        if render_number(1, fmt) is None:
            return ""

        def one(m: re.Match[str]) -> str:
            lv = int(m.group(1)) - 1
            if lv not in levels:
                return ""
            count = counters.get(lv, levels[lv][0])
            return render_number(count, levels[lv][1]) or ""

        return re.sub(r"%([1-9])", one, text)


def _docx_rows(table: Any) -> list[str]:
    """A table's rows: a row of several cells is one line, its cells joined by " | " (a cell merged across columns
    once), as the row tables of the text reprints; a one-column table gives one line per cell paragraph."""
    out: list[str] = []
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        if len(cells) == 1:
            out.extend(p.text for p in cells[0].paragraphs)
        else:
            out.append(" | ".join(" ".join(p.text.strip() for p in c.paragraphs).strip().replace("|", "/")
                                  for c in cells))
    return out
