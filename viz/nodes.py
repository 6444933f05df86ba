"""What a node of a network view is: its kind (from its RDF class), its label and its key values.

Every view builds a networkx graph whose node ids are IRIs (or ``agg:...`` ids for aggregates) and whose
node attributes come from :func:`describe`, one SPARQL query for any set of IRIs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from policykg.namespaces import DCTERMS, PK, PKR, RDF, RDFS, SKOS, sparql_prefixes
from policykg.store import Store

#: RDF class -> node kind, in priority order (a cited document stub is a "citation", see below).
KIND_OF_CLASS: tuple[tuple[str, str], ...] = (
    (str(PK.Goal), "goal"),
    (str(PK.Task), "task"),
    (str(PK.Incentive), "incentive"),
    (str(PK.AgencyType), "agency_type"),
    (str(PK.Agency), "agency"),
    (str(PK.PolicyDocument), "document"),
    (str(PK.City), "city"),
    (str(PK.Province), "province"),
    (str(PK.CountyRegion), "region"),
    (str(PK.Region), "region"),
    (str(PK.Indicator), "indicator"),
    (str(PK.Industry), "industry"),
    (str(PK.AwardProgram), "award"),
    (str(PK.Designation), "designation"),
    (str(PK.PolicyInstrument), "instrument"),
    (str(PK.Duty), "duty"),
    (str(PK.DevelopmentZone), "zone"),
    (str(PK.QualityDomain), "domain"),
    (str(PK.Section), "section"),
    (str(PK.Mention), "mention"),
    (str(PK.Evidence), "evidence"),
)

#: Kinds that are provenance or outline, not things: views leave them out (their quotes go into tooltips).
HIDDEN_KINDS = frozenset({"evidence", "mention", "section"})

#: Human names of the kinds, for legends and panels.
KIND_NAMES: dict[str, str] = {
    "document": "document 文件", "citation": "cited document 引用文件", "goal": "goal 目标",
    "task": "task 任务", "agency": "agency 机构", "agency_type": "agency type 职能类型",
    "city": "city 城市", "province": "province 省份", "region": "region 地区", "indicator": "indicator 指标",
    "industry": "industry 产业", "award": "award program 奖项", "designation": "designation 称号",
    "incentive": "incentive 奖励", "section": "section 章节", "evidence": "evidence 证据",
    "instrument": "policy instrument 政策工具", "duty": "duty 职责", "zone": "development zone 开发区",
    "domain": "quality domain 质量领域", "mention": "mention 提及",
    "group": "group of nodes 节点组", "other": "other 其他",
}

COMPARATORS = {"AtLeast": "≥", "MoreThan": ">", "AtMost": "≤", "LessThan": "<", "Exactly": "="}


@dataclass(frozen=True)
class NodeInfo:
    """One node's display facts. ``values`` are (name, value) pairs shown in tooltips and the panel."""

    iri: str
    kind: str
    label: str
    values: tuple[tuple[str, str], ...] = ()
    quote: str = ""
    document: str = ""          # IRI of the document that states it, when one does
    agency_type: str = ""       # IRI of an agency's type
    agency_type_label: str = ""
    year: int | None = None

    def attrs(self) -> dict[str, object]:
        """Node attributes for a networkx graph."""
        return {"iri": self.iri, "kind": self.kind, "label": self.label, "values": self.values,
                "quote": self.quote, "document": self.document, "agency_type": self.agency_type,
                "agency_type_label": self.agency_type_label, "year": self.year}


def kind_of(types: Iterable[str], *, has_source: bool = False) -> str:
    present = set(types)
    for cls, kind in KIND_OF_CLASS:
        if cls in present:
            return "document" if kind == "document" and has_source else ("citation" if kind == "document"
                                                                         else kind)
    return "other"


def local_name(iri: str) -> str:
    if iri.startswith(str(PKR)):
        return iri[len(str(PKR)):]
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri


def _decimal(text: str) -> str:
    return text[:-2] if text.endswith(".0") else text


#: Each node's own facts, one row per fact (a single query with an OPTIONAL per fact multiplied them: a document
#: cited by 500 plans has 500 evidence quotes, 500 mentions, titles ..., and their product took minutes).
_FACTS = """
SELECT ?n ?p ?o WHERE {
  VALUES ?n { %s }
  ?n ?p ?o FILTER(?p IN (rdf:type, skos:prefLabel, rdfs:label, dcterms:title, pk:indicatorLabel, pk:targetValue,
                         pk:targetValueMax, pk:unit, pk:targetYear, pk:comparator, pk:qualitativeTarget, pk:number,
                         pk:deadline, pk:inDocument, pk:sourceFile, pk:docNumber, dcterms:issued, pk:agencyType,
                         pk:amount, pk:level, dcterms:description))
}
"""
_QUOTES = """
SELECT ?n (MIN(?q) AS ?quote) WHERE { VALUES ?n { %s } ?n pk:evidence/pk:quote ?q } GROUP BY ?n
"""
_MENTION_QUOTES = """
SELECT ?n (MIN(?q) AS ?quote) WHERE { VALUES ?n { %s } ?m pk:mentionOf ?n ; pk:evidence/pk:quote ?q } GROUP BY ?n
"""
_TYPE_LABELS = """
SELECT ?t ?l WHERE { VALUES ?t { %s } ?t skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "zh") || LANG(?l) = "") }
"""
#: predicate -> the name :func:`_info` reads it by (the first value, in order, when there are several)
_FACT_NAMES = {
    str(SKOS.prefLabel): "prefLabel", str(RDFS.label): "rdfsLabel", str(DCTERMS.title): "title",
    str(PK.indicatorLabel): "indicatorLabel", str(PK.targetValue): "value", str(PK.targetValueMax): "valueMax",
    str(PK.unit): "unit", str(PK.targetYear): "year", str(PK.comparator): "comparator",
    str(PK.qualitativeTarget): "qualitative", str(PK.number): "number", str(PK.deadline): "deadline",
    str(PK.inDocument): "document", str(PK.sourceFile): "sourceFile", str(PK.docNumber): "docNumber",
    str(DCTERMS.issued): "issued", str(PK.amount): "amount", str(PK.level): "level",
    str(DCTERMS.description): "description"}
