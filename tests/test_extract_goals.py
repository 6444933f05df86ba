"""Goal extraction, pattern by pattern, on sentences quoted from the seed documents (and the tricky cases)."""

from __future__ import annotations

import pytest

from policykg.ingest.extract import extract
from policykg.ingest.extract.goals.qualitative import parse_qualitative
from policykg.ingest.extract.goals.sentence import distribute, parse_sentence
from policykg.ingest.extract.goals.table import table_goal
from policykg.ingest.extract.goals.targets import find_values
from policykg.ingest.layout import lay_out
from policykg.ingest.layout.flat_tables import table_rows, tables
from policykg.ingest.layout.normalize import normalize
from policykg.ingest.read import read_source
from policykg.ingest.records import Extraction

from support import seed


def one(sentence: str) -> tuple[str, float, float | None, str | None, str]:
    goals = parse_sentence(sentence)
    assert len(goals) == 1, goals
    g = goals[0]
    return g.indicator, g.value, g.value_max, g.unit, g.comparator


@pytest.fixture(scope="module")
def erzhou() -> Extraction:
    src = read_source(seed("003"))
    return extract(lay_out(src))


@pytest.mark.parametrize(("sentence", "expected"), [
    # 000 许昌: 稳定在 … 以上 → at least
    ("农产品质量安全监测合格率稳定在97%以上", ("农产品质量安全监测合格率", 97, None, "%", "AtLeast")),
    # 000: "在99%" without 以上 is an exact figure
    ("工程项目一次性验收合格率在99%", ("工程项目一次性验收合格率", 99, None, "%", "Exactly")),
    # 001 温州: 超过 → more than; 大于 → more than; 小于 → less than
    ("电信、邮政、供水、供电、贸易、保险、金融等行业的用户满意率超过90%",
     ("电信、邮政、供水、供电、贸易、保险、金融等行业的用户满意率", 90, None, "%", "MoreThan")),
    ("瓯江、飞云江、鳌江三大水系水质达到或优于Ⅲ类标准的比例大于85%",
     ("瓯江、飞云江、鳌江三大水系水质达到或优于Ⅲ类标准的比例", 85, None, "%", "MoreThan")),
    ("交通干线噪声小于70分贝", ("交通干线噪声", 70, None, "分贝", "LessThan")),
    # 003 鄂州: a rate of decrease keeps its verb in the indicator
    ("单位国内生产总值(GDP)能耗年均下降4%", ("单位国内生产总值(GDP)能耗年均下降", 4, None, "%", "AtLeast")),
    # 003: counts, the noun after the figure is what is counted
    ("建成1个以上全国中小学质量教育社会实践基地", ("全国中小学质量教育社会实践基地", 1, None, "个", "AtLeast")),
    ("培育50家创新型企业", ("创新型企业", 50, None, "家", "Exactly")),
    # 003: a range with a hyphen, under 争创 (at least)
    ("争创湖北省长江质量奖或提名奖企业1-2家", ("争创湖北省长江质量奖或提名奖企业", 1, 2, "家", "AtLeast")),
    # 003: ranking, 居…前10位 → at most
    ("进口商品法检检出率居全国城市前10位", ("进口商品法检检出率全国城市排名", 10, None, "位", "AtMost")),
    # 003: spaces between figure and unit
    ("建成区绿化覆盖率达到 40 %以上", ("建成区绿化覆盖率", 40, None, "%", "AtLeast")),
    # 003: the share of a group that does something
    ("市级科技计划项目80%以上由企业牵头组织实施", ("市级科技计划项目由企业牵头组织实施", 80, None, "%", "AtLeast")),
    # 001: X%的Y — a share
    ("25%的行政村成为市级生态村", ("行政村成为市级生态村比例", 25, None, "%", "Exactly")),
    # 003: a bare measure takes its topic from the clause before it
    ("在金融、物流、快递、电信、售后服务等生产性服务业行业开展顾客满意度调查活动,满意率达到80%以上",
     ("生产性服务业行业满意率", 80, None, "%", "AtLeast")),
    # generic comparators: 控制在 … 以下, 不超过
    ("PM2.5平均浓度控制在35微克/立方米以下", ("PM2.5平均浓度", 35, None, "微克/立方米", "AtMost")),
    ("万元GDP能耗不超过0.5吨标准煤", ("万元GDP能耗", 0.5, None, "吨标准煤", "AtMost")),
])
def test_sentence_patterns(sentence: str, expected: tuple[str, float, float | None, str, str]) -> None:
    assert one(sentence) == expected


