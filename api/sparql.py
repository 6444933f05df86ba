"""The SPARQL 1.1 Protocol endpoint at /sparql: read-only queries, with limits.

* Query by GET ``?query=``, by POST ``application/x-www-form-urlencoded`` (``query=``) or by POST
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` name the dataset (without
  them the default graph is the union of every graph). The answer's format is negotiated
  (:mod:`.negotiate`): ``Accept`` with q-values, then ``?format=``.
* Updates are refused (403), and so is ``SERVICE`` unless the operator allows it (:mod:`.guard`, decided
  from a real parse in the worker; the workers have no network either).
* Queries run in killable worker processes (:mod:`.executor`) under ``Settings.query_timeout``; a full
  pool answers 503 with ``Retry-After`` at once. At most ``Settings.max_rows`` rows come back: when the cap
  cut them, ``X-PolicyKG-Truncated: true`` and ``X-PolicyKG-Max-Rows`` say so, and SPARQL JSON results
  carry ``"policykg": {"truncated": true, "maxRows": N}`` beside ``head`` and ``results``.
* A query longer than ``Settings.max_query`` characters is refused (413), and so is a body longer than
  ``Settings.max_body`` bytes (:mod:`.limits`); a dataset IRI that is not an absolute IRI is a 400.
* Without a query, GET /sparql answers with the service description (:mod:`.service`), or with the
  query page (:mod:`.query_page`) when a browser asks for HTML.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from starlette.datastructures import QueryParams

from policykg.errors import (
    BadParameter,
    NotAcceptable,
    PolicyKGError,
    QueryRefused,
    StoreError,
    UnsupportedMediaType,
)
from policykg.settings import Settings

from . import query_page
from .answer import Answer
from .executor import Executor, start_executor, submit
from .limits import BodyTooLarge
from .negotiate import negotiate, offered
from .service import service_description
from .worker import QueryJob

router = APIRouter(tags=["sparql"])
router.include_router(query_page.router)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "this endpoint is read-only: SPARQL Update is refused (there is no update endpoint)"
EXAMPLE = ("PREFIX pk: <https://w3id.org/policykg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
           "SELECT ?doc ?title WHERE { ?doc pk:sourceFile ?file ; dcterms:title ?title } ORDER BY ?file")
Pairs = list[tuple[str, str]]
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def executor(request: Request) -> Executor:
    """The app's query executor, started with the app (see ``create_app``), or on first use."""
    state = request.app.state
    if getattr(state, "executor", None) is None:
        settings: Settings = state.settings
        state.executor = start_executor(state.store, workers=settings.query_workers, queue=settings.queue,
                                        isolate=not settings.allow_service)
    found: Executor = state.executor
    return found


