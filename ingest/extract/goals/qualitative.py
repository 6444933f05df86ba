"""Qualitative goals: aims without a figure ("居全国同类城市前列", "不断提高", "稳定达标")."""

from __future__ import annotations

import re

from ...words import HAN
from .sentence import TRAILING_ADVERB, clean
from .targets import find_values

SCOPE = r"(?:全国|全省|全市|国内|国际|省内|中西部|同类|同级|同行业|行业|国家|世界)"
QUAL_TARGET = re.compile(
    rf"(?P<verb>达到或接近|达到或超过|达到或优于|接近|居于?|位居|进入|达到|保持|处于|稳定在|实现|继续保持|在)?(?P<target>"
    rf"(?:{SCOPE}[{HAN}]{{0,10}}?)?(?:前列|领先水平|领先地位|领先行列|领先|一流|先进水平)"
    rf"|(?:不断|持续|逐年|稳步|明显|显著|大幅度?)(?:提高|提升|增长|改善|增强|减少|下降|降低)"
    rf"|(?:低于|高于|优于|好于)(?:{SCOPE}|省|市)[{HAN}]{{0,10}}"
    rf"|稳定达标|全面达标|有效遏制|基本消除[{HAN}]{{0,10}})$")
QUAL_SUBJECT = re.compile(r"率|度|量|水平|质量|能力|份额|比重|实力|事故|满意|排名|价值|总量")


def parse_qualitative(text: str) -> list[tuple[str, str, int, int]]:
    """Aims without a figure in one sentence: (indicator, target, start, end) relative to it."""
    out = []
    cursor = 0
    for clause in re.split(r"[,;:]|且|并且", text):
        start = text.find(clause, cursor)
        cursor = start + len(clause)
        if not clause or find_values(clause):
            continue
        m = QUAL_TARGET.search(clause)
        if not m:
            continue
        subject = clean(clause[: m.start()])
        subject = TRAILING_ADVERB.sub("", re.sub(r"(?:均|都)?(?:连续\d+年)?$", "", subject))
        if 2 <= len(subject) <= 40 and QUAL_SUBJECT.search(subject):
            out.append((subject, m.group("target"), start + len(clause) - len(clause.lstrip()), start + len(clause)))
    return out

