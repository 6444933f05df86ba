"""Tidy tables of the graph for R, Stata and spreadsheets: ``policykg tables OUT_DIR``.

One row per fact (a goal; a task and one agency in one role; an agency named by one document; an award
programme, designation or cited document mentioned by one document; a document). Every fact row carries the
document (``doc_id``), the place its plan belongs to with the GB/T 2260 code and level (its prefecture-level
city, else its province), the plan's year, and the verbatim evidence quote with its character offsets.

Written as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text right; CRLF line ends) and as Parquet
(needs pyarrow: ``pip install 'policykg[notebook]'``), with ``codebook.md`` and a Frictionless
``datapackage.json`` that describe every column. The same tables are served at ``/tables/{name}.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal

from . import __version__
from .namespaces import PKR, sparql_prefixes
from .store import Store, Term

Value = str | int | float | bool | dt.date | None
Row = dict[str, Value]
JOIN = "; "


@dataclass(frozen=True)
class Column:
    name: str
    type: str          # Frictionless field type: string, integer, number, date, boolean
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    key: tuple[str, ...]       # the columns that make a row one fact
    columns: tuple[Column, ...]


# --- the columns every table shares -----------------------------------------------------------------

DOC_COLUMNS = (
    Column("doc_id", "string", "The document: the part of its IRI after /id/doc/ (the source file's name without "
                               "its suffix)."),
    Column("place", "string", "Where the plan belongs: its county-level division (a county-level plan), else its "
                              "prefecture-level city, else its province (a provincial plan has no city)."),
    Column("place_code", "string", "GB/T 2260 code of `place` (six digits, kept as text: leading digits "
                                   "matter). Merge with yearbook data on it."),
    Column("place_level", "string", "Level of `place`: `province`, `prefecture` or `county`."),
    Column("province_code", "string", "GB/T 2260 code of the province the plan belongs to."),
    Column("year", "integer", "The plan's year: the year it was issued, else the year in its 文号 "
                              "(document number); empty when neither is known."),
)
EVIDENCE_COLUMNS = (
    Column("evidence_quote", "string", "The verbatim sentence or phrase the fact was read from, in the source's "
                                       "own script."),
    Column("evidence_start", "integer", "Character offset where the quote starts in the file as read."),
    Column("evidence_end", "integer", "Character offset where the quote ends."),
)

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("documents", "One row per ingested policy document.", ("doc_id",), (
        *DOC_COLUMNS,
        Column("source_file", "string", "The file the document was read from."),
        Column("title", "string", "The document's title (dcterms:title)."),
        Column("doc_type", "string", "Its genre word as the title gives it (方案, 意见, 规划, ...)."),
        Column("doc_number", "string", "The 文号 (document number), e.g. 鄂州政发〔2017〕6号."),
        Column("issued", "date", "Date of issue (dcterms:issued)."),
        Column("plan_level", "string", "Level of the issuing government: national, provincial, municipal or "
                                       "county."),
        Column("source_format", "string", "txt, html, docx or pdf."),
        Column("source_encoding", "string", "The character encoding the file was read in."),
        Column("source_script", "string", "zh-Hans or zh-Hant."),
        Column("goals", "integer", "Number of goals read out of the document."),
        Column("tasks", "integer", "Number of tasks read out of the document."),
        Column("doc_iri", "string", "The document's IRI in the graph."),
        *EVIDENCE_COLUMNS,
    )),
    Table("goals", "One row per goal (a target, with or without a figure).", ("goal_id",), (
        *DOC_COLUMNS,
        Column("goal_id", "string", "The goal: the part of its IRI after /id/goal/."),
        Column("indicator_as_written", "string", "What the goal measures, as the plan words it."),
        Column("indicator", "string", "The canonical indicator it was linked to (Chinese preferred label)."),
        Column("indicator_id", "string", "The canonical indicator's id (after /id/indicator/)."),
        Column("indicator_confidence", "number", "Calibrated confidence of the link: the share of links made the "
                                                 "same way that were right on hand-labelled goals (docs/linkage.md)."),
        Column("quality_domain", "string", "The quality domain (ProductQuality, EngineeringQuality, ...)."),
        Column("comparator", "string", "AtLeast, MoreThan, AtMost, LessThan or Exactly."),
        Column("target_value", "number", "The figure."),
        Column("target_value_max", "number", "The upper end of a range (2至3个)."),
        Column("unit", "string", "The unit of the figure (%, 家, 个, 项, ...)."),
        Column("target_year", "integer", "The year the target is for."),
        Column("qualitative_target", "string", "An aim without a figure (前列, 明显改善, ...)."),
        Column("owners", "string", "The agencies that own the goal, joined with '; '."),
        Column("owner_ids", "string", "Their ids (after /id/agency/), joined with '; ', in the same order."),
        Column("task_id", "string", "The task that states the goal, if any (after /id/task/)."),
        *EVIDENCE_COLUMNS,
    )),
    Table("tasks", "One row per task and agency role: a task led by two agencies and supported by three is five "
                   "rows; a task with no agency named is one row with `role` empty.",
          ("task_id", "role", "agency_id"), (
        *DOC_COLUMNS,
        Column("task_id", "string", "The task: the part of its IRI after /id/task/."),
        Column("task_number", "string", "Its number in the plan's outline (29.1 for sub-item (1) of item 29)."),
        Column("task", "string", "The task's text."),
        Column("deadline", "string", "The 完成时限 as written."),
        Column("role", "string", "`lead` (责任单位, 牵头单位) or `support` (配合单位)."),
        Column("agency", "string", "The agency's full name."),
        Column("agency_id", "string", "The agency's id (after /id/agency/)."),
        Column("agency_type", "string", "The agency's type as the text names it (Chinese label)."),
        *EVIDENCE_COLUMNS,
    )),
    Table("agencies", "One row per agency and document that names it (as an owner, a lead or supporting unit, "
                      "or in passing).", ("doc_id", "agency_id"), (
        *DOC_COLUMNS,
        Column("agency_id", "string", "The agency: the part of its IRI after /id/agency/."),
        Column("agency", "string", "Its full name."),
        Column("agency_type", "string", "Its type as the text names it (Chinese label)."),
        Column("agency_type_current", "string", "Its type after the 2018 reform (质监局 → 市场监督管理)."),
        Column("collective", "boolean", "True for a collective such as 各区人民政府."),
        Column("jurisdiction", "string", "The region whose government it belongs to."),
        Column("jurisdiction_code", "string", "GB/T 2260 code of the jurisdiction."),
        Column("goals_owned", "integer", "Goals of this document it owns."),
        Column("tasks_led", "integer", "Tasks of this document it leads."),
        Column("tasks_supported", "integer", "Tasks of this document it supports."),
        *EVIDENCE_COLUMNS,
    )),
    Table("awards", "One row per award programme and document that promotes it.", ("doc_id", "award_id"), (
        *DOC_COLUMNS,
        Column("award_id", "string", "The award programme (after /id/award/)."),
        Column("award", "string", "Its name (中国质量奖, 鲁班奖, ...)."),
        Column("award_level", "string", "national, provincial or municipal."),
        Column("awarding_body", "string", "Who awards it."),
        *EVIDENCE_COLUMNS,
    )),
    Table("designations", "One row per designation (示范城市, 示范区, ...) and document that pursues it.",
          ("doc_id", "designation_id"), (
        *DOC_COLUMNS,
        Column("designation_id", "string", "The designation (after /id/designation/)."),
        Column("designation", "string", "Its name."),
        Column("designation_level", "string", "national, provincial or municipal."),
        Column("awarding_body", "string", "Who designates."),
        *EVIDENCE_COLUMNS,
    )),
    Table("citations", "One row per document cited and document that cites it.", ("doc_id", "cited_id"), (
        *DOC_COLUMNS,
        Column("cited_id", "string", "The cited document (after /id/citation/, or /id/doc/ when it was ingested "
                                     "too)."),
        Column("cited_title", "string", "Its title as cited (《...》)."),
        *EVIDENCE_COLUMNS,
    )),
)}


# --- reading the graph ------------------------------------------------------------------------------

def _select(store: Store, body: str) -> list[dict[str, Term]]:
    return [dict(r) for r in store.query(sparql_prefixes() + body).rows]


def _text(term: Term | None) -> str | None:
    return None if term is None else str(term)


def _local(term: Term | None, base: str = "") -> str | None:
    """An IRI's id: the part after ``base`` (an instance path such as ``goal/``), else after the last # or /."""
    if term is None:
        return None
    text = str(term)
    if base and text.startswith(PKR + base):
        return text[len(PKR + base):]
    return re.split(r"[#/]", text)[-1]


