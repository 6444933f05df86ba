"""Indicator tables laid out one row per line, under a header naming the columns:

    序号 指标名称 单位 2022年基期值 2025年目标值 指标属性
    1 制造业产品质量合格率 % 93.6 ≥94 预期性

Cells are split on tabs, ``|`` or spaces (normalising folds tabs into one space). The header decides what each
column is: the target column (目标值, 2025年目标, or the latest year where no column says 目标) gives the value and
the table's target year; baseline columns (基期值, 现状值, 2020年) are not targets. A line with one short cell
between rows ("产品质量") labels the rows after it; any other line ends the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .flat_tables import NUMBER_CELL, Cell, Table, TableRow

#: Column roles by header cell, tried in order (a baseline year column is told apart from the target later).
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"序号|编号")),
    ("level", re.compile(r"(?P<level>[一二三四])级指标(?:名称)?")),
    ("indicator", re.compile(r"(?:主要|具体|重点|核心|考核|评价|监测)?指标(?:名称|内容|项目)?|指标项")),
    ("weight", re.compile(r"(?:权重|分值|满分|标准分|赋分)(?:[(（]分[)）])?")),
    ("unit", re.compile(r"(?:计量)?单位")),
    ("base", re.compile(r"(?:(?:19|20)\d\d年?)?[(]?(?:基期值?|基准值?|现状值?|基数|实际值|完成值|现值)[)]?")),
    ("target", re.compile(r"(?:(?:20\d\d)年?)?(?:目标值?|预期值?|规划值|期末值)")),
    ("year", re.compile(r"(?:19|20)\d\d年?(?:底|末)?")),
    ("attribute", re.compile(r"(?:指标)?(?:属性|性质|类型)")),
    ("category", re.compile(r"类别|领域|分类|方面|维度")),
    ("lead", re.compile(r"(?:牵头|责任|主责|负责)(?:责任)?(?:单位|部门)|责任主体")),
    ("support", re.compile(r"(?:配合|协办|协同|参与|协助)(?:单位|部门)")),
    ("note", re.compile(r"备注|说明|(?:评分|计分|考核|评价)(?:标准|办法|方法|要点|细则)")),
)
SPLIT = re.compile(r"\s*\|\s*|\s+")
YEAR = re.compile(r"(20\d\d)")
CELL_MAX = 40
#: A heading of the plan's own outline, which no table row or row label opens with.
HEADING = re.compile(r"\s*(?:第[一二三四五六七八九十百\d]+[章节篇部]|专栏\s*\d|附件\s*\d*\s*$)")
LABEL_NUMBER = re.compile(r"^[一二三四五六七八九十]+、|^[(]?[一二三四五六七八九十]+[)]")


@dataclass(frozen=True)
class RowTable:
    start: int
    end: int
    year: int | None
    rows: tuple[TableRow, ...]


def _cells(text: str, start: int, end: int) -> list[Cell]:
    """A line's cells: split on "|" where the line has them (an empty cell kept, as Word and HTML rows give
    it), else on runs of spaces (a whitespace-aligned table)."""
    line = text[start:end]
    if line.count("|") >= 2:
        out = []
        at = start + len(line) - len(line.lstrip(" |"))
        for part in line.strip(" ").strip("|").split("|"):
            cell = part.strip()
            begin = text.index(cell, at, end) if cell else at
            out.append(Cell(cell, begin, begin + len(cell)))
            at = begin + len(cell)
            at = text.index("|", at, end) + 1 if "|" in text[at:end] else at
        return out
    out = []
    at = start
    for part in SPLIT.split(text[start:end].strip(" |")):
        if not part:
            continue
        begin = text.index(part, at, end)
        out.append(Cell(part, begin, begin + len(part)))
        at = begin + len(part)
    return out


def _role(cell: str) -> str | None:
    return next((role for role, pattern in ROLES if pattern.fullmatch(cell)), None)


def _levels(roles: list[str | None], cells: list[Cell]) -> list[str | None]:
    """An indicator system's levels (一级指标 | 二级指标 | 三级指标): the deepest is the indicator, the first the
    category its rows fall under, any between a note; weights (权重, 分值) are a column of their own, never a target."""
    levels = [(i, "一二三四".index(cells[i].text[0])) for i, r in enumerate(roles) if r == "level"]
    if not levels:
        return roles
    deepest = max(levels, key=lambda x: x[1])[0]
    first = min(levels, key=lambda x: x[1])[0]
    out = list(roles)
    for i, _ in levels:
        out[i] = "indicator" if i == deepest else "category" if i == first else "note"
    return out


def header_roles(cells: list[Cell], under_target: bool = False) -> tuple[list[str], list[int | None]] | None:
    """The role of every column and the year each names, or None when the line is no indicator-table header.

    Columns that only name a year are baselines beside a 目标值 column; beside a 基期值 column, or on the second
    line of a header whose first line spans them with 目标值 (``under_target``), they are yearly targets (2023年
    2024年 2025年); otherwise the latest is the target and the others baselines.
    """
    roles = _levels([_role(c.text) for c in cells], cells)
    if len(cells) < 2 or None in roles or "indicator" not in roles:
        return None
    named: list[str] = [r for r in roles if r is not None]
    years = [int(m.group(1)) if (m := YEAR.search(c.text)) else None for c in cells]
    dated = [i for i, r in enumerate(named) if r == "year"]
    if "target" in named:
        named = ["base" if r == "year" else r for r in named]
    elif ("base" in named or under_target) and dated:
        named = ["target" if r == "year" else r for r in named]
    elif dated:
        last = max(dated, key=lambda i: years[i] or 0)
        named = ["target" if i == last else "base" if r == "year" else r for i, r in enumerate(named)]
    else:
        return None
    if len(named) == 2 and named != ["indicator", "target"]:
        return None                    # two columns: only 指标 | 目标 (the year from the caption or the plan)
    return named, years


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def row_tables(text: str) -> list[RowTable]:
    """Every indicator table of ``text`` laid out one row per line, with its rows."""
    found: list[RowTable] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        header = header_roles(_cells(text, *lines[i]))
        if header is None:
            by_year = _transposed(text, lines, i)
            if by_year is not None:
                table, i = by_year
                found.append(table)
                continue
            i += 1
            continue
        roles, years = header
        begin, end = lines[i]
        if i + 1 < len(lines):  # a header over two lines: 目标值 above, the years it spans below
            below = header_roles(_cells(text, *lines[i + 1]), under_target="target" in roles)
            if below is not None and below[1].count(None) < len(below[1]) and len(below[0]) > len(roles):
                (roles, years), end = below, lines[i + 1][1]
                i += 1
        rows: list[TableRow] = []
        label: str | None = None
        i += 1
        while i < len(lines):
            cells = _cells(text, *lines[i])
            if HEADING.match(text, *lines[i]):
                break                  # the next chapter or box (第二章 …, 第一节 …, 专栏2) ends the table
            if len(cells) == 1 and len(cells[0].text) <= 12 and not re.search(r"[。,;:]", cells[0].text):
                label = LABEL_NUMBER.sub("", cells[0].text) or label
                i += 1
                continue
            row = _row(cells, roles, label, years)
            if row is None:
                break
            rows += row
            end = lines[i][1]
            i += 1
        if rows:
            found.append(RowTable(begin, end, rows[0].year, tuple(rows)))     # the header line included
    return found


#: The first header cell of a table whose rows are years (年份 | indicator A (unit) | indicator B (unit) …).
PERIOD_HEADER = re.compile(r"年份|年度|时间|年度目标|阶段")
#: A row's year cell; a note in brackets saying 基期值/现状/实际 marks a baseline row, not a target.
YEAR_ROW = re.compile(r"(?P<year>(?:19|20)\d\d)年?(?:底|末)?\s*(?:[(（](?P<note>[^)）]{0,8})[)）])?")
BASELINE_NOTE = re.compile(r"基期|基准|基数|现状|实际|完成|基础")
HEADER_UNIT = re.compile(r"\s*[(（](?P<unit>[^()（）]{1,8})[)）]\s*$")


def _transposed(text: str, lines: list[tuple[int, int]], i: int) -> tuple[RowTable, int] | None:
    """A transposed indicator table: the header names the indicators (each with its unit in brackets) after a
    年份 cell, and each row below is a year, its cells that year's targets. A baseline row (2023年(基期值)) states
    no targets. Each target's indicator (and quote) is its header cell. Returns the table and the line after it."""
    head = _cells(text, *lines[i])
    if len(head) < 2 or not PERIOD_HEADER.fullmatch(head[0].text):
        return None
    columns: list[tuple[Cell, str | None]] = []
    for cell in head[1:]:
        m = HEADER_UNIT.search(cell.text)
        name = cell.text[: m.start()] if m else cell.text
        if not re.search(r"[\u4e00-\u9fff]{2}", name) or _role(name) is not None or len(name) > CELL_MAX:
            return None
        columns.append((Cell(name, cell.start, cell.start + len(name)), m.group("unit") if m else None))
    rows: list[TableRow] = []
    begin, end = lines[i]
    j = i + 1
    while j < len(lines):
        cells = _cells(text, *lines[j])
        m = YEAR_ROW.fullmatch(cells[0].text) if cells else None
        if m is None or len(cells) != len(columns) + 1:
            break
        end = lines[j][1]
        j += 1
        if m.group("note") and BASELINE_NOTE.search(m.group("note")):
            continue
        year = int(m.group("year"))
        for (indicator, unit), cell in zip(columns, cells[1:], strict=True):
            if cell.text and not re.fullmatch(r"[—\-/–]+", cell.text):
                rows.append(TableRow(number=None, indicator=indicator, unit=unit, value=cell.text,
                                     start=indicator.start, end=indicator.end, year=year))
    if not rows:
        return None
    return RowTable(begin, end, None, tuple(rows)), j


