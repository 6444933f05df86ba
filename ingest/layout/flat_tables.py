"""Indicator tables that arrive flattened, one cell per line (the 鄂州 seed): number, indicator, unit and target
on separate lines, rows that share a number, and section labels in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..words import HAN, numeral_class

CN_NUM = numeral_class("outline") + "+"


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
    year: int | None = None     # the target year the table's header names (2025年目标值)
    lead: str | None = None     # the row's 牵头单位 / 责任单位 cell: who owns the target


CELL_MAX = 80
NUMBER_CELL = re.compile(r"\d+(?:\.\d+)?")
UNIT_CELL = re.compile(r"/|%|‰|[A-Za-z]+/[A-Za-z0-9]+|[μu]g/m3|个百分点|万?[元吨亩人台件个家项次天名所座条处]|亿元")
QUALITATIVE_CELL = re.compile(
    r"(?:不断|持续|逐年|逐步|稳步|连续|明显|大幅)?(?:提高|提升|增长|递减|下降|减少|改善|增加)|前列|领先|"
    rf"(?:低于|高于|优于|好于|达到|不低于|不高于)[{HAN}]{{0,6}}(?:水平|要求|标准|平均)|[^\d\s]{{0,4}}(?:前列|一流|先进)")


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
    """A target cell that continues on the next line: an adverb ("不断" "提高") or a comparison cut mid-word."""
    return text in {"不断", "持续", "连续", "逐步", "稳步"} or text.startswith(("低于", "高于", "达到"))


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
