"""Document metadata: title, type, 文号, date at the text's precision, issuers, city, province and level."""

from __future__ import annotations

import json

import pytest

from policykg.ingest.extract.metadata import extract_metadata, find_doc_number, find_issued, find_title, plan_level
from policykg.ingest.layout import lay_out
from policykg.ingest.link.vocabulary import packaged
from policykg.ingest.read import read_source
from policykg.ingest.records import DocumentMeta, Source

from support import GOLD, SEED_FILES

VOCAB = packaged()


def _meta(text: str) -> DocumentMeta:
    src = Source(name="snippet.txt", text=text, format="txt", encoding="utf-8")
    return extract_metadata(lay_out(src))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_metadata_agrees_with_the_gold_annotation(path: object) -> None:
    src = read_source(path)  # type: ignore[arg-type]
    meta = extract_metadata(lay_out(src))
    gold = json.loads((GOLD / f"{src.name[:-4]}.gold.json").read_text(encoding="utf-8"))["metadata"]
    for field in ("city", "province", "doc_type", "doc_number", "level"):
        assert getattr(meta, field) == gold[field], field
    if gold["title"]:
        assert meta.title == gold["title"]
        assert meta.title_evidence is not None and src.text[meta.title_evidence.start:meta.title_evidence.end] \
            == meta.title_evidence.quote
    assert meta.issued == gold["issued"]


def test_wrapper_notice_gives_the_attached_plan_as_title() -> None:
    text = "市人民政府关于印发鄂州市创建全国质量强市示范城市工作方案的通知\n各区人民政府:\n现印发给你们。\n"
    title = find_title(text)
    assert title is not None and title[0] == "鄂州市创建全国质量强市示范城市工作方案"


def test_titles_with_a_period_in_brackets_keep_it_and_the_genre_is_found() -> None:
    text = ("德清县人民政府办公室关于印发德清县质量强县建设三年行动计划（2019-2021年）的通知\n德政办发〔2019〕12号\n"
            "德清县人民政府办公室\n2019年3月5日\n")
    meta = _meta(text)
    assert meta.title == "德清县质量强县建设三年行动计划(2019-2021年)" and meta.doc_type == "行动计划"
    assert (meta.doc_number, meta.issued, meta.level) == ("德政办发〔2019〕12号", "2019-03-05", "county")
    assert meta.issuers == ("德清县人民政府办公室",)


def test_newspaper_reprint_title_and_month_day_date_with_the_cited_year() -> None:
    text = ("市委市政府印发《许昌市开展质量提升行动实施方案》\n\n12月"
            "10日,市委、市政府印发了《许昌市开展质量提升行动实施方案》。"
            "全文如下:\n根据《中共河南省委、河南省人民政府关于开展质量提升行动的实施意见》(豫发〔2018〕22号)精神\n")
    meta = _meta(text)
    assert meta.title == "许昌市开展质量提升行动实施方案" and meta.doc_type == "实施方案"
    assert meta.issued == "2018-12-10"
    assert meta.doc_number is None  # 豫发〔2018〕22号 is cited, not this document's number
    assert meta.issuers == ("市委", "市政府")


def test_date_precision_follows_the_text() -> None:
    assert find_issued("正文。\n二○一一年六月二十八日\n发:各县(市、区)人民政府") == "2011-06-28"
    assert find_issued("正文。\n鄂州市人民政府\n2017年4月\n") == "2017-04"
    assert find_issued("到2020年,合格率达到95%以上。") is None  # a target year is not an issue date
    assert find_issued("标题\n发布时间:2019-03-05 来源:市政府办公室\n正文") == "2019-03-05"


def test_labelled_doc_number_is_taken_and_cited_ones_are_not() -> None:
    head = "索引号: 011217651/2017-20006 文号: 鄂州政发〔2017〕6号\n"
    assert find_doc_number(head) == ("鄂州政发〔2017〕6号", head.index("鄂州政发"))
    assert find_doc_number("依据《意见》(国质检质〔2012〕179号)文件精神") is None
    assert find_doc_number("温政发〔2011〕88号\n温州市人民"
                           "政府关于全面开展质量强市建设的意见\n")[0] == "温政发〔2011〕88号"  # type: ignore[index]


def test_city_is_inferred_from_river_names_when_no_title_names_it() -> None:
    meta = _meta("市人民政府决定全面开展质量强市建设工作。现提出如下意见。\n瓯江"
                 "、飞云江、鳌江三大水系水质达到或优于Ⅲ类标准的比例大于85%。\n")
    assert (meta.city, meta.province, meta.level, meta.doc_type) == ("温州市", "浙江省", "municipal", "意见")


def test_provincial_plan_gets_a_province_and_no_city() -> None:
    meta = _meta("为落实《指导意见》,省质监局、省经信委、省农业厅决定"
                 "联合开展质量强县示范创建活动,特制定实施方案如下。\n"
                 "争创钱江杯等省优工程,全省质量水平位居前列。\n")
    assert meta.level == "provincial" and meta.city is None and meta.province == "浙江省"
    assert meta.issuers == ("省质监局", "省经信委", "省农业厅")


def test_county_plan_level() -> None:
    assert plan_level("全县质量工作", "德清县创建质量强县工作方案", ("德清县人民政府",)) == "county"


def test_regions_vocabulary_covers_every_province_and_prefecture() -> None:
    assert len(VOCAB.provinces) == 34
    assert len([c for c in VOCAB.cities if c.iri.split("/")[-1][2:] != "0000"]) >= 333
    xuchang = VOCAB.lookup("city", "许昌")
    assert xuchang is not None and xuchang.label == "许昌市" and xuchang.iri.endswith("/411000")
    henan = next(p for p in VOCAB.provinces if p.iri == xuchang.parent)
    assert henan.label == "河南省" and henan.abbreviation == "豫"
