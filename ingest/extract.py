"""Extract mentions from normalised text (foundation rules; see the extraction issue for the full set)."""

from __future__ import annotations

import re

from .normalize import evidence
from .records import DocumentMeta, Extraction, Goal, Mention, Normalized, Source, Task

HAN = r"\u4e00-\u9fff"
COMPARATORS = {"以上": "AtLeast", "达到": "AtLeast", "不低于": "AtLeast", "超过": "MoreThan",
               "高于": "MoreThan", "以下": "AtMost", "控制在": "AtMost", "不超过": "AtMost", "低于": "LessThan"}
GOAL = re.compile(rf"([{HAN}]{{2,24}}?)(达到|稳定在|保持在|超过|不低于|控制在|高于|低于|不超过)?"
                  rf"(\d+(?:\.\d+)?)(%|个|家|项|件|名|亿元|万元)(以上|以下)?")
YEAR = re.compile(r"到(20\d\d)年")
TASK = re.compile(r"(?m)^\s*(\d+)\.([^\n]*?)[(（](?:责任单位|牵头单位)[:：]([^)）]*)[)）]")
AGENCY = re.compile(rf"(?:[{HAN}]{{0,4}}?[省市县区])[{HAN}]{{1,8}}?(?:局|委|办|厅|人民政府)")
AWARD = re.compile(rf"(?:中国|省长|市长|政府|[{HAN}]{{2,3}}[省市])[{HAN}]{{0,4}}?质量奖|鲁班奖|[{HAN}]{{2}}杯")
DESIGNATION = re.compile(rf"全国[{HAN}]{{2,12}}?示范(?:城市|区|县|市)")
INDUSTRY = re.compile(rf"([{HAN}]{{2,6}})产业")
CITATION = re.compile(r"《([^》\n]{2,60})》")
TITLE = re.compile(rf"(?m)^\s*([{HAN}()（）\d-]{{6,60}}(?:实施方案|工作方案|意见|纲要|规划))\s*$")
DATE = re.compile(r"(20\d\d|19\d\d)年(\d{1,2})月(\d{1,2})日")
DOCNO = re.compile(rf"[{HAN}]{{1,6}}〔(?:19|20)\d\d〕\d+号")
CITY = re.compile(rf"([{HAN}]{{2,3}}市)人民政府")


def _meta(src: Source, norm: Normalized) -> DocumentMeta:
    text = norm.text
    title_match = TITLE.search(text)
    date = DATE.search(text)
    docno = DOCNO.search(text)
    cities = CITY.findall(text)
    city = max(set(cities), key=cities.count) if cities else None
    return DocumentMeta(
        title=title_match.group(1) if title_match else None,
        title_evidence=evidence(src, norm, *title_match.span(1)) if title_match else None,
        doc_number=docno.group(0) if docno else None,
        issued=f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
        city=city,
        issuers=(f"{city}人民政府",) if city else (),
    )


def _goals(src: Source, norm: Normalized) -> list[Goal]:
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


def _split(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in re.split(r"[、,，;；]", names) if n.strip())


def _tasks(src: Source, norm: Normalized) -> list[Task]:
    return [Task(number=m.group(1), text=m.group(2), lead=_split(m.group(3)),
                 evidence=evidence(src, norm, *m.span(2)), span=m.span()) for m in TASK.finditer(norm.text)]


def _mentions(src: Source, norm: Normalized) -> list[Mention]:
    found: list[Mention] = []
    for kind, pattern, group in (("agency", AGENCY, 0), ("award", AWARD, 0), ("designation", DESIGNATION, 0),
                                 ("industry", INDUSTRY, 1), ("citation", CITATION, 1)):
        for m in pattern.finditer(norm.text):
            found.append(Mention(kind, m.group(group), evidence(src, norm, *m.span(group))))
    return found


def extract(src: Source, norm: Normalized) -> Extraction:
    goals = _goals(src, norm)
    tasks = _tasks(src, norm)
    owned = []
    for goal in goals:
        task = next((t for t in tasks if t.span[0] <= goal.span[0] < t.span[1]), None)
        owned.append(goal if task is None else Goal(**{**goal.__dict__, "task": task.number, "owners": task.lead}))
    return Extraction(source=src, normalized=norm, meta=_meta(src, norm), goals=tuple(owned),
                      tasks=tuple(tasks), mentions=tuple(_mentions(src, norm)))