def test_range_with_zhi_and_three_targets_in_one_sentence() -> None:
    # 000: "创建2至3个质量强县示范县、10至15个特色小镇和3至5个知名品牌示范区"
    goals = parse_sentence("创建2至3个质量强县示范县、10至15个特色小镇和3至5个知名品牌示范区")
    assert [(g.indicator, g.value, g.value_max) for g in goals] == [
        ("质量强县示范县", 2, 3), ("特色小镇", 10, 15), ("知名品牌示范区", 3, 5)]


def test_two_targets_per_sentence_each_with_its_own_verb() -> None:
    # 000: "参与制修订国际标准达到40项、国家标准和行业标准达到300项、地方标准达到50项"
    goals = parse_sentence("参与制修订国际标准达到40项、国家标准和行业标准达到300项、地方标准达到50项")
    assert [(g.indicator, g.value, g.unit) for g in goals] == [
        ("参与制修订国际标准", 40, "项"), ("国家标准和行业标准", 300, "项"), ("地方标准", 50, "项")]


def test_distributive_values_pair_in_order_and_share_the_head() -> None:
    # 001: 分别达到93%、95%和96%以上 — three indicators built from one subject
    goals = parse_sentence("本地生产的食品、药品和农产品监督抽查合格率分别达到93%、95%和96%以上")
    assert [(g.indicator, g.value, g.comparator) for g in goals] == [
        ("本地生产的食品监督抽查合格率", 93, "AtLeast"), ("本地生产的药品监督抽查合格率", 95, "AtLeast"),
        ("本地生产的农产品监督抽查合格率", 96, "AtLeast")]


def test_one_value_for_every_listed_indicator_with_jun() -> None:
    # 002 (simplified): 均达到100%
    goals = parse_sentence("特种设备使用登记率、定期检验率、职业人员持证上岗率、隐患治理率均达到100%")
    assert [g.indicator for g in goals] == ["特种设备使用登记率", "定期检验率", "职业人员持证上岗率", "隐患治理率"]
    assert {g.value for g in goals} == {100}


def test_an_open_list_closed_by_deng_is_one_indicator() -> None:
    # 003: "公路、航道、港口等…质量合格率均达到100%"
    goals = parse_sentence("公路、航道、港口等交通建设和养护改善工程项目质量合格率均达到100%")
    assert len(goals) == 1 and goals[0].indicator.startswith("公路、航道、港口等")


def test_distribute_uses_word_boundaries_not_characters() -> None:
    assert distribute("种养、加工、流通、餐饮食品抽查合格率", 4) == [
        "种养食品抽查合格率", "加工食品抽查合格率", "流通食品抽查合格率", "餐饮食品抽查合格率"]
    # 涉及 is one word: its 及 does not split the list
    assert distribute("涉及健康安全的生产许可、强制认证产品监督抽查批次合格率", 2) == [
        "涉及健康安全的生产许可产品监督抽查批次合格率", "涉及健康安全的强制认证产品监督抽查批次合格率"]


@pytest.mark.parametrize("text", [
    "12月10日,市委、市政府印发了方案",                     # dates
    "依据国家质检总局文件(国质检质〔2012〕179号)",          # 文号
    "发挥12365、12315、12331等服务平台作用",                # hotlines, no unit
    "全面落实“1242”服务业发展计划,打造“8分钟购物圈”",      # names in short quotes
    "年产值50亿元以上的块状产业基本建立和实施联盟标准",     # a scope, not a target
    "对首次荣获中国质量奖的单位给予200万元奖励",            # a reward (an incentive, not a goal)
    "培育壮大新一代信息技术、节能环保等7大战略性新兴产业",  # 7大: a count of named items
    "实施食品、3C及生产许可目录产品分级分类监管",           # 3C
    "1/3的县(市、区)达到国家生态县创建标准",                # a fraction
])
def test_figures_that_are_not_targets(text: str) -> None:
    assert parse_sentence(text) == []


def test_figure_inside_a_long_quotation_still_counts() -> None:
    # 002 (simplified): the target sits inside a quoted total aim
    goals = parse_sentence("围绕“到20xx年,力争创建20个质量强县示范县”的总目标")
    assert [(g.indicator, g.value, g.comparator) for g in goals] == [("质量强县示范县", 20, "AtLeast")]
    assert find_values("PM2.5浓度") == []


def test_qualitative_targets() -> None:
    found = parse_qualitative("产品质量、工程质量、服务质量、生态质量和政府工作质量总体水平居全国同类城市前列")
    assert found[0][:2] == ("产品质量、工程质量、服务质量、生态质量和政府工作质量总体水平", "全国同类城市前列")
    assert parse_qualitative("顾客满意度不断提高")[0][:2] == ("顾客满意度", "不断提高")
    assert parse_qualitative("加强生态文明建设") == []


