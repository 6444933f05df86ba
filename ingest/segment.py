"""Segment normalised text: the outline (一、 (一) 1. (1) ——, 专栏N), sentences, and flattened tables.

Everything here works on :class:`Normalized` text and returns normalised offsets; quotes are cut from the
source later through :func:`policykg.ingest.normalize.evidence`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Section

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "[一二三四五六七八九十〇零两]+"


def cn_to_int(text: str) -> int | None:
    """Chinese numerals up to 99 (十二 → 12, 二十 → 20, 二十三 → 23); Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    tens, _, units = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


#: Heading patterns by outline level; the group ``n`` is the numbering, ``t`` the rest of the line.
HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (6, re.compile(rf"^[ \t]*(?:专栏|栏目)[ \t]*(?P<n>\d+|{CN_NUM})[ \t:.、]*(?P<t>.*)$", re.M)),
    (1, re.compile(rf"^[ \t]*(?:第(?P<n0>{CN_NUM})[章部分节]+|(?P<n>{CN_NUM})[、.])[ \t]*(?P<t>.*)$", re.M)),
    (2, re.compile(rf"^[ \t]*[(](?P<n>{CN_NUM})[)][ \t]*(?P<t>.*)$", re.M)),
    (3, re.compile(r"^[ \t]*(?P<n>\d{1,3})(?:[.、](?!\d)|[ \t]+(?=[\u4e00-\u9fff]))[ \t]*(?P<t>.*)$", re.M)),
    (4, re.compile(r"^[ \t]*[(](?P<n>\d{1,3})[)][ \t]*(?P<t>.*)$", re.M)),
    (5, re.compile(r"^[ \t]*(?:——|--|—|-{1,2}(?=[\u4e00-\u9fff]))[ \t]*(?P<t>\S.*)$", re.M)),
)
TITLE_END = re.compile(r"[。:;!?]")


@dataclass(frozen=True)
class Heading:
    level: float            # 1 一、, 2 (一), 3 1., 4 (1); —— bullets sit between levels; 6 专栏 (a box)
    number: int | None      # the heading's own number (None for —— bullets)
    title: str              # up to the first full stop of the heading line
    start: int              # line start (normalised offsets)
    line_end: int


def _headings(text: str, skip: list[tuple[int, int]]) -> list[Heading]:
    found: dict[int, Heading] = {}
    for level, pattern in HEADINGS:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in skip) or m.start() in found:
                continue
            raw = m.groupdict().get("n0") or m.groupdict().get("n")
            number = cn_to_int(raw) if raw else None
            rest = m.group("t").strip()
            cut = TITLE_END.search(rest)
            title = (rest[: cut.start()] if cut else rest)[:60].strip()
            if level in (1, 2, 3, 4) and number is None:
                continue
            found[m.start()] = Heading(level, number, title, m.start(), m.end())
    heads = [found[k] for k in sorted(found)]
    group_levels: set[float] = set()
    placed = []
    for i, h in enumerate(heads):
        placed.append(h if h.number is not None else _place_bullet(heads, i, group_levels))
    return placed


def _place_bullet(heads: list[Heading], i: int, group_levels: set[float]) -> Heading:
    """A —— bullet groups the numbered items after it (a level just above theirs), or is a leaf of its section."""
    h = heads[i]
    last = next((g.level for g in reversed(heads[:i]) if g.number is not None and g.level != 6), 0.0)
    following = next((g.level for g in heads[i + 1 :] if g.number is not None and g.level != 6), None)
    if following is not None and (following >= last or following - 0.5 in group_levels):
        level = following - 0.5
        group_levels.add(level)
    else:
        level = last + 0.5
    return Heading(level, None, h.title, h.start, h.line_end)


def outline(text: str) -> list[Section]:
    """The document's headings as nested sections; a section runs until the next heading at its level or above.

    Numbers are paths of Arabic digits ("5.1.29"), —— bullets count within their parent; tables are skipped.
    """
    heads = _headings(text, [(t.start, t.end) for t in tables(text)])
    sections: list[Section] = []
    stack: list[tuple[float, str]] = []          # (level, path) of the open sections
    bullets: dict[str, int] = {}
    for i, h in enumerate(heads):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        if h.level == 6:
            own = f"专栏{h.number}"
        elif h.number is None:
            bullets[parent] = bullets.get(parent, 0) + 1
            own = str(bullets[parent])
        else:
            own = str(h.number)
        path = f"{parent}.{own}" if parent else own
        end = next((g.start for g in heads[i + 1 :] if g.level <= h.level or h.level == 6), len(text))
        level = 0 if h.level == 6 else 5 if h.number is None else round(h.level)
        sections.append(Section(number=path, title=h.title, level=level, start=h.start, end=end))
        stack.append((h.level, path))
    return sections


def enclosing(sections: list[Section] | tuple[Section, ...], at: int) -> list[Section]:
    """Sections containing offset ``at``, outermost first."""
    return sorted((s for s in sections if s.start <= at < s.end), key=lambda s: (s.start, -s.end))


# --------------------------------------------------------------------------------------------- sentences

