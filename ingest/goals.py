"""Goals: quantified targets (value, unit, comparator, year) and qualitative ones, with evidence."""

from __future__ import annotations

import re

from .normalize import evidence
from .records import Goal, Normalized, Source

HAN = r"\u4e00-\u9fff"
COMPARATORS = {"以上": "AtLeast", "达到": "AtLeast", "不低于": "AtLeast", "超过": "MoreThan",
               "高于": "MoreThan", "以下": "AtMost", "控制在": "AtMost", "不超过": "AtMost", "低于": "LessThan"}
GOAL = re.compile(rf"([{HAN}]{{2,24}}?)(达到|稳定在|保持在|超过|不低于|控制在|高于|低于|不超过)?"
                  rf"(\d+(?:\.\d+)?)(%|个|家|项|件|名|亿元|万元)(以上|以下)?")
YEAR = re.compile(r"到(20\d\d)年")


def extract_goals(src: Source, norm: Normalized) -> list[Goal]:
    goals = []
    for m in GOAL.finditer(norm.text):
        before = norm.text[max(0, m.start() - 60) : m.start()]
        years = YEAR.findall(before + m.group(0))
        word = m.group(2) or m.group(5) or ""
        goals.append(Goal(
            indicator=m.group(1), value=float(m.group(3)), unit=m.group(4),
            comparator=COMPARATORS.get(word, "Exactly"), year=int(years[-1]) if years else None,
            evidence=evidence(src, norm, *m.span()), span=m.span(),
        ))
    return goals
