"""/queries: the named research queries, as SPARQL text and as results (JSON, CSV, TSV or a page)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from policykg import queries, results
from policykg.errors import NotAcceptable
from policykg.formats import FORMATS
from policykg.sparql import query_form
from policykg.store import OxigraphStore

from . import html
from .negotiate import negotiate, offered
from .negotiate import resolve as resolve_format
from .views import respond

router = APIRouter(tags=["named queries"])
KINDS = {"results", "page"}
WRITABLE = {"json", "xml", "csv", "tsv", "html"}
RESERVED = {"format"}


class ParamOut(BaseModel):
    name: str = Field(examples=["city"])
    kind: str = Field(examples=["literal"])
    description: str = Field(examples=["the city's label, as in pk:City rdfs:label"])
    default: str | None = Field(default=None, examples=["鄂州市"])
    required: bool = Field(examples=[False])


class NamedQueryOut(BaseModel):
    name: str = Field(examples=["goal-owners-by-city"])
    title: str = Field(examples=["Who owns which goals in a city"])
    description: str
    params: list[ParamOut]
    results: str = Field(examples=["/queries/goal-owners-by-city"])
    sparql: str = Field(examples=["/queries/goal-owners-by-city/sparql"])


class NamedQueryList(BaseModel):
    total: int = Field(examples=[16])
    items: list[NamedQueryOut]


def describe(q: queries.NamedQuery) -> NamedQueryOut:
    return NamedQueryOut(name=q.name, title=q.title, description=q.description,
                         params=[ParamOut(name=p.name, kind=p.kind, description=p.description, default=p.default,
                                          required=p.required) for p in q.params],
                         results=f"/queries/{q.name}", sparql=f"/queries/{q.name}/sparql")


@router.get("/queries", response_model=NamedQueryList, summary="The named research queries",
            description="Every named query with its title, description and parameters.")
def list_queries(request: Request) -> Response:
    items = [describe(q) for q in queries.load_all()]
    return respond(request, NamedQueryList(total=len(items), items=items), "Named queries")


@router.get("/queries/{name}", summary="Run a named query",
            description="Runs the named query with its parameters as query-string arguments "
                        "(`/queries/goal-owners-by-city?city=鄂州市`); they are bound as RDF terms, never pasted "
                        "into the query. Answers SPARQL JSON or XML results, CSV or TSV by Accept "
                        "(or `?format=json|xml|csv|tsv`), and a table to a browser.",
            responses={200: {"content": {
                "application/sparql-results+json": {"example": {"head": {"vars": ["city", "agencyLabel"]},
                    "results": {"bindings": [{"city": {"type": "literal", "value": "鄂州市"},
                                              "agencyLabel": {"type": "literal", "value": "市质监局"}}]}}},
                "text/csv": {"example": "city,agencyLabel\n鄂州市,市质监局\n"}, "text/tab-separated-values": {}}},
                400: {"description": "a parameter is unknown, missing or not of its kind"},
                404: {"description": "no such named query"}, 406: {"description": "not acceptable"}})
def run_query(request: Request,
              name: str = Path(description="the query's name", examples=["goal-owners-by-city"]),
              format: str | None = Query(None, description="json, xml, csv, tsv or html")) -> Response:
    query = queries.get(name)
    params = {k: v for k, v in request.query_params.items() if k not in RESERVED}
    candidates = [f for f in FORMATS if f.kind in KINDS and f.name in WRITABLE]
    fmt = (resolve_format(format, candidates) if format
           else negotiate(request.headers.get("accept"), KINDS, default="json"))
    if fmt is None or fmt.name not in WRITABLE:
        raise NotAcceptable("named query results come as SPARQL JSON, XML, CSV, TSV or HTML",
                            detail={"offered": [m for m in offered(KINDS) if m.endswith(("json", "xml", "csv",
                                                                                          "values", "html"))]})
    store = request.app.state.store
    if fmt.name == "json" and isinstance(store, OxigraphStore) and query_form(query.text) == "SELECT":
        # SPARQL JSON written by the engine itself: no Python object per cell (the same document as the writer below).
        body = store.results_json(query.text, bindings=queries.bindings(query, params))
        return Response(body, media_type=fmt.media_type)
    if fmt.name != "html" and isinstance(store, OxigraphStore) and query_form(query.text) == "SELECT":
        # The embedded engine's terms straight to the endpoint's writers, not through rdflib terms and back.
        names, cells = store.solutions(query.text, bindings=queries.bindings(query, params))
        return Response(results.write_solutions(names, cells, fmt.media_type), media_type=fmt.media_type)
    result = queries.run(store, name, params)
    if fmt.name == "html":
        head, rows = results.to_table(result)
        data = [dict(zip(head, row, strict=True)) for row in rows]
        return HTMLResponse(html.page(query.title, data, intro=f"<p>{html.value(query.description)} "
                                      f'<a href="/queries/{name}/sparql">SPARQL</a></p>'))
    return Response(results.render(result, fmt.name), media_type=fmt.media_type)


@router.get("/queries/{name}/sparql", summary="A named query's SPARQL text",
            description="The query as written, with its header comments (title, description, parameters).",
            responses={200: {"content": {"application/sparql-query": {"example": "# title: ...\nSELECT ..."}}},
                       404: {"description": "no such named query"}})
def query_text(name: str = Path(description="the query's name", examples=["goal-owners-by-city"])) -> Response:
    return Response(queries.get(name).text, media_type="application/sparql-query; charset=utf-8")
