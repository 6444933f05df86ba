"""/search?q=: Chinese text over labels, titles, indicators and evidence quotes, ranked.

A text matches when it contains the whole query or any of its jieba tokens (two characters or more). The
score rewards the whole query as a substring, then the share of the query's tokens a text covers, with
labels above quotes and short texts above long ones. Each hit points to its node: for a quote, the node
the evidence belongs to.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from rdflib import Literal

from policykg.sparql import sparql_term

from .views import labels, respond, select

router = APIRouter(tags=["search"])
FIELDS = {"rdfs:label": ("label", 1.0), "skos:prefLabel": ("label", 1.0), "skos:altLabel": ("altLabel", 0.9),
          "dcterms:title": ("title", 1.0), "pk:indicatorLabel": ("indicator", 0.9), "pk:quote": ("quote", 0.7)}


class Hit(BaseModel):
    node: str = Field(examples=["https://w3id.org/policykg/id/goal/003_2335b28b753d4964/4"])
    label: str | None = Field(default=None, examples=["地产农产品抽查合格率"])
    kind: str | None = Field(default=None, examples=["Goal"])
    field: str = Field(examples=["indicator"])
    text: str = Field(examples=["地产农产品抽查合格率"])
    score: float = Field(examples=[2.9])


class SearchResult(BaseModel):
    q: str = Field(examples=["农产品 合格率"])
    tokens: list[str] = Field(examples=[["农产品", "合格", "合格率"]])
    total: int
    hits: list[Hit]


def tokens(q: str) -> list[str]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    words = [w.strip() for w in jieba.cut_for_search(q)]
    found = [w for w in dict.fromkeys(words) if len(w) >= 2 or (len(q.strip()) == 1 and w)]
    return found[:20]


def score(q: str, toks: list[str], text: str, weight: float) -> float:
    whole = 2.0 if q in text else 0.0
    total = sum(len(t) for t in toks) or 1
    coverage = sum(len(t) for t in toks if t in text) / total
    return round(weight * (whole + coverage) + 0.1 / (1 + len(text) / 20), 4)


def search(request: Request, q: str, limit: int) -> SearchResult:
    q = q.strip()
    toks = tokens(q)
    needles = list(dict.fromkeys([q, *toks]))
    test = " || ".join(f"CONTAINS(?text, {sparql_term(Literal(n))})" for n in needles)
    rows = select(request.app.state.store, f"""SELECT ?node ?p ?text ?owner ?class WHERE {{
        VALUES ?p {{ {" ".join(FIELDS)} }}
        ?node ?p ?text . FILTER(ISLITERAL(?text) && ({test}))
        OPTIONAL {{ ?owner pk:evidence ?node OPTIONAL {{ ?owner a ?ownerClass }} }}
        OPTIONAL {{ ?node a ?nodeClass }}
        BIND(COALESCE(?ownerClass, ?nodeClass) AS ?class)
      }}""")
    best: dict[str, Hit] = {}
    for r in rows:
        field, weight = _field(r["p"])
        node = r.get("owner", r["node"])
        hit = Hit(node=node, kind=r["class"].rsplit("#", 1)[-1] if "class" in r else None, field=field,
                  text=r["text"][:300], score=score(q, toks, r["text"], weight))
        if node not in best or hit.score > best[node].score:
            best[node] = hit
    ranked = sorted(best.values(), key=lambda h: (-h.score, len(h.text), h.node))[:limit]
    names = labels(request.app.state.store, [h.node for h in ranked])
    hits = [h.model_copy(update={"label": names.get(h.node)}) for h in ranked]
    return SearchResult(q=q, tokens=toks, total=len(best), hits=hits)


def _field(predicate: str) -> tuple[str, float]:
    from policykg.namespaces import PREFIXES

    for short, spec in FIELDS.items():
        prefix, _, local = short.partition(":")
        if predicate == PREFIXES[prefix] + local:
            return spec
    return ("text", 0.5)


@router.get("/search", response_model=SearchResult, summary="Search labels and quotes (Chinese text)",
            description="Finds nodes whose label, title, indicator or evidence quote contains the query or one of "
                        "its jieba tokens; hits are ranked and point to their nodes.")
def search_route(request: Request,
                 q: str = Query(min_length=1, max_length=100, description="the text to find",
                                examples=["农产品 合格率"]),
                 limit: int = Query(50, ge=1, le=500)) -> Response:
    return respond(request, search(request, q, limit), f"Search: {q}")
