"""County-level regions and whose plan a document is (issue 10: 县级市 were missing, 新密 became 新疆).

The regions vocabulary holds every county-level division of GB/T 2260 with its type, its prefecture (or province)
and an unambiguous short form; a plan's place is read from its issuer and title first, then the 文号 only where its
prefix names one region, then the rest of the text. The cases are written for the rules, not taken from fixtures.
"""

from __future__ import annotations

from collections import Counter

import pytest

from policykg.ingest.extract.agencies import context_for, resolve
from policykg.ingest.extract.jurisdiction import government_of, locate
from policykg.ingest.link.regions import build_trie, longest_words
from policykg.ingest.link.vocabulary import packaged

VOCAB = packaged()
REGIONS = VOCAB.regions


def _code(concept: object) -> str | None:
    return str(concept.iri).rsplit("/", 1)[-1] if concept is not None else None  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------- the vocabulary

def test_every_county_level_division_is_there_with_its_type_and_parent() -> None:
    counties = VOCAB.counties
    assert len(counties) >= 2800
    assert len({c.iri for c in counties}) == len(counties)
    types = Counter(c.level for c in counties)
    assert {"县", "县级市", "市辖区", "旗", "自治县", "自治旗", "特区", "林区"} <= set(types)
    assert types["市辖区"] > 900 and types["县级市"] > 380 and types["县"] > 1200
    for county in counties:
        parent = REGIONS.get(county.parent)
        assert parent is not None and parent.kind in ("city", "province"), county.label
        province = REGIONS.province_of(county)
        assert province is not None and _code(province)[:2] == _code(county)[:2], county.label  # type: ignore[index]


@pytest.mark.parametrize(("name", "code", "city", "province", "kind", "short"), [
    ("新密市", "410183", "郑州市", "河南省", "县级市", "新密"),
    ("晋江市", "350582", "泉州市", "福建省", "县级市", None),       # 晋江 is also the river, 泉州's hint
    ("昆山市", "320583", "苏州市", "江苏省", "县级市", "昆山"),
    ("安吉县", "330523", "湖州市", "浙江省", "县", "安吉"),
    ("顺德区", "440606", "佛山市", "广东省", "市辖区", "顺德"),
    ("永川区", "500118", "重庆市", "重庆市", "市辖区", "永川"),
    ("长阳土家族自治县", "420528", "宜昌市", "湖北省", "自治县", "长阳"),
    ("六枝特区", "520203", "六盘水市", "贵州省", "特区", "六枝"),
    ("琼海市", "469002", None, "海南省", "县级市", "琼海"),        # 省直辖: no prefecture
    ("阿荣旗", "150721", "呼伦贝尔市", "内蒙古自治区", "旗", "阿荣"),
    ("会同县", "431225", "怀化市", "湖南省", "县", None),            # 会同 is a word of the genre (会同有关部门)
    ("公安县", "421022", "荆州市", "湖北省", "县", None),
    ("荆州区", "421003", "荆州市", "湖北省", "市辖区", None),        # 荆州 is the prefecture's short form
    ("城区", "140302", "阳泉市", "山西省", "市辖区", None),
])
def test_county_examples(name: str, code: str, city: str | None, province: str, kind: str,
                         short: str | None) -> None:
    found = [c for c in REGIONS.named(name) if _code(c) == code]
    assert found, name
    county = found[0]
    assert county.level == kind
    assert (REGIONS.city_of(county).label if REGIONS.city_of(county) else None) == city  # type: ignore[union-attr]
    assert REGIONS.province_of(county).label == province  # type: ignore[union-attr]
    assert (county.alt[0] if county.alt else None) == short


def test_short_forms_are_unambiguous_nationally() -> None:
    shorts = Counter(a for c in VOCAB.counties for a in c.alt)
    assert all(n == 1 for n in shorts.values())
    others = {f for r in (*VOCAB.provinces, *VOCAB.cities) for f in (*r.labels, *r.hints)}
    assert not set(shorts) & others
    assert all(len(s) >= 2 for s in shorts)
    # names several counties share keep every one of them, and no short form
    assert len(REGIONS.named("朝阳区")) == 2 and len(REGIONS.named("鼓楼区")) >= 4


