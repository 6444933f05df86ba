"""Quantified targets in one sentence: "农产品质量安全监测合格率稳定在97%以上", "培育50家创新型企业", several per
sentence, and distributive ones ("食品、药品和农产品…合格率分别达到93%、95%和96%", paired in order).

:func:`parse_sentence` returns offsets relative to the sentence; the figures come from :mod:`.targets`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from ...words import HAN, alternation, comparators_used
from .targets import COUNTERS, VALUE_JOIN, Value, comparator_of, find_values, strip_verb

_ITEM = r"[(（]\s*[\d一二三四五六七八九十]{1,3}\s*[)）]|\d{1,3}[.、](?!\d)"
#: Item numbering at the start of a quote: (2) 3. 一、 ——.
NUMBERING = re.compile(rf"\s*(?:{_ITEM}|[一二三四五六七八九十]{{1,3}}、|——|--)\s*")
#: Words that open a clause but are no part of an indicator: numbering, connectives, 到2020年, “十三五”期间.
LEADING = re.compile(rf"^(?:{_ITEM}|——|其中|同时|并且|并|且|力争|争取|确保|努力|全年|到(?:20\d\d)年(?:底|末)?"
                     r"|(?:20\d\d)年(?:底|末)?|“?十[一二三四五]五”?(?:期间|末)|[,:、\s])+")
TRAILING_ADVERB = re.compile(r"(?:分别|均|都|稳定|要|将|必须|力争|争取|确保|继续|基本|全部|逐步|稳步|总数|累计)+$")
MEASURE_END = re.compile(r"(?:率|度|量|数|比例|比重|面积|指数|值|水平|份额|占比|强度|浓度|噪声|能耗|时间)$")
DISTRIBUTIVE = re.compile(r"(?:分别|(?<![年平])均|都)"
                          r"(?:达到|达|稳定在|保持在|保持|在|为|超过|不低于|提高|增长|控制在|下降)?$")
CLAUSE_DELIM = re.compile(r"[,;:]")
#: What may stand between a label's colon and its figure: "合格率:≥94%", "合格率:94%以上".
BARE_VERB = re.compile(rf"(?:{alternation(comparators_used('bare'))})?")


@lru_cache(maxsize=1)
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def word_bounds(text: str) -> list[int]:
    """Offsets inside ``text`` where a word ends (jieba's segmentation)."""
    bounds, at = [], 0
    for word in _jieba().cut(text):  # type: ignore[attr-defined]
        at += len(word)
        bounds.append(at)
    return bounds


@dataclass(frozen=True)
class Parsed:
    """A goal found in one sentence, with offsets relative to the sentence."""

    indicator: str
    value: float
    value_max: float | None
    unit: str | None
    comparator: str
    start: int
    end: int


def _groups(text: str, values: list[Value]) -> list[list[Value]]:
    groups: list[list[Value]] = []
    for v in values:
        if groups and VALUE_JOIN.fullmatch(text[groups[-1][-1].end : v.start]) and groups[-1][-1].post is None:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def _split_items(subject: str) -> list[str]:
    """"食品、药品和农产品监督抽查合格率" → ["食品", "药品", "农产品监督抽查合格率"].

    Splits on 、 and on 和/及/与/以及 standing as words (not 涉及, 普及), never inside brackets or quotes.
    """
    items, depth, cur = [], 0, ""
    for word in _jieba().cut(subject):  # type: ignore[attr-defined]
        depth += sum(ch in "(“" for ch in word) - sum(ch in ")”" for ch in word)
        if depth == 0 and word in ("、", "和", "及", "与", "以及"):
            items.append(cur)
            cur = ""
        else:
            cur += word
    items.append(cur)
    return [i for i in items if i]


def distribute(subject: str, n: int) -> list[str] | None:
    """The n indicators of a distributive subject, or None when it does not enumerate n of them.

    "本地生产的食品、药品和农产品监督抽查合格率" → 本地生产的食品监督抽查合格率, ...药品..., ...农产品...;
    "特种设备使用登记率、定期检验率" → as listed; a list closed by 等 is one indicator.
    """
    items = _split_items(subject)
    if len(items) < 2 or (n > 1 and len(items) != n) or any("等" in i for i in items):
        return None
    if all(MEASURE_END.search(i) for i in items):
        return items
    if any(MEASURE_END.search(i) for i in items[:-1]):
        return None
    first = items[0]
    prefix = first[: first.rindex("的") + 1] if "的" in first else ""
    avg = sum(len(i) for i in items[:-1]) / (len(items) - 1) - len(prefix) / (len(items) - 1)
    last = items[-1]
    bounds = [b for b in word_bounds(last) if 0 < b < len(last)]
    if not bounds:
        return None
    cut = min(bounds, key=lambda b: (abs(b - avg), b))
    head = last[cut:]
    cores = [i[len(prefix):] if i.startswith(prefix) else i for i in items[:-1]] + [last[:cut]]
    return [f"{prefix}{core}{head}" for core in cores]


def clean(label: str) -> str:
    label = LEADING.sub("", label.strip())
    return label.strip(" ,、:;")


def parse_sentence(text: str) -> list[Parsed]:
    """Every quantified target of one sentence (offsets relative to it)."""
    values = find_values(text)
    out: list[Parsed] = []
    nouns: list[str] = []          # nouns counted earlier in the sentence, for "基地" → the 基地 just named
    floor = 0
    for group in _groups(text, values):
        first, last = group[0], group[-1]
        delims = [m.end() for m in CLAUSE_DELIM.finditer(text, 0, first.start)]
        clause_start = max([floor, *delims])
        left = text[clause_start : first.start].strip()
        if text[clause_start - 1 : clause_start] == ":" and BARE_VERB.fullmatch(left):
            # "制造业产品质量合格率:≥94%": the label before the colon is the indicator
            clause_start = max([floor, *(d for d in delims if d < clause_start - 1)])
            left = text[clause_start : first.start].replace(":", "", 1).strip()
        after_end = _noun_end(text, last.end, values)
        after = text[last.end : after_end]
        post = last.post
        counter = last.unit in COUNTERS
        rank = re.search(r"居(?P<scope>[^,;]{0,12}?)(?:前|第)$", left)
        if rank and last.unit in ("位", "名"):
            subject = clean(left[: rank.start()])
            indicator = f"{subject}{rank.group('scope')}排名"
            out.append(Parsed(indicator, first.value, first.value_max, last.unit, "AtMost", clause_start, last.end))
            floor = last.end
            continue
        if after.startswith("的") and last.unit in ("%", "‰"):
            # "全市30%以上的旅行社进入星级品质旅行社行列": the share of a group that does something
            end = _clause_end(text, last.end)
            indicator = clean(left + re.split(r"且|并且", text[last.end + 1 : end])[0]) + "比例"
            comp = comparator_of("", post, left, text[: first.start], False)
            out.append(Parsed(indicator, first.value, None, last.unit, comp, clause_start, end))
            floor = end
            continue
        subject, verb = strip_verb(left)
        subject = TRAILING_ADVERB.sub("", clean(subject)) if subject else subject
        if out and re.match(r"(?:比|较)", subject):
            subject = out[-1].indicator + subject      # "…合格率达到94%,比2020年提高1个百分点"
        elif out and subject and not (counter and re.match(rf"[{HAN}“\"(]", after)):
            subject = elliptic(subject, out[-1].indicator, left.startswith("其中"))
        if counter and re.match(rf"[{HAN}“\"(]", after) and not after.startswith(("的", "以")):
            # "建成1个以上全国中小学质量教育社会实践基地": the noun after the figure is what is counted
            noun = _head_noun(after.strip())
            nouns.append(noun)
            prefix = clean(left)
            if len(prefix) <= 4 and not prefix.startswith("每"):
                prefix = ""               # a bare verb (建成, 培育): the count of the noun is the indicator
            indicator = prefix + noun
            end = after_end
        else:
            trail = text[last.end : after_end]
            trail = re.split(r"[且并、]", trail, maxsplit=1)[0] if re.match(rf"[{HAN}]", trail) else ""
            indicator = _topic(text[:clause_start], subject) + _resolve(subject, nouns) + trail
            end = last.end + len(trail)
        indicator = clean(indicator)
        if not indicator:
            floor = last.end
            continue
        comp = comparator_of(verb, post, left, text[: first.start], first.value_max is not None)
        labels: list[str] | None = None
        if len(group) > 1 or DISTRIBUTIVE.search(left):
            labels = distribute(indicator, len(group))
        if labels is None:
            labels = [indicator] * len(group) if len(group) > 1 else [indicator]
            if len(group) > 1 and len(set(labels)) == 1:
                labels = [indicator for _ in group]
        if len(group) == 1 and len(labels) > 1:
            group = group * len(labels)
        for label, v in zip(labels, group, strict=False):
            unit = v.unit or last.unit
            out.append(Parsed(label, v.value, v.value_max, unit, comp, clause_start, end))
        floor = end
    return out


def elliptic(subject: str, previous: str, part: bool = False) -> str:
    """A short subject that leaves out what the one before it named: "新建国家级检验检测中心2个、省级5个" → 省级检验
    检测中心; "…认证覆盖率达到80%,其中食品企业达到100%" → 食品企业质量管理体系认证覆盖率 (``part``: after 其中)."""
    if len(subject) > 6 or MEASURE_END.search(subject):
        return subject
    for size in (2, 1):
        key = subject[-size:]
        if size == 1 and key != "级":
            continue
        at = previous.rfind(key)
        tail = previous[at + size :] if at >= 0 else ""
        if tail and len(tail) >= 2 and (MEASURE_END.search(tail) or key == "级"):
            return subject + tail
    return subject + previous if part and MEASURE_END.search(previous) else subject


def _topic(before: str, subject: str) -> str:
    """A bare measure ("满意率") takes its topic from the clause before it: "在…等生产性服务业行业开展顾客满意度调查
    活动,满意率达到80%以上" → 生产性服务业行业."""
    if len(subject) > 4 or not MEASURE_END.search(subject):
        return ""
    clauses = [c for c in CLAUSE_DELIM.split(before) if c.strip()]
    if not clauses:
        return ""
    m = re.match(r"\s*(?:在|对|围绕)?(?P<topic>[^,;:]+?)(?:开展|实施|进行|推行|组织)", clauses[-1])
    if not m:
        return ""
    topic = m.group("topic").rsplit("等", 1)[-1]
    return topic if 2 <= len(topic) <= 16 else ""


def _resolve(subject: str, nouns: list[str]) -> str:
    """"建成1个以上全国中小学质量教育社会实践基地,每年基地开放时间不低于36天": 基地 is that 基地."""
    for noun in reversed(nouns):
        if noun in subject:
            return subject
        for size in range(min(len(noun) - 1, 6), 1, -1):
            tail = noun[-size:]
            if tail in subject:
                return subject.replace(tail, noun, 1)
    return subject


def _clause_end(text: str, at: int) -> int:
    m = CLAUSE_DELIM.search(text, at)
    return m.start() if m else len(text)


def _noun_end(text: str, at: int, values: list[Value]) -> int:
    """Where the noun after a counted figure ends: a clause mark, or 、/和 before the next figure.

    A modifier that runs over a comma to its 的-head is kept whole: "2个以上质量机制全、质量服务优,产业规模居
    全省前列的质量强业".
    """
    end = _clause_end(text, at)
    for v in values:
        if at < v.start < end:
            joint = re.search(r"(?:、|和|及|与)\s*$", text[at : v.start])
            end = at + joint.start() if joint else v.start
            break
    if "的" not in text[at:end] and text[end : end + 1] == ",":
        stop = _clause_end(text, end + 1)
        piece = text[end + 1 : stop]
        if "的" in piece and not find_values(piece):
            end = stop
    return end


def _head_noun(noun: str) -> str:
    """Long 的-modified nouns keep their head: "...、品牌带动辐射作用强的国家级、省级知名品牌创建示范区" → the head.

    A quotation the figure sits in ends the noun: “力争创建20个质量强县示范县”的总目标 → 质量强县示范县.
    """
    close = noun.find("”")
    if close >= 0 and "“" not in noun[:close]:
        noun = noun[:close]
    if len(noun) > 16 and "的" in noun:
        return noun[noun.rindex("的") + 1 :]
    return noun

