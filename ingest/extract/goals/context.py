"""The context a goal takes from where it is stated: its target year and its quality domain.

The year comes from the sentence ("到2020年", "2025年,", "“十三五”期间"), else the task's deadline, else a year
stated earlier in the enclosing section; the domain from the titles of the enclosing sections (产品质量 → product),
else from the indicator's own wording (制造业产品质量合格率 → product).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...layout.outline import Sentence, enclosing
from ...records import Section

FIVE_YEAR = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
YEAR_MENTION = re.compile(
    r"(?:到|至|截至|截止到?|力争到|争取到)\s*(?P<a>20\d\d)\s*年|(?P<b>20\d\d)\s*年(?:底|末)?前|(?<![\d至到-])(?P<c>20\d\d)年(?:底|末)?[,:]"
    r"|(?:19|20)\d\d\s*[-—~至]\s*(?P<d>20\d\d)\s*年|“?(?P<e>十[一二三四五]五)”?(?:期间|末|时期)"
    r"|(?<![\d至到-])(?P<f>20\d\d)年(?:底|末)?的?(?:主要|具体|工作|发展|阶段性|预期)?目标")



@dataclass(frozen=True)
class YearMention:
    at: int
    year: int
    until: int          # end of the innermost section holding the mention


def year_of(m: re.Match[str]) -> int:
    if m.group("e"):
        return FIVE_YEAR[m.group("e")]
    return int(next(g for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d"), m.group("f")) if g))


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


def sentence_year(sentence: Sentence) -> int | None:
    masked = re.sub(r"《[^》]*》", lambda m: " " * len(m.group(0)), sentence.text)
    m = YEAR_MENTION.search(masked)
    return year_of(m) if m else None


def year_before(sentence: Sentence, at: int) -> int | None:
    masked = re.sub(r"《[^》]*》", lambda m: " " * len(m.group(0)), sentence.text[:at])
    found = list(YEAR_MENTION.finditer(masked))
    return year_of(found[-1]) if found else None



DOMAINS = (("product", r"产品|消费品|制造"), ("engineering", r"工程|建筑|建设质量"), ("service", r"服务"),
           ("environment", r"环境|生态"), ("government", r"政府工作"))


def domain_of(titles: list[str]) -> str | None:
    """The quality domain a section title names (产品质量 → product), innermost title first; a title that names
    several ("提升工业产品和工程质量") names none."""
    anyone = "|".join(pattern for _, pattern in DOMAINS)
    after = rf"(?:(?:、|和|与|及)(?:{anyone}))*(?:质量|(?:质量)?(?:目标|提升|建设))"
    for title in titles:
        named = {name for name, pattern in DOMAINS if re.search(rf"(?:{pattern}){after}", title)}
        if named:
            return named.pop() if len(named) == 1 else None
    return None


#: What an indicator measures names its quality domain where its section does not ("一、总体目标: 制造业产品质量
#: 合格率达到94.5%以上, 建设工程竣工验收合格率保持100%").
INDICATOR_DOMAINS = (("product", r"产品|制造业|消费品|食品|药品|农产品|工业品|特种设备"),
                     ("engineering", r"工程|建筑|房屋|住宅|建设项目"),
                     ("service", r"服务|顾客满意|游客满意"),
                     ("environment", r"空气|水质|环境|生态|PM2\.5|PM10|优良天数|污水|地表水|饮用水|噪声|森林|绿化"))


def indicator_domain(indicator: str) -> str | None:
    """The one quality domain an indicator's wording names; None where it names none, or several."""
    found = {name for name, pattern in INDICATOR_DOMAINS if re.search(pattern, indicator)}
    return found.pop() if len(found) == 1 else None



#: Sections and sentences that report what was achieved, not what is aimed at: "第一章 发展基础",
#: "“十三五”以来,…累计获得…", "截至2020年底,…", "已建成…".
PAST_SECTION = re.compile(r"^(?:“?十[一二三四五]五”?(?:时期|期间|以来)?的?)?(?:质量)?"
                          r"(?:(?:发展|工作)(?:基础|现状|成效|回顾)|现状|成效|主要成效|主要成绩|取得的?成效|回顾)"
                          r"(?:[与和及、].{0,8})?$")
PAST_SENTENCE = re.compile(r"以来|截至\s*(?:19|20)\d\d年|^(?:目前|当前)|已(?:经)?(?:累计|建成|获得|达到|拥有|创建)")


#: A sentence that opens with the year it reports: "2021年,全省制造业产品质量合格率达到93.5%".
OPENING_YEAR = re.compile(r"^\s*((?:19|20)\d\d)年(?:底|末|度|全年)?[,，]")


def opens_on_past_year(sentence: str, issued: int | None) -> bool:
    """Whether a sentence opens with a year before the plan was issued ("2024年，全市…")."""
    opening = OPENING_YEAR.match(sentence)
    return bool(opening and issued is not None and int(opening.group(1)) < issued)


def reports_the_past(sentence: str, titles: list[str], issued: int | None = None) -> bool:
    """Whether a sentence states achievements (its figures are no targets): it says so (以来, 截至, 已经达到), it
    sits under a section on achievements, or it opens with a year before the plan was issued."""
    if opens_on_past_year(sentence, issued):
        return True
    return bool(PAST_SENTENCE.search(sentence)) or any(PAST_SECTION.search(t) for t in titles)