def _values(pairs: Pairs, name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


def _graph_iris(pairs: Pairs, name: str) -> tuple[str, ...]:
    """The dataset IRIs of ``name`` (``default-graph-uri`` ...); one that is not an absolute IRI is a 400."""
    iris = tuple(_values(pairs, name))
    for iri in iris:
        try:
            ox.NamedNode(iri)
            absolute = _SCHEME.match(iri) is not None
        except ValueError:
            absolute = False
        if not absolute:
            raise BadParameter(f"{name} must be an absolute IRI, not {iri[:200]!r}", detail={name: iri[:200]})
    return iris


async def _run(request: Request, pairs: Pairs) -> Response:
    """Answer one protocol query request, whose parameters (URL and form) are ``pairs``."""
    settings: Settings = request.app.state.settings
    if _values(pairs, "update"):
        raise QueryRefused(READ_ONLY, detail={"refused": "update"})
    queries = _values(pairs, "query")
    if len(queries) != 1:
        raise PolicyKGError(f"give exactly one query (this request has {len(queries)})",
                            detail={"queries": len(queries)})
    query = queries[0]
    if len(query) > settings.max_query:
        raise BodyTooLarge(f"the query is {len(query):,} characters long; at most {settings.max_query:,} are accepted",
                           detail={"characters": len(query), "max_query": settings.max_query})
    if not query.strip():
        raise PolicyKGError("the query is empty")
    accept = request.headers.get("accept")
    formats = _values(pairs, "format")
    fmt = formats[0] if formats else None
    results = negotiate(accept, ("results",), format_param=fmt, default="json")
    graph = negotiate(accept, ("graph", "dataset"), format_param=fmt, default="turtle")
    if results is None and graph is None:
        raise NotAcceptable(f"cannot answer in any type of Accept: {accept!r} (format={fmt!r}); offered: "
                            f"{', '.join(offered(('results', 'graph', 'dataset')))}")
    job = QueryJob(query=query, default_graphs=_graph_iris(pairs, "default-graph-uri"),
                   named_graphs=_graph_iris(pairs, "named-graph-uri"),
                   results_format=results.name if results else None, graph_format=graph.name if graph else None,
                   max_rows=settings.max_rows, timeout=settings.query_timeout,
                   base_iri=str(request.url.replace(query="", fragment="")), allow_service=settings.allow_service)
    answer = await submit(executor(request), job)
    assert isinstance(answer, Answer)
    headers = {"Vary": "Accept", "X-PolicyKG-Rows": str(answer.rows),
               "X-PolicyKG-Truncated": "true" if answer.truncated else "false"}
    if answer.truncated:
        headers["X-PolicyKG-Max-Rows"] = str(settings.max_rows)
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _describe(request: Request, pairs: Pairs) -> Response:
    """GET /sparql without a query: the query page for a browser, else the service description."""
    settings: Settings = request.app.state.settings
    formats = _values(pairs, "format")
    chosen = negotiate(request.headers.get("accept"), ("page", "graph", "dataset"),
                       format_param=formats[0] if formats else None, default="turtle")
    if chosen is None:
        raise NotAcceptable("the service description comes as RDF (text/turtle, ...) or as an HTML page")
    if chosen.kind == "page":
        return query_page.page(settings)
    try:
        graphs = request.app.state.store.graphs()
    except StoreError:
        graphs = []
    endpoint = str(request.url.replace(query="", fragment=""))
    body = service_description(endpoint, graphs, settings).serialize(format=chosen.rdflib, encoding="utf-8")
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL query by GET; without a query, the service description or query page",
            responses={200: {"description": "Query results in the negotiated format",
                             "content": {"application/sparql-results+json": {}, "text/csv": {}, "text/turtle": {}}},
                       400: {"description": "Syntax error (with line and column) or a bad request"},
                       403: {"description": "Update or SERVICE refused"},
                       503: {"description": "The query ran past the time limit"}})
async def sparql_get(request: Request,
                     query: str | None = Query(None, description="a SPARQL query", examples=[EXAMPLE]),
                     format: str | None = Query(None, description="fall-back format when Accept names none",
                                                examples=["csv"])) -> Response:
    """Run ``query`` (``?query=SELECT ...``), answering in the format that the Accept header, or else
    ``format=json|xml|csv|tsv|turtle|ntriples|jsonld|trig``, asks for. Repeat ``default-graph-uri`` and
    ``named-graph-uri`` to name the dataset. Without a query: the service description (RDF), or the
    query page for a browser."""
    pairs = list(request.query_params.multi_items())
    if not _values(pairs, "query") and not _values(pairs, "update"):
        return _describe(request, pairs)
    return await _run(request, pairs)


@router.post("/sparql", summary="SPARQL query by POST (form or application/sparql-query)",
             openapi_extra={"requestBody": {"content": {
                 FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}},
                        "example": {"query": EXAMPLE}},
                 SPARQL_QUERY: {"schema": {"type": "string"}, "example": EXAMPLE}}}})
async def sparql_post(request: Request) -> Response:
    """Run the query in the request body. Updates (``update=`` or ``application/sparql-update``) are refused."""
    header = request.headers.get("content-type", "")
    media_type, *params = (p.strip() for p in header.split(";"))
    media_type = media_type.lower()
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in params
                    if p.lower().startswith("charset=")), "utf-8")
    if media_type == SPARQL_UPDATE:
        raise QueryRefused(READ_ONLY, detail={"refused": "update"})
    if media_type not in (FORM, SPARQL_QUERY):
        raise UnsupportedMediaType(
            f"POST a query as {FORM} (query=...) or as {SPARQL_QUERY}, not as {media_type or 'no media type'}",
            detail={"content_type": header})
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the SPARQL protocol takes UTF-8 request bodies, not {charset}",
                                   detail={"charset": charset})
    body = await request.body()
    pairs = list(QueryParams(request.url.query).multi_items())
    try:
        if media_type == FORM:
            pairs += parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
        else:
            pairs.append(("query", body.decode("utf-8")))
    except UnicodeDecodeError as exc:
        raise PolicyKGError(f"the request body is not UTF-8: {exc.reason} at byte {exc.start}") from None
    return await _run(request, pairs)