def _int(term: Term | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


def _float(term: Term | None) -> float | None:
    try:
        return float(str(term)) if term is not None else None
    except ValueError:
        return None


def _date(term: Term | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(term)[:10]) if term is not None else None
    except ValueError:
        return None


def _year(issued: dt.date | None, number: str | None) -> int | None:
    if issued is not None:
        return issued.year
    match = re.search(r"[〔\[(（【]((?:19|20)\d\d)[〕\])）】]", number or "")
    return int(match.group(1)) if match else None


EVIDENCE = """OPTIONAL {{ {node} pk:evidence ?e . ?e pk:quote ?quote
                        OPTIONAL {{ ?e pk:start ?start }} OPTIONAL {{ ?e pk:end ?end }} }}"""


def _evidence(row: Mapping[str, Term]) -> Row:
    return {"evidence_quote": _text(row.get("quote")), "evidence_start": _int(row.get("start")),
            "evidence_end": _int(row.get("end"))}


def _first_by_start(rows: Iterable[dict[str, Term]], key: Callable[[dict[str, Term]], tuple[object, ...]]
                    ) -> dict[tuple[object, ...], dict[str, Term]]:
    """One row per key: the one whose evidence comes first in the file."""
    out: dict[tuple[object, ...], dict[str, Term]] = {}
    for row in rows:
        k = key(row)
        old = out.get(k)
        start = _int(row.get("start"))
        if old is None or (start is not None and (_int(old.get("start")) is None
                                                  or start < (_int(old.get("start")) or 0))):
            out[k] = row
    return out


def documents(store: Store) -> dict[str, Row]:
    """Every ingested document's row, by document IRI (the shared columns of every table come from here)."""
    rows = _select(store, """
        SELECT ?doc ?file ?title ?type ?number ?issued ?level ?city ?cityLabel ?cityCode ?province ?provinceLabel
               ?provinceCode ?county ?countyLabel ?countyCode ?format ?encoding ?script ?quote ?start ?end WHERE {
          ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
          OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc pk:docType ?type }
          OPTIONAL { ?doc pk:docNumber ?number } OPTIONAL { ?doc dcterms:issued ?issued }
          OPTIONAL { ?doc pk:level ?level }
          OPTIONAL { ?doc pk:city ?city OPTIONAL { ?city rdfs:label ?cityLabel }
                     OPTIONAL { ?city skos:notation ?cityCode } }
          OPTIONAL { ?doc pk:province ?province OPTIONAL { ?province rdfs:label ?provinceLabel }
                     OPTIONAL { ?province skos:notation ?provinceCode } }
          OPTIONAL { ?doc pk:county ?county OPTIONAL { ?county rdfs:label ?countyLabel }
                     OPTIONAL { ?county skos:notation ?countyCode } }
          OPTIONAL { ?doc pk:sourceFormat ?format } OPTIONAL { ?doc pk:sourceEncoding ?encoding }
          OPTIONAL { ?doc pk:sourceScript ?script }
          """ + EVIDENCE.format(node="?doc") + "}")
    counts = {str(r["doc"]): (_int(r.get("goals")) or 0, _int(r.get("tasks")) or 0) for r in _select(store, """
        SELECT ?doc (COUNT(DISTINCT ?goal) AS ?goals) (COUNT(DISTINCT ?task) AS ?tasks) WHERE {
          ?doc pk:sourceFile ?file .
          OPTIONAL { { ?goal a pk:Goal ; pk:inDocument ?doc } UNION { ?task a pk:Task ; pk:inDocument ?doc } }
        } GROUP BY ?doc""")}
    out: dict[str, Row] = {}
    for iri, r in _first_by_start(rows, lambda r: (str(r["doc"]),)).items():
        doc = str(iri[0])
        issued = _date(r.get("issued"))
        city = r.get("city") is not None
        county = r.get("county") is not None      # a county-level plan: the county, district or county-level city
        goals, tasks = counts.get(doc, (0, 0))
        out[doc] = {
            "doc_id": _local(r["doc"], "doc/"),
            "place": _text(r.get("countyLabel") if county else r.get("cityLabel") if city else r.get("provinceLabel")),
            "place_code": _text(r.get("countyCode") if county else r.get("cityCode") if city
                                else r.get("provinceCode")),
            "place_level": "county" if county else "prefecture" if city else
                           "province" if r.get("province") is not None else None,
            "province_code": _text(r.get("provinceCode")),
            "year": _year(issued, _text(r.get("number"))),
            "source_file": _text(r.get("file")), "title": _text(r.get("title")), "doc_type": _text(r.get("type")),
            "doc_number": _text(r.get("number")), "issued": issued,
            "plan_level": (_local(r.get("level")) or "").lower() or None,
            "source_format": _text(r.get("format")), "source_encoding": _text(r.get("encoding")),
            "source_script": _text(r.get("script")), "goals": goals, "tasks": tasks, "doc_iri": doc,
            **_evidence(r),
        }
    return dict(sorted(out.items(), key=lambda kv: str(kv[1]["doc_id"])))


def _doc_columns(docs: Mapping[str, Row], doc: Term | str) -> Row:
    row = docs.get(str(doc), {})
    return {c.name: row.get(c.name) for c in DOC_COLUMNS}


def _type_label(name: str) -> str:
    return f"""OPTIONAL {{ ?{name} skos:prefLabel ?{name}Label FILTER(LANG(?{name}Label) IN ("zh", "")) }}"""


def goals(store: Store, docs: Mapping[str, Row]) -> list[Row]:
    rows = _select(store, """
        SELECT ?goal ?doc ?written ?indicator ?indicatorLabel ?confidence ?domain ?comparator ?value ?max ?unit
               ?year ?qualitative ?task ?quote ?start ?end WHERE {
          ?goal a pk:Goal ; pk:inDocument ?doc . ?doc pk:sourceFile ?file .
          OPTIONAL { ?goal pk:indicatorLabel ?written }
          OPTIONAL { ?goal pk:indicator ?indicator """ + _type_label("indicator") + """ }
          OPTIONAL { ?goal pk:indicatorConfidence ?confidence } OPTIONAL { ?goal pk:qualityDomain ?domain }
          OPTIONAL { ?goal pk:comparator ?comparator } OPTIONAL { ?goal pk:targetValue ?value }
          OPTIONAL { ?goal pk:targetValueMax ?max } OPTIONAL { ?goal pk:unit ?unit }
          OPTIONAL { ?goal pk:targetYear ?year } OPTIONAL { ?goal pk:qualitativeTarget ?qualitative }
          OPTIONAL { ?goal pk:task ?task }
          """ + EVIDENCE.format(node="?goal") + "}")
    owners: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in _select(store, """SELECT DISTINCT ?goal ?agency ?label WHERE { ?goal a pk:Goal ; pk:owner ?agency
                                 OPTIONAL { ?agency rdfs:label ?label } }"""):
        owners[str(r["goal"])].append((_local(r["agency"], "agency/") or "", _text(r.get("label")) or ""))
    out = []
    for (goal,), r in _first_by_start(rows, lambda r: (str(r["goal"]),)).items():
        own = sorted(set(owners.get(str(goal), [])), key=lambda o: (o[1], o[0]))
        out.append({
            **_doc_columns(docs, r["doc"]), "goal_id": _local(r["goal"], "goal/"),
            "indicator_as_written": _text(r.get("written")), "indicator": _text(r.get("indicatorLabel")),
            "indicator_id": _local(r.get("indicator"), "indicator/"),
            "indicator_confidence": _float(r.get("confidence")), "quality_domain": _local(r.get("domain")),
            "comparator": _local(r.get("comparator")), "target_value": _float(r.get("value")),
            "target_value_max": _float(r.get("max")), "unit": _text(r.get("unit")), "target_year": _int(r.get("year")),
            "qualitative_target": _text(r.get("qualitative")),
            "owners": JOIN.join(label for _i, label in own) or None,
            "owner_ids": JOIN.join(i for i, _label in own) or None,
            "task_id": _local(r.get("task"), "task/"), **_evidence(r),
        })
    return sorted(out, key=lambda x: (str(x["doc_id"]), _natural(str(x["goal_id"]))))


def tasks(store: Store, docs: Mapping[str, Row]) -> list[Row]:
    rows = _select(store, """
        SELECT ?task ?doc ?number ?label ?deadline ?role ?agency ?agencyLabel ?typeLabel ?quote ?start ?end WHERE {
          ?task a pk:Task ; pk:inDocument ?doc . ?doc pk:sourceFile ?file .
          OPTIONAL { ?task pk:number ?number } OPTIONAL { ?task rdfs:label ?label }
          OPTIONAL { ?task pk:deadline ?deadline }
          OPTIONAL { { ?task pk:leadAgency ?agency BIND("lead" AS ?role) }
                     UNION { ?task pk:supportAgency ?agency BIND("support" AS ?role) }
                     OPTIONAL { ?agency rdfs:label ?agencyLabel }
                     OPTIONAL { ?agency pk:agencyType ?type """ + _type_label("type") + """ } }
          """ + EVIDENCE.format(node="?task") + "}")
    out = []
    for _key, r in _first_by_start(rows, lambda r: (str(r["task"]), _text(r.get("role")),
                                                     _text(r.get("agency")))).items():
        out.append({
            **_doc_columns(docs, r["doc"]), "task_id": _local(r["task"], "task/"),
            "task_number": _text(r.get("number")),
            "task": _text(r.get("label")), "deadline": _text(r.get("deadline")), "role": _text(r.get("role")),
            "agency": _text(r.get("agencyLabel")), "agency_id": _local(r.get("agency"), "agency/"),
            "agency_type": _text(r.get("typeLabel")), **_evidence(r),
        })
    return sorted(out, key=lambda x: (str(x["doc_id"]), _natural(str(x["task_number"] or x["task_id"])),
                                      str(x["task_id"]), x["role"] != "lead", str(x["agency"] or "")))


#: The agencies a document names, whatever the role.
AGENCY_OF_DOC = """{ ?doc pk:mentionsAgency ?agency } UNION { ?g pk:inDocument ?doc ; pk:owner ?agency }
  UNION { ?t pk:inDocument ?doc ; pk:leadAgency ?agency } UNION { ?t pk:inDocument ?doc ; pk:supportAgency ?agency }"""


def agencies(store: Store, docs: Mapping[str, Row], goal_rows: list[Row], task_rows: list[Row]) -> list[Row]:
    rows = _select(store, """
        SELECT ?doc ?agency ?label ?altLabel ?typeLabel ?currentLabel ?collective ?jurisdiction ?jurisdictionCode
               ?quote ?start ?end WHERE {
          { SELECT DISTINCT ?doc ?agency WHERE { ?doc pk:sourceFile ?file . """ + AGENCY_OF_DOC + """ } }
          BIND(IRI(CONCAT("https://w3id.org/policykg/graph/doc/", STRAFTER(STR(?doc), "/id/doc/"))) AS ?graph)
          OPTIONAL { ?agency rdfs:label ?label } OPTIONAL { ?agency skos:prefLabel ?altLabel }
          OPTIONAL { ?agency pk:agencyType ?type """ + _type_label("type") + """
            OPTIONAL { ?type pk:reformedInto+ ?successor FILTER NOT EXISTS { ?successor pk:reformedInto ?later } }
            BIND(COALESCE(?successor, ?type) AS ?current) """ + _type_label("current") + """ }
          BIND(EXISTS { ?agency a pk:CollectiveAgency } AS ?collective)
          OPTIONAL { ?agency pk:jurisdiction ?j OPTIONAL { ?j rdfs:label ?jurisdiction }
                     OPTIONAL { ?j skos:notation ?jurisdictionCode } }
          OPTIONAL { GRAPH ?graph { ?agency pk:evidence ?e } ?e pk:quote ?quote
                     OPTIONAL { ?e pk:start ?start } OPTIONAL { ?e pk:end ?end } }
        }""")
    owned: dict[tuple[object, str], int] = defaultdict(int)
    for g in goal_rows:
        for agency in str(g["owner_ids"] or "").split(JOIN):
            if agency:
                owned[(g["doc_id"], agency)] += 1
    roles: dict[tuple[object, object, object], set[object]] = defaultdict(set)
    for t in task_rows:
        roles[(t["doc_id"], t["agency_id"], t["role"])].add(t["task_id"])
    out = []
    for _key, r in _first_by_start(rows, lambda r: (str(r["doc"]), str(r["agency"]))).items():
        doc = _doc_columns(docs, r["doc"])
        agency_id = _local(r["agency"], "agency/")
        out.append({
            **doc, "agency_id": agency_id, "agency": _text(r.get("label") or r.get("altLabel")),
            "agency_type": _text(r.get("typeLabel")), "agency_type_current": _text(r.get("currentLabel")),
            "collective": isinstance(r.get("collective"), Literal) and bool(r["collective"].toPython()),
            "jurisdiction": _text(r.get("jurisdiction")), "jurisdiction_code": _text(r.get("jurisdictionCode")),
            "goals_owned": owned.get((doc["doc_id"], str(agency_id)), 0),
            "tasks_led": len(roles.get((doc["doc_id"], agency_id, "lead"), ())),
            "tasks_supported": len(roles.get((doc["doc_id"], agency_id, "support"), ())), **_evidence(r),
        })
    return sorted(out, key=lambda x: (str(x["doc_id"]), str(x["agency"] or ""), str(x["agency_id"])))


def _mentioned(store: Store, docs: Mapping[str, Row], link: str, node_id: str, base: str,
               extra: Callable[[dict[str, Term]], Row], extra_vars: str = "", extra_pattern: str = "") -> list[Row]:
    """Rows for the shared nodes a document links to with ``link`` (awards, designations, citations), each with
    the evidence of the document's pk:Mention of it."""
    rows = _select(store, f"""
        SELECT ?doc ?node ?label {extra_vars} ?quote ?start ?end WHERE {{
          ?doc pk:sourceFile ?file ; {link} ?node .
          OPTIONAL {{ ?node skos:prefLabel ?pl FILTER(LANG(?pl) IN ("zh", "")) }}
          OPTIONAL {{ ?node rdfs:label ?rl }} OPTIONAL {{ ?node dcterms:title ?title }}
          BIND(COALESCE(?pl, ?title, ?rl) AS ?label)
          {extra_pattern}
          OPTIONAL {{ ?m pk:mentionOf ?node ; pk:inDocument ?doc ; pk:evidence ?e . ?e pk:quote ?quote
                      OPTIONAL {{ ?e pk:start ?start }} OPTIONAL {{ ?e pk:end ?end }} }}
        }}""")
    out = []
    for _key, r in _first_by_start(rows, lambda r: (str(r["doc"]), str(r["node"]))).items():
        ident = _local(r["node"], base if str(r["node"]).startswith(PKR + base) else "doc/")
        out.append({**_doc_columns(docs, r["doc"]), node_id: ident, **extra(r), **_evidence(r)})
    return sorted(out, key=lambda x: (str(x["doc_id"]), str(x[node_id])))


def _programme(kind: str) -> tuple[Callable[[dict[str, Term]], Row], str, str]:
    return (lambda r: {kind: _text(r.get("label")), f"{kind}_level": (_local(r.get("level")) or "").lower() or None,
                       "awarding_body": _text(r.get("body"))},
            "?level ?body", "OPTIONAL { ?node pk:level ?level } OPTIONAL { ?node pk:awardingBody ?body }")


def build(store: Store, names: Iterable[str] | None = None) -> dict[str, list[Row]]:
    """The tables named (all by default), as lists of rows."""
    wanted = list(names or TABLES)
    unknown = [n for n in wanted if n not in TABLES]
    if unknown:
        from .errors import NotFound

        raise NotFound(f"no table {unknown[0]!r}; tables: {', '.join(TABLES)}")
    docs = documents(store)
    out: dict[str, list[Row]] = {}
    need_goals = {"goals", "agencies"} & set(wanted)
    goal_rows = goals(store, docs) if need_goals else []
    task_rows = tasks(store, docs) if {"tasks", "agencies"} & set(wanted) else []
    for name in wanted:
        if name == "documents":
            out[name] = list(docs.values())
        elif name == "goals":
            out[name] = goal_rows
        elif name == "tasks":
            out[name] = task_rows
        elif name == "agencies":
            out[name] = agencies(store, docs, goal_rows, task_rows)
        elif name == "awards":
            extra, variables, pattern = _programme("award")
            out[name] = _mentioned(store, docs, "pk:promotesAward", "award_id", "award/", extra, variables, pattern)
        elif name == "designations":
            extra, variables, pattern = _programme("designation")
            out[name] = _mentioned(store, docs, "pk:pursuesDesignation", "designation_id", "designation/", extra,
                                   variables, pattern)
        elif name == "citations":
            out[name] = _mentioned(store, docs, "pk:cites", "cited_id", "citation/",
                                   lambda r: {"cited_title": _text(r.get("label"))})
    return {name: [{c.name: row.get(c.name) for c in TABLES[name].columns} for row in rows]
            for name, rows in out.items()}


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in re.split(r"(\d+)", text) if p)


