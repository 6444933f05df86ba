"""The network pages (/viz/...) and the starting page (/) that links every view, the query page and the docs.

Pages are sent with a Content-Security-Policy that allows only their own inline scripts (by hash) and no
network access; ``?format=json`` gives the same graph as networkx node-link JSON instead.
"""

from __future__ import annotations

from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from policykg.viz import graphs, pages, safety
from policykg.viz.start import start_page, start_policy

router = APIRouter(tags=["network views"])

Many = Annotated[list[str] | None, Query(description="one value, several (repeat it), or comma-separated")]
Format = Annotated[str, Query(pattern="^(html|json)$", description="html (the page) or json (node-link graph)")]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


Aggregate = Annotated[bool | None, Query(description="fold to agency types × cities (ownership) or groups of "
                                                     "leaves: true, false, or unset (fold large graphs only)")]


def _answer(graph: nx.Graph, format: str, aggregate: bool | None) -> Response:
    graph = pages.fold(graph, force=aggregate)
    if format == "json":
        return JSONResponse(nx.node_link_data(graph, edges="links"))
    net = pages.to_network(graph, aggregate=False)
    return HTMLResponse(pages.render(net), headers=safety.security_headers(pages.page_policy(header=True)))


@router.get("/", response_class=HTMLResponse, summary="Starting page: every view, the query page and the API docs")
def start(request: Request) -> HTMLResponse:
    return HTMLResponse(start_page(request.app.state.store), headers=safety.security_headers(start_policy()))


@router.get("/viz/ownership", response_class=HTMLResponse,
            summary="Agencies and the goals they own and the tasks they lead or support",
            description="Filter by city, agency type, quality domain, target year and document. Large results are "
                        "folded to agency types × cities, with counts on the edges.")
def ownership(request: Request, city: Many = None, agency_type: Many = None, domain: Many = None,
              year: Many = None, document: Many = None,
              tasks: Annotated[bool, Query(description="include the tasks agencies lead and support")] = True,
              aggregate: Aggregate = None, format: Format = "html") -> Response:
    graph = graphs.ownership_graph(request.app.state.store, city=_split(city), agency_type=_split(agency_type),
                                   domain=_split(domain), year=_split(year), document=_split(document), tasks=tasks)
    return _answer(graph, format, aggregate)


@router.get("/viz/document/{doc_id}", response_class=HTMLResponse, summary="One document's entities")
def document(request: Request,
             doc_id: Annotated[str, Path(description="document id or file name", examples=["003_2335b28b753d4964"])],
             aggregate: Aggregate = None, format: Format = "html") -> Response:
    return _answer(graphs.document_graph(request.app.state.store, doc_id), format, aggregate)


@router.get("/viz/cities", response_class=HTMLResponse,
            summary="Cities linked by shared indicators, award programs, industries, cited documents, designations")
def cities(request: Request, format: Format = "html") -> Response:
    return _answer(graphs.city_graph(request.app.state.store), format, False)


@router.get("/viz/node", response_class=HTMLResponse, summary="The neighbourhood of any node, to a chosen depth")
def node(request: Request, iri: Annotated[str, Query(description="the node's IRI", min_length=1)],
         depth: Annotated[int, Query(ge=0, le=5, description="how many links away")] = 1,
         aggregate: Aggregate = None, format: Format = "html") -> Response:
    return _answer(graphs.neighbourhood_graph(request.app.state.store, iri, depth), format, aggregate)
