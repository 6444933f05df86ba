"""GET/POST /sparql: SPARQL JSON results (the full protocol is the query-layer issue)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response

from policykg import results
from policykg.errors import PolicyKGError, QueryRefused

router = APIRouter(tags=["sparql"])
UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s[^\n]*\n\s*)*"
                    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|COPY|MOVE|ADD)\b", re.I)


def _run(request: Request, query: str | None) -> Response:
    if not query:
        raise PolicyKGError("give a SPARQL query as ?query= or in the request body")
    if UPDATE.match(query):
        raise QueryRefused("this endpoint is read-only: SPARQL Update is refused")
    result = request.app.state.store.query(query)
    return Response(results.to_json(result), media_type="application/sparql-results+json")


@router.get("/sparql", summary="Run a SPARQL query (GET)")
def sparql_get(request: Request, query: str | None = None) -> Response:
    return _run(request, query)


@router.post("/sparql", summary="Run a SPARQL query (POST)")
async def sparql_post(request: Request) -> Response:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/sparql-query"):
        return _run(request, (await request.body()).decode("utf-8"))
    form = await request.form()
    value = form.get("query")
    return _run(request, value if isinstance(value, str) else None)