# --- writing ----------------------------------------------------------------------------------------

def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value == value and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv(name: str, rows: Iterable[Mapping[str, Value]]) -> bytes:
    """One table as CSV: UTF-8 with a byte-order mark (Excel reads the Chinese right), CRLF, a header row."""
    columns = [c.name for c in TABLES[name].columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


ARROW_TYPES = {"string": "string", "integer": "int64", "number": "float64", "date": "date32", "boolean": "bool_"}


def to_parquet(name: str, rows: list[Row], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError("Parquet needs pyarrow: pip install 'policykg[notebook]'") from exc
    columns = TABLES[name].columns
    schema = pa.schema([pa.field(c.name, getattr(pa, ARROW_TYPES[c.type])(), metadata={"description": c.description})
                        for c in columns], metadata={"description": TABLES[name].description})
    table = pa.table({c.name: [row.get(c.name) for row in rows] for c in columns}, schema=schema)
    pq.write_table(table, path)


def datapackage(counts: Mapping[str, int], *, parquet: bool) -> dict[str, Any]:
    """A Frictionless Data Package (tabular) describing every table and column."""
    resources = []
    for name, count in counts.items():
        table = TABLES[name]
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": table.description,
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "header": True},
            "schema": {"fields": [{"name": c.name, "type": c.type, "description": c.description}
                                  for c in table.columns],
                       "primaryKey": list(table.key), "missingValues": [""]},
            "rows": count,
        })
        if parquet:
            resources[-1]["alternatives"] = [{"path": f"{name}.parquet", "format": "parquet"}]
    return {
        "profile": "tabular-data-package", "name": "policykg-tables", "version": __version__,
        "title": "policykg: tidy tables of Chinese quality-strong-city policy plans",
        "description": "Goals, tasks with agency roles, agencies, awards, designations, citations and documents read "
                       "out of the plans; one row per fact, each with its document, place (GB/T 2260 code and "
                       "level), year and evidence quote. See codebook.md.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "resources": resources,
    }


