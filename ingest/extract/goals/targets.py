"""Target figures in a sentence: the value, its range, its unit and the comparator its wording implies.

"稳定在97%以上" → 97 % AtLeast; "2—3家" → 2..3 家; "控制在30微克/立方米以内" → 30 微克/立方米 AtMost. Dates, codes,
PM2.5, 3C, figures inside 《titles》 or short “names”, scopes ("50亿元以上的") and rewards are not targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...words import comparator_words, comparators_used, units_written

NUM = r"\d+(?:\.\d+)?"
#: Units as written, longest first; counters (个 家 项 ...) may introduce the noun they count.
MEASURE_UNITS = units_written("measure")
COUNTERS = units_written("counter")
#: Counters may carry a multiplier as written: 11万件, 10万户, 1.2亿件.
MULTIPLIED = tuple(f"{m}{c}" for m in "万亿" for c in COUNTERS)
UNITS = tuple(sorted({*MEASURE_UNITS, *COUNTERS, *MULTIPLIED}, key=len, reverse=True))
UNIT_RE = "|".join(re.escape(u) for u in UNITS)
VALUE = re.compile(
    rf"(?P<num>{NUM})\s*(?:(?P<sep>至|到|-|~|～|—|–)\s*(?P<num2>{NUM})\s*)?(?P<unit>{UNIT_RE})?\s*(?P<post>以上|以下|以内|之内|左右)?")
#: A range whose unit is written at both ends: "保持在95%—98%" (the second figure is the upper bound, not a goal).
RANGE_TAIL = re.compile(rf"\s*(?:至|到|-|~|～|—|–)\s*(?P<num2>{NUM})\s*(?P<unit>{UNIT_RE})"
                        r"\s*(?P<post>以上|以下|以内|之内|左右)?")
#: A count per population written before its figure: "抽检量达到每千人6批次" (6 批次/千人).
PER_POPULATION = re.compile(r"每\s*([千万百])\s*(人|台|户)口?\s*$")
#: Joins values that share one verb: "93%、95%和96%以上".
VALUE_JOIN = re.compile(r"\s*(?:、|和|及|与)\s*")
#: Word → the comparator it states (comparators.tsv).
COMPARATOR_WORDS = comparator_words()
#: Verbs between a subject and its figure; change verbs stay part of the indicator ("能耗年均下降").
LEVEL_VERBS = comparators_used("level")
CHANGE_VERBS = ("年均增长", "年均提高", "年均下降", "年均降低", "年均减少", "增长", "提高", "提升", "下降", "降低",
                "减少", "增加")
REWARD = re.compile(r"奖励|补助|补贴|资助|扶持资金|给予|奖金|一次性")
#: "由2020年的93%提高到95%": the first figure is a baseline, not a target.
BASELINE_BEFORE = re.compile(r"(?:由|从)(?:(?:19|20)\d\d年(?:底|末)?的?)?\s*$")
BASELINE_AFTER = re.compile(r"\s*(?:提高|提升|增加|增长|下降|降低|减少|压减|压降)(?:到|至)")
#: "由…93%提高到2025年的" before a target: the subject ends before 由, the verb is 提高到.
FROM_TO = re.compile(rf"(?:由|从)(?:(?:19|20)\d\d年(?:底|末)?的?)?\s*{NUM}\s*(?:{UNIT_RE})?\s*"
                     r"(?P<verb>(?:提高|提升|增加|增长|下降|降低|减少|压减|压降)(?:到|至))(?:20\d\d年(?:底|末)?的?)?$")
#: Indices and scores have no unit: "制造业质量竞争力指数达到86", "顾客满意度指数达到80以上"; nor has a rate per a
#: population the indicator names: "万台特种设备死亡率控制在0.3以下".
INDEX_FIGURE = re.compile(r"(?:指数|得分)(?:达到|保持在|稳定在|提高到|提升到|提高至|提升至|不低于|超过|达)$"
                          r"|^.*万[台人][^,;。]{0,12}率(?:控制在|保持在|低于|不高于|不超过|下降到|降低到|降至)$")


@dataclass(frozen=True)
class Value:
    value: float
    value_max: float | None
    unit: str | None
    post: str | None
    start: int          # offsets inside the sentence
    end: int


def mask_names(text: str) -> str:
    """Blank out what never holds a target: 《titles》 and short “names” such as “345” or “8分钟购物圈”."""
    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    text = re.sub(r"《[^》]*》", blank, text)
    return re.sub(r"[“\"][^”\"]{0,12}[”\"]", lambda m: blank(m) if re.search(r"\d", m.group(0)) else m.group(0), text)


def find_values(text: str) -> list[Value]:
    """Figures with a unit that can be targets; dates, codes, PM2.5, 3C, fractions and rewards are skipped."""
    masked = mask_names(text)
    out = []
    skip_to = 0
    for m in VALUE.finditer(masked):
        a, b = m.span()
        if a < skip_to:
            continue
        num2, post = m.group("num2"), m.group("post")
        tail = RANGE_TAIL.match(masked, b) if m.group("unit") and not num2 and not post else None
        if tail and tail.group("unit") == m.group("unit"):
            b = skip_to = tail.end()
            num2, post = tail.group("num2"), tail.group("post")
        before = masked[a - 1] if a else ""
        after = masked[b] if b < len(masked) else ""
        if re.match(r"[A-Za-z\d./·]", before) or before == "第" or re.match(r"[A-Za-z/·]", after):
            continue
        unit = m.group("unit")
        if not unit and not INDEX_FIGURE.search(masked[:a]):
            continue
        if BASELINE_BEFORE.search(masked[:a]) and BASELINE_AFTER.match(masked, b):
            continue
        if after == "的" and unit not in ("%", "‰", None):
            continue                      # "年产值50亿元以上的块状产业": a scope, not a target
        if unit and unit.endswith("元") and (REWARD.search(text[max(0, a - 12) : b + 6])
                                             or REWARD.search(_clause(text, a, b))):
            continue                      # "分别给予100万元、50万元、30万元、20万元奖励": every sum is a reward
        value_max = float(num2) if num2 else None
        per = PER_POPULATION.search(masked, max(0, a - 6), a)
        if per and unit in COUNTERS:
            a, unit = per.start(), f"{unit}/{per.group(1)}{per.group(2)}"  # 每千人6批次: 6 批次/千人
        out.append(Value(float(m.group("num")), value_max, unit, post, a, b))
    return out



def _clause(text: str, a: int, b: int) -> str:
    """The clause holding ``text[a:b]``: from the last , ; : 。 before it to the next one after it."""
    start = max(text.rfind(mark, 0, a) for mark in ",;:。，；：") + 1
    ends = [at for at in (text.find(mark, b) for mark in ",;:。，；：") if at >= 0]
    return text[start : min(ends, default=len(text))]


def strip_verb(left: str) -> tuple[str, str]:
    """Split the text before a figure into (subject, verb)."""
    from_to = FROM_TO.search(left)
    if from_to and from_to.start() > 0:
        return left[: from_to.start()], from_to.group("verb")
    for verb in sorted(COMPARATOR_WORDS.keys() | set(LEVEL_VERBS), key=len, reverse=True):
        if left.endswith(verb) and len(left) > len(verb):
            return left[: -len(verb)], verb
    return left, ""


def comparator_of(verb: str, post: str | None, left: str, sentence_before: str, ranged: bool) -> str:
    if post in ("以上",):
        return "AtLeast"
    if post in ("以下", "以内", "之内"):
        return "AtMost"
    for word in sorted(COMPARATOR_WORDS, key=len, reverse=True):
        if verb.endswith(word):
            return COMPARATOR_WORDS[word]
    if any(left.endswith(v) for v in CHANGE_VERBS):
        return "AtLeast"
    if re.search(r"力争|争取|确保|不少于", sentence_before) or "争创" in left:
        return "AtLeast"
    return "Exactly"

