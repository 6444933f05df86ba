"""Who is responsible: the conventions of the genre for leads, supports and deadlines, each with invented text.

Prose marks (由A负责 / A会同B负责 / section sentences), the note that makes the first unit listed the lead, and
task-division tables whose 责任单位 cells write the roles out.
"""

from __future__ import annotations

import pytest

from policykg.ingest.extract.tasks import (
    cell_units,
    extract_tasks,
    find_marks,
    first_listed_leads,
    split_agencies,
)
from policykg.ingest.layout import lay_out
from policykg.ingest.records import Source

# (id, text after normalisation, lead, support, deadline)
PROSE = [
    ("此项工作由A负责",
     "(二)完善检测体系。建设计量测试平台。此项工作由市市场监管局负责。",
     ("市市场监管局",), (), None),
    ("由A、B负责",
     "(四)繁荣文旅服务。推进景区标准化。此项工作由市商务局、市文化和旅游局负责。",
     ("市商务局", "市文化和旅游局"), (), None),
    ("由A负责,B、C配合,deadline",
     "(三)提升工程品质。推行样板引路。此项工作由市住房城乡建设局负责,市交通运输局、市水利局配合,2024年6月底前完成。",
     ("市住房城乡建设局",), ("市交通运输局", "市水利局"), "2024年6月底前完成"),
    ("由A负责,collective with brackets配合,长期坚持",
     "(六)治理水环境。此项工作由市生态环境局负责,各县(市、区)人民政府配合,长期坚持。",
     ("市生态环境局",), ("各县(市、区)人民政府",), "长期坚持"),
    ("本节任务由A、B牵头,C、D等部门配合",
     "第二节 提升农产品质量\n推行绿色生产。\n"
     "本节任务由县农业农村局、县市场监管局牵头,县商务局、县卫生健康委等部门配合。",
     ("县农业农村局", "县市场监管局"), ("县商务局", "县卫生健康委"), None),
    ("(A负责,B、C参与)",
     "(一)培育产业集群。推动龙头企业对标(市工业和信息化局负责,市科技局、市生态环境局参与)。",
     ("市工业和信息化局",), ("市科技局", "市生态环境局"), None),
    ("(A会同B负责)",
     "5.提升物流服务。推广标准托盘(区发展改革局会同区商务局负责)。",
     ("区发展改革局",), ("区商务局",), None),
    ("(A会同B、C负责)",
     "6.提升养老服务。推进医养结合(区民政局会同区教育局、区卫生健康局负责)。",
     ("区民政局",), ("区教育局", "区卫生健康局"), None),
    ("A会同B、C负责 opening a sentence, trailing deadline",
     "(五)保护流域生态。市生态环境局会同市水务局、市林业局负责河道生态修复,严控污水直排,长期坚持。",
     ("市生态环境局",), ("市水务局", "市林业局"), "长期坚持"),
]


@pytest.mark.parametrize(("text", "lead", "support", "deadline"), [c[1:] for c in PROSE], ids=[c[0] for c in PROSE])
def test_prose_marks(text: str, lead: tuple[str, ...], support: tuple[str, ...], deadline: str | None) -> None:
    marks = find_marks(text)
    assert len(marks) == 1
    assert (marks[0].lead, marks[0].support, marks[0].deadline) == (lead, support, deadline)


@pytest.mark.parametrize("text", [
    "领导小组办公室设在市市场监管局,日常工作由市市场监管局负责组织协调。",   # 负责 does not close the sentence
    "由于基础薄弱,部分工作负责人配合不够。",
])
def test_no_task_mark(text: str) -> None:
    assert find_marks(text) == []


@pytest.mark.parametrize(("names", "expected"), [
    ("县商务局、县卫生健康委等部门", ("县商务局", "县卫生健康委")),
    ("市科技局、市财政局等有关单位", ("市科技局", "市财政局")),
    ("市直有关部门", ("市直有关部门",)),
])
def test_list_endings(names: str, expected: tuple[str, ...]) -> None:
    assert split_agencies(names) == expected


