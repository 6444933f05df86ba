"""The ontology: its Turtle and its human-readable page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from policykg.ontology import ontology_path
from policykg.ontology.page import render

router = APIRouter(tags=["ontology"])


@router.get("/ontology", summary="The ontology as a readable page", response_class=HTMLResponse)
def ontology_page() -> HTMLResponse:
    return HTMLResponse(render())


@router.get("/ontology.ttl", summary="The ontology in Turtle")
def ontology_turtle() -> Response:
    return Response(ontology_path().read_bytes(), media_type="text/turtle")
