"""Goals: quantified targets (value, unit, comparator, year) and qualitative ones, with evidence.

Three sources: prose sentences (:mod:`.sentence_goals`, figures parsed by :mod:`.targets`), rows of indicator
tables (:mod:`.indicator_table`), and qualitative aims (:mod:`.qualitative`). Each goal takes its year and quality
domain from where it stands (:mod:`.goal_context`) and the task that states it.
"""

from __future__ import annotations

import re

from ...layout import Document
from ...layout.flat_tables import TableRow, table_rows
from ...layout.outline import Sentence, enclosing, sentences
from ...layout.row_tables import grid_rows
from ...records import Goal, Task
from ..tasks import split_agencies, tagged_lead
from .context import (
    deadline_year,
    domain_of,
    indicator_domain,
    opens_on_past_year,
    reports_the_past,
    sentence_year,
    year_before,
    year_mentions,
)
from .qualitative import parse_qualitative
from .sentence import NUMBERING, parse_sentence
from .table import table_goal

#: Where an evaluation scheme awards or deducts points: the figure before 分 is a score, not a target.
SCORING = re.compile(r"(?:加|扣|减|得|计)$|(?:加分|扣分|减分)项")
#: A figure that numbers a table, figure or attachment (按照表2分工, 见附件1) is a reference, not a target.
REFERENCE = re.compile(r"(?:表|图|附件|附表)\s*\d")
#: The shape of an indicator system (设8项一级指标、20项二级指标): counts of its own rows, not targets.
STRUCTURE = re.compile(r"(?:设|共|包括|含)?[一二三四]级指标|(?:考核|评价)?指标")


def extract_goals(doc: Document, tasks: list[Task] | tuple[Task, ...] = (), issued: int | None = None,
                  plan_year: int | None = None) -> list[Goal]:
    """Every goal of the document; ``issued`` is the year it was issued (figures of earlier years are no targets);
    ``plan_year`` the one year a plan is for (an annual plan: 2025年质量强市工作要点), the year of a goal that
    states none and sits under no dated heading or task."""
    text = doc.text
    sections = list(doc.sections)
    found_tables = doc.tables
    by_row = doc.row_tables
    marks = [(t.span[0] + len(t.text), t.span[1]) for t in tasks]
    skip = doc.table_spans() + marks
    years = year_mentions(text, sections, skip)
    goals: list[Goal] = []

    def context(at: int, sentence_year: int | None) -> tuple[int | None, str | None, Task | None]:
        task = next((t for t in tasks if t.span[0] <= at < t.span[1]), None)
        year = sentence_year
        if year is None and task is not None:
            year = deadline_year(task.deadline)
        if year is None:
            year = next((y.year for y in reversed(years) if y.at < at < y.until), plan_year)
        titles = [s.title for s in reversed(enclosing(sections, at))]
        return year, domain_of(titles), task

    rows: list[TableRow] = [row for table in found_tables for row in grid_rows(table) or table_rows(table)]
    rows += [row for table in by_row for row in table.rows]
    for row in rows:
        indicator, comparator, value, qualitative, unit = table_goal(row)
        year, domain, _ = context(row.start, row.year)
        domain = domain_of([row.label or ""]) or domain or indicator_domain(indicator)
        goals.append(Goal(indicator=indicator, value=value, unit=unit, comparator=comparator, year=year,
                          qualitative=qualitative, evidence=doc.evidence(row.start, row.end),
                          span=(row.start, row.end), domain=domain, section=row.label, owners=_row_owners(row)))
    past_paragraph = -1  # where the paragraph begins that opened on a past year ("2024年，全市…")
    for sentence in _prose(text, skip):
        paragraph = text.rfind("\n", 0, sentence.start) + 1
        local_year = sentence_year(sentence)
        if reports_the_past(sentence.text, [s.title for s in enclosing(sections, sentence.start)], issued):
            past_paragraph = paragraph if opens_on_past_year(sentence.text, issued) else past_paragraph
            continue
        if paragraph == past_paragraph:
            if local_year is None or issued is None or local_year < issued:
                continue  # the rest of a paragraph that reports a past year ...
            past_paragraph = -1  # ... until a sentence turns to the plan's year ("2024年，全市质量工作要…")
        for p in parse_sentence(sentence.text):
            if (p.unit == "分" and SCORING.search(p.indicator)) or STRUCTURE.fullmatch(p.indicator) \
                    or REFERENCE.search(sentence.text, p.start, p.end):
                continue       # a scoring rule (加3分, 每起扣5分) or the scheme's shape (设8项一级指标) is no target
            a, b = sentence.start + p.start, sentence.start + p.end
            a, b = _trim(text, a, b)
            year, domain, task = context(a, year_before(sentence, p.end))
            goals.append(Goal(indicator=p.indicator, value=p.value, value_max=p.value_max, unit=p.unit,
                              comparator=p.comparator, year=year, evidence=doc.evidence(a, b), span=(a, b),
                              domain=domain or indicator_domain(p.indicator), task=task.number if task else None,
                              owners=task.lead if task else ()))
        for indicator, target, qa, qb in parse_qualitative(sentence.text):
            a, b = _trim(text, sentence.start + qa, sentence.start + qb)
            year, domain, task = context(a, local_year)
            goals.append(Goal(indicator=indicator, qualitative=target, year=year, evidence=doc.evidence(a, b),
                              span=(a, b), domain=domain, task=task.number if task else None,
                              owners=task.lead if task else ()))
    return sorted(goals, key=lambda g: g.span)


def _row_owners(row: TableRow) -> tuple[str, ...]:
    """The units a row's 牵头单位 / 责任单位 cell names as leading (those tagged (牵头) where some are)."""
    if not row.lead:
        return ()
    lead, _ = tagged_lead(split_agencies(row.lead))
    return lead


def _prose(text: str, skip: list[tuple[int, int]]) -> list[Sentence]:
    out = []
    cursor = 0
    for a, b in sorted(skip):
        out.extend(sentences(text, cursor, a) if a > cursor else [])
        cursor = max(cursor, b)
    out.extend(sentences(text, cursor, len(text)))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    numbering = NUMBERING.match(text, a, b)
    if numbering:
        a = numbering.end()
    while a < b and text[a] in " ,、:;\t":
        a += 1
    while b > a and text[b - 1] in " ,、:;\t":
        b -= 1
    return a, b

