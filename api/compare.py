"""Cross-city comparisons over HTTP: /compare/indicators, /cities, /agencies, /diffusion, /central.

JSON by default; a browser (Accept: text/html) gets a page with a server-side SVG chart and the table.
The analyses themselves live in :mod:`policykg.analysis.compare`; they run in a worker process under a
deadline and are cached per store version (:mod:`.pagecache`): the ``build_*`` functions are what the
workers run.
"""

from __future__ import annotations

import json
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg.analysis import compare as cmp
from policykg.errors import BadParameter
from policykg.store import Store
from policykg.viz import charts

from .html import STYLE
from .pagecache import built
from .views import wants_html
from .worker import Rendered

router = APIRouter(prefix="/compare", tags=["compare"])

PAGES = (("indicators", "指标对比 indicators"), ("cities", "城市相似度 cities"), ("agencies", "部门职能负荷 agencies"),
         ("diffusion", "扩散 diffusion"), ("central", "中心节点 central"))
MAX_CHART_ROWS = 40


def table_html(table: cmp.Table) -> str:
    if not table.head:
        return ""
    head = "".join(f"<th>{escape(h)}</th>" for h in table.head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, intro: str, chart: str, table: cmp.Table) -> str:
    nav = "".join(f'<a href="/compare/{escape(p)}">{escape(label)}</a>' for p, label in PAGES)
    return (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{escape(title)} · policykg'
            f"</title><style>{STYLE} svg{{max-width:100%;height:auto;margin:1em 0}}</style></head><body>"
            f"<nav>{nav}</nav><h1>{escape(title)}</h1><p>{escape(intro)}</p>{chart}{table_html(table)}</body></html>")


def answer(html: bool, data: Any, title: str, intro: str, chart: str, table: cmp.Table) -> Rendered:
    if html:
        return Rendered(page(title, intro, chart, table).encode(), "text/html; charset=utf-8")
    return Rendered(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), "application/json")


def _truncate(text: str, n: int = 18) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@router.get("", summary="The cross-city analyses on offer")
def index(request: Request) -> Response:
    rows = tuple((f"/compare/{p}", label) for p, label in PAGES)
    if wants_html(request):
        links = "".join(f'<li><a href="{escape(href)}">{escape(label)}</a></li>' for href, label in rows)
        return HTMLResponse(page("Comparing cities 城市对比", "Cross-city analyses of the ingested plans.",
                                 f"<ul>{links}</ul>", cmp.Table((), ())))
    return JSONResponse({"analyses": [{"href": href, "title": label} for href, label in rows]})


# --- indicators -------------------------------------------------------------------------------------

def indicators_chart(result: cmp.IndicatorComparison) -> str:
    rows = [r for r in result.rows if r.places > 1]
    labels: list[str] = []
    values: list[list[float | None]] = []
    texts: list[list[str]] = []
    for r in rows:
        by_place = dict(r.targets)
        heads = [cmp.headline(by_place[p]) if p in by_place else None for p in result.places]
        if sum(1 for h in heads if h and h.value is not None) < 2:
            continue
        labels.append(_truncate(r.label))
        values.append([h.value if h else None for h in heads])
        texts.append([h.text() if h and h.value is not None else "" for h in heads])
    return charts.heatmap(labels[:MAX_CHART_ROWS], result.places, charts.scale_rows(values[:MAX_CHART_ROWS]),
                          texts[:MAX_CHART_ROWS],
                          title="Targets of indicators set by two or more places (colour: rank within the row)")


@router.get("/indicators", summary="One row per canonical indicator, one column per city")
async def indicators(request: Request, min_places: Annotated[int, Query(ge=1, le=50)] = 1,
                     min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0) -> Response:
    return await built(request, f"{__name__}:build_indicators", html=wants_html(request), min_places=min_places,
                       min_confidence=min_confidence)


def build_indicators(store: Store, *, html: bool, min_places: int, min_confidence: float) -> Rendered:
    result = cmp.compare_indicators(store, min_places=min_places, min_confidence=min_confidence)
    return answer(html, result.data(), "Indicator comparison 指标对比",
                  "Each plan's target for each canonical indicator (comparator, value, unit and target year), "
                  "and the spread of the places' headline targets.",
                  indicators_chart(result), result.table())


# --- cities -----------------------------------------------------------------------------------------

@router.get("/cities", summary="Weighted Jaccard similarity of every pair of cities, with what they share")
async def cities(request: Request, top: Annotated[int, Query(ge=1, le=200)] = 10) -> Response:
    return await built(request, f"{__name__}:build_cities", html=wants_html(request), top=top)


