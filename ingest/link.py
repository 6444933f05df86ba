"""Link extracted goals and tasks to the shared vocabularies (indicators, policy instruments)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .records import Goal, Task


@dataclass(frozen=True)
class IndicatorLink:
    concept: URIRef
    confidence: float   # 1.0 for an exact or alt-label match, lower for a similarity match
    method: str         # exact | alt | similarity


def link_indicator(goal: Goal) -> IndicatorLink | None:
    """The canonical indicator a goal measures, or None when nothing matches well enough."""
    return None


def instruments_of(task: Task) -> tuple[URIRef, ...]:
    """The policy instruments (首席质量官制度, 卓越绩效, ...) a task's text names."""
    return ()