SENTENCE_END = re.compile(r"[。;!?\n]+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]`` ending at 。 ; ! ? or a line break, with their offsets."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    cursor = start
    for m in SENTENCE_END.finditer(text, start, end):
        _add_sentence(text, cursor, m.start(), out)
        cursor = m.end()
    _add_sentence(text, cursor, end, out)
    return out


def _add_sentence(text: str, a: int, b: int, out: list[Sentence]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(text[a:b], a, b))


# ------------------------------------------------------------------------------------------------ tables

@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    start: int
    end: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class TableRow:
    """One indicator of a flattened table: its row number, indicator, unit and target cells."""

    number: int | None
    indicator: Cell
    unit: str | None
    value: str                  # the target as written, continuation cells joined ("不断提高")
    start: int                  # normalised span from the indicator to the last target cell
    end: int
    label: str | None = None    # the section label above the row (产品质量, 工程质量 ...)


CELL_MAX = 80
NUMBER_CELL = re.compile(r"\d+(?:\.\d+)?")
UNIT_CELL = re.compile(r"/|%|‰|[A-Za-z]+/[A-Za-z0-9]+|[μu]g/m3|个百分点|万?[元吨亩人台件个家项次天名所座条处]|亿元")
QUALITATIVE_CELL = re.compile(
    r"(?:不断|持续|逐年|逐步|稳步|连续|明显|大幅)?(?:提高|提升|增长|递减|下降|减少|改善|增加)|前列|领先|"
    r"(?:低于|高于|优于|好于|达到|不低于|不高于)[\u4e00-\u9fff]{0,6}(?:水平|要求|标准|平均)|[^\d\s]{0,4}(?:前列|一流|先进)")


def _lines(text: str, start: int, end: int) -> list[Cell]:
    cells = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        raw = m.group(0)
        stripped = raw.strip()
        if stripped:
            a = start + m.start() + raw.index(stripped)
            cells.append(Cell(stripped, a, a + len(stripped)))
    return cells


def tables(text: str) -> list[Table]:
    """Indicator tables that arrived flattened, one cell per line: runs of short lines rich in bare numbers."""
    found: list[Table] = []
    run: list[Cell] = []
    for cell in [*_lines(text, 0, len(text)), Cell("。" * (CELL_MAX + 1), len(text), len(text))]:
        if len(cell.text) <= CELL_MAX and "。" not in cell.text:
            run.append(cell)
            continue
        numeric = sum(bool(NUMBER_CELL.fullmatch(c.text)) for c in run)
        if numeric >= 6 and numeric * 5 >= len(run):
            found.append(Table(run[0].start, run[-1].end, tuple(run)))
        run = []
    return found


def _is_row_number(cell: Cell, expected: int) -> bool:
    return NUMBER_CELL.fullmatch(cell.text) is not None and cell.text.isdigit() and int(cell.text) == expected


def table_rows(table: Table) -> list[TableRow]:
    """Read rows out of a flattened table.

    A row is ``number, indicator, [unit], target`` where the target may be split over cells ("不断" "提高");
    a row may hold a second indicator after its first target, and short labels between rows name sections.
    """
    cells = table.cells
    rows: list[TableRow] = []
    last = 0
    label: str | None = None
    number: int | None = None
    joining = False             # the previous cell was a label too ("技术" "标准" → "技术标准")
    i = 0
    while i < len(cells):
        cell = cells[i]
        if _is_row_number(cell, last + 1) or (last == 0 and cell.text == "1"):
            number = last = int(cell.text)
            joining = False
            i += 1
            continue
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        looks_indicator = (number is not None and nxt is not None and not NUMBER_CELL.fullmatch(cell.text)
                           and (UNIT_CELL.fullmatch(nxt.text) is not None or NUMBER_CELL.fullmatch(nxt.text) is not None
                                or QUALITATIVE_CELL.fullmatch(nxt.text) is not None or _qual_prefix(nxt.text))
                           and not _is_row_number(nxt, last + 1))
        if not looks_indicator:
            if not NUMBER_CELL.fullmatch(cell.text):
                label = _label(cell.text, label if joining else None)
                joining = True
            i += 1
            continue
        j = i + 1
        unit: str | None = None
        if UNIT_CELL.fullmatch(cells[j].text) and j + 1 < len(cells) and not _is_row_number(cells[j + 1], last + 1):
            unit = None if cells[j].text == "/" else cells[j].text
            j += 1
        value, j_end = _target(cells, j)
        rows.append(TableRow(number, cell, unit, value, cell.start, cells[j_end - 1].end, label))
        joining = False
        i = j_end
    return rows


def _qual_prefix(text: str) -> bool:
    return (text in {"不断", "持续", "连续", "逐步", "稳步", "低于全", "高于全"}
            or text.startswith(("低于", "高于", "达到")))


def _target(cells: tuple[Cell, ...], j: int) -> tuple[str, int]:
    value = cells[j].text
    end = j + 1
    if NUMBER_CELL.fullmatch(value):
        return value, end
    while end < len(cells) and not QUALITATIVE_CELL.fullmatch(value) and len(value) < 12:
        joined = value + cells[end].text
        if NUMBER_CELL.fullmatch(cells[end].text) or len(joined) > 14:
            break
        value = joined
        end += 1
    return value, end


def _label(text: str, current: str | None) -> str | None:
    """Section labels between rows: "工程质量"; "一、" "产品" "质量" arrive as separate cells."""
    if text in {"序号", "单位", "目标值", "指标", "指标名称", "类别", "计量单位", "属性", "备注", "目标"}:
        return current
    if re.fullmatch(rf"{CN_NUM}、.*", text):
        return text.split("、", 1)[1] or None
    if len(text) <= 8:
        if current and len(current) <= 2 and len(text) <= 2:
            return current + text
        return text
    return current