TOTAL = re.compile(r"[合总小]\s*计|总分")


def _row(cells: list[Cell], roles: list[str], label: str | None, years: list[int | None]) -> list[TableRow] | None:
    """One row, its cells assigned to the header's columns, as one record per target column (empty cells, "—",
    are left out); None when the line is no row of the table."""
    if any(len(c.text) > CELL_MAX for c in cells) or any("。" in c.text for c in cells):
        return None
    extra = len(cells) - len(roles)
    if extra > 0:                      # an indicator written with spaces in it: join the extra cells into it
        at = roles.index("indicator")
        joined = cells[at : at + extra + 1]
        cells = [*cells[:at], Cell(" ".join(c.text for c in joined), joined[0].start, joined[-1].end),
                 *cells[at + extra + 1 :]]
    elif extra == -1 and "category" in roles:
        at = roles.index("category")   # a category cell merged over several rows appears on its first row only
        cells = [*cells[:at], Cell(label or "", cells[at].start, cells[at].start), *cells[at:]]
    elif extra == -1 and roles[-1] in ("support", "note"):
        cells = [*cells, Cell("", cells[-1].end, cells[-1].end)]   # the last, optional column left empty
    elif extra == -1 and "unit" in roles and _figure(cells[roles.index("unit")].text):
        at = roles.index("unit")       # an empty unit cell (an index, a score)
        cells = [*cells[:at], Cell("", cells[at].start, cells[at].start), *cells[at:]]
    elif extra < 0:
        return None
    field = {role: cell for role, cell in zip(roles, cells, strict=True) if role != "target"}
    if not field["indicator"].text or NUMBER_CELL.fullmatch(field["indicator"].text) \
            or HEADING.match(field["indicator"].text):
        return None                    # a heading after the table (第二章 …, 三、…) ends it
    if TOTAL.fullmatch(field["indicator"].text) or (label and TOTAL.fullmatch(label)):
        return []                      # a 合计 row sums the weights: part of the table, no indicator
    number = field.get("number")
    if number is not None and not number.text.isdigit():
        return None
    if "category" in field and field["category"].text:
        label = field["category"].text
    unit = field.get("unit")
    indicator = field["indicator"]
    targets = [(cell, year) for role, cell, year in zip(roles, cells, years, strict=True) if role == "target"]
    lead = field.get("lead")
    return [TableRow(number=int(number.text) if number else None, indicator=indicator,
                     unit=None if unit is None or re.fullmatch(r"[—\-/–]*", unit.text) else unit.text,
                     value=target.text, start=indicator.start, end=target.end, label=label, year=year,
                     lead=lead.text if lead is not None and not re.fullmatch(r"[—\-/–]*", lead.text) else None)
            for target, year in targets
            if target.text and (not re.fullmatch(r"[—\-/–]*", target.text) or len(targets) == 1)]


