"""Tasks: numbered measures that carry 责任单位 / 牵头单位 / 配合单位 / 完成时限 marks.

A mark is a bracketed block after the measure, ``(责任单位:A、B;配合单位:C;完成时限:2019年4月底)``, the
shorter ``(A牵头,B、C配合)`` / ``(A牵头,B等按职责分工负责)`` / ``(A、B按职责分工负责)``, or the same fields without
brackets on lines of their own (``责任单位:A`` ``配合单位:B``). The task is the innermost numbered item holding the
mark; its number is the item's own number in Arabic digits, with sub-items joined by "." (29.(1) → 29.1,
(十二) → 12); where items restart in every section, numbers are qualified by the sections above them (2.1, 3.2.1).
Tables whose header names the lead unit (序号 重点任务 牵头单位 配合单位 完成时限) give tasks row by row; a
责任单位 cell may write the roles out ("A牵头,B、C参与"); a table with an indicator column (指标, 目标值) gives none.

In prose: "由A牵头,B、C配合" (also a section's closing "本节任务由A牵头,B等部门配合", the task then being the
section), and, where other items of the same section carry marks too, "此项工作由A负责[,B配合][,deadline]。" and
"A会同B负责…" (A leads, B supports). A plan's note "各项任务排在第一位的为牵头单位" makes the first unit of every
undivided 责任单位 list the lead and the rest support. "等部门" / "等单位" ending a list name no unit.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from ..layout import Document
from ..link.vocabulary import Vocabulary, packaged
from ..records import Section, Task
from ..words import alternation, used

LEAD_WORDS = ("主要责任单位|牵头责任单位|责任单位|牵头单位|责任部门|牵头部门|主责单位|主责部门|负责单位|承办单位"
              "|主办单位")
#: Lead words that outrank 责任单位: under "牵头单位:A;责任单位:B", B are the units that share the work (support).
HEAD_WORDS = "牵头单位|牵头部门|牵头责任单位|主办单位"
SUPPORT_WORDS = "配合单位|配合部门|协办单位|参与单位|参与部门|参加单位|参加部门|协助单位|协助部门|协同单位|协作单位"
DEADLINE_WORDS = "完成时限|完成时间|完成期限|时间节点|时限要求|时间安排|进度安排|时间进度|时限"
OPEN, CLOSE = "(〔【〈", ")〕】〉"
#: A bracketed block that names the lead unit(s).
#: Content of a bracketed block: anything but its closing bracket; (市、区) and 〈以下简称…〉 may nest once.
_INNER = rf"(?:[^{CLOSE}{OPEN}]|\([^()]*\)|〈[^〉]*〉)"
MARK = re.compile(rf"[{OPEN}]\s*(?:{LEAD_WORDS})\s*:{_INNER}*[{CLOSE[:3]}]")
#: Words that close the list of units responsible for a task: 按职责分工负责, 分别负责, 负责.
BY_DUTY = r"(?:按照?|依)?职[责能](?:分工)?负责|分别负责|共同负责|负责"
#: The short form "(市质监局牵头,市发改委、市经信委配合)", "(省市场监管局牵头,省发展改革委等按职责分工负责)",
#: "(省发展改革委、省商务厅按职责分工负责)", "(市质监局负责)": the units before 牵头 lead; those after it support.
#: A deadline may trail the units inside the brackets: "(A牵头,B等按职责分工负责,2025年底前完成)".
DEADLINE_TAIL = r"(?:[,;](?P<deadline>(?:\d{4}年|每年|长期|持续|年底|[上下]半年)[^,;()。\n]{0,30}))?"
#: "(A为牵头单位,B、C为配合单位)" and "(A牵头,各县(市、区)人民政府落实)" are the same two roles.
SHORT_MARK = re.compile(rf"[{OPEN}]由?(?P<lead>(?:(?!:){_INNER}){{2,80}}?)"
                        rf"(?:为牵头(?:单位|部门)|牵头负责|牵头|{BY_DUTY})"
                        rf"(?:[,;、]?(?P<support>(?:(?!:){_INNER}){{2,120}}?)"
                        rf"(?:为(?:配合|参与|责任)(?:单位|部门)|配合|参与|协助|协同|指导|落实|{BY_DUTY}))?"
                        rf"{DEADLINE_TAIL}[{CLOSE}]")
#: The same in running prose, without brackets, closing the task's sentence: "…,由A牵头,B、C配合,2024年底前完成。"
PROSE_MARK = re.compile(r"由(?P<lead>[^,;。()\n]{2,60}?)牵头(?:负责)?,(?P<support>[^。;()\n]{2,160}?)"
                        rf"(?:配合|参与|协助|协同){DEADLINE_TAIL}"
                        r"(?:,[^。;\n]{0,40})?(?=[。;\n]|$)")
#: "此项工作由A负责,B、C配合,2022年底前完成。" / "由A、B负责。": 由 units 负责 closing the task's sentence; units after
#: it (配合/参与) support. The mark must end the sentence, so "日常工作由A负责组织协调" assigns no task.
PROSE_DUTY_MARK = re.compile(r"由(?P<lead>(?:[^,;。()\n由]|\([^()\n]*\)){2,60}?)负责"
                             r"(?:,(?P<support>(?:[^。;()\n]|\([^()\n]*\)){2,160}?)"
                             rf"(?:配合|参与|协助|协同))?{DEADLINE_TAIL}"
                             r"(?:,[^。;\n]{0,40})?(?=[。;\n]|$)")
#: "A会同B、C负责推进…" opening a sentence of a numbered item: A leads, B and C support; the mark runs to the
#: sentence's end, so a target the sentence states belongs to the task.
TOGETHER_MARK = re.compile(r"(?:^|(?<=[。;\n]))"
                           r"(?:[\d一二三四五六七八九十]{1,3}[.、]|\([\d一二三四五六七八九十]{1,3}\))?"
                           r"(?P<lead>[^,;。()\n:]{2,40}?)会同(?P<support>[^,;。()\n:]{2,80}?)"
                           r"(?:共同|按职责)?(?:牵头)?负责[^。;\n]*?"
                           r"(?:,(?P<deadline>(?:\d{4}年|每年|长期|持续|年底|[上下]半年)[^,;()。\n]{0,30}))?"
                           r"(?:[。;]|$)", re.M)
#: A list's ending that names no unit: "县卫生健康委等部门" → "县卫生健康委".
LIST_END = re.compile(r"等(?:有关|相关|其他)?(?:部门|单位)$")
#: "A(牵头)" inside a list of units: A leads, the others support.
LEAD_TAG = re.compile(r"\((?:牵头|牵头单位|主责)\)$")
FIELD = re.compile(rf"(?P<key>{LEAD_WORDS}|{SUPPORT_WORDS}|{DEADLINE_WORDS})\s*:")
#: A mark without brackets: "责任单位:市市场监管局" on its own line (or after the task's last 。), with
#: 配合单位 / 完成时限 on the same or the following lines.
LINE_MARK = re.compile(rf"(?:^|(?<=[。;]))[ \t]*(?:{LEAD_WORDS})\s*:[^\n]*"
                       rf"(?:\n[ \t]*(?:{SUPPORT_WORDS}|{DEADLINE_WORDS})\s*:[^\n]*)*", re.M)
ASIDE = re.compile(r"[〈(]以下简称[“\"]?(?P<alias>[^〉)”\"]+)[”\"]?[〉)]")
SPLIT = re.compile(r"[、,;，；](?![^()]*\))")
AGENCY_END = re.compile(rf"(?:{alternation(used('agency-suffixes', 'unit'))})$")


@dataclass(frozen=True)
class Mark:
    """One responsibility mark, parsed."""

    start: int
    end: int
    lead: tuple[str, ...]
    support: tuple[str, ...]
    deadline: str | None
    aliases: tuple[tuple[str, str], ...]      # (alias, full name) defined inside the mark
    listed: bool = False                      # one 责任单位 list that does not say who leads
    weak: bool = False                        # a mark in prose that names a task only among other marked tasks

    def first_leads(self) -> Mark:
        """Under the convention "各项任务排在第一位的为牵头单位": the first unit of a 责任单位 list leads, the
        others support."""
        if not self.listed or len(self.lead) < 2:
            return self
        return replace(self, lead=self.lead[:1], support=self.lead[1:] + self.support, listed=False)


#: A plan's note that the first unit named for each task leads: "各项任务排在第一位的为牵头单位", "列第一位的为牵头
#: 单位", "第一个为牵头单位", "排名首位的单位为牵头单位".
FIRST_LISTED = re.compile(r"(?:排在|排名|列在|列|位列|居)?(?:第一|首)(?:位|个|家)?的?(?:单位|部门)?"
                          r"(?:为|是)牵头(?:单位|部门)")


def first_listed_leads(text: str) -> bool:
    """Whether the text states once that the first unit of each list of responsible units is the lead."""
    return FIRST_LISTED.search(text) is not None


#: A piece that names jurisdictions only, opening a collective whose body follows the next 、: "各县" of
#: "各县、区人民政府", "各市" of "各市、自治州人民政府" / "各市、县(市、区)人民政府", "各市(州)" of "各市(州)、县(市)…".
_UNIT = rf"(?:(?:{alternation(used('jurisdiction-units', 'mark'), longest_first=False)})(?:\([市县区州旗、]+\))?)"
COLLECTIVE_HEAD = re.compile(rf"各?{_UNIT}+")
#: ... and the piece after it: more jurisdictions, then their body ("区人民政府", "区市场监管局"), not a unit of its
#: own ("开发区管委会", "市直各部门").
UNIT_RUN = re.compile(rf"{_UNIT}+(?:、{_UNIT}+)*")
LOCAL_BODY = re.compile(r"(?:人民)?政府|党委|党委和政府|管委会")
#: Bodies listed by kind after a collective: "市直各委、办、局".
KIND_TAIL = re.compile(r"[委办局厅室]")


def split_agencies(names: str, vocab: Vocabulary | None = None) -> tuple[str, ...]:
    """Split a list of units on 、 , ， ; ； ("各区人民政府、开发区管委会,市质监局" → three units).

    Collective names that hold a 、 stay whole: "各县、区人民政府", "市直各委、办、局".
    """
    lexicon = (vocab or packaged()).lexicon
    names = ASIDE.sub("", names)
    out: list[str] = []
    joined = False
    for piece, mark in zip(SPLIT.split(names), [*SPLIT.findall(names), ""], strict=True):
        piece = LIST_END.sub("", piece.strip()).strip(" \t\n。.等")
        if piece and out and joined and (KIND_TAIL.fullmatch(piece) or (COLLECTIVE_HEAD.fullmatch(out[-1])
                                                                          and _continues(piece, lexicon))):
            out[-1] = f"{out[-1]}、{piece}"
        elif piece:
            out.append(piece)
        joined = mark == "、"
    return tuple(out)


def _continues(piece: str, lexicon: Collection[str]) -> bool:
    """Whether ``piece`` ends a collective whose jurisdictions began before a 、: "区人民政府" after "各县"."""
    for cut in range(1, len(piece)):
        body = piece[cut:]
        if UNIT_RUN.fullmatch(piece[:cut]) and not body.startswith(("直", "各", "属")) and (
                LOCAL_BODY.fullmatch(body) or body in lexicon):
            return True
    return False


def _aliases(block: str) -> tuple[tuple[str, str], ...]:
    """"市质量强市工作委员会〈以下简称市质强委〉办公室" defines 市质强委 = 市质量强市工作委员会."""
    out = []
    for m in ASIDE.finditer(block):
        head = re.split(r"[、,;:，；]", block[: m.start()])[-1].strip()
        if head:
            out.append((m.group("alias").strip(), head))
    return tuple(out)


def parse_mark(text: str, start: int, end: int, bracketed: bool = True, vocab: Vocabulary | None = None) -> Mark:
    """Parse the block ``text[start:end]`` (brackets included, unless not ``bracketed``) into lead, support and
    deadline."""
    block = text[start + 1 : end - 1] if bracketed else text[start:end]
    fields: dict[str, str] = {}
    matches = list(FIELD.finditer(block))
    headed = any(re.fullmatch(HEAD_WORDS, m.group("key")) for m in matches)
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = block[m.end() : nxt.start() if nxt else len(block)].strip(" ;；,，。\n")
        key = m.group("key")
        kind = ("support" if re.fullmatch(SUPPORT_WORDS, key) or (headed and not re.fullmatch(HEAD_WORDS, key)
                                                                   and re.fullmatch(LEAD_WORDS, key))
                else "lead" if re.fullmatch(LEAD_WORDS, key) else "deadline")
        fields[kind] = f"{fields[kind]}、{value}" if kind in fields and kind != "deadline" else value
    lead, support = split_agencies(fields.get("lead", ""), vocab), split_agencies(fields.get("support", ""), vocab)
    listed = bool(lead) and not support and not headed and not any(LEAD_TAG.search(n) for n in lead)
    lead, support = tagged_lead(lead, support)
    return Mark(start, end, lead, support, fields.get("deadline") or None, _aliases(block), listed)


def tagged_lead(lead: tuple[str, ...], support: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """"责任单位:A(牵头),B、C": the units tagged (牵头) lead and the others in the list support; the tag is no part
    of a name. A list without the tag is returned as it is."""
    if not any(LEAD_TAG.search(n) for n in lead):
        return lead, support
    tagged = tuple(LEAD_TAG.sub("", n) for n in lead if LEAD_TAG.search(n))
    return tagged, tuple(n for n in lead if not LEAD_TAG.search(n)) + support


def _short_mark(m: re.Match[str], vocab: Vocabulary | None) -> Mark | None:
    lead = split_agencies(m.group("lead"), vocab)
    support = split_agencies(m.group("support") or "", vocab)
    if "会同" in m.group("lead"):       # "(A会同B、C负责)": A leads, B and C support
        first, _, rest = m.group("lead").partition("会同")
        lead, support = split_agencies(first, vocab), split_agencies(rest, vocab) + support
    deadline = m.groupdict().get("deadline")
    if not lead or not all(AGENCY_END.search(n) and len(n) <= 20 for n in (*lead, *support)):
        return None
    return Mark(m.start(), m.end(), lead, support, deadline, ())


def find_marks(text: str, vocab: Vocabulary | None = None) -> list[Mark]:
    marks = {m.start(): parse_mark(text, m.start(), m.end(), vocab=vocab) for m in MARK.finditer(text)}
    for m in LINE_MARK.finditer(text):
        at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if "|" in m.group(0):          # a cell of a table row or of a web index box (责任部门: | 市X局 | 发布日期:)
            continue
        if not any(k <= at < v.end for k, v in marks.items()):
            marks[at] = parse_mark(text, at, m.end(), bracketed=False, vocab=vocab)
    for m in SHORT_MARK.finditer(text):
        if not any(k <= m.start() < v.end for k, v in marks.items()):
            short = _short_mark(m, vocab)
            if short:
                marks[m.start()] = short
    for pattern in (PROSE_MARK, PROSE_DUTY_MARK, TOGETHER_MARK):
        for m in pattern.finditer(text):
            if not any(k <= m.start() < v.end or m.start() <= k < m.end() for k, v in marks.items()):
                short = _short_mark(m, vocab)
                if short:
                    marks[m.start()] = replace(short, weak=pattern is not PROSE_MARK)
    return [marks[k] for k in sorted(marks)]


def parse_responsibility(text: str, vocab: Vocabulary | None = None) -> Mark | None:
    """The one responsibility parser, for a phrase in prose or a table cell: the first mark ``text`` holds
    (责任单位:A(牵头),B、C / (牵头单位:A;配合单位:B) / 由A牵头,B、C配合 / (A负责) / (A牵头,B等按职责分工负责), a
    trailing deadline kept apart), or None."""
    marks = find_marks(text, vocab)
    return marks[0] if marks else None


NUMBERED_LEVELS = (1, 2, 3, 4)


def _item(sections: list[Section], at: int) -> list[Section]:
    """The numbered sections holding offset ``at``, outermost first."""
    return sorted((s for s in sections if s.start <= at < s.end and s.level in NUMBERED_LEVELS),
                  key=lambda s: (s.start, -s.end))


def _own(section: Section) -> str:
    return section.number.rsplit(".", 1)[-1]


def task_number(chain: list[Section]) -> str:
    """The item's own number; a (1) sub-item is joined to its parent item: 29.(1) → 29.1."""
    if not chain:
        return ""
    inner = chain[-1]
    if inner.level == 4 and len(chain) > 1 and chain[-2].level == 3:
        return f"{_own(chain[-2])}.{_own(inner)}"
    return _own(inner)