def build_cities(store: Store, *, html: bool, top: int) -> Rendered:
    result = cmp.compare_cities(store)
    off = [[None if i == j else v for j, v in enumerate(row)] for i, row in enumerate(result.matrix())]
    chart = charts.heatmap(result.places, result.places, charts.scale_all(off),
                           [["—" if v is None else f"{v:.2f}" for v in row] for row in off],
                           title="City similarity (weighted Jaccard; colour relative to the most similar pair)")
    return answer(html, result.data(top), "City similarity 城市相似度",
                  "Weighted Jaccard over indicators, instruments, awards, designations, industries, citations "
                  "and agency types; the items each pair shares, heaviest and rarest first.",
                  chart, result.table(top))


# --- agencies ---------------------------------------------------------------------------------------

@router.get("/agencies", summary="Goals owned and tasks led and supported, per city and agency type")
async def agencies(request: Request, lineage: bool = True) -> Response:
    return await built(request, f"{__name__}:build_agencies", html=wants_html(request), lineage=lineage)


def build_agencies(store: Store, *, html: bool, lineage: bool) -> Rendered:
    result = cmp.agency_load(store, lineage=lineage)
    chart = ""
    for field, name in (("goals", "goals owned"), ("led", "tasks led"), ("supported", "tasks supported")):
        types, grid = result.grid(field)
        kept = [(t, row) for t, row in zip(types, grid, strict=True) if any(row)][:MAX_CHART_ROWS]
        if kept:
            chart += charts.heatmap([t for t, _row in kept], result.places,
                                    charts.scale_all([[float(v) for v in row] for _t, row in kept]),
                                    [[str(v) if v else "" for v in row] for _t, row in kept],
                                    title=f"{name} per agency type and place")
    return answer(html, result.data(), "Agency-function load 部门职能负荷",
                  "For each place and agency type: goals its agencies own, tasks they lead, tasks they support. "
                  "Types the 2018 reform dissolved count as their successors (质监局 → 市场监督管理) unless "
                  "?lineage=false.", chart, result.table())


# --- diffusion --------------------------------------------------------------------------------------

@router.get("/diffusion", summary="First document that states each indicator, instrument, award or designation")
async def diffusion(request: Request, kind: str | None = None) -> Response:
    if kind not in (None, *cmp.DIFFUSION_KINDS):
        raise BadParameter(f"kind must be one of {', '.join(cmp.DIFFUSION_KINDS)}, not {kind!r}",
                           detail={"kind": kind})
    return await built(request, f"{__name__}:build_diffusion", html=wants_html(request), kind=kind)


def build_diffusion(store: Store, *, html: bool, kind: str | None) -> Rendered:
    result = cmp.diffusion(store, kind=kind)
    rows = [d for d in result.rows if d.places > 1][:MAX_CHART_ROWS]
    years = sorted({y for d in rows for y in [d.first_year, *(y for _p, y in d.later)] if y is not None})
    cols = [str(y) for y in years]
    grid: list[list[float | None]] = []
    texts: list[list[str]] = []
    for d in rows:
        per_year = {y: 0 for y in years}
        if d.first_year is not None:
            per_year[d.first_year] += len(d.first)
        for _p, y in d.later:
            if y is not None:
                per_year[y] += 1
        grid.append([float(per_year[y]) if per_year[y] else None for y in years])
        texts.append([str(per_year[y]) if per_year[y] else "" for y in years])
    chart = charts.heatmap([f"{_truncate(d.label)} ({d.kind[:4]})" for d in rows], cols, charts.scale_all(grid),
                           texts, title="Places adopting each item, by year of the plan")
    return answer(html, result.data(), "Diffusion over time 扩散",
                  "The first year each canonical indicator or policy instrument appears in a plan, the places "
                  "that name it first, and the places that adopted it later.", chart, result.table())


# --- central nodes ----------------------------------------------------------------------------------

@router.get("/central", summary="Centrality of agency types and instruments")
async def central(request: Request, top: Annotated[int, Query(ge=1, le=100)] = 15) -> Response:
    return await built(request, f"{__name__}:build_central", html=wants_html(request), top=top)


def build_central(store: Store, *, html: bool, top: int) -> Rendered:
    result = cmp.central_nodes(store)
    owners = sorted((r for r in result.rows if r.graph == "ownership" and r.kind != "indicator"),
                    key=lambda r: -r.betweenness)[:top]
    instruments = result.top("instruments", "instrument", top)
    chart = (charts.bars([r.label for r in owners], [r.betweenness for r in owners],
                         title="Ownership graph: betweenness of agency types (who links the functions)")
             + charts.bars([r.label for r in instruments], [r.strength for r in instruments],
                           title="Instrument graph: weighted degree of instruments"))
    return answer(html, result.data(), "Central nodes 中心节点",
                  "Degree, weighted degree, betweenness and eigenvector centrality in the ownership graph (agency "
                  "types and indicators) and the instrument graph (instruments and agency types).",
                  chart, result.table())