def test_the_index_is_built_once_and_finds_the_longest_name() -> None:
    assert VOCAB.regions is VOCAB.regions
    found = [(f.form, f.kind) for f in REGIONS.find("重庆市永川区人民政府和新密市、新密政")]
    assert found == [("重庆市", "full"), ("永川区", "full"), ("新密市", "full"), ("新密", "short")]
    assert [f.form for f in REGIONS.find("加快推进城北区域建设")] == []         # 城北区域 is no 城北区
    assert [f.form for f in REGIONS.find("主城区和郊区")] == []               # bare 城区, 郊区 need their city
    assert [f.form for f in REGIONS.find("阳泉市城区人民政府")] == ["阳泉市", "城区"]
    assert [f.form for f in REGIONS.find("和县人民政府")] == ["和县"]
    assert [f.form for f in REGIONS.find("市和县两级政府")] == []


def test_the_trie_finds_the_longest_word_at_each_place() -> None:
    import re

    trie, first = build_trie(["新密", "新密市", "新疆", "新"]), re.compile("[新]")
    text = "新密市新疆新密新X新"
    assert [text[a:b] for a, b in longest_words(trie, first, text)] == ["新密市", "新疆", "新密", "新", "新"]


# ------------------------------------------------------------------------------------------------ jurisdiction

CASES = [
    # (issuers, title, text) → (level, province, city, county)
    (("新密市人民政府",), "新密市质量强市建设实施方案", "新密政〔2023〕17号\n全市",
     ("county", "河南省", "郑州市", "新密市")),
    (("重庆市永川区人民政府办公室",), "永川区质量提升行动方案", "永川府办发〔2022〕47号",
     ("county", "重庆市", "重庆市", "永川区")),
    (("佛山市顺德区人民政府办公室",), "顺德区质量强区工作方案", "", ("county", "广东省", "佛山市", "顺德区")),
    (("晋江市人民政府",), "晋江市质量提升实施方案", "晋政文〔2022〕86号\n全市",
     ("county", "福建省", "泉州市", "晋江市")),
    (("昆山市人民政府",), None, "昆政发〔2021〕22号", ("county", "江苏省", "苏州市", "昆山市")),
    (("安吉县人民政府",), "安吉县质量强县工作方案", "安政发〔2021〕12号", ("county", "浙江省", "湖州市", "安吉县")),
    (("中共河北省委", "河北省人民政府"), "关于加快建设质量强省的实施意见", "冀发〔2023〕11号",
     ("provincial", "河北省", None, None)),
    (("北京市朝阳区人民政府",), None, "", ("county", "北京市", "北京市", "朝阳区")),
    (("朝阳区人民政府",), None, "长春市朝阳区……长春市……吉林省", ("county", "吉林省", "长春市", "朝阳区")),
    (("阳泉市城区人民政府",), None, "", ("county", "山西省", "阳泉市", "城区")),
    (("和县人民政府",), None, "", ("county", "安徽省", "马鞍山市", "和县")),
    (("长阳土家族自治县人民政府",), None, "", ("county", "湖北省", "宜昌市", "长阳土家族自治县")),
    (("六枝特区人民政府",), None, "", ("county", "贵州省", "六盘水市", "六枝特区")),
    (("琼海市人民政府",), None, "", ("county", "海南省", None, "琼海市")),
    (("上海市浦东新区人民政府",), None, "", ("county", "上海市", "上海市", "浦东新区")),
    (("天津市滨海新区人民政府",), None, "", ("county", "天津市", "天津市", "滨海新区")),
    (("大同区人民政府",), None, "", ("county", "黑龙江省", "大庆市", "大同区")),
    (("鄂州市人民政府",), "鄂州市创建全国质量强市示范城市工作方案", "鄂州政发〔2017〕6号",
     ("municipal", "湖北省", "鄂州市", None)),
    (("鄂州市人民政府办公室",), "关于加快建设质量强市的实施意见", "", ("municipal", "湖北省", "鄂州市", None)),
    (("大同市人民政府",), None, "", ("municipal", "山西省", "大同市", None)),
    (("延边朝鲜族自治州人民政府",), None, "全州", ("municipal", "吉林省", "延边朝鲜族自治州", None)),
    (("北京市人民政府",), None, "全市", ("municipal", "北京市", "北京市", None)),
    (("广西壮族自治区人民政府",), "广西壮族自治区质量发展纲要", "", ("provincial", "广西壮族自治区", None, None)),
    # the title alone
    ((), "新密市创建质量强市示范城市工作方案", "全市", ("county", "河南省", "郑州市", "新密市")),
    ((), "关于推进晋江市质量提升的意见", "全市", ("county", "福建省", "泉州市", "晋江市")),
    # a district of a city and its city's bureau in one issuer line
    (("成都市温江区人民政府办公室",), None, "", ("county", "四川省", "成都市", "温江区")),
    # nothing names the place in the head: the rest of the text decides
    (("县人民政府",), None, "全县……临朐县……临朐县……潍坊市", ("county", "山东省", "潍坊市", "临朐县")),
    (("市人民政府",), None, "新密政〔2023〕17号\n全市……新密市……新密市……新密", ("county", "河南省", "郑州市", "新密市")),
    (("市人民政府",), None, "全市……郑州市……郑州市……新密市", ("municipal", "河南省", "郑州市", None)),
    # a 文号 prefix is no place unless it names one region: 新密 is not 新疆, 晋 is not 山西, 安 is not 安徽
    (("市人民政府",), None, "新密政〔2023〕17号\n全市", ("county", "河南省", "郑州市", "新密市")),
    (("市人民政府",), None, "晋政文〔2022〕86号\n全市", ("municipal", None, None, None)),
    (("县人民政府",), None, "安政发〔2021〕12号\n全县", ("county", None, None, None)),
    # a province's own 文号 and a 文号 a city plan cites do name the province
    (("省人民政府",), None, "豫政〔2017〕3号\n全省", ("provincial", "河南省", None, None)),
    (("市人民政府",), None, "根据《实施意见》(豫发〔2018〕22号)\n全市", ("municipal", "河南省", None, None)),
    # river names point to a city
    (("市人民政府",), None, "全市。瓯江、飞云江、鳌江水质", ("municipal", "浙江省", "温州市", None)),
]


