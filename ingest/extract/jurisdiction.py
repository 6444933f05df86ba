"""Whose plan a document is: its level (county, city, province), its county, its city and its province.

The issuer decides first, then the title: the regions named one after another at the start of an issuing body or
of the title (新密市人民政府 → 新密市, a county-level city under 郑州市; 重庆市永川区人民政府办公室 → 永川区 under
重庆市; 中共河北省委 → 河北省). Only when neither names a region is the rest of the text counted: full names, short
forms that are not common words or other places (:data:`AMBIGUOUS_SHORT`), place-name hints (瓯江 for 温州), and
文号 whose issuer prefix names a region unambiguously (新密政 → 新密市, never 新疆; a one-character province
abbreviation such as 豫 only in a cited 文号 or a provincial plan's own, since 晋江's own is 晋政文 and 安吉's 安政发).
Self-references (我市, 全省, 本县) settle the level when nothing names it.

Every pattern is compiled once, and the regions are found with the vocabulary's one compiled index
(:class:`~policykg.ingest.link.regions.RegionIndex`), in one pass over the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..link.regions import Found, RegionIndex
from ..link.vocabulary import Concept, Vocabulary
from ..words import HAN

#: 文号: issuer abbreviation, year in 〔〕 [] () 【】, serial number, 号.
DOCNO = re.compile(rf"[{HAN}]{{1,12}}[〔\[(【]\s*(?:19|20)\d\d\s*[〕\])】]\s*\d{{1,4}}\s*号")
#: Words glued before a 文号 that are not part of its issuer prefix (依照浙质监发〔2012〕56号).
DOCNO_LEAD = re.compile(r"^.*(?:依照|根据|按照|依据|参照|贯彻|落实|执行|印发|转发|见|和|及|与|的)")

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

#: A district of a city named by its government or heading its plan: 成都市温江区人民政府办公室, 温江区质量强区….
DISTRICT = re.compile(rf"(?:^|(?<=[、,\s市州盟]))([{HAN}]{{2,3}})区(?:人民政府|委|政府|关于|开展|创建|推进|实施|质量)")
#: What ends the name of a zone or a region that is no district: 开发区, 新区, 自治区, 示范区….
ZONE_WORDS = ("自治", "开发", "园", "高新", "示范", "保税", "新", "试验", "功能", "合作", "风景", "集聚", "经济",
              "中心城", "主城", "老城")
_COUNTY_HEAD = re.compile(rf"(?:^|[、,\s])(?:中共)?[{HAN}]{{1,6}}[县旗](?:人民政府|委|政府)")
_COUNTY_TITLE = re.compile(rf"[{HAN}]{{1,4}}[县旗](?:人民政府|委|政府|关于|开展|创建|推进|实施|质量)")
_PROVINCE_HEAD = re.compile(rf"(?:^|[、,])(?:中共)?[{HAN}]{{0,6}}(?:省|自治区)")
_CITY_WORD = re.compile(rf"[{HAN}]市")
_MUNICIPAL_HEAD = re.compile(rf"(?:^|[、,])(?:中共)?[{HAN}]{{0,6}}市")

#: Weights of what the text names, when the issuer and title name no region.
FULL, SHORT, HINT, DOCNO_WEIGHT, COUNTY_OF_CITY = 3, 1, 2, 2, 1


def plan_level(text: str, title: str | None, issuers: tuple[str, ...]) -> str:
    """Whose plan it is by its wording alone: a county's, a city's or a province's."""
    head = " ".join((title or "", *issuers))
    if _COUNTY_HEAD.search(head) or _COUNTY_TITLE.match(title or ""):
        return "county"
    if any(not m.group(1).endswith(ZONE_WORDS) for m in DISTRICT.finditer(head)):
        return "county"  # a city's district (温江区): county level
    if _PROVINCE_HEAD.search(head) and not _CITY_WORD.search(head):
        return "provincial"
    if _MUNICIPAL_HEAD.search(head):
        return "municipal"
    counts = {level: len(pattern.findall(text)) for level, pattern in SELF_REF.items()}
    return max(counts, key=lambda k: counts[k]) if any(counts.values()) else "municipal"


@dataclass(frozen=True)
class Place:
    """Whose plan a document is."""

    level: str                       # provincial | municipal | county
    province: Concept | None = None
    city: Concept | None = None      # the prefecture-level city (a municipality for its districts)
    county: Concept | None = None    # the county-level division of a county-level plan


def locate(text: str, title: str | None, issuers: tuple[str, ...], vocab: Vocabulary,
           doc_number: str | None = None) -> Place:
    """The plan's level, county, city and province: the issuer and title first, then the rest of the text."""
    regions = vocab.regions
    level = plan_level(text, title, issuers)
    evidence = _Evidence(regions, text, level, doc_number)
    named = _named_in_head(regions, title, issuers, evidence)
    if named is not None and named.kind == "county":
        return Place("county", regions.province_of(named), regions.city_of(named), named)
    city: Concept | None = None
    province: Concept | None = None
    if named is not None and named.kind == "city":
        city = named
    elif named is not None:                                   # a province (or a municipality)
        province = named
        as_city = next((c for c in regions.cities if c.iri == named.iri), None)
        if as_city is not None:
            city = as_city
        elif level == "county":
            city = evidence.best(evidence.city_scores(), lambda c: regions.within(c, named))
        else:
            level = "provincial"                                 # a province's body issues a province's plan
    elif level != "provincial":
        city = evidence.best(evidence.city_scores())
    if city is not None:
        province = province or regions.province_of(city) or regions.get(city.iri)
        if level == "provincial":
            level = "municipal"                                  # a municipality: province-level and city at once
    if province is None:
        province = evidence.best(evidence.province_scores())
    county = None
    if level == "county" and city is not None:
        county = evidence.best(evidence.county_scores(), lambda c: regions.within(c, city))
    elif level == "municipal" and named is None and city is not None:
        # "市人民政府" of a county-level city (新密政〔2023〕17号, 新密市 named more than 郑州市 itself)
        county = evidence.best(evidence.county_scores(), lambda c: regions.within(c, city) and c.level == "县级市")
        if county is not None and evidence.direct[str(county.iri)] > evidence.direct[str(city.iri)]:
            level = "county"
        else:
            county = None
    return Place(level, province, city, county)