def _qualified(items: list[tuple[str, list[Section]]]) -> list[str]:
    """Numbers made unique: where items restart in every section, all are qualified by the sections above them.

    "(二)3." → 2.3 and "(三)2.(1)" → 3.2.1 when several sections hold an item 3; numbers stay as they are when
    they are unique already.
    """
    numbers = [number for number, _ in items]
    for chapters in (False, True):     # chapters (一、) qualify only where the sections below them do not suffice
        for depth in range(1, 4):
            if len(set(numbers)) == len(numbers):
                return numbers
            numbers = []
            for number, chain in items:
                item = len(chain) - number.count(".") - 1    # the chain index of the item itself (not its sub-item)
                above = [_own(s) for s in chain[max(0, item - depth) : max(0, item)] if chapters or s.level != 1]
                numbers.append(".".join([*above, number]))
    return numbers


# ------------------------------------------------------------------------------- tasks laid out as a table

HEADER_ROLES = ((re.compile(r"序号|编号"), "number"), (re.compile(LEAD_WORDS), "lead"),
                (re.compile(SUPPORT_WORDS), "support"), (re.compile(DEADLINE_WORDS), "deadline"),
                # the body column of a task table: 重点任务, 工作任务, 主要措施, 工作内容, 任务事项 …
                (re.compile(r"[^\d|]{0,6}(?:任务|措施|举措|事项|工作)(?:名称|内容|事项)?|工作内容|任务内容"), "task"),
                # an indicator table's columns: 指标, 指标名称, 2025年目标值, 现状值, 单位 (a lead column there owns
                # the row's target; the row is no task)
                (re.compile(r".{0,8}(?:指标|目标值|目标|现状值?|基期值|基数)(?:名称|值)?|单位|计量单位"), "indicator"))