def test_flattened_table_rows_of_the_erzhou_seed() -> None:
    src = read_source(seed("003"))
    text = normalize(src).text
    (table,) = tables(text)
    rows = table_rows(table)
    assert len(rows) == 62                      # 60 numbered rows, rows 1 and 21 hold two indicators
    first, second = rows[0], rows[1]
    assert (first.number, first.indicator.text, first.unit) == (1, "生产企业产品质量监督合格率*", "%")
    assert first.value == "94"
    assert (second.number, second.indicator.text, second.value) == (1, "产品质量国家监督抽查合格率*", "90")
    by_indicator = {table_goal(r)[0]: (r, table_goal(r)) for r in rows}
    row, goal = by_indicator["3年城市绿色建筑占新建建筑面积比重"]
    assert goal[3] == "不断提高" and goal[2] is None    # "不断" "提高" on two lines, a qualitative target
    row, goal = by_indicator["市区PM2.5"]
    assert (row.unit, goal[1], goal[2]) == ("Ug/m3", "AtMost", 51)
    row, goal = by_indicator["建立企业质量信用档案,建档率"]
    assert goal[1] == "MoreThan"                          # the row's own wording: 大于
    assert by_indicator["城市优良以上空气质量达标率"][0].label == "生态质量"


def test_task_goals_take_the_deadline_year_and_the_lead_as_owner(erzhou: Extraction) -> None:
    goal = next(g for g in erzhou.goals if g.indicator == "地产农产品抽检合格率")
    assert (goal.value, goal.year, goal.task, goal.owners) == (95, 2019, "53", ("市农委",))
    every_year = next(g for g in erzhou.goals if g.indicator == "年度强制性产品认证获证产品监督抽查批次合格率"
                      and g.task == "51.3")
    assert every_year.year is None                        # 完成时限: 每年 names no year
    # a table row restated in a task is owned by that task's lead
    row = next(g for g in erzhou.goals if g.indicator == "城镇生活污水集中处理率" and g.task is None)
    assert row.owners == ("市城建委",)


def test_year_from_the_enclosing_section_and_from_shiwu_plans() -> None:
    src = read_source(seed("000"))
    ex = extract(lay_out(src))
    bullets = [g for g in ex.goals if g.indicator == "服务业满意度"]
    assert bullets and bullets[0].year == 2020            # "(三)主要目标。到2020年," scopes the —— bullets below
    yearly = next(g for g in ex.goals if "许昌品牌" in g.indicator)
    assert yearly.year is None                             # 品牌培育工程 states no year
    src = read_source(seed("001"))
    ex = extract(lay_out(src))
    projects = next(g for g in ex.goals if g.value == 100 and "重点项目" in g.indicator)
    assert projects.year == 2015                           # “十二五”期间


def test_traditional_script_with_pinyin_glosses_is_read_in_simplified_and_quoted_verbatim() -> None:
    src = read_source(seed("002"))
    ex = extract(lay_out(src))
    goal = next(g for g in ex.goals if g.indicator == "生产环节产品质量监督抽查批次合格率")
    assert (goal.value, goal.comparator) == (93.5, "AtLeast")
    assert goal.evidence.quote == "生產環(huán)節(jié)產品質量監(jiān)督抽查批次合格率穩(wěn)定在93.5%以上"
    assert src.text[goal.evidence.start : goal.evidence.end] == goal.evidence.quote
    foods = [g.indicator for g in ex.goals if g.indicator.endswith("食品抽查合格率")]
    assert foods == ["种养食品抽查合格率", "加工食品抽查合格率", "流通食品抽查合格率", "餐饮食品抽查合格率"]


def test_domain_duty_owns_the_goals_of_its_domain() -> None:
    src = read_source(seed("001"))
    ex = extract(lay_out(src))
    by_label = {g.indicator: g for g in ex.goals}
    assert by_label["省级监督抽查批次合格率"].owners == ("市质监局",)          # 1.提升产品质量
    assert by_label["竣工交付使用的工程质量交验合格率"].owners == ("市住建委",)  # 2.提高工程质量
    assert by_label["交通干线噪声"].owners == ("市环保局",)                    # 4.改善环境质量


def test_explain_groups_what_one_file_yields_with_quotes() -> None:
    from policykg.ingest.explain import explain_text

    report = explain_text(seed("001"))
    for heading in ("## Outline", "## Goals (", "## Qualitative goals", "## Tasks (0)", "## Duties", "## Agencies"):
        assert heading in report
    assert "交通干线噪声 < 70分贝" in report
    assert "「交通干线噪声小于70分贝」" in report
    assert "温州市质量技术监督局  (quality-supervision)  as: 质监局、市质监局" in report