_LABELS = ("prefLabel", "rdfsLabel")   # only Chinese or untagged ones

_CHUNK = 800


def describe(store: Store, iris: Iterable[str]) -> dict[str, NodeInfo]:
    """Kind, label and key values of every IRI given (IRIs the store knows nothing of get kind "other").

    Where a node has several values of a fact, the first (in order) is shown."""
    given = set(iris)
    wanted = sorted(i for i in given if safe_iri(i))
    found: dict[str, NodeInfo] = {}
    prefixes = sparql_prefixes()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        values = " ".join(f"<{i}>" for i in chunk)
        facts: dict[str, dict[str, list[str]]] = {}
        for row in store.query(prefixes + _FACTS % values).rows:
            n, p, o = str(row["n"]), str(row["p"]), row["o"]
            name = "types" if p == str(RDF.type) else "agencyType" if p == str(PK.agencyType) else _FACT_NAMES[p]
            language = str(getattr(o, "language", "") or "").lower()
            if name in _LABELS and language and not (language == "zh" or language.startswith("zh-")):
                continue
            facts.setdefault(n, {}).setdefault(name, []).append(str(o))
        for row in store.query(prefixes + _QUOTES % values).rows:
            facts.setdefault(str(row["n"]), {})["quote"] = [str(row["quote"])]
        unquoted = [n for n in chunk if "quote" not in facts.get(n, {})]
        if unquoted:
            for row in store.query(prefixes + _MENTION_QUOTES % " ".join(f"<{i}>" for i in unquoted)).rows:
                facts.setdefault(str(row["n"]), {})["mentionQuote"] = [str(row["quote"])]
        types = sorted({t for f in facts.values() for t in f.get("agencyType", ()) if safe_iri(t)})
        type_labels: dict[str, list[str]] = {}
        for start_t in range(0, len(types), _CHUNK):
            part = " ".join(f"<{t}>" for t in types[start_t:start_t + _CHUNK])
            for row in store.query(prefixes + _TYPE_LABELS % part).rows:
                type_labels.setdefault(str(row["t"]), []).append(str(row["l"]))
        for n, f in facts.items():
            fields: dict[str, str] = {"n": n, "types": " ".join(sorted(set(f.get("types", ()))))}
            fields.update({name: min(vals) for name, vals in f.items() if name not in ("types", "agencyType")})
            labelled = sorted((label, t) for t in f.get("agencyType", ()) for label in type_labels.get(t, ()))
            if labelled:
                fields["agencyTypeLabel"], fields["agencyType"] = labelled[0]
            elif f.get("agencyType"):
                fields["agencyType"] = min(f["agencyType"])
            info = _info(fields)
            found[info.iri] = info
    for iri in given:
        found.setdefault(iri, NodeInfo(iri=iri, kind="other", label=local_name(iri)))
    return found


def safe_iri(iri: str) -> bool:
    """An IRI that can be written between <> in a query (the rest cannot name a node anyway)."""
    return bool(iri) and not any(c in iri for c in '<>"{}|^`\\ \n\r\t')


def _info(row: Mapping[str, object]) -> NodeInfo:
    r = {k: str(v) for k, v in row.items()}
    iri = r["n"]
    kind = kind_of(r.get("types", "").split(), has_source="sourceFile" in r)
    values: list[tuple[str, str]] = []
    label = r.get("prefLabel") or r.get("rdfsLabel") or r.get("title") or r.get("description") or ""
    year: int | None = None
    if "year" in r and r["year"][:4].isdigit():
        year = int(r["year"][:4])
    if kind == "goal":
        label = r.get("indicatorLabel") or label or "goal"
        if "value" in r:
            figure = _decimal(r["value"]) + (f"–{_decimal(r['valueMax'])}" if "valueMax" in r else "")
            cmp = COMPARATORS.get(local_name(r.get("comparator", "")), "")
            values.append(("target", f"{cmp}{figure}{r.get('unit', '')}"))
        if "qualitative" in r:
            values.append(("aim", r["qualitative"]))
        if year is not None:
            values.append(("year", str(year)))
    elif kind == "task":
        number = r.get("number", "")
        label = f"{number} {label}".strip() or "task"
        if "deadline" in r:
            values.append(("deadline", r["deadline"]))
    elif kind in ("document", "citation"):
        for name, key in (("file", "sourceFile"), ("文号", "docNumber"), ("issued", "issued")):
            if key in r:
                values.append((name, r[key]))
        label = label or r.get("docNumber") or r.get("sourceFile") or local_name(iri)
    elif kind == "incentive" and "amount" in r:
        values.append(("amount (yuan)", _decimal(r["amount"])))
    if "agencyTypeLabel" in r:
        values.append(("agency type", r["agencyTypeLabel"]))
    if "level" in r:
        values.append(("level", local_name(r["level"])))
    return NodeInfo(iri=iri, kind=kind, label=label or local_name(iri), values=tuple(values),
                    quote=r.get("quote") or r.get("mentionQuote", ""), document=r.get("document", ""),
                    agency_type=r.get("agencyType", ""), agency_type_label=r.get("agencyTypeLabel", ""), year=year)
