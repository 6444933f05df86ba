"""Goals: quantified targets (value, unit, comparator, year) and qualitative ones, with evidence.

Three sources: prose sentences ("农产品质量安全监测合格率稳定在97%以上", "培育50家创新型企业", "种养、加工食品抽查
合格率分别达到96%、94%以上"), rows of flattened indicator tables, and qualitative aims ("居全国同类城市前列").
The target year comes from the sentence, else from the task's deadline, else from a "到2020年" earlier in the
enclosing section. :func:`parse_sentence` does the sentence-level work and is what the unit tests call.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import evidence
from .records import Goal, Normalized, Section, Source, Task
from .segment import Sentence, TableRow, enclosing, outline, sentences, table_rows, tables

HAN = "\u4e00-\u9fff"
NUM = r"\d+(?:\.\d+)?"
#: Units as written, longest first; counters (个 家 项 ...) may introduce the noun they count.
MEASURE_UNITS = ("个百分点", "百分点", "微克/立方米", "毫克/立方米", "μg/m3", "ug/m3", "Ug/m3", "mg/m3", "万平方米",
                 "平方米", "万千瓦时", "千瓦时", "万吨标准煤", "吨标准煤", "万吨", "吨", "亿元", "万元", "元", "万人次",
                 "人次", "万人", "公里", "万亩", "亩", "分贝", "小时", "分钟", "%", "‰", "倍", "天", "次", "位", "分")
COUNTERS = ("个", "家", "项", "件", "名", "人", "所", "座", "条", "处", "批", "台", "套", "部", "张", "场", "期", "篇",
            "种", "户", "支", "款", "辆", "艘", "株", "本", "册")
UNITS = tuple(sorted({*MEASURE_UNITS, *COUNTERS}, key=len, reverse=True))
UNIT_RE = "|".join(re.escape(u) for u in UNITS)
VALUE = re.compile(
    rf"(?P<num>{NUM})\s*(?:(?P<sep>至|到|-|~|—|–)\s*(?P<num2>{NUM})\s*)?(?P<unit>{UNIT_RE})?\s*(?P<post>以上|以下|以内|之内|左右)?")
#: Joins values that share one verb: "93%、95%和96%以上".
VALUE_JOIN = re.compile(r"\s*(?:、|和|及|与)\s*")
COMPARATOR_WORDS = {
    "以上": "AtLeast", "达到": "AtLeast", "达": "AtLeast", "不低于": "AtLeast", "不少于": "AtLeast", "力争": "AtLeast",
    "保持在": "AtLeast", "保持": "AtLeast", "稳定在": "AtLeast", "提高到": "AtLeast", "提升到": "AtLeast",
    "增长到": "AtLeast", "增加到": "AtLeast", "增至": "AtLeast", "提高至": "AtLeast", "确保": "AtLeast",
    "超过": "MoreThan", "大于": "MoreThan", "高于": "MoreThan",
    "以下": "AtMost", "以内": "AtMost", "之内": "AtMost", "不超过": "AtMost", "不高于": "AtMost", "控制在": "AtMost",
    "下降到": "AtMost", "降低到": "AtMost", "降至": "AtMost", "降到": "AtMost", "减少到": "AtMost",
    "低于": "LessThan", "小于": "LessThan",
}
#: Verbs between a subject and its figure; change verbs stay part of the indicator ("能耗年均下降").
LEVEL_VERBS = ("分别达到", "均达到", "都达到", "稳定达到", "达到", "稳定在", "保持在", "控制在", "不低于", "不少于",
               "不超过", "不高于", "超过", "高于", "低于", "大于", "小于", "提高到", "提升到", "增长到", "增加到",
               "增至", "提高至", "下降到", "降低到", "降至", "降到", "减少到", "保持", "达", "为", "在")
CHANGE_VERBS = ("年均增长", "年均提高", "年均下降", "年均降低", "年均减少", "增长", "提高", "提升", "下降", "降低",
                "减少", "增加")
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
REWARD = re.compile(r"奖励|补助|补贴|资助|扶持资金|给予|奖金|一次性")
CLAUSE_DELIM = re.compile(r"[,;:]")
FIVE_YEAR = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
YEAR_MENTION = re.compile(
    r"(?:到|至|截至|截止到?|力争到|争取到)\s*(?P<a>20\d\d)\s*年|(?P<b>20\d\d)\s*年(?:底|末)?前|(?<![\d至到-])(?P<c>20\d\d)年(?:底|末)?[,:]"
    r"|(?:19|20)\d\d\s*[-—~至]\s*(?P<d>20\d\d)\s*年|“?(?P<e>十[一二三四五]五)”?(?:期间|末|时期)")


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


# ------------------------------------------------------------------------------------------ value tokens

@dataclass(frozen=True)
class Value:
    value: float
    value_max: float | None
    unit: str | None
    post: str | None
    start: int          # offsets inside the sentence
    end: int


def _masked(text: str) -> str:
    """Blank out what never holds a target: 《titles》 and short “names” such as “345” or “8分钟购物圈”."""
    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    text = re.sub(r"《[^》]*》", blank, text)
    return re.sub(r"[“\"][^”\"]{0,12}[”\"]", lambda m: blank(m) if re.search(r"\d", m.group(0)) else m.group(0), text)


def find_values(text: str) -> list[Value]:
    """Figures with a unit that can be targets; dates, codes, PM2.5, 3C, fractions and rewards are skipped."""
    masked = _masked(text)
    out = []
    for m in VALUE.finditer(masked):
        a, b = m.span()
        before = masked[a - 1] if a else ""
        after = masked[b] if b < len(masked) else ""
        if re.match(r"[A-Za-z\d./·]", before) or before == "第" or re.match(r"[A-Za-z/·]", after):
            continue
        unit = m.group("unit")
        if not unit:
            continue
        if after == "的" and unit not in ("%", "‰"):
            continue                      # "年产值50亿元以上的块状产业": a scope, not a target
        if unit.endswith("元") and REWARD.search(text[max(0, a - 12) : b + 6]):
            continue
        value_max = float(m.group("num2")) if m.group("num2") else None
        out.append(Value(float(m.group("num")), value_max, unit, m.group("post"), a, b))
    return out


# --------------------------------------------------------------------------------------- sentence parsing

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


def _strip_verb(left: str) -> tuple[str, str]:
    """Split the text before a figure into (subject, verb)."""
    for verb in sorted(COMPARATOR_WORDS.keys() | set(LEVEL_VERBS), key=len, reverse=True):
        if left.endswith(verb) and len(left) > len(verb):
            return left[: -len(verb)], verb
    return left, ""


def _comparator(verb: str, post: str | None, left: str, sentence_before: str, ranged: bool) -> str:
    if post in ("以上",):
        return "AtLeast"
    if post in ("以下", "以内", "之内"):
        return "AtMost"
    for word in sorted(COMPARATOR_WORDS, key=len, reverse=True):
        if verb.endswith(word):
            return COMPARATOR_WORDS[word]
    if any(left.endswith(v) for v in CHANGE_VERBS):
        return "AtLeast"
    if re.search(r"力争|争取|争创|确保|不少于", sentence_before):
        return "AtLeast"
    return "Exactly"


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


def _clean(label: str) -> str:
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
        after_end = _noun_end(text, last.end, values)
        after = text[last.end : after_end]
        post = last.post
        counter = last.unit in COUNTERS
        rank = re.search(r"居(?P<scope>[^,;]{0,12}?)(?:前|第)$", left)
        if rank and last.unit in ("位", "名"):
            subject = _clean(left[: rank.start()])
            indicator = f"{subject}{rank.group('scope')}排名"
            out.append(Parsed(indicator, first.value, first.value_max, last.unit, "AtMost", clause_start, last.end))
            floor = last.end
            continue
        if after.startswith("的") and last.unit in ("%", "‰"):
            # "全市30%以上的旅行社进入星级品质旅行社行列": the share of a group that does something
            end = _clause_end(text, last.end)
            indicator = _clean(left + re.split(r"且|并且", text[last.end + 1 : end])[0]) + "比例"
            comp = _comparator("", post, left, text[: first.start], False)
            out.append(Parsed(indicator, first.value, None, last.unit, comp, clause_start, end))
            floor = end
            continue
        subject, verb = _strip_verb(left)
        subject = TRAILING_ADVERB.sub("", _clean(subject)) if subject else subject
        if counter and re.match(rf"[{HAN}“\"(]", after) and not after.startswith(("的", "以")):
            # "建成1个以上全国中小学质量教育社会实践基地": the noun after the figure is what is counted
            noun = _head_noun(after.strip())
            nouns.append(noun)
            prefix = _clean(left)
            if len(prefix) <= 4 and not prefix.startswith("每"):
                prefix = ""               # a bare verb (建成, 培育): the count of the noun is the indicator
            indicator = prefix + noun
            end = after_end
        else:
            trail = text[last.end : after_end]
            trail = re.split(r"[且并、]", trail, maxsplit=1)[0] if re.match(rf"[{HAN}]", trail) else ""
            indicator = _topic(text[:clause_start], subject) + _resolve(subject, nouns) + trail
            end = last.end + len(trail)
        indicator = _clean(indicator)
        if not indicator:
            floor = last.end
            continue
        comp = _comparator(verb, post, left, text[: first.start], first.value_max is not None)
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


# -------------------------------------------------------------------------------------------- qualitative

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
        subject = _clean(clause[: m.start()])
        subject = TRAILING_ADVERB.sub("", re.sub(r"(?:均|都)?(?:连续\d+年)?$", "", subject))
        if 2 <= len(subject) <= 40 and QUAL_SUBJECT.search(subject):
            out.append((subject, m.group("target"), start + len(clause) - len(clause.lstrip()), start + len(clause)))
    return out


# ----------------------------------------------------------------------------------------------- tables

TABLE_MARKERS = re.compile(r"[\s*▲◇△☆★※#◆●]+$")
TABLE_WORDING = re.compile(r"(达到|大于|不少于|不低于|超过|低于|小于|不超过|高于)$")
LOWER_IS_BETTER = re.compile(r"PM|浓度|死亡率|投诉率|事故|能耗|排放|排名|名次|位次|不合格|发生率")


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
    return indicator, None, None, row.value


# ------------------------------------------------------------------------------------------------ years

@dataclass(frozen=True)
class YearMention:
    at: int
    year: int
    until: int          # end of the innermost section holding the mention


def year_of(m: re.Match[str]) -> int:
    if m.group("e"):
        return FIVE_YEAR[m.group("e")]
    return int(next(g for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d")) if g))


def year_mentions(text: str, sections: list[Section], skip: list[tuple[int, int]]) -> list[YearMention]:
    masked = re.sub(r"《[^》]*》", lambda m: " " * len(m.group(0)), text)
    out = []
    for m in YEAR_MENTION.finditer(masked):
        if any(a <= m.start() < b for a, b in skip):
            continue
        inner = enclosing(sections, m.start())
        para_end = text.find("\n", m.end())
        until = inner[-1].end if inner else (para_end if para_end >= 0 else len(text))
        out.append(YearMention(m.start(), year_of(m), until))
    return out


def deadline_year(deadline: str | None) -> int | None:
    m = re.search(r"(20\d\d)\s*年", deadline or "")
    return int(m.group(1)) if m else None


# ------------------------------------------------------------------------------------------------ domains

DOMAINS = (("product", r"产品|消费品|制造"), ("engineering", r"工程|建筑|建设质量"), ("service", r"服务"),
           ("environment", r"环境|生态"), ("government", r"政府工作"))


def domain_of(titles: list[str]) -> str | None:
    """The quality domain a section title names (产品质量 → product), innermost title first."""
    for title in titles:
        for name, pattern in DOMAINS:
            if re.search(rf"(?:{pattern})质量|(?:{pattern})(?:质量)?(?:目标|提升|建设)", title):
                return name
    return None


# ------------------------------------------------------------------------------------------------ extract

def extract_goals(src: Source, norm: Normalized, sections: list[Section] | None = None,
                  tasks: list[Task] | tuple[Task, ...] = ()) -> list[Goal]:
    text = norm.text
    sections = outline(text) if sections is None else sections
    found_tables = tables(text)
    marks = [(t.span[0] + len(t.text), t.span[1]) for t in tasks]
    skip = [(t.start, t.end) for t in found_tables] + marks
    years = year_mentions(text, sections, skip)
    goals: list[Goal] = []

    def context(at: int, sentence_year: int | None) -> tuple[int | None, str | None, Task | None]:
        task = next((t for t in tasks if t.span[0] <= at < t.span[1]), None)
        year = sentence_year
        if year is None and task is not None:
            year = deadline_year(task.deadline)
        if year is None:
            year = next((y.year for y in reversed(years) if y.at < at < y.until), None)
        titles = [s.title for s in reversed(enclosing(sections, at))]
        return year, domain_of(titles), task

    for table in found_tables:
        for row in table_rows(table):
            indicator, comparator, value, qualitative = table_goal(row)
            year, domain, _ = context(row.start, None)
            domain = domain_of([row.label or ""]) or domain
            goals.append(Goal(indicator=indicator, value=value, unit=row.unit, comparator=comparator, year=year,
                              qualitative=qualitative, evidence=evidence(src, norm, row.start, row.end),
                              span=(row.start, row.end), domain=domain, section=row.label))
    for sentence in _prose(text, skip):
        local_year = _sentence_year(sentence)
        for p in parse_sentence(sentence.text):
            a, b = sentence.start + p.start, sentence.start + p.end
            a, b = _trim(text, a, b)
            year, domain, task = context(a, _year_before(sentence, p.end))
            goals.append(Goal(indicator=p.indicator, value=p.value, value_max=p.value_max, unit=p.unit,
                              comparator=p.comparator, year=year, evidence=evidence(src, norm, a, b), span=(a, b),
                              domain=domain, task=task.number if task else None,
                              owners=task.lead if task else ()))
        for indicator, target, qa, qb in parse_qualitative(sentence.text):
            a, b = _trim(text, sentence.start + qa, sentence.start + qb)
            year, domain, task = context(a, local_year)
            goals.append(Goal(indicator=indicator, qualitative=target, year=year, evidence=evidence(src, norm, a, b),
                              span=(a, b), domain=domain, task=task.number if task else None,
                              owners=task.lead if task else ()))
    return sorted(goals, key=lambda g: g.span)


def _prose(text: str, skip: list[tuple[int, int]]) -> list[Sentence]:
    out = []
    cursor = 0
    for a, b in sorted(skip):
        out.extend(sentences(text, cursor, a) if a > cursor else [])
        cursor = max(cursor, b)
    out.extend(sentences(text, cursor, len(text)))
    return out


def _sentence_year(sentence: Sentence) -> int | None:
    masked = re.sub(r"《[^》]*》", lambda m: " " * len(m.group(0)), sentence.text)
    m = YEAR_MENTION.search(masked)
    return year_of(m) if m else None


def _year_before(sentence: Sentence, at: int) -> int | None:
    masked = re.sub(r"《[^》]*》", lambda m: " " * len(m.group(0)), sentence.text[:at])
    found = list(YEAR_MENTION.finditer(masked))
    return year_of(found[-1]) if found else None


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    numbering = NUMBERING.match(text, a, b)
    if numbering:
        a = numbering.end()
    while a < b and text[a] in " ,、:;\t":
        a += 1
    while b > a and text[b - 1] in " ,、:;\t":
        b -= 1
    return a, b

