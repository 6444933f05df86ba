"""Goals and tasks as the REST views show them, fetched for any SPARQL pattern that picks ``?goal`` / ``?task``."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from policykg.namespaces import PK
from policykg.store import Store

from .views import EvidenceOut, Ref, evidence_of, grouped, labels, number, select


class GoalOut(BaseModel):
    """One quantified target, with who owns it and the sentence it was read from."""

    iri: str = Field(examples=["https://w3id.org/policykg/id/goal/003_2335b28b753d4964/1"])
    indicatorLabel: str = Field(examples=["生产企业产品质量监督合格率"])
    indicator: Ref | None = None
    targetValue: float | None = Field(default=None, examples=[94])
    targetValueMax: float | None = None
    unit: str | None = Field(default=None, examples=["%"])
    comparator: str | None = Field(default=None, examples=["AtLeast"])
    targetYear: int | None = Field(default=None, examples=[2020])
    document: Ref
    city: str | None = Field(default=None, examples=["鄂州市"])
    owners: list[Ref] = []
    agencyTypes: list[Ref] = []
    evidence: EvidenceOut | None = None


class TaskOut(BaseModel):
    """One numbered measure, with its lead and supporting agencies."""

    iri: str = Field(examples=["https://w3id.org/policykg/id/task/003_2335b28b753d4964/1"])
    number: str = Field(examples=["1"])
    label: str | None = None
    deadline: str | None = Field(default=None, examples=["2017年底前"])
    document: Ref
    lead: list[Ref] = []
    support: list[Ref] = []
    evidence: EvidenceOut | None = None


def goals(store: Store, pattern: str) -> list[GoalOut]:
    """The goals ``pattern`` picks (a SPARQL group pattern over ``?goal``), in document order."""
    rows = select(store, f"""SELECT ?goal ?label ?indicator ?value ?max ?unit ?comparator ?year ?doc ?city
        ?owner ?type WHERE {{
          ?goal a pk:Goal ; pk:inDocument ?doc ; pk:indicatorLabel ?label .
          {pattern}
          OPTIONAL {{ ?goal pk:indicator ?indicator }}
          OPTIONAL {{ ?goal pk:targetValue ?value }}
          OPTIONAL {{ ?goal pk:targetValueMax ?max }}
          OPTIONAL {{ ?goal pk:unit ?unit }}
          OPTIONAL {{ ?goal pk:comparator ?comparator }}
          OPTIONAL {{ ?goal pk:targetYear ?year }}
          OPTIONAL {{ ?doc pk:city ?region . ?region rdfs:label ?city }}
          OPTIONAL {{ ?goal pk:owner ?owner OPTIONAL {{ ?owner pk:agencyType ?type }} }}
        }}""")
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        first.setdefault(row["goal"], row)
    owners, types = grouped(rows, "goal", "owner"), grouped(rows, "goal", "type")
    names = labels(store, [r[k] for r in rows for k in ("owner", "type", "doc", "indicator") if k in r])
    evidence = evidence_of(store, first)
    out = []
    for iri, r in first.items():
        out.append(GoalOut(
            iri=iri, indicatorLabel=r["label"],
            indicator=Ref(iri=r["indicator"], label=names.get(r["indicator"])) if "indicator" in r else None,
            targetValue=number(r.get("value")), targetValueMax=number(r.get("max")), unit=r.get("unit"),
            comparator=r["comparator"].removeprefix(str(PK)) if "comparator" in r else None,
            targetYear=int(number(r["year"]) or 0) if "year" in r else None,
            document=Ref(iri=r["doc"], label=names.get(r["doc"])), city=r.get("city"),
            owners=[Ref(iri=o, label=names.get(o)) for o in owners.get(iri, [])],
            agencyTypes=[Ref(iri=t, label=names.get(t)) for t in types.get(iri, [])],
            evidence=evidence.get(iri)))
    return sorted(out, key=lambda g: (g.document.iri, natural(g.iri)))


def tasks(store: Store, pattern: str) -> list[TaskOut]:
    """The tasks ``pattern`` picks (a SPARQL group pattern over ``?task``), in numbering order."""
    rows = select(store, f"""SELECT ?task ?number ?label ?deadline ?doc ?lead ?support WHERE {{
          ?task a pk:Task ; pk:inDocument ?doc .
          {pattern}
          OPTIONAL {{ ?task pk:number ?number }}
          OPTIONAL {{ ?task rdfs:label ?label }}
          OPTIONAL {{ ?task pk:deadline ?deadline }}
          OPTIONAL {{ {{ ?task pk:leadAgency ?lead }} UNION {{ ?task pk:supportAgency ?support }} }}
        }}""")
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        first.setdefault(row["task"], row)
    lead, support = grouped(rows, "task", "lead"), grouped(rows, "task", "support")
    names = labels(store, [r[k] for r in rows for k in ("lead", "support", "doc") if k in r])
    evidence = evidence_of(store, first)
    out = [TaskOut(iri=iri, number=r.get("number", ""), label=r.get("label"), deadline=r.get("deadline"),
                   document=Ref(iri=r["doc"], label=names.get(r["doc"])),
                   lead=[Ref(iri=a, label=names.get(a)) for a in lead.get(iri, [])],
                   support=[Ref(iri=a, label=names.get(a)) for a in support.get(iri, [])],
                   evidence=evidence.get(iri)) for iri, r in first.items()]
    return sorted(out, key=lambda t: (t.document.iri, natural(t.number), t.iri))


def natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that puts 2 before 10 (and 2.1 before 2.10)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)
