"""Goals from indicator tables: one row's indicator, comparator and value (or qualitative target)."""

from __future__ import annotations

import re

from ...layout.flat_tables import TableRow
from .targets import COMPARATOR_WORDS, NUM

TABLE_MARKERS = re.compile(r"[\s*▲◇△☆★※#◆●]+$")
TABLE_WORDING = re.compile(r"(达到|大于|不少于|不低于|超过|低于|小于|不超过|高于)$")
LOWER_IS_BETTER = re.compile(r"PM|浓度|死亡率|投诉率|事故|能耗|排放|排名|名次|位次|不合格|发生率")
SIGNS = {"≥": "AtLeast", ">=": "AtLeast", ">": "MoreThan", "≤": "AtMost", "<=": "AtMost", "<": "LessThan"}
#: A target cell that states its comparator: ≥94, ≤30, >80, 94以上, 30以内, 不低于98, 98.5%.
STATED = re.compile(rf"(?P<pre>≥|>=|>|≤|<=|<|不低于|不少于|不超过|不高于|达到|大于|小于|低于|高于|超过)?(?P<num>{NUM})"
                    r"(?:%|‰)?(?P<post>以上|以下|以内)?")


def table_goal(row: TableRow) -> tuple[str, str | None, float | None, str | None]:
    """(indicator, comparator, value, qualitative target) of one table row."""
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
        return indicator, comparator, float(row.value), None
    stated = STATED.fullmatch(row.value.replace(" ", ""))
    if stated:
        word = stated.group("pre") or stated.group("post") or ""
        return indicator, SIGNS.get(word) or COMPARATOR_WORDS.get(word, comparator), float(stated.group("num")), None
    return indicator, None, None, row.value

