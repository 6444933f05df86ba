"""Run the extraction stages on one normalised document and link what they found.

metadata → outline (segment) → tasks → duties → goals (owned by their task's leads, or by a domain duty)
→ agencies (every body named, plus the units of tasks and duties and the issuers) → named entities.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..layout import Document
from ..link.vocabulary import Vocabulary, packaged
from ..records import Duty, Evidence, Extraction, Goal, Task
from ..words import fold_alnum
from .agencies import context_for, county_of, defined_aliases, extract_agencies
from .duties import extract_duties
from .entities import extract_entities
from .goals import extract_goals
from .jurisdiction import government_of
from .metadata import extract_metadata
from .tasks import extract_tasks


def link_goals_to_tasks(goals: list[Goal], tasks: list[Task]) -> list[Goal]:
    """A goal stated inside a task belongs to it, and the task's lead agencies own it."""
    linked = []
    for goal in goals:
        task = next((t for t in tasks if t.span[0] <= goal.span[0] < t.span[1]), None)
        linked.append(goal if task is None else replace(goal, task=task.number, owners=task.lead))
    return linked


def share_owners(goals: list[Goal]) -> list[Goal]:
    """A target restated inside a task (a table row, then "城镇生活污水集中处理率达到95%" in task 67.4) is owned by
    that task's leads wherever it is stated: same indicator, same value."""
    owned: dict[tuple[str, float | None], tuple[str, ...]] = {
        (fold_alnum(g.indicator), g.value): g.owners for g in goals if g.task and g.owners and g.value is not None}
    # a table row's own 牵头单位 keeps its place; the leads of the task that restates the target join it
    return [replace(g, owners=_union(g.owners, owned[(fold_alnum(g.indicator), g.value)]))
            if not g.task and (fold_alnum(g.indicator), g.value) in owned else g for g in goals]


def _union(first: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(o for o in more if o not in first)


def owners_by_wording(goals: list[Goal], tasks: list[Task]) -> list[Goal]:
    """A table row's indicator that a task names word for word ("主导制修订国家标准" in "支持企业主导制修订国家标准")
    is owned by that task's leads, where exactly one task names it."""
    out = []
    for g in goals:
        key = fold_alnum(g.indicator)
        naming = [t for t in tasks if len(key) >= 5 and key in fold_alnum(t.text)] if g.task is None else []
        out.append(replace(g, owners=_union(g.owners, naming[0].lead)) if len(naming) == 1 else g)
    return out


def assign_owners(goals: list[Goal], duties: list[Duty]) -> list[Goal]:
    """Goals outside tasks are owned by the agencies whose duty leads their quality domain.

    "市质监局、市住建委、市发改委、市环保局分别牵头负责产品、工程、服务、环境质量建设工作" makes 市质监局 the
    owner of the goals stated under 提升产品质量, and so on.
    """
    by_domain: dict[str, list[str]] = {}
    for duty in duties:
        if duty.domain and duty.agency not in by_domain.setdefault(duty.domain, []):
            by_domain[duty.domain].append(duty.agency)
    return [replace(g, owners=tuple(by_domain.get(g.domain or "", ())))
            if not g.owners and g.task is None and g.domain in by_domain else g for g in goals]


#: A year in a title, and a span of years (2023—2025年, 2021-2023年度).
TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
TITLE_SPAN = re.compile(r"(?:19|20)\d\d\s*年?\s*[-—–~至到]\s*(?:19|20)?\d\d")


def plan_year(title: str | None) -> int | None:
    """The one year a plan is for, when its title names exactly one and no span (南通市2025年质量强市工作要点)."""
    if not title or TITLE_SPAN.search(title):
        return None
    years = set(TITLE_YEAR.findall(title))
    return int(years.pop()) if len(years) == 1 else None


def extract(doc: Document, vocab: Vocabulary | None = None) -> Extraction:
    """Every kind of fact the document states, each read from the one laid-out :class:`Document`."""
    vocab = vocab or packaged()
    meta = extract_metadata(doc, vocab)
    tasks = extract_tasks(doc, vocab)
    ctx = context_for(meta.city, meta.province, [*defined_aliases(doc.text), *(a for t in tasks for a in t.aliases)],
                      government_of(meta.county, meta.city, vocab)
                      or county_of(meta.level, [*meta.issuers, meta.title], meta.city), vocab)
    duties = extract_duties(doc, ctx, [t.span for t in tasks])
    issued = int(meta.issued[:4]) if meta.issued and meta.issued[:4].isdigit() else None
    goals = share_owners(link_goals_to_tasks(extract_goals(doc, tasks, issued, plan_year(meta.title)), tasks))
    goals = assign_owners(owners_by_wording(goals, tasks), duties)
    units: list[tuple[str, Evidence | None]] = [(name, t.evidence) for t in tasks for name in (*t.lead, *t.support)]
    units += [(d.agency, d.evidence) for d in duties]
    units += [(name, meta.title_evidence) for name in meta.issuers]
    agencies = extract_agencies(doc, ctx, units)
    mentions, incentives = extract_entities(doc, meta.province, meta.city, meta.title, vocab)
    return Extraction(source=doc.source, normalized=doc.normalized, meta=meta, sections=doc.sections,
                      goals=tuple(goals), tasks=tuple(tasks), duties=tuple(duties), agencies=tuple(agencies),
                      mentions=tuple(mentions), incentives=tuple(incentives))
