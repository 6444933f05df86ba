"""`policykg ingest --explain FILE`: what one file yields, grouped by category, each item with its quote."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from .pipeline import extract_file
from .records import Evidence, Extraction

QUOTE_MAX = 100
SYMBOL = {"AtLeast": "≥", "MoreThan": ">", "AtMost": "≤", "LessThan": "<", "Exactly": "="}
KIND_TITLE = {"industry": "Industries", "award": "Award programmes", "designation": "Designations",
              "citation": "Cited documents"}


def _quote(ev: Evidence | None) -> str:
    if ev is None:
        return ""
    text = " ".join(ev.quote.split())
    text = text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"
    return f"    「{text}」 @{ev.start}-{ev.end}"


def _figure(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def describe(ex: Extraction) -> list[str]:
    """The report as lines (what :func:`explain` prints)."""
    meta, src = ex.meta, ex.source
    lines = [f"# {src.name}  ({src.format}, {src.encoding}, {ex.normalized.script})",
             f"title: {meta.title or '-'}   type: {meta.doc_type or '-'}   文号: {meta.doc_number or '-'}",
             f"issued: {meta.issued or '-'}   city: {meta.city or '-'}   province: {meta.province or '-'}   "
             f"level: {meta.level or '-'}   issuers: {'、'.join(meta.issuers) or '-'}"]
    for warning in (*src.warnings, *ex.normalized.warnings):
        lines.append(f"warning: {warning}")
    lines.append(f"\n## Outline ({len(ex.sections)})")
    lines += [f"  {'  ' * min(s.level, 5)}{s.number} {s.title}" for s in ex.sections]
    quantified = [g for g in ex.goals if g.value is not None]
    lines.append(f"\n## Goals ({len(quantified)})")
    for g in quantified:
        upper = f"-{_figure(g.value_max)}" if g.value_max is not None else ""
        extra = [f"year {g.year}" if g.year else "", f"task {g.task}" if g.task else "",
                 f"owner {'、'.join(g.owners)}" if g.owners else "", g.domain or ""]
        lines.append(f"  {g.indicator} {SYMBOL.get(g.comparator or '', '')} {_figure(g.value)}{upper}{g.unit or ''}"
                     f"  [{', '.join(x for x in extra if x)}]")
        lines.append(_quote(g.evidence))
    qualitative = [g for g in ex.goals if g.value is None]
    lines.append(f"\n## Qualitative goals ({len(qualitative)})")
    for g in qualitative:
        lines.append(f"  {g.indicator} → {g.qualitative}" + (f"  [task {g.task}]" if g.task else ""))
        lines.append(_quote(g.evidence))
    lines.append(f"\n## Tasks ({len(ex.tasks)})")
    for t in ex.tasks:
        lines.append(f"  {t.number} {t.text[:30]}  lead: {'、'.join(t.lead) or '-'}  support: "
                     f"{'、'.join(t.support) or '-'}  deadline: {t.deadline or '-'}")
        lines.append(_quote(t.evidence))
    lines.append(f"\n## Duties ({len(ex.duties)})")
    for d in ex.duties:
        lines.append(f"  {d.agency}: {d.duty[:60]}" + (f"  [{d.domain}]" if d.domain else ""))
        lines.append(_quote(d.evidence))
    lines.append(f"\n## Agencies ({len(ex.agencies)})")
    for a in ex.agencies:
        kind = "collective, " if a.collective else ""
        lines.append(f"  {a.full_name}  ({kind}{a.agency_type or 'type unknown'})  as: {'、'.join(a.surfaces)}")
        lines.append(_quote(a.evidence))
    for kind, title in KIND_TITLE.items():
        found = [m for m in ex.mentions if m.kind == kind]
        lines.append(f"\n## {title} ({len(found)})")
        for m in found:
            attrs = ", ".join(f"{k}={v}" for k, v in m.attrs if k not in ("concept",))
            lines.append(f"  {m.surface}" + (f"  [{attrs}]" if attrs else ""))
            lines.append(_quote(m.evidence))
    lines.append(f"\n## Incentives ({len(ex.incentives)})")
    for i in ex.incentives:
        lines.append(f"  {i.award}: {i.amount_yuan:,.0f} 元")
        lines.append(_quote(i.evidence))
    return [line for line in lines if line]


def explain_text(path: Path) -> str:
    return "\n".join(describe(extract_file(Path(path))))


def explain(path: Path) -> Text:
    """A plain-text report (a rich Text, so that brackets in quotes are not read as markup)."""
    return Text(explain_text(path))
