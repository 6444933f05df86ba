"""Whose plan a document is: its level (county, city, province), its city and its province.

A title or an issuing body that names a region decides; otherwise the regions vocabulary is counted over the
whole text: full names, short forms that are not common words, place-name hints (瓯江, 飞云江 for 温州), and
文号 abbreviations (豫, 鄂) for provinces. Self-references (我市, 全省, 本县) settle the level when nothing names it.
"""

from __future__ import annotations

import re
from collections import Counter

from ..link.vocabulary import Concept, Vocabulary
from ..words import HAN

#: 文号: issuer abbreviation, year in 〔〕 [] () 【】, serial number, 号.
DOCNO = re.compile(rf"[{HAN}]{{1,12}}[〔\[(【]\s*(?:19|20)\d\d\s*[〕\])】]\s*\d{{1,4}}\s*号")

#: Self-references that tell whose plan it is: 我市/全市/本市, 我省/全省, 我县/全县.
SELF_REF = {"provincial": re.compile(r"[我全本]省"), "municipal": re.compile(r"[我全本]市"),
            "county": re.compile(r"[我全本][县区旗]")}
#: Short city forms that are also common words or other places; only counted as part of a full name.
AMBIGUOUS_SHORT = {"长治", "大同", "中山", "黄山", "白山", "朝阳", "安康", "海南",
                   "吉林", "新余", "长春", "三明", "通化", "白银", "金昌", "铜仁",
                   "普洱", "玉树", "海东", "海北", "黄南", "海西", "南平", "东营",
                   "太原", "昌都", "永州", "宜春", "吉安", "来宾", "百色", "阳江",
                   "河源", "云浮", "六安", "鹤岗", "黑河", "江门", "武威", "天水",
                   "安顺", "三亚", "北海", "东莞", "神农架", "红河", "怒江", "海南州"}



def _count_short(text: str, short: str) -> int:
    if len(short) < 2 or short in AMBIGUOUS_SHORT:
        return 0
    return len(re.findall(re.escape(short), text))


def _region_scores(regions: tuple[Concept, ...], text: str, head: str, docnos: list[str]) -> Counter[Concept]:
    scores: Counter[Concept] = Counter()
    for region in regions:
        full = text.count(region.label)
        rest = text.replace(region.label, "")
        short = sum(_count_short(rest, alt) for alt in region.alt)
        hints = sum(rest.count(h) for h in region.hints)
        abbr = sum(1 for d in docnos if region.abbreviation and d.startswith(region.abbreviation))
        named = any(form in head for form in region.labels if len(form) >= 2 and form not in AMBIGUOUS_SHORT)
        score = 20 * named + 3 * full + short + 2 * hints + 2 * abbr
        if score:
            scores[region] = score
    return scores


def city_scores(text: str, title: str | None, issuers: tuple[str, ...], vocab: Vocabulary) -> Counter[Concept]:
    return _region_scores(vocab.cities, text, " ".join((title or "", *issuers)), [])


def province_scores(text: str, title: str | None, issuers: tuple[str, ...], vocab: Vocabulary) -> Counter[Concept]:
    docnos = [m.group(0) for m in DOCNO.finditer(text)]
    return _region_scores(vocab.provinces, text, " ".join((title or "", *issuers)), docnos)


#: A district of a city named by its government or heading its plan: 成都市温江区人民政府办公室, 温江区质量强区….
DISTRICT = re.compile(rf"(?:^|(?<=[、,\s市州盟]))([{HAN}]{{2,3}})区(?:人民政府|委|政府|关于|开展|创建|推进|实施|质量)")
#: What ends the name of a zone or a region that is no district: 开发区, 新区, 自治区, 示范区….
ZONE_WORDS = ("自治", "开发", "园", "高新", "示范", "保税", "新", "试验", "功能", "合作", "风景", "集聚", "经济",
              "中心城", "主城", "老城")


def plan_level(text: str, title: str | None, issuers: tuple[str, ...]) -> str:
    """Whose plan it is: a county's, a city's or a province's."""
    head = " ".join((title or "", *issuers))
    if re.search(rf"(?:^|[、,\s])(?:中共)?[{HAN}]{{1,6}}[县旗](?:人民政府|委|政府)", head) or \
            re.match(rf"[{HAN}]{{1,4}}[县旗](?:人民政府|委|政府|关于|开展|创建|推进|实施|质量)", title or ""):
        return "county"
    if any(not m.group(1).endswith(ZONE_WORDS) for m in DISTRICT.finditer(head)):
        return "county"  # a city's district (温江区): county level
    if re.search(rf"(?:^|[、,])(?:中共)?[{HAN}]{{0,6}}(?:省|自治区)", head) and \
            not re.search(rf"[{HAN}]市", head):
        return "provincial"
    if re.search(rf"(?:^|[、,])(?:中共)?[{HAN}]{{0,6}}市", head):
        return "municipal"
    counts = {level: len(pattern.findall(text)) for level, pattern in SELF_REF.items()}
    return max(counts, key=lambda k: counts[k]) if any(counts.values()) else "municipal"


