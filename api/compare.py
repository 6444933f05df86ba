"""Cross-city comparisons over HTTP: /compare/indicators, /cities, /agencies, /diffusion, /central.

JSON by default; a browser (Accept: text/html) gets a page with a server-side SVG chart and the table.
The analyses themselves live in :mod:`policykg.analysis.compare`; they run in a worker process under a
deadline and are cached per store version (:mod:`.pagecache`): the ``build_*`` functions are what the
workers run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg.analysis import compare as cmp
from policykg.analysis.plans import fmt
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


def page(title: str, intro: str, chart: str, table: cmp.Table, note: str = "") -> str:
    """``note`` (HTML) says which rows the table shows, above and below it."""
    nav = "".join(f'<a href="/compare/{escape(p)}">{escape(label)}</a>' for p, label in PAGES)
    return (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{escape(title)} · policykg'
            f"</title><style>{STYLE} svg{{max-width:100%;height:auto;margin:1em 0}}</style></head><body>"
            f"<nav>{nav}</nav><h1>{escape(title)}</h1><p>{escape(intro)}</p>{chart}{note}{table_html(table)}{note}"
            "</body></html>")


def answer(html: bool, data: Callable[[], Any], title: str, intro: str, chart: Callable[[], str],
           table: Callable[[], cmp.Table], *, paging: tuple[int, int | None, str, str] | None = None) -> Rendered:
    """The page (chart and table; with ``paging`` = (offset, limit, noun, href) the table's rows from offset) or
    the JSON; each is built only when asked for."""
    if html:
        shown, note = table(), ""
        if paging is not None:
            offset, limit, noun, href = paging
            shown, note = paged(shown, offset, limit or PAGE_ROWS, noun, href)
        return Rendered(page(title, intro, chart(), shown, note).encode(), "text/html; charset=utf-8")
    return Rendered(json.dumps(data(), ensure_ascii=False, separators=(",", ":")).encode(), "application/json")


def _truncate(text: str, n: int = 18) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


#: Rows of a page's table shown at once (``?offset=`` and ``?limit=`` page through the rest).
PAGE_ROWS = 50
#: What the routes say about paging, in the OpenAPI description.
PAGING = ("The HTML page shows `limit` rows of its table from `offset` (50 by default) with links to the next and "
          "previous rows; the JSON has every row unless `limit` is given, and then says `total`, `offset` and "
          "`limit`.")
Offset = Annotated[int, Query(ge=0, description="First row of the table (HTML) or of the list (JSON) to show")]
Limit = Annotated[int | None, Query(ge=1, le=1000, description="Rows to show: 50 on the page by default, "
                                                                 "every row in JSON by default")]


def paged(table: cmp.Table, offset: int, limit: int, noun: str, href: str) -> tuple[cmp.Table, str]:
    """The rows of ``table`` from ``offset`` (at most ``limit``) and a line that says which, with links."""
    total = len(table.rows)
    shown = table.rows[offset:offset + limit]
    if total <= limit and offset == 0:
        return table, ""
    join = "&" if "?" in href else "?"
    links = []
    if offset > 0:
        links.append(f'<a href="{escape(href)}{join}offset={max(0, offset - limit)}&amp;limit={limit}">previous</a>')
    if offset + limit < total:
        links.append(f'<a href="{escape(href)}{join}offset={offset + limit}&amp;limit={limit}">next</a>')
    span = f"{offset + 1:,}–{offset + len(shown):,}" if shown else "none"
    note = f'<p class="paging">showing {span} of {total:,} {escape(noun)}; {" · ".join(links)}</p>'
    return cmp.Table(table.head, shown), note


def sliced(data: dict[str, Any], key: str, offset: int, limit: int | None) -> dict[str, Any]:
    """JSON: every item of ``data[key]``, or with ``limit`` the items from ``offset`` and the total."""
    if limit is None and offset == 0:
        return data
    items = data[key]
    end = len(items) if limit is None else offset + limit
    return {**data, key: items[offset:end], "total": len(items), "offset": offset, "limit": limit}


@router.get("", summary="The cross-city analyses on offer")
def index(request: Request) -> Response:
    rows = tuple((f"/compare/{p}", label) for p, label in PAGES)
    if wants_html(request):
        links = "".join(f'<li><a href="{escape(href)}">{escape(label)}</a></li>' for href, label in rows)
        return HTMLResponse(page("Comparing cities 城市对比", "Cross-city analyses of the ingested plans.",
                                 f"<ul>{links}</ul>", cmp.Table((), ())))
    return JSONResponse({"analyses": [{"href": href, "title": label} for href, label in rows]})


# --- indicators -------------------------------------------------------------------------------------

def _busiest(places: tuple[str, ...], filled: list[list[bool]], n: int) -> list[int]:
    """The indexes of the (at most) ``n`` columns with the most filled cells, in their order."""
    if len(places) <= n:
        return list(range(len(places)))
    counts = [sum(1 for row in filled if row[j]) for j in range(len(places))]
    keep = sorted(sorted(range(len(places)), key=lambda j: (-counts[j], j))[:n])
    return keep


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
        if len(labels) == MAX_CHART_ROWS:
            break
    title = "Targets of indicators set by two or more places (colour: rank within the row)"
    cols = _busiest(result.places, [[v is not None for v in row] for row in values], MAX_CHART_ROWS)
    if len(cols) < len(result.places):
        title += f"; the {len(cols)} places with the most of these targets, of {len(result.places):,}"
    return charts.heatmap(labels, [result.places[j] for j in cols],
                          charts.scale_rows([[row[j] for j in cols] for row in values]),
                          [[row[j] for j in cols] for row in texts], title=title)


#: Places an indicator row of the page names (the table's other places are counted, not listed).
MAX_ROW_PLACES = 12


def indicators_table(result: cmp.IndicatorComparison) -> cmp.Table:
    """The page's table: one row per indicator, its places' targets in one cell (at most MAX_ROW_PLACES),
    rather than one column per place (260 columns at 1,000 documents)."""
    if len(result.places) <= MAX_ROW_PLACES:
        return result.table()
    rows = []
    for r in result.rows:
        cells = [f"{place}: " + "; ".join(dict.fromkeys(t.text() for t in ts))
                 for place, ts in r.targets[:MAX_ROW_PLACES]]
        if r.places > MAX_ROW_PLACES:
            cells.append(f"… and {r.places - MAX_ROW_PLACES:,} more places (JSON has all)")
        label = r.label + (" (provincial plans)" if r.tier == "provincial" else "")
        rows.append((label, r.domain, str(r.places), " · ".join(cells), fmt(r.spread)))
    return cmp.Table(("indicator", "domain", "places", f"targets (first {MAX_ROW_PLACES} places)", "spread"),
                     tuple(rows))


@router.get("/indicators", summary="One row per canonical indicator, one column per city", description=PAGING)
async def indicators(request: Request, min_places: Annotated[int, Query(ge=1, le=50)] = 1,
                     min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0, offset: Offset = 0,
                     limit: Limit = None) -> Response:
    return await built(request, f"{__name__}:build_indicators", html=wants_html(request), min_places=min_places,
                       min_confidence=min_confidence, offset=offset, limit=limit)


def build_indicators(store: Store, *, html: bool, min_places: int, min_confidence: float, offset: int = 0,
                     limit: int | None = None) -> Rendered:
    result = cmp.compare_indicators(store, min_places=min_places, min_confidence=min_confidence)
    href = f"/compare/indicators?min_places={min_places}&min_confidence={min_confidence:g}"
    return answer(html, lambda: sliced(result.data(), "rows", offset, limit), "Indicator comparison 指标对比",
                  "Each plan's target for each canonical indicator (comparator, value, unit and target year), "
                  "and the spread of the places' headline targets.",
                  lambda: indicators_chart(result), lambda: indicators_table(result),
                  paging=(offset, limit, "indicators", href))


# --- cities -----------------------------------------------------------------------------------------

def cities_chart(result: cmp.CitySimilarity) -> str:
    """The similarity heatmap: every place, or above MAX_CHART_ROWS the places of the most similar pairs."""
    places = result.places
    title = "City similarity (weighted Jaccard; colour relative to the most similar pair)"
    if len(places) > MAX_CHART_ROWS:
        chosen: dict[str, None] = {}
        for p in result.pairs:
            for place in (p.a, p.b):
                if len(chosen) < MAX_CHART_ROWS:
                    chosen[place] = None
            if len(chosen) >= MAX_CHART_ROWS:
                break
        rank = {place: i for i, place in enumerate(places)}
        places = tuple(sorted(chosen, key=rank.__getitem__))
        title += f"; the {len(places)} places of the most similar pairs, of {len(result.places):,}"
    off = [[None if i == j else v for j, v in enumerate(row)] for i, row in enumerate(result.matrix(places))]
    return charts.heatmap(places, places, charts.scale_all(off),
                          [["—" if v is None else f"{v:.2f}" for v in row] for row in off], title=title)


@router.get("/cities", summary="Weighted Jaccard similarity of every pair of cities, with what they share",
            description=PAGING + " The list is `pairs`, most similar first.")
async def cities(request: Request, top: Annotated[int, Query(ge=1, le=200)] = 10, offset: Offset = 0,
                 limit: Limit = None) -> Response:
    return await built(request, f"{__name__}:build_cities", html=wants_html(request), top=top, offset=offset,
                       limit=limit)


def build_cities(store: Store, *, html: bool, top: int, offset: int = 0, limit: int | None = None) -> Rendered:
    result = cmp.compare_cities(store)
    return answer(html, lambda: sliced(result.data(top), "pairs", offset, limit), "City similarity 城市相似度",
                  "Weighted Jaccard over indicators, instruments, awards, designations, industries, citations "
                  "and agency types; the items each pair shares, heaviest and rarest first.",
                  lambda: cities_chart(result), lambda: result.table(top),
                  paging=(offset, limit, "pairs", f"/compare/cities?top={top}"))


# --- agencies ---------------------------------------------------------------------------------------

#: Places each of the agency page's three heatmaps shows (the busiest), of every place.
MAX_AGENCY_PLACES = 20


def agencies_chart(result: cmp.AgencyLoad) -> str:
    chart = ""
    for field, name in (("goals", "goals owned"), ("led", "tasks led"), ("supported", "tasks supported")):
        types, grid = result.grid(field)
        kept = [(t, row) for t, row in zip(types, grid, strict=True) if any(row)][:MAX_CHART_ROWS]
        if kept:
            cols = _busiest(result.places, [[bool(v) for v in row] for _t, row in kept], MAX_AGENCY_PLACES)
            title = f"{name} per agency type and place"
            if len(cols) < len(result.places):
                title += f"; the {len(cols)} places with the most types at work, of {len(result.places):,}"
            chart += charts.heatmap([t for t, _row in kept], [result.places[j] for j in cols],
                                    charts.scale_all([[float(row[j]) for j in cols] for _t, row in kept]),
                                    [[str(row[j]) if row[j] else "" for j in cols] for _t, row in kept],
                                    title=title)
    return chart


@router.get("/agencies", summary="Goals owned and tasks led and supported, per city and agency type",
            description=PAGING + " The list is `rows` (`totals` is whole).")
async def agencies(request: Request, lineage: bool = True, offset: Offset = 0, limit: Limit = None) -> Response:
    return await built(request, f"{__name__}:build_agencies", html=wants_html(request), lineage=lineage,
                       offset=offset, limit=limit)


def build_agencies(store: Store, *, html: bool, lineage: bool, offset: int = 0, limit: int | None = None,
                   ) -> Rendered:
    result = cmp.agency_load(store, lineage=lineage)
    return answer(html, lambda: sliced(result.data(), "rows", offset, limit), "Agency-function load 部门职能负荷",
                  "For each place and agency type: goals its agencies own, tasks they lead, tasks they support. "
                  "Types the 2018 reform dissolved count as their successors (质监局 → 市场监督管理) unless "
                  "?lineage=false.", lambda: agencies_chart(result), result.table,
                  paging=(offset, limit, "rows (totals first, then per place)",
                          f"/compare/agencies?lineage={str(lineage).lower()}"))


# --- diffusion --------------------------------------------------------------------------------------

@router.get("/diffusion", summary="First document that states each indicator, instrument, award or designation",
            description=PAGING)
async def diffusion(request: Request, kind: str | None = None, offset: Offset = 0, limit: Limit = None) -> Response:
    if kind not in (None, *cmp.DIFFUSION_KINDS):
        raise BadParameter(f"kind must be one of {', '.join(cmp.DIFFUSION_KINDS)}, not {kind!r}",
                           detail={"kind": kind})
    return await built(request, f"{__name__}:build_diffusion", html=wants_html(request), kind=kind, offset=offset,
                       limit=limit)


def diffusion_chart(result: cmp.DiffusionTable) -> str:
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
    return charts.heatmap([f"{_truncate(d.label)} ({d.kind[:4]})" for d in rows], cols, charts.scale_all(grid),
                          texts, title="Places adopting each item, by year of the plan")


#: Later (and undated) adopters a diffusion row of the page names; the rest are counted (the JSON has all).
MAX_LATER = 20


def diffusion_table(result: cmp.DiffusionTable) -> cmp.Table:
    """The analysis' table, with the later and undated adopters' cells cut to MAX_LATER places each."""
    table = result.table()

    def cut(cell: str) -> str:
        names = cell.split("、") if cell else []
        if len(names) <= MAX_LATER:
            return cell
        return "、".join(names[:MAX_LATER]) + f" … and {len(names) - MAX_LATER:,} more (JSON has all)"

    later, undated = table.head.index("later"), table.head.index("undated (not ranked)")
    return cmp.Table(table.head, tuple(tuple(cut(c) if j in (later, undated) else c for j, c in enumerate(row))
                                       for row in table.rows))


def build_diffusion(store: Store, *, html: bool, kind: str | None, offset: int = 0, limit: int | None = None,
                    ) -> Rendered:
    result = cmp.diffusion(store, kind=kind)
    href = "/compare/diffusion" + (f"?kind={kind}" if kind else "")
    return answer(html, lambda: sliced(result.data(), "rows", offset, limit), "Diffusion over time 扩散",
                  "The first year each canonical indicator or policy instrument appears in a plan, the places "
                  "that name it first, and the places that adopted it later.", lambda: diffusion_chart(result),
                  lambda: diffusion_table(result), paging=(offset, limit, "items", href))


# --- central nodes ----------------------------------------------------------------------------------

@router.get("/central", summary="Centrality of agency types and instruments", description=PAGING)
async def central(request: Request, top: Annotated[int, Query(ge=1, le=100)] = 15, offset: Offset = 0,
                  limit: Limit = None) -> Response:
    return await built(request, f"{__name__}:build_central", html=wants_html(request), top=top, offset=offset,
                       limit=limit)


def central_chart(result: cmp.CentralNodes, top: int) -> str:
    owners = sorted((r for r in result.rows if r.graph == "ownership" and r.kind != "indicator"),
                    key=lambda r: -r.betweenness)[:top]
    instruments = result.top("instruments", "instrument", top)
    return (charts.bars([r.label for r in owners], [r.betweenness for r in owners],
                        title="Ownership graph: betweenness of agency types (who links the functions)")
            + charts.bars([r.label for r in instruments], [r.strength for r in instruments],
                          title="Instrument graph: weighted degree of instruments"))


def build_central(store: Store, *, html: bool, top: int, offset: int = 0, limit: int | None = None) -> Rendered:
    result = cmp.central_nodes(store)
    intro = ("Degree, weighted degree, betweenness and eigenvector centrality in the ownership graph (agency "
             "types and indicators) and the instrument graph (instruments and agency types).")
    if result.sampled:
        intro += " " + result.sampled
    return answer(html, lambda: sliced(result.data(), "rows", offset, limit), "Central nodes 中心节点", intro,
                  lambda: central_chart(result, top), result.table,
                  paging=(offset, limit, "nodes", f"/compare/central?top={top}"))
