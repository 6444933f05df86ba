"""/search?q=: full-text search over goals, tasks, duties, awards, agencies and documents (:mod:`policykg.search`).

The index (SQLite FTS5, jieba words, BM25) is synced and queried in the pages worker pool, never on the
event loop, and answers are cached per store version like the pages. Hits link to the fact (``/id/...``)
and to its evidence; snippets are HTML with the matched words in ``<mark>`` and everything else escaped.
"""

from __future__ import annotations

import json
from html import escape
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from policykg import search as fts
from policykg.namespaces import PKR
from policykg.store import Store

from .html import NAV, STYLE
from .pagecache import built
from .views import wants_html
from .worker import Rendered

router = APIRouter(tags=["search"])


class Hit(BaseModel):
    node: str = Field(examples=["https://w3id.org/policykg/id/goal/003_2335b28b753d4964-7d7be383/92"])
    url: str = Field(description="the fact's page", examples=["/id/goal/003_2335b28b753d4964-7d7be383/92"])
    kind: str = Field(examples=["goal"])
    label: str = Field(examples=["地产农产品抽检合格率"])
    label_html: str = Field(description="the label, HTML-escaped, matched words in <mark>")
    snippet_html: str = Field(description="the evidence quote around the match, HTML-escaped, matches in <mark>")
    evidence: str | None = Field(default=None, description="the evidence node (its quote and offsets)")
    evidence_url: str | None = None
    document: str
    document_label: str
    places: list[str] = Field(description="GB/T 2260 codes of the document's (or agency's) places",
                              examples=[["420000", "420700"]])
    year: str | None = Field(default=None, description="the year the document was issued", examples=["2017"])
    score: float = Field(description="BM25 (higher is better), labels weighted 8:1 against quotes")


class SearchResult(BaseModel):
    q: str = Field(examples=["首席质量官"])
    words: list[str] = Field(description="jieba's words of the query", examples=[["首席", "质量", "官"]])
    match: str | None = Field(description="phrase, all (every word), any (some word), or null: no hit",
                              examples=["phrase"])
    total: int = Field(description="matching facts (one per node)")
    limit: int
    offset: int
    hits: list[Hit]


def _url(iri: str | None) -> str | None:
    return "/id/" + iri[len(str(PKR)):] if iri and iri.startswith(str(PKR)) else None


# --- what the workers run ---------------------------------------------------------------------------

def build_search(store: Store, *, q: str, kind: list[str], city: list[str], year: list[str], document: list[str],
                 limit: int, offset: int, format: str) -> Rendered:
    found = fts.search(store, q, kind=kind, place=city, year=year, document=document, limit=limit, offset=offset)
    result = SearchResult(q=found.q, words=found.words, match=found.match, total=found.total, limit=limit,
                          offset=offset, hits=[Hit(url=_url(h.node) or h.node, evidence_url=_url(h.evidence),
                                                   **h.__dict__) for h in found.hits])
    if format == "html":
        filters = {"kind": kind, "city": city, "year": year, "document": document}
        return Rendered(page(result, filters).encode(), "text/html; charset=utf-8")
    return Rendered(json.dumps(result.model_dump(mode="json"), ensure_ascii=False).encode(), "application/json")


