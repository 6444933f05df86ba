"""What a document yields, as comparable values: used to show that other encodings and formats of a seed
ingest to the same facts as its plain-text original."""

from __future__ import annotations

from typing import Any

from policykg.ingest.records import Extraction


def facts(ex: Extraction) -> dict[str, Any]:
    meta = ex.meta
    return {
        "meta": (meta.title, meta.doc_type, meta.doc_number, meta.issued, meta.city, meta.province, meta.level),
        "goals": sorted(repr((g.indicator, g.value, g.value_max, g.unit, g.comparator, g.year)) for g in ex.goals),
        "tasks": sorted(repr((t.number, t.lead, t.support, t.deadline)) for t in ex.tasks),
        "agencies": sorted(a.full_name for a in ex.agencies),
        "mentions": sorted((m.kind, m.attr("label") or m.surface) for m in ex.mentions),
        "incentives": sorted((i.award, i.amount_yuan) for i in ex.incentives),
    }


def counts(found: dict[str, Any]) -> dict[str, int]:
    return {key: len(value) for key, value in found.items() if isinstance(value, list)}
