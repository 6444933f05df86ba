"""Goals from indicator tables: one row's indicator, comparator and value (or qualitative target)."""

from __future__ import annotations

import re

from ...layout.flat_tables import TableRow
from ...words import alternation, comparators_used, rows
from .targets import COMPARATOR_WORDS, NUM

TABLE_MARKERS = re.compile(r"[\s*▲◇△☆★※#◆●]+$")
TABLE_WORDING = re.compile(rf"({alternation(comparators_used('table-label'))})$")
LOWER_IS_BETTER = re.compile(r"PM|浓度|死亡率|投诉率|事故|能耗|排放|排名|名次|位次|不合格|发生率")
#: Units a target cell may write after its figure (units.tsv, less the calendar).
CELL_UNITS = alternation([r[0] for r in rows("units") if r[0] not in ("年", "月", "日", "个月", "工作日")])
#: A target cell that states its comparator and unit: ≥94, ≤30, >80, 94以上, 30以内, 不低于98, 98.5%, 80分以上,
#: 控制在0.3以下, 达到10万件, 新增15项, 累计达到6件, 控制在38微克/立方米以下.
STATED = re.compile(rf"(?:新增|累计|年均)?(?P<pre>{alternation(comparators_used('table-cell'))})?"
                    rf"(?:新增|累计|年均)?(?P<num>{NUM})"
                    rf"(?P<unit>{CELL_UNITS})?(?P<post>以上|以下|以内)?")


def table_goal(row: TableRow) -> tuple[str, str | None, float | None, str | None, str | None]:
    """(indicator, comparator, value, qualitative target, unit) of one table row; the unit is the unit column's, else
    the one the target cell writes after its figure."""
    indicator = TABLE_MARKERS.sub("", row.indicator.text)
    wording = TABLE_WORDING.search(indicator)
    comparator: str | None
    if wording:
        indicator = indicator[: wording.start()].rstrip(" ,")
        comparator = COMPARATOR_WORDS.get(wording.group(1), "AtLeast")
    elif LOWER_IS_BETTER.search(indicator):
        comparator = "AtMost"
    elif row.unit in ("%", "‰"):
        comparator = "AtLeast"
    else:
        comparator = "Exactly"
    if re.fullmatch(NUM, row.value):
        return indicator, comparator, float(row.value), None, row.unit
    stated = STATED.fullmatch(row.value.replace(" ", ""))
    if stated:
        word = stated.group("pre") or stated.group("post") or ""
        return (indicator, COMPARATOR_WORDS.get(word, comparator), float(stated.group("num")), None,
                row.unit or stated.group("unit"))
    return indicator, None, None, row.value, row.unit