def page(result: SearchResult, filters: dict[str, list[str]]) -> str:
    """The results page: a form, the ranked hits with their snippets, and a pager. No scripts."""
    nav = "".join(f'<a href="{p}">{p[1:]}</a>' for p in NAV)
    kinds = "".join(f'<option value="{k}"{" selected" if k in filters["kind"] else ""}>{k}</option>'
                    for k in ["", *fts.KINDS])
    form = (f'<form method="get" action="/search"><input name="q" value="{escape(result.q)}" size="30" autofocus> '
            f'<select name="kind">{kinds}</select> '
            f'<input name="city" placeholder="place or code" value="{escape(",".join(filters["city"]))}" size="12"> '
            f'<input name="year" placeholder="year" value="{escape(",".join(filters["year"]))}" size="6"> '
            '<button>search</button></form>')
    items = []
    for h in result.hits:
        evidence = f' · <a href="{escape(h.evidence_url)}">evidence</a>' if h.evidence_url else ""
        doc = _url(h.document)
        source = f'<a href="{escape(doc)}">{escape(h.document_label or h.document)}</a>' if doc else ""
        items.append(f'<li class="hit"><span class="muted">{escape(h.kind)}</span> '
                     f'<a class="label" href="{escape(h.url)}">{h.label_html or escape(h.node)}</a>'
                     f'<div class="snippet">{h.snippet_html}</div><div class="muted">{source} · '
                     f'{escape(" ".join(h.places))} · {escape(h.year or "")}{evidence} · score {h.score:g}</div></li>')
    shown = f"{result.offset + 1}–{result.offset + len(result.hits)} of {result.total}" if result.hits else "no hits"
    how = {"phrase": "the words as a phrase", "all": "every word", "any": "some of the words"}.get(result.match or "")
    pager = []
    base = {"q": result.q, **{k: ",".join(v) for k, v in filters.items() if v}, "limit": result.limit}
    if result.offset > 0:
        pager.append(f'<a href="/search?{escape(urlencode({**base, "offset": max(0, result.offset - result.limit)}))}"'
                     ">previous</a>")
    if result.offset + len(result.hits) < result.total:
        later = urlencode({**base, "offset": result.offset + result.limit})
        pager.append(f'<a href="/search?{escape(later)}">next</a>')
    style = STYLE + "mark{background:#ffe08a}.hit{margin:.8em 0}.snippet{margin:.2em 0}ol{padding-left:1.5em}"
    return (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>Search: {escape(result.q)} · '
            f"policykg</title><style>{style}</style></head><body><nav>{nav}</nav><h1>Search</h1>{form}"
            f'<p class="muted" id="summary">{shown}{f", matching {how}" if how else ""} '
            f'(words: {escape(" / ".join(result.words))})</p><ol start="{result.offset + 1}">{"".join(items)}</ol>'
            f'<nav class="pager">{" ".join(pager)}</nav></body></html>')


# --- the route --------------------------------------------------------------------------------------

def _split(values: list[str] | None) -> list[str]:
    return sorted({v.strip() for value in values or [] for v in value.split(",") if v.strip()})


Many = Annotated[list[str] | None, Query(description="one value, several (repeat it), or comma-separated")]


@router.get("/search", response_model=SearchResult, summary="Full-text search (Chinese words, BM25 ranking)",
            description="Finds goals, tasks, duties, awards, agencies and documents whose label or evidence holds "
                        "the query's words (jieba), as a phrase if they are, else all, else any of them; ranked by "
                        "BM25 with highlighted snippets. Filter by kind, city (a place name or GB/T 2260 code, "
                        "province or prefecture), year (of the document) and document.")
async def search_route(request: Request,
                       q: Annotated[str, Query(min_length=1, max_length=200, description="the text to find",
                                               examples=["首席质量官"])],
                       kind: Annotated[list[str] | None, Query(description="goal, task, duty, award, agency, "
                                                                           "document (several allowed)")] = None,
                       city: Many = None, year: Many = None, document: Many = None,
                       limit: Annotated[int, Query(ge=1, le=500)] = 20,
                       offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
                       format: Annotated[str | None, Query(pattern="^(html|json)$")] = None) -> Response:
    chosen = format or ("html" if wants_html(request) else "json")
    kinds = [k for k in _split(kind) if k]
    unknown = [k for k in kinds if k.lower() not in fts.KINDS]
    if unknown:
        from policykg.errors import BadParameter

        raise BadParameter(f"kind: unknown {unknown[0]!r}; one of {', '.join(fts.KINDS)}",
                           detail={"kind": unknown[0], "allowed": list(fts.KINDS)})
    return await built(request, f"{__name__}:build_search", q=q.strip(), kind=kinds, city=_split(city),
                       year=_split(year), document=_split(document), limit=limit, offset=offset, format=chosen)