@pytest.mark.parametrize(("note", "stated"), [
    ("各项任务排在第一位的为牵头单位,其他为配合单位。", True),
    ("责任单位中列第一位的为牵头单位。", True),
    ("以下各项任务中,第一个为牵头单位。", True),
    ("排名首位的单位为牵头单位。", True),
    ("牵头单位要加强统筹。", False),
])
def test_first_listed_note(note: str, stated: bool) -> None:
    assert first_listed_leads(note) is stated


def _tasks(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str | None]]:
    doc = lay_out(Source(name="t.txt", text=text, format="txt", encoding="utf-8"))
    return [(t.number, t.lead, t.support, t.deadline) for t in extract_tasks(doc)]


def test_first_listed_convention_splits_each_list() -> None:
    text = ("某市质量提升方案\n二、重点任务\n各项任务中排在第一位的为牵头单位,其他为配合单位。\n"
            "(一)改造传统产业。推广精益管理。(责任单位:市经济和信息化局、市科技局、市市场监管局)\n"
            "(二)建设检测平台。(责任单位:市市场监管局)\n")
    assert _tasks(text) == [("1", ("市经济和信息化局",), ("市科技局", "市市场监管局"), None),
                            ("2", ("市市场监管局",), (), None)]


def test_without_the_note_a_list_is_all_leads() -> None:
    text = ("某市质量提升方案\n二、重点任务\n"
            "(一)改造传统产业。推广精益管理。(责任单位:市经济和信息化局、市科技局)\n")
    assert _tasks(text) == [("1", ("市经济和信息化局", "市科技局"), (), None)]