#: A cell of a task table's 责任单位 column that writes the roles out: "A牵头,B、C参与" / "A会同B负责".
CELL_ROLES = re.compile(r"(?P<lead>[^:;]{2,80}?)(?:牵头负责|牵头)(?:[,;、](?P<support>[^:;]{2,160}?)"
                        rf"(?:配合|参与|协助|协同|{BY_DUTY}))?")
CELL_SPLIT = re.compile(r"\t+|\s*\|\s*| {2,}|\u3000{2,}")


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int
    end: int


def _cells(text: str) -> list[_Cell]:
    """Non-empty lines, and the fields of lines that hold several (tabs, |, wide spaces).

    Once a header line of space-separated column names is seen (序号 重点任务 牵头单位 完成时限), lines with as
    many space-separated fields are split on single spaces too (normalising folds tabs into one space).
    """
    out = []
    columns = 0
    for line in re.finditer(r"[^\n]+", text):
        at = line.start()
        fields = line.group(0).split()
        roles = [_role(f) for f in fields]
        if len(fields) >= 3 and "lead" in roles and roles.count("text") <= 1 and all(len(f) <= 12 for f in fields):
            columns = len(fields)
        parts = fields if columns and len(fields) == columns else CELL_SPLIT.split(line.group(0))
        for part in parts:
            stripped = part.strip()
            if stripped:
                begin = text.index(stripped, at)
                out.append(_Cell(stripped, begin, begin + len(stripped)))
                at = begin + len(stripped)
    return out


