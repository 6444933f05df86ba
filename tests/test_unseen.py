"""Extraction on documents of the genre that are not seeds, in layouts the seeds do not have.

tests/fixtures/unseen holds plans written for these tests with their expected facts (``NAME.gold.json``, in the
shape of ../shared/eval/GUIDE.md): a 2023 city plan implementing 质量强国建设纲要 with an indicator table laid out
one row per line and 牵头单位/配合单位 marks (绵阳), a county plan with inline targets, ranges, 个百分点 and
sub-items (临朐), a provincial plan numbered 一、(一)1.(1) with "A牵头,B等按职责分工负责" marks (江西); then, written
after the rules for those three were generalised and measured before any change for them: a 2012 city opinion with
a 专栏 box and a task table (赣州), a 2016 three-year action plan (柳州) and a 2022 规划 in 第X章/第X节 with a
|-separated 专栏 indicator table and an annexed 分工表 (宜宾), and a 2020 opinion with a 专栏 of “——label:” goals and
(一) items restarting under 二、 and 三、 (洛阳).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.ingest.extract.agencies import context_for, resolve
from policykg.ingest.extract.goals.sentence import parse_sentence
from policykg.ingest.extract.goals.table import table_goal
from policykg.ingest.extract.tasks import find_marks
from policykg.ingest.layout.row_tables import row_tables
from policykg.ingest.pipeline import extract_file
from policykg.ingest.records import Extraction
from policykg.scoring.goals import compare, load

from support import UNSEEN, UNSEEN_FILES

#: (precision, recall) floors per category, over each fixture.
FLOORS = {"goals": (0.9, 0.9), "goals.owner": (0.9, 0.9), "tasks": (0.9, 0.9), "tasks.lead": (0.9, 0.9),
          "tasks.support": (0.9, 0.9), "agencies": (0.9, 0.9), "duties": (0.75, 0.85), "goals.comparator": (0.9, 0.9)}


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    return {path.name: load(path)[0] for path in UNSEEN_FILES}


def test_there_are_fixtures_with_expected_facts() -> None:
    assert len(UNSEEN_FILES) >= 3
    assert all(path.with_suffix(".gold.json").exists() for path in UNSEEN_FILES)


@pytest.mark.parametrize("path", UNSEEN_FILES, ids=lambda p: p.stem)
def test_every_category_meets_its_floor(path: Path) -> None:
    ex, gold, text = load(path)
    tally, detail = compare(ex, gold, text)
    low = {cat: (round(t.precision, 3), round(t.recall, 3)) for cat, t in tally.items()
           if t.precision < FLOORS[cat][0] or t.recall < FLOORS[cat][1]}
    assert not low, f"{low}\n{detail}"


def goal(ex: Extraction, indicator: str, value: float) -> list[tuple[str, float | None, str | None, int | None]]:
    return [(g.unit or "", g.value_max, g.comparator, g.year) for g in ex.goals
            if g.indicator == indicator and g.value == value]


def test_a_table_laid_out_row_by_row_gives_its_targets_not_its_baselines(extracted: dict[str, Extraction]) -> None:
    ex = extracted["mianyang_2023_plan.txt"]
    # "2 制造业产品质量合格率 % 93.6 ≥94 预期性" under "序号 指标名称 单位 2022年基期值 2025年目标值 指标属性"
    assert ("%", None, "AtLeast", 2025) in goal(ex, "制造业产品质量合格率", 94)
    assert goal(ex, "PM2.5年均浓度", 30)[0][2:] == ("AtMost", 2025)
    assert ("万件", None, "Exactly", 2025) in goal(ex, "有效注册商标量", 11)
    assert ("", None, "Exactly", 2025) in goal(ex, "制造业质量竞争力指数", 86)
    baselines = {85.2, 93.6, 12.8, 98.2, 98.3, 99.1, 97.5, 80.6, 79.8, 8.6, 32.0}
    assert not [g for g in ex.goals if g.value in baselines]
    # the rows are no outline headings
    assert not [s for s in ex.sections if "合格率" in s.title]


def test_row_tables_split_on_spaces_bars_and_tabs_and_find_the_target_year() -> None:
    text = ("主要指标\n| 序号 | 指标 | 单位 | 2020年 | 2025年 |\n| 1 | 产品质量合格率 | % | 93 | 95以上 |\n产品质量\n"
            "2\t监督抽查合格率\t%\t92\t≥94\n其他内容。")
    (table,) = row_tables(text)
    assert table.year == 2025
    assert [(r.number, r.indicator.text, r.unit, r.value, r.label) for r in table.rows] == [
        (1, "产品质量合格率", "%", "95以上", None), (2, "监督抽查合格率", "%", "≥94", "产品质量")]
    assert [table_goal(r)[1:3] for r in table.rows] == [("AtLeast", 95.0), ("AtLeast", 94.0)]


def test_short_marks_with_duties_by_division(extracted: dict[str, Extraction]) -> None:
    text = ("1.提升消费品质量。(省工业和信息化厅、省市场监管局牵头,省商务厅等按职责分工负责)"
            "2.提升生产性服务业质量。(省发展改革委、省商务厅按职责分工负责)3.提升药品质量。(省药监局负责)")
    assert [(m.lead, m.support) for m in find_marks(text)] == [
        (("省工业和信息化厅", "省市场监管局"), ("省商务厅",)), (("省发展改革委", "省商务厅"), ()), (("省药监局",), ())]
    tasks = {t.number: t for t in extracted["jiangxi_2019_province.txt"].tasks}
    # items restart under every (一): numbers are qualified by it, sub-items too
    assert sorted(tasks) == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2.1", "3.2.2", "4.1", "4.2", "4.3"]
    assert tasks["3.2.2"].lead == ("省卫生健康委", "省民政厅") and tasks["3.2.2"].support == ("省医保局",)


def test_distributive_duties_with_other_verbs_assign_domain_owners(extracted: dict[str, Extraction]) -> None:
    # "省市场监管局、省住房城乡建设厅、省商务厅分别牵头推进产品、工程、服务质量提升工作"
    ex = extracted["jiangxi_2019_province.txt"]
    assert {(d.agency, d.domain) for d in ex.duties if d.domain} == {
        ("省市场监管局", "product"), ("省住房城乡建设厅", "engineering"), ("省商务厅", "service")}
    assert [g.owners for g in ex.goals if g.indicator == "生活性服务业顾客满意度"] == [("省商务厅",)]


def test_county_bodies_resolve_in_the_county(extracted: dict[str, Extraction]) -> None:
    ex = extracted["linqu_2021_county.txt"]
    names = {a.full_name for a in ex.agencies}
    assert {"临朐县市场监督管理局", "临朐县人民政府", "潍坊市生态环境局临朐分局"} <= names
    # bullets between 一、 and 二、 are leaves of 一、: they take its 到2023年
    assert goal(ex, "空气质量优良天数比例", 65) == [("%", None, "AtLeast", 2023)]
    assert [g.owners for g in ex.goals if g.indicator == "空气质量优良天数比例"] == [("潍坊市生态环境局临朐分局",)]
    assert goal(ex, "重污染天数比例下降", 1.5) == [("个百分点", None, "AtLeast", None)]
    assert ("项", 3.0, "Exactly", None) in goal(ex, "新增省级以上优质工程", 2)


def test_post_2018_and_provincial_names_resolve() -> None:
    ctx = context_for(None, "江西省")
    assert resolve("人行南昌中心支行", ctx).full_name == "中国人民银行南昌中心支行"
    assert resolve("省药监局", ctx).type == "drug-administration"
    assert resolve("省住房城乡建设厅", ctx).full_name == "江西省住房和城乡建设厅"
    assert resolve("各设区市人民政府", ctx).collective
    assert resolve("工业和信息化部", ctx).jurisdiction == "国家"
    assert resolve("国家税务总局南昌市税务局", context_for("南昌市", "江西省")).full_name == "国家税务总局南昌市税务局"


def test_fixture_quotes_are_verbatim() -> None:
    for path in UNSEEN_FILES:
        ex, gold, text = load(path)
        for g in ex.goals:
            assert text[g.evidence.start : g.evidence.end] == g.evidence.quote
        assert all(item["quote"] in text for item in gold["goals"])
    assert UNSEEN.is_dir()


def test_marks_on_their_own_lines_and_lead_units_over_responsible_ones() -> None:
    text = ("1.加强标准化建设。推进标准化工作。\n责任单位:市市场监管局、市发展改革委\n配合单位:市科技局\n"
            "完成时限:2024年底\n2.推进品牌建设。(牵头单位:市市场监管局;责任单位:市商务局、市农业农村局)")
    first, second = find_marks(text)
    assert (first.lead, first.support, first.deadline) == (("市市场监管局", "市发展改革委"), ("市科技局",), "2024年底")
    # beside 牵头单位, 责任单位 names the units sharing the work
    assert (second.lead, second.support) == (("市市场监管局",), ("市商务局", "市农业农村局"))


@pytest.mark.parametrize(("sentence", "expected"), [
    # a baseline "由…提高到…" is no target
    ("制造业产品质量合格率由2020年的93%提高到2025年的95%以上", [("制造业产品质量合格率", 95.0, "%", "AtLeast")]),
    ("监督抽查合格率≥95%", [("监督抽查合格率", 95.0, "%", "AtLeast")]),
    # indices have no unit
    ("制造业质量竞争力指数达到86", [("制造业质量竞争力指数", 86.0, None, "AtLeast")]),
    ("高新技术企业数量突破1000家", [("高新技术企业数量", 1000.0, "家", "MoreThan")]),
    ("单位工业增加值能耗下降至0.5吨标准煤", [("单位工业增加值能耗", 0.5, "吨标准煤", "AtMost")]),
    # a label, a colon and its figure, as in 专栏 lists
    ("——制造业产品质量合格率:≥94%", [("制造业产品质量合格率", 94.0, "%", "AtLeast")]),
    # a comparison clause continues the subject before it
    ("产品质量合格率达到94%,比2020年提高1个百分点",
     [("产品质量合格率", 94.0, "%", "AtLeast"), ("产品质量合格率比2020年提高", 1.0, "个百分点", "AtLeast")]),
    ("新增市场主体10万户", [("新增市场主体", 10.0, "万户", "Exactly")]),
    # a short subject takes what the one before it named
    ("新建国家级检验检测中心2个、省级5个",
     [("新建国家级检验检测中心", 2.0, "个", "Exactly"), ("省级检验检测中心", 5.0, "个", "Exactly")]),
    ("质量管理体系认证覆盖率达到80%以上,其中食品企业达到100%",
     [("质量管理体系认证覆盖率", 80.0, "%", "AtLeast"), ("食品企业质量管理体系认证覆盖率", 100.0, "%", "AtLeast")]),
])
def test_more_ways_of_stating_a_target(sentence: str, expected: list[tuple[str, float, str | None, str]]) -> None:
    assert [(p.indicator, p.value, p.unit, p.comparator) for p in parse_sentence(sentence)] == expected


def test_a_word_table_read_one_cell_per_line_keeps_baselines_apart(tmp_path: Path) -> None:
    # the 绵阳 table as a .docx reads: every cell on its own line
    source = (UNSEEN / "mianyang_2023_plan.txt").read_text(encoding="utf-8")
    a, b = source.index("序号\t"), source.index("\n\n二、")
    flat = tmp_path / "flat.txt"
    flat.write_text(source[:a] + "\n".join(source[a:b].replace("\t", "\n").splitlines()) + source[b:], encoding="utf-8")
    ex = extract_file(flat)
    rows = {(g.indicator, g.value, g.unit, g.comparator, g.year) for g in ex.goals if "\n" in g.evidence.quote}
    assert len(rows) == 13
    assert ("制造业产品质量合格率", 94.0, "%", "AtLeast", 2025) in rows
    assert ("PM2.5年均浓度", 30.0, "微克/立方米", "AtMost", 2025) in rows
    assert not [g for g in ex.goals if g.value in (93.6, 85.2, 12.8)]


def test_a_row_without_its_unit_cell_still_reads() -> None:
    text = "序号 指标 单位 2020年 2025年\n1 质量竞争力指数 84 86\n2 产品质量合格率 % 93 95\n"
    (table,) = row_tables(text)
    assert [(r.indicator.text, r.unit, r.value) for r in table.rows] == [
        ("质量竞争力指数", None, "86"), ("产品质量合格率", "%", "95")]


def test_achievements_are_no_targets(extracted: dict[str, Extraction]) -> None:
    ex = extracted["yibin_2022_plan.txt"]
    # "第一章 发展基础: “十三五”以来,…累计获得四川省天府质量奖2个" reports the past
    assert not [g for g in ex.goals if "天府质量奖" in g.indicator]
    assert ("亿元", None, "MoreThan", 2025) in goal(ex, "动力电池产业营业收入", 2000)
    # a |-separated 专栏 table whose header names years only: 2020年 is the baseline, 2025年 the target
    assert ("%", None, "AtLeast", 2025) in goal(ex, "制造业产品质量合格率", 94)
    assert not [g for g in ex.goals if g.value in (93.2, 98.1, 97.8, 78.5, 2100, 86)]
    assert {t.number: t.lead for t in ex.tasks}["3"] == ("市文化广电旅游局",)


@pytest.mark.parametrize(("surface", "full_name"), [
    ("各县、区人民政府", "柳州市各县、区人民政府"), ("各区县人民政府", "柳州市各区县人民政府"),
    ("各市、县(区)人民政府", "柳州市各市、县(区)人民政府"), ("市直各委、办、局", "柳州市直属各委、办、局")])
def test_collective_bodies(surface: str, full_name: str) -> None:
    resolved = resolve(surface, context_for("柳州市", "广西壮族自治区"))
    assert resolved.collective
    assert resolved.full_name == full_name


def test_yearly_target_columns_beside_a_baseline_each_give_a_goal() -> None:
    text = ("序号 指标名称 单位 2022年(基数) 2023年 2024年 2025年\n1 产品质量合格率 % 93 93.5 94 94.5\n"
            "2 品牌企业数量 家 10 — 12 15\n")
    (table,) = row_tables(text)
    assert [(r.indicator.text, r.value, r.year) for r in table.rows] == [
        ("产品质量合格率", "93.5", 2023), ("产品质量合格率", "94", 2024), ("产品质量合格率", "94.5", 2025),
        ("品牌企业数量", "12", 2024), ("品牌企业数量", "15", 2025)]


def test_headings_that_name_a_year_give_it_to_their_goals(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text("一、工作目标\n(一)2023年目标。制造业产品质量合格率达到93%以上。\n"
                    "(二)2025年目标。制造业产品质量合格率达到94%以上,新增省级以上品牌企业20家。\n", encoding="utf-8")
    ex = extract_file(plan)
    assert [(g.value, g.year) for g in ex.goals if g.value is not None] == [(93.0, 2023), (94.0, 2025), (20.0, 2025)]