@pytest.mark.parametrize(("lead", "support", "expected"), [
    ("市工业和信息化局牵头,市科技局、市市场监管局参与", "", (("市工业和信息化局",), ("市科技局", "市市场监管局"))),
    ("市农业农村局、市林业局牵头,市商务局配合", "", (("市农业农村局", "市林业局"), ("市商务局",))),
    ("市教育局(牵头),市人力资源社会保障局", "", (("市教育局",), ("市人力资源社会保障局",))),
    ("市住房城乡建设局会同市水务局负责", "", (("市住房城乡建设局",), ("市水务局",))),
    ("市统计局", "市财政局、市税务局", (("市统计局",), ("市财政局", "市税务局"))),
])
def test_table_cells(lead: str, support: str, expected: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
    assert cell_units(lead, support) == expected


def test_tab_separated_task_table_with_roles_in_one_cell() -> None:
    text = ("附件\n任务分工\n序号\t主要任务\t责任单位\t时间安排\n"
            "1\t推动装备制造业对标达标\t省工业和信息化厅牵头,省科技厅参与\t2026年底前\n"
            "2\t建设区域计量测试中心\t省市场监管局牵头,各市州人民政府参与\t持续推进\n")
    assert _tasks(text) == [("1", ("省工业和信息化厅",), ("省科技厅",), "2026年底前"),
                            ("2", ("省市场监管局",), ("各市州人民政府",), "持续推进")]


def test_indicator_table_with_a_lead_column_gives_no_tasks() -> None:
    text = ("附件\n主要指标分解表\n序号  指标                2025年目标值  牵头单位      配合单位\n"
            "1     工业产品抽查合格率  ≥95%          市市场监管局  市工业和信息化局\n"
            "2     顾客满意度          ≥82分         市商务局      市文化和旅游局\n")
    assert _tasks(text) == []


def test_together_is_a_task_among_marked_tasks_and_a_duty_elsewhere() -> None:
    text = ("某县质量强县实施方案\n二、重点任务\n"
            "(一)做强特色产业。推进茶叶标准化种植(县农业农村局负责,县市场监管局参与)。\n"
            "(二)建设种植基地。县林业局会同县农业农村局负责建设有机茶园,长期坚持。\n"
            "三、保障措施\n"
            "(一)加强组织领导。县质量强县工作领导小组负责统筹推进。\n"
            "(二)夯实统计监测。县统计局会同县市场监管局负责建立质量统计制度。\n")
    assert _tasks(text) == [("1", ("县农业农村局",), ("县市场监管局",), None),
                            ("2", ("县林业局",), ("县农业农村局",), "长期坚持")]


def test_an_index_box_field_is_no_mark() -> None:
    text = ("索引号: | 000000-01/2024-001 | 发布日期: | 2024-01-05\n"
            "责任部门: | 市市场监管局 | 文号: | 某政办发〔2024〕1号\n"
            "某市质量强市行动方案\n")
    assert _tasks(text) == []


def test_first_listed_convention_in_a_task_table() -> None:
    text = ("附件\n任务分工表\n(责任单位中列第一位的为牵头单位)\n序号 | 重点任务 | 责任单位 | 完成时限\n"
            "1 | 开展小微企业质量帮扶 | 市市场监管局、市工业和信息化局 | 2025年底前\n"
            "2 | 建设标准化示范园区 | 市发展改革委 | 持续推进\n")
    assert _tasks(text) == [("1", ("市市场监管局",), ("市工业和信息化局",), "2025年底前"),
                            ("2", ("市发展改革委",), (), "持续推进")]


@pytest.mark.parametrize(("text", "lead", "support"), [
    ("开展质量提升(市工信局为牵头单位,市科技局、市财政局为配合单位)。", ("市工信局",), ("市科技局", "市财政局")),
    ("创建示范县(市市场监管局牵头,各县(市、区)人民政府落实)。", ("市市场监管局",), ("各县(市、区)人民政府",)),
])
def test_more_bracketed_roles(text: str, lead: tuple[str, ...], support: tuple[str, ...]) -> None:
    marks = find_marks(text)
    assert [(m.lead, m.support) for m in marks] == [(lead, support)]


def test_a_table_with_lead_and_responsible_columns() -> None:
    """牵头单位 | 责任单位 in one header: the 责任单位 column lists the cooperating units."""
    text = ("附件\n工作要点分工\n序号 | 工作事项 | 牵头单位 | 责任单位\n"
            "1 | 开展质量月活动 | 市市场监管局 | 市委宣传部、市教育局\n")
    assert _tasks(text) == [("1", ("市市场监管局",), ("市委宣传部", "市教育局"), None)]


def test_prose_marks_of_sibling_items_are_tasks_and_a_lone_one_is_a_duty() -> None:
    text = ("某市质量提升行动实施方案\n二、重点任务\n"
            "(一)提升产品质量。开展对标达标。此项工作由市工业和信息化局负责,市科技局配合。\n"
            "(二)提升服务质量。推进服务认证。此项工作由市商务局负责。\n"
            "三、保障措施\n"
            "(一)加强组织领导。领导小组办公室设在市市场监管局,具体工作由市市场监管局负责。\n"
            "(二)加强宣传引导。营造质量氛围。\n")
    assert _tasks(text) == [("1", ("市工业和信息化局",), ("市科技局",), None),
                            ("2", ("市商务局",), (), None)]


def test_a_task_table_with_a_column_of_measures() -> None:
    """序号 | 工作任务 | 具体措施 | 责任单位 | 完成时间: the second body column details the task."""
    text = ("附件\n重点工作任务分解表\n序号 | 工作任务 | 具体措施 | 责任单位 | 完成时间\n"
            "1 | 提升纺织服装质量 | 组织骨干企业开展质量比对,全年实施攻关项目12项"
            " | 市工业和信息化局(牵头),市科技局 | 2025年11月底前\n"
            "2 | 推进计量惠企 | 开展计量服务进园区活动 | 市市场监督管理局(牵头),各镇人民政府 | 2025年12月底前\n")
    assert _tasks(text) == [("1", ("市工业和信息化局",), ("市科技局",), "2025年11月底前"),
                            ("2", ("市市场监督管理局",), ("各镇人民政府",), "2025年12月底前")]


@pytest.mark.parametrize("word", ["参加单位", "参与单位", "协助单位", "配合部门"])
def test_words_for_the_supporting_units(word: str) -> None:
    text = f"(一)推动食品产业升级。推进食品企业标准化生产。\n牵头单位:省农业农村厅;{word}:省市场监管局、省商务厅\n"
    marks = find_marks(text)
    assert [(m.lead, m.support) for m in marks] == [(("省农业农村厅",), ("省市场监管局", "省商务厅"))]