def _role(cell: str) -> str:
    return next((role for pattern, role in HEADER_ROLES if pattern.fullmatch(cell)), "text")


def _task_header(header: list[str]) -> bool:
    """A task table's header: one body column (重点任务), a lead column, no indicator column."""
    return (len(header) >= 3 and header[0] != "text" and "lead" in header and header.count("task") in (1, 2)
            and "indicator" not in header and header.count("text") <= 1)


def _detail(header: list[str]) -> list[str]:
    """A second body column (工作任务 | 具体措施) details the first: the task is the first, the row its span."""
    at = [n for n, role in enumerate(header) if role == "task"]
    return [("detail" if n in at[1:] else role) for n, role in enumerate(header)]


def cell_units(lead: str, support: str = "",
               vocab: Vocabulary | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lead and support units of a task table's row: a 责任单位 cell "A(牵头),B、C" or "A牵头,B、C参与"
    (or "A会同B负责") names both roles; a 配合单位 cell adds to the support."""
    more = split_agencies(support, vocab) if support else ()
    m = CELL_ROLES.fullmatch(lead.strip(" 。"))
    if m:
        units = split_agencies(m.group("lead"), vocab), split_agencies(m.group("support") or "", vocab) + more
    elif "会同" in lead:
        first, _, rest = lead.partition("会同")
        units = split_agencies(first, vocab), split_agencies(re.sub(rf"(?:{BY_DUTY})$", "", rest), vocab) + more
    else:
        return tagged_lead(split_agencies(lead, vocab), more)
    return units if all(units[0]) else tagged_lead(split_agencies(lead, vocab), more)


def table_tasks(doc: Document, vocab: Vocabulary | None = None, first_leads: bool = False) -> list[Task]:
    """Tasks in a table whose header names the lead unit: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限.

    Under ``first_leads`` (the plan says the first unit listed leads) a 责任单位 cell's first unit leads.

    Rows follow the header cell by cell (one cell per line, or fields of one line); a row that does not start
    with the next number ends the table.
    """
    cells = _cells(doc.text)
    tasks: list[Task] = []
    i = 0
    while i < len(cells):
        header: list[str] = []
        j = i
        while j < len(cells) and len(cells[j].text) <= 12 and (_role(cells[j].text) != "text" or len(header) < 6):
            header.append(_role(cells[j].text))
            j += 1
            if _task_header(header) and j < len(cells) and (cells[j].text == "1" if header[0] == "number"
                                                             else _role(cells[j].text) == "text"):
                break
        if not _task_header(header):
            i += 1
            continue
        numbered = header[0] == "number"
        header = _detail(header)
        names = [c.text for c in cells[j - len(header) : j]]
        if header.count("lead") == 2 and any(re.fullmatch(HEAD_WORDS, n) for n in names):
            # 牵头单位 | 责任单位: the 责任单位 column lists the units that share the work
            header = ["support" if r == "lead" and not re.fullmatch(HEAD_WORDS, n) else r
                      for r, n in zip(header, names, strict=True)]
        heads = dict(zip(header, names, strict=True))
        n = 1
        while j + len(header) <= len(cells) and (not numbered or cells[j].text == str(n)):
            row = cells[j : j + len(header)]
            fields = {role: c for role, c in zip(header, row, strict=True)}
            body = fields["task"]
            lead, support = cell_units(fields["lead"].text, fields["support"].text if "support" in fields else "",
                                       vocab)
            if first_leads and not support and len(lead) > 1 and not re.fullmatch(HEAD_WORDS, heads["lead"]):
                lead, support = lead[:1], lead[1:]
            # the task's text runs through its detail column (具体措施), where its targets are stated
            text = doc.text[body.start : fields["detail"].end] if "detail" in fields else body.text
            tasks.append(Task(number=str(n), text=text, lead=lead, support=support,
                              deadline=fields["deadline"].text if "deadline" in fields else None,
                              evidence=doc.evidence(row[0].start, row[-1].end), span=(body.start, row[-1].end)))
            j += len(header)
            n += 1
        i = j
    return tasks


def _among_tasks(mark: Mark, marks: list[Mark], sections: list[Section]) -> bool:
    """A weak mark (a sentence "A会同B负责…" or "…由A负责。") names a task where other items of its section carry
    marks too (a 重点任务 chapter); alone in a 保障措施 chapter ("日常工作由A负责。") it states a duty."""
    chain = _item(sections, mark.start)
    if len(chain) < 2:
        return False
    parent, item = chain[-2], chain[-1]
    return any(parent.start <= m.start < parent.end and not item.start <= m.start < item.end for m in marks)


def extract_tasks(doc: Document, vocab: Vocabulary | None = None) -> list[Task]:
    text = doc.text
    sections = list(doc.sections)
    marks = find_marks(text, vocab)
    first = first_listed_leads(text)
    if first:
        marks = [m.first_leads() for m in marks]
    marks = [m for m in marks if not m.weak or _among_tasks(m, marks, sections)]
    drafts: list[tuple[str, list[Section], int, Mark]] = []
    previous_end = 0
    for n, mark in enumerate(marks, 1):
        chain = _item(sections, mark.start)
        begin = chain[-1].start if chain else previous_end
        begin = max(begin, previous_end) if not chain or chain[-1].start < previous_end else begin
        drafts.append((task_number(chain) or str(n), chain, begin, mark))
        previous_end = mark.end
    numbers = _qualified([(number, chain) for number, chain, _, _ in drafts])
    tasks = []
    for (_, _, begin, mark), number in zip(drafts, numbers, strict=True):
        body_start = _body_start(text, begin, mark.start)
        tasks.append(Task(number=number, text=text[body_start : mark.start].strip(), lead=mark.lead,
                          support=mark.support, deadline=mark.deadline,
                          evidence=doc.evidence(body_start, mark.end), span=(body_start, mark.end),
                          aliases=mark.aliases))
    inside = [t.span for t in tasks]
    # an indicator table with a 牵头单位 column (指标 | 目标值 | 牵头单位) states owned targets, not tasks
    inside += [(t.start, t.end) for t in doc.row_tables]
    tasks += [t for t in table_tasks(doc, vocab, first) if not any(a <= t.span[0] < b for a, b in inside)]
    return tasks


ITEM_NUMBER = re.compile(r"\s*(?:\(\s*[\d一二三四五六七八九十]+\s*\)|[\d]+[.、]|[一二三四五六七八九十]+、)\s*")


#: A heading on a line of its own ("第二节 加强品牌建设"): the task's text starts on the next line.
HEADING_LINE = re.compile(r"[ \t]*(?:第[\d一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、"
                          r"|\([一二三四五六七八九十]+\))"
                          r"[^\n。;:]{0,30}\n")


def _body_start(text: str, begin: int, end: int | None = None) -> int:
    heading = HEADING_LINE.match(text, begin)
    if heading and (end is None or heading.end() < end):
        begin = heading.end()
    m = ITEM_NUMBER.match(text, begin)
    return m.end() if m else begin
