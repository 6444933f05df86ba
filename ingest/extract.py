"""Run the extraction stages on one normalised document and link what they found."""

from __future__ import annotations

from dataclasses import replace

from .agencies import extract_agencies
from .entities import extract_entities
from .goals import extract_goals
from .metadata import extract_metadata
from .records import Extraction, Goal, Normalized, Source, Task
from .tasks import extract_tasks


def link_goals_to_tasks(goals: list[Goal], tasks: list[Task]) -> list[Goal]:
    """A goal stated inside a task belongs to it, and the task's lead agencies own it."""
    linked = []
    for goal in goals:
        task = next((t for t in tasks if t.span[0] <= goal.span[0] < t.span[1]), None)
        linked.append(goal if task is None else replace(goal, task=task.number, owners=task.lead))
    return linked


def extract(src: Source, norm: Normalized) -> Extraction:
    tasks = extract_tasks(src, norm)
    goals = link_goals_to_tasks(extract_goals(src, norm), tasks)
    meta = extract_metadata(src, norm)
    mentions, incentives = extract_entities(src, norm, meta.province, meta.city, meta.title)
    return Extraction(source=src, normalized=norm, meta=meta, goals=tuple(goals),
                      tasks=tuple(tasks), mentions=tuple(extract_agencies(src, norm) + mentions),
                      incentives=tuple(incentives))
