"""Tasks (responsibility marks, numbering, lead/support splitting) and the outline they hang on."""

from __future__ import annotations

import json

import pytest

from policykg.ingest.extract.tasks import extract_tasks, find_marks, parse_mark, split_agencies
from policykg.ingest.layout import lay_out
from policykg.ingest.layout.normalize import normalize
from policykg.ingest.layout.outline import cn_to_int, outline, sentences
from policykg.ingest.read import read_source
from policykg.ingest.records import Task

from support import GOLD, seed


@pytest.fixture(scope="module")
def erzhou_tasks() -> list[Task]:
    src = read_source(seed("003"))
    return extract_tasks(lay_out(src))


def test_split_on_dunhao_and_commas() -> None:
    # 003 task 44: "市质监局、市发改委、市招商局,各区人民政府、开发区管委会"
    assert split_agencies("市质监局、市发改委、市招商局,各区人民政府、开发区管委会") == (
        "市质监局", "市发改委", "市招商局", "各区人民政府", "开发区管委会")
    # (市、区) inside a name is not a separator
    assert split_agencies("市商务局、各县(市、区)人民政府") == ("市商务局", "各县(市、区)人民政府")


def test_a_mark_gives_lead_support_deadline_and_the_alias_it_defines() -> None:
    # 003 task 1, verbatim (normalised)
    text = ("(责任单位:市质量强市工作委员会〈以下简称市质强委〉办公室;配合单位:市质强委相关成员单位;"
            "完成时间:长期坚持)")
    mark = parse_mark(text, 0, len(text))
    assert mark.lead == ("市质量强市工作委员会办公室",)
    assert mark.support == ("市质强委相关成员单位",)
    assert mark.deadline == "长期坚持"
    assert mark.aliases == (("市质强委", "市质量强市工作委员会"),)


def test_short_marks_and_other_field_words() -> None:
    text = ("1.实施质量提升行动。(市市场监管局牵头,市商务局、各县(市、区)人民政府配合)\n"
            "2.加强标准化建设。(牵头单位:市市场监管局;协办单位:市发展改革委;完成时限:2022年底)")
    first, second = find_marks(text)
    assert (first.lead, first.support) == (("市市场监管局",), ("市商务局", "各县(市、区)人民政府"))
    assert (second.lead, second.support, second.deadline) == (("市市场监管局",), ("市发展改革委",), "2022年底")
    assert find_marks("(以上指标均为约束性指标)") == []          # a bracket that names no units is no mark


def test_erzhou_tasks_match_the_gold_file(erzhou_tasks: list[Task]) -> None:
    gold = json.loads((GOLD / "003_2335b28b753d4964.gold.json").read_text(encoding="utf-8"))["tasks"]
    assert [t.number for t in erzhou_tasks] == [t["number"] for t in gold]
    for task, expected in zip(erzhou_tasks, gold, strict=True):
        assert list(task.lead) == expected["lead"], task.number
        assert list(task.support) == expected["support"], task.number
        assert task.deadline == expected["deadline"], task.number
        assert task.text.startswith(expected["text_start"][:10]), task.number


def test_sub_items_are_numbered_under_their_item(erzhou_tasks: list[Task]) -> None:
    by_number = {t.number: t for t in erzhou_tasks}
    assert "29" not in by_number                               # the parent carries no mark of its own
    sub = by_number["29.1"]
    assert sub.text.startswith("创建全国有机产品认证示范区")
    assert sub.lead == ("梁子湖区", "市农委", "市质监局")
    assert sub.evidence.quote.startswith("创建全国有机产品认证示范区")
    assert sub.evidence.quote.endswith("完成时限:2019年4月底前取得阶段性成果)")


def test_items_restarting_in_every_section_get_their_section_number() -> None:
    text = ("二、重点任务\n(一)产品质量\n1.提升产品。(责任单位:市质监局)\n"
            "(二)工程质量\n1.提升工程。(责任单位:市住建局)\n")
    from policykg.ingest.records import Source

    src = Source(name="t.txt", text=text, format="txt", encoding="utf-8")
    tasks = extract_tasks(lay_out(src))
    assert [t.number for t in tasks] == ["1.1", "2.1"]


def test_outline_levels_and_dash_groups() -> None:
    src = read_source(seed("003"))
    sections = outline(normalize(src).text)
    by_title = {s.title: s for s in sections}
    assert by_title["发展目标"].level == 1 and by_title["发展目标"].number == "4"
    assert by_title["分类目标"].number == "4.2"
    assert by_title["产品质量目标"].number == "4.2.1"
    # "--组织保障" groups tasks 1-4 between (一) and 1.
    group = by_title["组织保障"]
    assert group.level == 5 and group.number == "5.1.1"
    task4 = next(s for s in sections if s.title == "开展质量强区活动")
    assert group.start < task4.start < group.end
    # the flattened table's "二、质量发展" cells are not headings
    assert "质量发展" not in by_title


def test_leaf_bullets_stay_inside_their_section() -> None:
    src = read_source(seed("000"))
    sections = outline(normalize(src).text)
    bullet = next(s for s in sections if s.title == "供给质量水平显著提升")
    assert bullet.number == "1.3.1"                            # under (三)主要目标


def test_boxed_columns_do_not_swallow_what_follows() -> None:
    sections = outline("一、目标\n专栏1 重点工程\n工程一\n二、措施\n")
    assert [(s.number, s.level) for s in sections] == [("1", 1), ("1.专栏1", 0), ("2", 1)]


def test_chinese_numerals_and_sentences() -> None:
    assert [cn_to_int(x) for x in ("十二", "二十", "二十三", "七", "十")] == [12, 20, 23, 7, 10]
    parts = sentences("甲。乙;丙\n丁")
    assert [p.text for p in parts] == ["甲", "乙", "丙", "丁"]


def test_tasks_laid_out_as_a_table() -> None:
    from policykg.ingest.extract.tasks import table_tasks
    from policykg.ingest.records import Source

    # one cell per line, as a .docx or web table arrives
    text = ("重点任务分工表\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n1\n开展质量提升行动\n市市场监管局\n"
            "市发展改革委、市工业和信息化局\n2022年底\n2\n实施品牌战略\n市商务局\n各县(市、区)人民政府\n长期坚持\n"
            "二、保障措施\n")
    src = Source(name="t.txt", text=text, format="txt", encoding="utf-8")
    tasks = table_tasks(lay_out(src))
    assert [(t.number, t.text, t.lead, t.support, t.deadline) for t in tasks] == [
        ("1", "开展质量提升行动", ("市市场监管局",), ("市发展改革委", "市工业和信息化局"), "2022年底"),
        ("2", "实施品牌战略", ("市商务局",), ("各县(市、区)人民政府",), "长期坚持")]
    # one row per line, fields separated by tabs
    text = "序号\t工作任务\t责任单位\t完成时间\n1\t建立首席质量官制度\t市经信委、市质监局\t2018年\n"
    src = Source(name="t.txt", text=text, format="txt", encoding="utf-8")
    (task,) = table_tasks(lay_out(src))
    assert (task.text, task.lead, task.deadline) == ("建立首席质量官制度", ("市经信委", "市质监局"), "2018年")
