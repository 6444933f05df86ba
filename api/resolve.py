"""/id/{path}: instance IRIs under https://w3id.org/policykg/id/ resolve here, as Turtle, JSON-LD or a page."""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from policykg.errors import NotAcceptable, NotFound
from policykg.formats import FORMATS
from policykg.namespaces import PK, PKR, PREFIXES, sparql_prefixes

from . import html
from .negotiate import negotiate, offered
from .negotiate import resolve as resolve_format
from .views import labels, select, term

router = APIRouter(tags=["resolve"])
_PATH = re.compile(r"[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*")
KINDS = {"graph", "dataset", "page"}


def describe(request: Request, iri: str) -> Graph:
    """The node's own statements, and those of its evidence nodes."""
    result = request.app.state.store.query(sparql_prefixes() + f"""
        CONSTRUCT {{ {term(iri)} ?p ?o . ?o ?p2 ?o2 }} WHERE {{
          {term(iri)} ?p ?o OPTIONAL {{ ?o ?p2 ?o2 FILTER(?p = pk:evidence) }} }}""")
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for s, p, o in result.triples:
        # A simple literal is an xsd:string; write it plainly.
        graph.add((s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o))
    return graph


@router.get("/id/{path:path}", summary="Resolve an instance IRI",
            description="Describes https://w3id.org/policykg/id/{path}: Turtle by default, JSON-LD, N-Triples or "
                        "RDF/XML by Accept (or `?format=`), an HTML page for a browser.",
            responses={200: {"content": {
                "text/turtle": {"example": "pkr:doc/003_2335b28b753d4964 a pk:PolicyDocument ."},
                "application/ld+json": {}, "text/html": {}}},
                       404: {"description": "nothing is known about this IRI"}, 406: {"description": "not acceptable"}})
def resolve(request: Request,
            path: str = Path(description="the IRI's path after /id/", examples=["doc/003_2335b28b753d4964"]),
            format: str | None = Query(None, description="turtle, jsonld, ntriples, rdfxml or html")) -> Response:
    if not _PATH.fullmatch(path):
        raise NotFound(f"no such IRI: {PKR}{path}", detail={"path": path})
    iri = f"{PKR}{path}"
    # An explicit ?format= wins here, so that a page's "Turtle" link works from a browser.
    fmt = (resolve_format(format, [f for f in FORMATS if f.kind in KINDS]) if format
           else negotiate(request.headers.get("accept"), KINDS, default="turtle"))
    if fmt is None:
        raise NotAcceptable("cannot answer in the requested media type", detail={"offered": offered(KINDS)})
    graph = describe(request, iri)
    incoming = select(request.app.state.store, f"SELECT ?s ?p WHERE {{ ?s ?p {term(iri)} }} ORDER BY ?p ?s LIMIT 500")
    if not len(graph) and not incoming:
        raise NotFound(f"nothing is known about {iri}", detail={"iri": iri})
    if fmt.kind != "page":
        data = graph.serialize(format=fmt.rdflib, encoding="utf-8")
        return Response(data, media_type=fmt.media_type)
    names = labels(request.app.state.store, [iri, *(str(o) for _, _, o in graph if isinstance(o, URIRef)),
                                             *(r["s"] for r in incoming)])
    out = [{"property": _short(str(p)), "value": {"iri": str(o), "label": names.get(str(o))}
            if isinstance(o, URIRef) else str(o)} for s, p, o in sorted(graph) if str(s) == iri]
    inc = [{"from": {"iri": r["s"], "label": names.get(r["s"])}, "property": _short(r["p"])} for r in incoming]
    evidence = [{"quote": str(graph.value(e, PK.quote)), "start": str(graph.value(e, PK.start)),
                 "end": str(graph.value(e, PK.end))} for e in sorted(graph.objects(URIRef(iri), PK.evidence), key=str)
                if graph.value(e, PK.quote) is not None]
    page = {"iri": iri, "statements": out, "evidence": evidence, "referenced by": inc}
    network = escape(f"/viz/node?iri={quote(iri, safe='')}&depth=1")
    return HTMLResponse(html.page(names.get(iri, path), page,
                                  intro='<p><a href="?format=turtle">Turtle</a> · '
                                        '<a href="?format=jsonld">JSON-LD</a> · '
                                        f'<a href="{network}">neighbourhood view</a></p>'))


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri
