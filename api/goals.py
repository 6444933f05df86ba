"""/goals: quantified targets across documents, filtered by city, indicator, year and agency type."""

from __future__ import annotations

import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from rdflib import Literal, URIRef

from policykg.sparql import sparql_term

from . import facts
from .views import respond

router = APIRouter(tags=["goals"])
IRI = re.compile(r'https?://[^\s<>"{}|^`\\]+')


class GoalList(BaseModel):
    total: int = Field(examples=[104])
    offset: int = 0
    limit: int = 100
    items: list[facts.GoalOut]


def pattern(city: str | None, indicator: str | None, year: int | None, agency_type: str | None) -> str:
    """The filters as SPARQL, values written as escaped terms, so the engine does the narrowing (the view
    checks each filter again on what comes back)."""
    parts = []
    if city is not None:
        parts.append(f"?doc pk:city ?filterCity . ?filterCity rdfs:label {sparql_term(Literal(city))} .")
    if year is not None:
        parts.append(f"?goal pk:targetYear ?filterYear FILTER(STR(?filterYear) = {sparql_term(Literal(str(year)))})")
    if agency_type is not None and IRI.fullmatch(agency_type):
        parts.append(f"?goal pk:owner ?filterOwner . ?filterOwner pk:agencyType {sparql_term(URIRef(agency_type))} .")
    if indicator is not None and IRI.fullmatch(indicator):
        parts.append(f"?goal pk:indicator {sparql_term(URIRef(indicator))} .")
    elif indicator is not None:
        parts.append(f"FILTER(CONTAINS(?label, {sparql_term(Literal(indicator))}))")
    return "\n".join(parts)


@router.get("/goals", response_model=GoalList, summary="Goals, filtered",
            description="Quantified goals with figure, unit, comparator, year, owners and evidence. Filters combine: "
                        "`city` (label), `indicator` (a pk:Indicator IRI, or text contained in the indicator as "
                        "written), `year` (target year) and `agencyType` (an owner's pk:AgencyType IRI).")
def list_goals(request: Request,
               city: str | None = Query(None, description="the city's label", examples=["鄂州市"]),
               indicator: str | None = Query(None, description="indicator IRI, or part of the indicator as written",
                                             examples=["合格率"]),
               year: int | None = Query(None, description="target year", examples=[2020]),
               agencyType: str | None = Query(None, description="an owner's pk:AgencyType IRI"),
               offset: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)) -> Response:
    found = [g for g in facts.goals(request.app.state.store, pattern(city, indicator, year, agencyType))
             if (city is None or g.city == city)
             and (indicator is None or (g.indicator is not None and g.indicator.iri == indicator)
                  or indicator in g.indicatorLabel)
             and (year is None or g.targetYear == year)
             and (agencyType is None or any(t.iri == agencyType for t in g.agencyTypes))]
    if request.query_params.get("format") == "csv" and "limit" not in request.query_params:
        limit = max(len(found), 1)  # a CSV is the whole filtered table unless a page is asked for
    page = GoalList(total=len(found), offset=offset, limit=limit, items=found[offset:offset + limit])
    return respond(request, page, "Goals")