def _figure(text: str) -> bool:
    return bool(re.fullmatch(r"[≥≤><=]*\d+(?:\.\d+)?%?(?:以上|以下|以内)?|[—\-/–]", text))


def grid_rows(table: Table) -> list[TableRow]:
    """Rows of a flattened table (one cell per line, as Word tables read) whose header has a baseline column:
    the cells after the header are read as rows of its width, so that 基期值 cells are not taken for targets.
    Tables without such a header are left to :func:`policykg.ingest.flat_tables.table_rows` (empty result)."""
    cells = list(table.cells)
    for h in range(len(cells)):
        width = next((n for n in range(h, len(cells)) if _role(cells[n].text) is None), len(cells)) - h
        header = header_roles(cells[h : h + width]) if width >= 3 else None
        if header is None or "base" not in header[0]:
            continue
        roles, years = header
        rows: list[TableRow] = []
        label: str | None = None
        j = h + width
        while j < len(cells):
            row = _row(cells[j : j + width], roles, label, years) if j + width <= len(cells) else None
            if row is not None:
                rows += row
                j += width
            elif len(cells[j].text) <= 12 and not NUMBER_CELL.fullmatch(cells[j].text):
                label = LABEL_NUMBER.sub("", cells[j].text) or label
                j += 1
            else:
                break
        return rows
    return []