def government_of(county: str | None, city: str | None, vocab: Vocabulary) -> str | None:
    """The name a county-level place's own bodies are called by: a city's district writes its city before it
    (佛山市顺德区市场监督管理局, 重庆市永川区财政局); a county or county-level city does not (安吉县…, 新密市…)."""
    if not county or not city or county.startswith(city):
        return county
    named = [c for c in vocab.regions.named(county) if (parent := vocab.regions.city_of(c)) and parent.label == city]
    return f"{city}{county}" if named and named[0].level == "市辖区" else county


def _named_in_head(regions: RegionIndex, title: str | None, issuers: tuple[str, ...],
                   evidence: _Evidence) -> Concept | None:
    """The deepest region named at the start of the first issuer that names one, else of the title, else the first
    full name in the title; a name several regions share is settled by the rest of the text."""
    for name in (*issuers, title or ""):
        chain = regions.chain(name, evidence.settle, _not_ambiguous)
        if chain:
            return chain[-1]
    for found in regions.find(title or ""):
        if found.kind == "full":
            region = evidence.settle(found.regions)
            if region is not None:
                return region
    return None


def _not_ambiguous(found: Found) -> bool:
    """A short form the genre also writes for other things (大同, 朝阳) names no region at a head's start."""
    return found.kind != "short" or found.form not in AMBIGUOUS_SHORT


class _Evidence:
    """What the whole text names, counted once: names, short forms, hints and 文号 prefixes."""

    def __init__(self, regions: RegionIndex, text: str, level: str, doc_number: str | None) -> None:
        self.regions = regions
        self.level = level
        self.counts: Counter[str] = Counter()      # a region's names, and its counties' for a city
        self.direct: Counter[str] = Counter()      # a region's own names only
        for found in regions.find(text):
            if len(found.regions) != 1:
                continue
            if found.kind == "short" and found.form in AMBIGUOUS_SHORT:
                continue
            weight = {"full": FULL, "short": SHORT, "hint": HINT}[found.kind]
            region = found.regions[0]
            self.counts[str(region.iri)] += weight
            self.direct[str(region.iri)] += weight
            if region.kind == "county" and found.kind == "full":
                parent = regions.city_of(region)
                if parent is not None:
                    self.counts[str(parent.iri)] += COUNTY_OF_CITY
        own = re.sub(r"\s", "", doc_number or "")
        for m in DOCNO.finditer(text):
            number = re.sub(r"\s", "", m.group(0))
            lead = DOCNO_LEAD.match(number)
            prefix = re.split(r"[〔\[(【]", number[lead.end() if lead else 0:])[0]
            if not prefix:
                continue
            named = regions.docno_region(prefix)
            if named is not None:
                region = named
                self.counts[str(region.iri)] += DOCNO_WEIGHT
                self.direct[str(region.iri)] += DOCNO_WEIGHT
                parent = regions.city_of(region) if region.kind == "county" else None
                if parent is not None:
                    self.counts[str(parent.iri)] += DOCNO_WEIGHT
            elif prefix[0] in regions.abbreviations and (number != own or level == "provincial"):
                self.counts[f"abbr:{regions.abbreviations[prefix[0]].iri}"] += DOCNO_WEIGHT

    def city_scores(self) -> Counter[Concept]:
        return Counter({c: n for c in self.regions.cities if (n := self.counts[str(c.iri)])})

    def county_scores(self) -> Counter[Concept]:
        return Counter({c: n for c in self.regions.counties if (n := self.counts[str(c.iri)])})

    def province_scores(self) -> Counter[Concept]:
        return Counter({p: n for p in self.regions.provinces
                        if (n := self.counts[str(p.iri)] + self.counts[f"abbr:{p.iri}"])})

    def support(self, region: Concept) -> int:
        """How much the text names a region and the regions above it."""
        total, node = 0, region
        for _ in range(3):
            total += self.counts[str(node.iri)]
            parent = self.regions.get(node.parent)
            if parent is None:
                break
            node = parent
        return total

    def settle(self, candidates: tuple[Concept, ...]) -> Concept | None:
        """The one region of several sharing a name that the text supports most, if one does."""
        if len(candidates) == 1:
            return candidates[0]
        ranked = sorted(((self.support(c), str(c.iri), c) for c in candidates), key=lambda t: (-t[0], t[1]))
        if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
            return ranked[0][2]
        return None

    @staticmethod
    def best(scores: Counter[Concept], keep: Callable[[Concept], bool] | None = None) -> Concept | None:
        """The region named most (the first by IRI among equals), of those ``keep`` keeps."""
        ranked = sorted(((-n, str(c.iri), c) for c, n in scores.items() if keep is None or keep(c)),
                        key=lambda t: (t[0], t[1]))
        return ranked[0][2] if ranked else None