@pytest.mark.parametrize(("issuers", "title", "text", "want"), CASES,
                         ids=[f"{i}-{(c[0] or (c[1],))[0]}" for i, c in enumerate(CASES)])
def test_jurisdiction(issuers: tuple[str, ...], title: str | None, text: str,
                      want: tuple[str, str | None, str | None, str | None]) -> None:
    place = locate(text, title, issuers, VOCAB, _own_number(text))
    got = (place.level, *(r.label if r is not None else None for r in (place.province, place.city, place.county)))
    assert got == want


def _own_number(text: str) -> str | None:
    first = text.split("\n", 1)[0]
    return first if first.endswith("号") and "《" not in first else None


# ------------------------------------------------------------------------------------------------ agencies

@pytest.mark.parametrize(("surface", "county", "city", "province", "full", "jurisdiction"), [
    # a county-level city's plan: 市 is the county-level city, not its prefecture
    ("市市场监管局", "新密市", "郑州市", "河南省", "新密市市场监督管理局", "新密市"),
    ("市委宣传部", "新密市", "郑州市", "河南省", "中共新密市委宣传部", "新密市"),
    ("郑州市市场监督管理局", "新密市", "郑州市", "河南省", "郑州市市场监督管理局", "郑州市"),
    # a county's or a district's plan: 市 is the prefecture, 县 and 区 the county
    ("市市场监管局", "安吉县", "湖州市", "浙江省", "湖州市市场监督管理局", "湖州市"),
    ("县市场监管局", "安吉县", "湖州市", "浙江省", "安吉县市场监督管理局", "安吉县"),
    # a city's district: its bodies write the city before it
    ("区市场监管局", "顺德区", "佛山市", "广东省", "佛山市顺德区市场监督管理局", "佛山市顺德区"),
    ("区财政局", "永川区", "重庆市", "重庆市", "重庆市永川区财政局", "重庆市永川区"),
    ("市市场监管局", "顺德区", "佛山市", "广东省", "佛山市市场监督管理局", "佛山市"),
])
def test_agencies_belong_to_the_county_level_place(surface: str, county: str, city: str, province: str,
                                                   full: str, jurisdiction: str) -> None:
    ctx = context_for(city, province, county=government_of(county, city, VOCAB), vocab=VOCAB)
    resolved = resolve(surface, ctx)
    assert (resolved.full_name, resolved.jurisdiction) == (full, jurisdiction)
    assert VOCAB.region_node(jurisdiction) == REGIONS.chain(jurisdiction)[-1].iri   # the agency's region node
