"""What the REST views share: stable IRIs and ids, small SPARQL helpers, shared response models, and the
choice between JSON and HTML (a browser that asks for text/html gets a page, everyone else JSON)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from rdflib import URIRef

from policykg.errors import NotFound
from policykg.namespaces import PKR, sparql_prefixes
from policykg.sparql import sparql_term
from policykg.store import DERIVED_GRAPH, Store

from . import html
from .negotiate import negotiate

_ID = re.compile(r"[A-Za-z0-9_.\-]{1,200}")
#: The derived graph, written into queries (see :func:`policykg.store.derive`).
DERIVED = f"<{DERIVED_GRAPH}>"


# --- response models shared by the views ---------------------------------------------------------

class Ref(BaseModel):
    """A node, by its stable IRI, with a label to show."""

    iri: str = Field(examples=["https://w3id.org/policykg/id/doc/003_2335b28b753d4964"])
    label: str | None = Field(default=None, examples=["鄂州市创建全国质量强市示范城市工作方案"])


class EvidenceOut(BaseModel):
    """The verbatim source text a fact was read from, with character offsets into the source file."""

    iri: str = Field(examples=["https://w3id.org/policykg/id/evidence/003_2335b28b753d4964/1"])
    quote: str = Field(examples=["到2020年,全市制造业产品质量合格率达到94%以上"])
    start: int | None = Field(default=None, examples=[1520])
    end: int | None = Field(default=None, examples=[1544])


# --- ids and IRIs --------------------------------------------------------------------------------

def node_iri(kind: str, node_id: str) -> str:
    """The instance IRI for ``/{kind}s/{id}``; an id that cannot be one is a 404, never a query."""
    if not _ID.fullmatch(node_id):
        raise NotFound(f"no {kind} {node_id!r}", detail={"id": node_id})
    return f"{PKR}{kind}/{node_id}"


def id_of(iri: str, kind: str) -> str:
    prefix = f"{PKR}{kind}/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri


def term(iri: str) -> str:
    """An IRI written into SPARQL, escaped (the IRIs come from :func:`node_iri` or from the store)."""
    return sparql_term(URIRef(iri))


def values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(term(i) for i in iris)} }}"


# --- querying ------------------------------------------------------------------------------------

def select(store: Store, body: str) -> list[dict[str, str]]:
    """Run a SELECT (the project's prefixes prepended); each row maps bound variables to plain strings."""
    result = store.query(sparql_prefixes() + body)
    return [{k: str(v) for k, v in row.items()} for row in result.rows]


def labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """One display label per node, from rdfs:label, skos:prefLabel, dcterms:title or pk:indicatorLabel (the
    least of them, for stability)."""
    todo = sorted(set(iris))
    if not todo:
        return {}
    result = store.query(sparql_prefixes() + f"""SELECT DISTINCT ?n ?l WHERE {{ {values("n", todo)}
        {{ ?n rdfs:label ?l }} UNION {{ ?n skos:prefLabel ?l }} UNION {{ ?n dcterms:title ?l }}
        UNION {{ ?n pk:indicatorLabel ?l }} }}""")
    best: dict[str, tuple[bool, str]] = {}
    for row in result.rows:
        lang = getattr(row["l"], "language", None) or ""
        key = (not (lang == "" or lang.lower().startswith("zh")), str(row["l"]))  # Chinese first, then the least
        if str(row["n"]) not in best or key < best[str(row["n"])]:
            best[str(row["n"])] = key
    return {n: key[1] for n, key in best.items()}


def refs(store: Store, iris: Iterable[str]) -> list[Ref]:
    unique = sorted(set(iris))
    names = labels(store, unique)
    return sorted((Ref(iri=i, label=names.get(i)) for i in unique), key=lambda r: (r.label or "", r.iri))


def grouped(rows: Iterable[dict[str, str]], key: str, value: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if key in row and value in row and row[value] not in out[row[key]]:
            out[row[key]].append(row[value])
    return out


def evidence_of(store: Store, nodes: Iterable[str]) -> dict[str, EvidenceOut]:
    todo = sorted(set(nodes))
    if not todo:
        return {}
    rows = select(store, f"""SELECT ?n ?e ?quote ?start ?end WHERE {{ {values("n", todo)}
        ?n pk:evidence ?e . ?e pk:quote ?quote OPTIONAL {{ ?e pk:start ?start }} OPTIONAL {{ ?e pk:end ?end }} }}
        ORDER BY ?n ?start""")
    out: dict[str, EvidenceOut] = {}
    for r in rows:
        out.setdefault(r["n"], EvidenceOut(iri=r["e"], quote=r["quote"], start=_int(r.get("start")),
                                           end=_int(r.get("end"))))
    return out


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


# --- JSON or HTML --------------------------------------------------------------------------------

def wants_html(request: Request) -> bool:
    """True when the client prefers a page (a browser's Accept), by the one negotiation function."""
    chosen = negotiate(request.headers.get("accept"), {"page", "results"}, default="json")
    return chosen is not None and chosen.kind == "page"


def respond(request: Request, model: BaseModel, title: str, *, intro: str = "") -> Response:
    items = getattr(model, "items", None)
    if isinstance(items, list):
        from .csv_views import csv_response, wants_csv  # ?format=csv on every list view

        if wants_csv(request):
            return csv_response(items, title.lower())
    data = model.model_dump(mode="json")
    if wants_html(request):
        return HTMLResponse(html.page(title, data, intro=intro))
    return JSONResponse(data)