def codebook(counts: Mapping[str, int]) -> str:
    lines = ["# policykg tables: codebook", "",
             f"policykg {__version__}. One row per fact. CSV files are UTF-8 with a byte-order mark (Excel opens "
             "them right), comma-separated, CRLF line ends, an empty cell for a missing value; the Parquet files "
             "hold the same rows with typed columns. `datapackage.json` says the same for machines (Frictionless "
             "Data Package). Place codes are GB/T 2260 (six digits, text); merge with yearbook data on "
             "`place_code` or `province_code`. Data licence: CC BY 4.0.", ""]
    lines += ["| table | rows | one row per |", "| --- | ---: | --- |"]
    lines += [f"| `{n}` | {c} | {TABLES[n].description} |" for n, c in counts.items()]
    for name in counts:
        table = TABLES[name]
        lines += ["", f"## {name}", "", table.description, "",
                  f"Key: {', '.join(f'`{k}`' for k in table.key)}.", "",
                  "| column | type | description |", "| --- | --- | --- |"]
        lines += [f"| `{c.name}` | {c.type} | {c.description.replace('|', '/')} |" for c in table.columns]
    return "\n".join(lines) + "\n"


def write_tables(store: Store, out_dir: Path, *, parquet: bool = True,
                 names: Iterable[str] | None = None) -> dict[str, int]:
    """Write the tables (CSV, and Parquet unless ``parquet=False``), ``codebook.md`` and ``datapackage.json``
    into ``out_dir``; return the row count of each table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = build(store, names)
    counts = {name: len(rows) for name, rows in tables.items()}
    for name, rows in tables.items():
        (out_dir / f"{name}.csv").write_bytes(to_csv(name, rows))
        if parquet:
            to_parquet(name, rows, out_dir / f"{name}.parquet")
    (out_dir / "codebook.md").write_text(codebook(counts), encoding="utf-8")
    (out_dir / "datapackage.json").write_text(json.dumps(datapackage(counts, parquet=parquet), ensure_ascii=False,
                                                         indent=2) + "\n", encoding="utf-8")
    return counts
