"""Chinese numerals in targets, rewritten as Arabic figures in the normalised text.

百分之九十五 → 95%, 九十八% → 98%, 百分之百 → 100%, 新增三家 → 新增3家, 一千万元 → 1000万元, 十五万件 → 15万件. Only a
numeral that is a quantity is rewritten: a percentage, or a count followed by a counter or unit of measure
(``units.tsv``: 家 件 项 个 万元 …, not 年 月 日, so 两年 stays a duration) that closes its clause (…三家。,
…一千件以上) or follows a target verb (新增, 达到, 不少于 …).
Heading numbers (三、 (一)), 一流, 统一, “两个责任” are left alone.
Values come from ``cn2an``. Every rewritten character maps back into the numeral it replaces, so evidence still
quotes the source verbatim.
"""

from __future__ import annotations

import re
from functools import lru_cache

import cn2an  # type: ignore[import-untyped]

from ..words import alternation, rows

CORE = "[零〇一二两三四五六七八九十百千点]+"
#: Counters and units a count may take here: units.tsv less the calendar (年 月 日 个月 工作日) and scores.
_SKIP = {"年", "月", "日", "个月", "工作日", "位", "分", "点", "成", "名次", "期", "次", "天", "部", "本", "册",
         "张", "支"}
CLAUSE_END = r"(?=以上|以下|以内|左右|[,.;。，；、()（）]|$)"
VERBS = (r"(?:新增|增加|增至|达到|达|不少于|不低于|超过|累计|培育|创建|帮扶|组织|安排|建成|完成|保持在|保持|稳定在"
         r"|控制在|提高到|突破)")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    units = [row[0] for row in rows("units") if row[0] not in _SKIP and not row[0].isascii()]
    unit = alternation(units)
    percent = re.compile(rf"百分之(?P<n>{CORE})|(?P<m>{CORE})(?=%)")
    count = re.compile(rf"(?:{VERBS}(?P<a>{CORE})(?=(?:{unit}))|(?P<b>{CORE})(?=(?:{unit}){CLAUSE_END}))")
    return percent, count


def value(numeral: str) -> str | None:
    """The Arabic figure of a Chinese numeral, or None where it is none."""
    text = numeral.replace("两", "二").replace("〇", "零")
    if text == "百":
        return "100"
    if text[0] in "百千":
        text = "一" + text
    try:
        number = cn2an.cn2an(text, "strict")
    except (ValueError, KeyError, IndexError):
        return None
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return str(number)


def rewrite(text: str, offsets: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
    """``text`` with quantity numerals as Arabic figures, and the offsets (one per character, and one past the end)
    carried over: each new character maps into the numeral it replaces, the last to its last character."""
    percent, count = _patterns()
    spans: list[tuple[int, int, str]] = []
    for m in percent.finditer(text):
        n = m.group("n") or m.group("m")
        figure = value(n)
        if figure is not None:
            spans.append((m.start(), m.end(), figure + ("%" if m.group("n") else "")))
    taken = [(a, b) for a, b, _ in spans]
    for m in count.finditer(text):
        n = m.group("a") or m.group("b")
        a = m.start("a") if m.group("a") else m.start("b")
        b = a + len(n)
        lone = len(n) == 1 and n in "一零〇点千百" and not (n == "一" and text[b:b + 1] in ("万", "亿"))
        if any(x < b and a < y for x, y in taken) or lone:  # 千吨以上 is a scope; 一万件 is a count
            continue
        if n == "一" and text[b:b + 1] in ("万", "亿") and text[b + 1:b + 2] not in ("元", ""):
            n, b = text[a:b + 1], b + 1   # 一万件 is the number 10000 (件); sums stay in 万元: 一万元 → 1万元
        figure = value(n)
        if figure is not None:
            spans.append((a, b, figure))
    if not spans:
        return text, offsets
    out: list[str] = []
    mapped: list[int] = []
    cursor = 0
    for a, b, figure in sorted(spans):
        out.append(text[cursor:a])
        mapped.extend(offsets[cursor:a])
        width = b - a
        out.append(figure)
        mapped.extend(offsets[a + (width - 1 if k == len(figure) - 1 else min(width - 1, k * width // len(figure)))]
                      for k in range(len(figure)))
        cursor = b
    out.append(text[cursor:])
    mapped.extend(offsets[cursor:])
    return "".join(out), tuple(mapped)
