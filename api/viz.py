"""The network pages (/viz/...) and the starting page (/) that links every view, the query page and the docs.

Pages are sent with a Content-Security-Policy that allows only their own inline scripts (by hash) and no
network access; ``?format=json`` gives the same graph as networkx node-link JSON instead. Every page is
built in a worker process under a deadline and cached per store version (:mod:`.pagecache`); the
``build_*`` functions are what the workers run.
"""

from __future__ import annotations

import json
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from policykg.store import Store
from policykg.viz import aggregate as vizagg
from policykg.viz import graphs, pages, safety
from policykg.viz.start import start_page, start_policy

from .pagecache import built
from .worker import Rendered

router = APIRouter(tags=["network views"])

Many = Annotated[list[str] | None, Query(description="one value, several (repeat it), or comma-separated")]
Format = Annotated[str, Query(pattern="^(html|json)$", description="html (the page) or json (node-link graph)")]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


Aggregate = Annotated[bool | None, Query(description="fold to agency types × cities (ownership) or groups of "
                                                     "leaves: true, false, or unset (fold large graphs only)")]


def _answer(graph: nx.Graph, format: str, aggregate: bool | None) -> Rendered:
    graph = pages.fold(graph, force=aggregate)
    if format == "json":
        body = json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, separators=(",", ":"))
        return Rendered(body.encode(), "application/json")
    net = pages.to_network(graph, aggregate=False)
    return Rendered(pages.render(net).encode(), "text/html; charset=utf-8",
                    safety.security_headers(pages.page_policy(header=True)))


# --- what the workers run ---------------------------------------------------------------------------

def build_start(store: Store) -> Rendered:
    return Rendered(start_page(store).encode(), "text/html; charset=utf-8", safety.security_headers(start_policy()))


def build_ownership(store: Store, *, city: list[str], agency_type: list[str], domain: list[str], year: list[str],
                    document: list[str], tasks: bool, aggregate: bool | None, format: str) -> Rendered:
    if aggregate is not False and not (agency_type or domain or year):
        # Folded from the store's counts (viz.aggregate.ownership_by_type): no goal or task is read one by one.
        folded = vizagg.ownership_by_type(store, city=city, document=document, tasks=tasks)
        unfolded = int(folded.graph.pop("unfolded_nodes", 0))
        if aggregate or unfolded > pages.OWNERSHIP_DRAWN:
            return _answer(folded, format, aggregate)
    # Folded (asked for, or past the size that folds): only the agencies need describing. Unfolded: at most
    # OWNERSHIP_DRAWN nodes are drawn, and the page says how to see the rest.
    fold_above = None if aggregate is False else 0 if aggregate else pages.OWNERSHIP_DRAWN
    graph = graphs.ownership_graph(store, city=city, agency_type=agency_type, domain=domain, year=year,
                                   document=document, tasks=tasks, fold_above=fold_above,
                                   max_nodes=None if aggregate else pages.OWNERSHIP_DRAWN)
    folds = aggregate if aggregate is not None or graph.number_of_nodes() <= pages.OWNERSHIP_DRAWN else True
    return _answer(graph, format, folds)


def build_document(store: Store, *, doc_id: str, aggregate: bool | None, format: str) -> Rendered:
    return _answer(graphs.document_graph(store, doc_id), format, aggregate)


def build_cities(store: Store, *, format: str, province: list[str] | None = None) -> Rendered:
    return _answer(graphs.city_graph(store, province=province or None), format, False)


def build_node(store: Store, *, iri: str, depth: int, aggregate: bool | None, format: str) -> Rendered:
    return _answer(graphs.neighbourhood_graph(store, iri, depth, max_nodes=pages.MAX_DRAWN), format, aggregate)


# --- the routes -------------------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse, summary="Starting page: every view, the query page and the API docs")
async def start(request: Request) -> Response:
    return await built(request, f"{__name__}:build_start")


@router.get("/viz/ownership", response_class=HTMLResponse,
            summary="Agencies and the goals they own and the tasks they lead or support",
            description="Filter by city, agency type, quality domain, target year and document. Large results are "
                        "folded to agency types × cities, with counts on the edges.")
async def ownership(request: Request, city: Many = None, agency_type: Many = None, domain: Many = None,
                    year: Many = None, document: Many = None,
                    tasks: Annotated[bool, Query(description="include the tasks agencies lead and support")] = True,
                    aggregate: Aggregate = None, format: Format = "html") -> Response:
    return await built(request, f"{__name__}:build_ownership", city=_split(city), agency_type=_split(agency_type),
                       domain=_split(domain), year=_split(year), document=_split(document), tasks=tasks,
                       aggregate=aggregate, format=format)


@router.get("/viz/document/{doc_id}", response_class=HTMLResponse, summary="One document's entities")
async def document(request: Request,
                   doc_id: Annotated[str, Path(description="document id or file name",
                                               examples=["003_2335b28b753d4964"])],
                   aggregate: Aggregate = None, format: Format = "html") -> Response:
    return await built(request, f"{__name__}:build_document", doc_id=doc_id, aggregate=aggregate, format=format)


@router.get("/viz/cities", response_class=HTMLResponse,
            summary="Cities linked by shared indicators, award programs, industries, cited documents, designations",
            description="At national scale the places are folded to provinces; ?province= drills down to one.")
async def cities(request: Request, format: Format = "html",
                 province: Annotated[list[str] | None, Query(
                     description="only the places of this province (label, short name or IRI); without it, more "
                                 f"than {graphs.MAX_PLACES} places are folded to provinces")] = None) -> Response:
    kwargs = {"province": _split(province)} if province else {}   # the unfiltered page keeps its cache key
    return await built(request, f"{__name__}:build_cities", format=format, **kwargs)


@router.get("/viz/node", response_class=HTMLResponse, summary="The neighbourhood of any node, to a chosen depth")
async def node(request: Request, iri: Annotated[str, Query(description="the node's IRI", min_length=1)],
               depth: Annotated[int, Query(ge=0, le=5, description="how many links away")] = 1,
               aggregate: Aggregate = None, format: Format = "html") -> Response:
    return await built(request, f"{__name__}:build_node", iri=iri, depth=depth, aggregate=aggregate, format=format)
