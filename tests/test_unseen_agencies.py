"""Agencies, duties, owners and comparators on held-out documents of other layouts and jurisdiction kinds.

The facts of tests/fixtures/unseen_entities (a 芜湖 web page, a 甘肃 provincial 纲要, a 延边 autonomous prefecture's
plan and a 温江 district plan) were written before extraction was run on them; the rules these tests pin down were
generalised from their misses and are checked here on sentences of the genre, not on those documents' facts:
collectives that hold a 、 (各县、区人民政府, 各市、自治州人民政府), 州 and 盟 jurisdictions, congress and CPPCC
offices, leading groups named after the government that set them up, merged bureaus the lexicon lacks, prizes named
after a government, plain counts beside a 争创 clause, reward lists, quality domains read from an indicator's wording,
and the SHACL shapes holding on every ingested document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.ingest.extract.agencies import collect, context_for, find_mentions, resolve
from policykg.ingest.extract.duties import parse_duties
from policykg.ingest.extract.goals.context import domain_of, indicator_domain
from policykg.ingest.extract.goals.sentence import parse_sentence
from policykg.ingest.extract.goals.targets import find_values
from policykg.ingest.extract.tasks import find_marks, split_agencies
from policykg.ingest.pipeline import extract_file, ingest_paths
from policykg.namespaces import PK
from policykg.ontology.validate import validate_store
from policykg.scoring.goals import CATEGORIES, compare, load
from policykg.store import OxigraphStore

from support import SEED_FILES

HERE = Path(__file__).resolve().parent / "fixtures"
HELD_OUT = sorted([*(HERE / "unseen_entities").glob("*.txt"), *(HERE / "unseen_entities").glob("*.html")])
#: Written by H9 with its facts before extraction ran on it, after the rules above were generalised: an autonomous
#: county's plan with 乡镇 collectives, merged bureaus, both mark forms and a 分别牵头 duty after an overall aim.
LATER = sorted((HERE / "unseen_extraction").glob("*.txt"))
FLOOR = 0.9


@pytest.mark.parametrize("path", [*HELD_OUT, *LATER], ids=lambda p: p.stem)
def test_extraction_categories_meet_the_floor_on_held_out_documents(path: Path) -> None:
    ex, gold, text = load(path)
    tally, detail = compare(ex, gold, text)
    low = {cat: (round(t.precision, 3), round(t.recall, 3)) for cat, t in tally.items()
           if min(t.precision, t.recall) < FLOOR}
    assert set(tally) == set(CATEGORIES)
    assert not low, f"{low}\n{detail}"


@pytest.mark.parametrize(("units", "expected"), [
    ("各县、区人民政府", ("各县、区人民政府",)),
    ("市发展改革委、各县、区人民政府,市质监局", ("市发展改革委", "各县、区人民政府", "市质监局")),
    ("各市、自治州人民政府、省科技厅", ("各市、自治州人民政府", "省科技厅")),
    ("各市、县(市、区)人民政府", ("各市、县(市、区)人民政府",)),
    ("市直各委、办、局", ("市直各委、办、局",)),
    ("梁子湖区、市农委", ("梁子湖区", "市农委")),
    # a collective complete in itself stays apart from the unit after it
    ("各县(市、区)、开发区管委会", ("各县(市、区)", "开发区管委会")),
    ("各县(市、区)、市直各部门", ("各县(市、区)", "市直各部门")),
    ("各县、区市场监管局", ("各县、区市场监管局",)),
    ("市、县(市、区)人民政府", ("市、县(市、区)人民政府",)),
])
def test_collectives_holding_a_comma_stay_one_unit(units: str, expected: tuple[str, ...]) -> None:
    assert split_agencies(units) == expected


def test_a_collective_support_unit_in_a_mark() -> None:
    (mark,) = find_marks("7.建设服务站点30个。(牵头单位:市市场监管局;配合单位:各县、区人民政府)")
    assert (mark.lead, mark.support) == (("市市场监管局",), ("各县、区人民政府",))


def _surfaces(text: str, city: str | None, province: str) -> list[str]:
    return [f.surface for f in find_mentions(text, context_for(city, province))]


def test_collectives_of_every_kind_of_jurisdiction() -> None:
    text = "各市州人民政府要制定方案。各县(市)人民政府、各县市政府、各盟市人民政府和各市(州)政府要落实。"
    got = _surfaces(text, None, "内蒙古自治区")
    assert got == ["各市州人民政府", "各县(市)人民政府", "各县市政府", "各盟市人民政府", "各市(州)政府"]
    ctx = context_for("某某州", "吉林省")
    assert all(resolve(s, ctx).collective for s in got)
    # one collective written with and without brackets is one node
    merged = collect([("各县(市)人民政府", None), ("各县市政府", None), ("各县(市)政府", None)], ctx)
    assert len(merged) == 1 and merged[0].collective


def test_a_name_before_a_comma_list_is_no_collective() -> None:
    assert _surfaces("责任单位:新洲区、市农委、市商务局", "武汉市", "湖北省") == ["市农委", "市商务局"]
    assert _surfaces("考核结果作为县(市、区)政府评先的依据", "温州市", "浙江省") == ["县(市、区)政府"]


def test_leagues_banners_and_autonomous_places() -> None:
    ctx = context_for("锡林郭勒盟", "内蒙古自治区")
    text = ("各旗县市(区)人民政府,盟行政公署各部门:盟行署将质量工作纳入考核,"
            "盟质量强盟工作领导小组办公室设在盟市场监管局。")
    got = [(f.surface, resolve(f.surface, ctx).full_name) for f in find_mentions(text, ctx)]
    assert got == [("各旗县市(区)人民政府", "锡林郭勒盟各旗县市(区)人民政府"),
                   ("盟行政公署各部门", "锡林郭勒盟行政公署各部门"), ("盟行署", "锡林郭勒盟行政公署"),
                   ("盟质量强盟工作领导小组办公室", "锡林郭勒盟质量强盟工作领导小组办公室"),
                   ("盟市场监管局", "锡林郭勒盟市场监督管理局")]
    # an autonomous prefecture is written by its place name alone: 延边州, 湘西州
    assert context_for("湘西土家族苗族自治州", "湖南省").short("湘西土家族苗族自治州") == "湘西"
    assert resolve("湘西州市场监管局", context_for("湘西土家族苗族自治州", "湖南省")).full_name == (
        "湘西土家族苗族自治州市场监督管理局")


def test_congress_and_cppcc_offices_and_pastoral_bureaus() -> None:
    got = _surfaces("抄送:省委各部门,省人大常委会办公厅,省政协办公厅,省法院。省农牧厅负责农产品质量。", None, "青海省")
    assert got == ["省委各部门", "省人大常委会办公厅", "省政协办公厅", "省法院", "省农牧厅"]
    ctx = context_for(None, "青海省")
    assert resolve("省人大常委会办公厅", ctx).type == "peoples-congress"
    assert resolve("省政协办公厅", ctx).type == "cppcc"
    assert resolve("省农牧厅", ctx).type == "agriculture"


@pytest.mark.parametrize(("text", "city", "surface", "full_name"), [
    ("省政府质量工作领导小组负责统筹协调。", None, "省政府质量工作领导小组", "青海省质量工作领导小组"),
    ("州质量强州工作领导小组负责统筹协调。", "某某州", "州质量强州工作领导小组", "某某州质量强州工作领导小组"),
    ("市人民政府质量强市工作领导小组办公室设在市市场监管局。", "某某市", "市人民政府质量强市工作领导小组办公室",
     "某某市质量强市工作领导小组办公室"),
])
def test_leading_groups_of_every_level_and_of_a_government(text: str, city: str | None, surface: str,
                                                           full_name: str) -> None:
    assert _surfaces(text, city, "青海省")[0] == surface
    assert resolve(surface, context_for(city, "青海省")).full_name == full_name


def test_merged_bureaus_are_read_whole() -> None:
    text = "(州文化广播电视和旅游局、州市场监管局牵头)区住房建设和交通运输局、县农业农村和水务局负责。"
    got = _surfaces(text, "某某州", "吉林省")
    assert got == ["州文化广播电视和旅游局", "州市场监管局", "区住房建设和交通运输局", "县农业农村和水务局"]
    ctx = context_for("某某州", "吉林省")
    assert resolve("州文化广播电视和旅游局", ctx).full_name == "某某州文化广播电视和旅游局"
    assert resolve("州文化广播电视和旅游局", ctx).type == "culture-tourism"
    # a name the lexicon lacks keeps its jurisdiction and takes the type of the bureau name it ends with
    unknown = resolve("县农业农村和水务局", context_for("某某市", "吉林省"))
    assert unknown.full_name.endswith("县农业农村和水务局") and unknown.type == resolve("县水务局", ctx).type
    # a merged name sharing only an ending with lexicon names takes their type where they agree
    assert resolve("县经济商务和信息化局", ctx).type == resolve("县经济和信息化局", ctx).type is not None
    # two bodies joined by 和 stay two
    assert _surfaces("市质监局和市工商局联合检查。", "某某市", "吉林省") == ["市质监局", "市工商局"]


def test_prizes_named_after_a_government_name_no_body() -> None:
    text = "对获得安徽省政府质量奖、成都市人民政府质量奖的组织给予奖励。市政府将质量工作纳入考核。"
    assert _surfaces(text, "某某市", "安徽省") == ["市政府"]


def test_duties_of_collectives_groups_and_governments_that_put_work_into_appraisals() -> None:
    ctx = context_for("某某州", "吉林省")
    assert [(a, d) for a, d, _ in parse_duties("各市州人民政府要结合实际制定具体实施方案", ctx)] == [
        ("各市州人民政府", "要结合实际制定具体实施方案")]
    assert [a for a, _, _ in parse_duties("州政府将质量工作纳入对各县(市)政府的绩效考核", ctx)] == ["州政府"]
    assert [a for a, _, _ in parse_duties("州质量强州工作领导小组负责统筹协调", ctx)] == ["州质量强州工作领导小组"]
    # 将 alone is no duty: "市政府将于明年" states a plan, not an assignment
    assert parse_duties("州政府将于2021年召开质量大会", ctx) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    # 争创 in another clause does not hedge a plain count
    ("争创鲁班奖和省优质工程奖,新增省级以上优质工程15项", [("新增省级以上优质工程", 15.0, "项", "Exactly")]),
    ("新增省级以上优质工程5项", [("新增省级以上优质工程", 5.0, "项", "Exactly")]),
    # within its own clause it does, as 力争 anywhere before does
    ("争创全国知名品牌创建示范区1个", [("争创全国知名品牌创建示范区", 1.0, "个", "AtLeast")]),
    ("力争到2025年,新增中国驰名商标5件", [("新增中国驰名商标", 5.0, "件", "AtLeast")]),
])
def test_a_plain_count_is_exact(sentence: str, expected: list[tuple[str, float, str, str]]) -> None:
    assert [(p.indicator, p.value, p.unit, p.comparator) for p in parse_sentence(sentence)] == expected


def test_every_sum_of_a_reward_list_is_a_reward() -> None:
    text = ("对首次获得中国质量奖、中国质量奖提名奖、省政府质量奖、市政府质量奖的组织,"
            "分别给予100万元、50万元、30万元、20万元奖励")
    assert find_values(text) == []
    assert [v.value for v in find_values("全市质量投入达到30万元以上,重点项目奖励另计")] == [30.0]


@pytest.mark.parametrize(("indicator", "domain"), [
    ("制造业产品质量合格率", "product"), ("食品安全评价性抽检合格率", "product"),
    ("建设工程竣工验收合格率", "engineering"), ("公共服务质量满意度", "service"),
    ("城市空气质量优良天数比例", "environment"), ("中国驰名商标", None), ("生态环境服务满意度", None)])
def test_an_indicator_names_its_quality_domain(indicator: str, domain: str | None) -> None:
    assert indicator_domain(indicator) == domain


def test_a_heading_naming_several_domains_names_none() -> None:
    assert domain_of(["提升工业产品和工程质量"]) is None
    assert domain_of(["提升产品、工程、服务质量", "二、主要任务"]) is None
    assert domain_of(["(二)提高工程质量"]) == "engineering"


def test_a_county_plans_township_collectives_are_the_countys() -> None:
    county = context_for("宜昌市", "湖北省", county="某某县")
    assert resolve("各乡镇人民政府", county).full_name == "某某县各乡镇人民政府"
    assert resolve("各乡镇人民政府", context_for("宜昌市", "湖北省")).jurisdiction == "宜昌市"


def test_goals_under_an_overall_aim_are_owned_by_the_domain_leads(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("某某市质量提升实施方案\n一、总体目标\n到2025年,制造业产品质量合格率达到94%以上,建设工程竣工验收合格率"
                    "保持100%,新增中国驰名商标5件。\n二、保障措施\n市市场监管局、市住房城乡建设局、市商务局分别牵头负责产品、"
                    "工程、服务质量提升工作。\n", encoding="utf-8")
    owners = {g.indicator: g.owners for g in extract_file(plan).goals if g.value is not None}
    assert owners == {"制造业产品质量合格率": ("市市场监管局",), "建设工程竣工验收合格率": ("市住房城乡建设局",),
                      "新增中国驰名商标": ()}


def test_shapes_hold_on_the_seeds_and_every_held_out_document() -> None:
    store = OxigraphStore()
    files = [*SEED_FILES, *sorted((HERE / "unseen").glob("*.txt")), *HELD_OUT, *LATER]
    assert all(r.ok for r in ingest_paths(store, files))
    report = validate_store(store)
    assert report.conforms, report.violations[:5]
    # sections carry their outline number under their own term: pk:number would make them tasks
    assert store.query(f"ASK {{ ?s a <{PK.Section}> ; <{PK.number}> ?n }}").boolean is False
    assert store.query(f"ASK {{ ?s a <{PK.Section}> ; <{PK.outlineNumber}> ?n }}").boolean is True
