"""/goals: quantified targets across documents, filtered by city, indicator, year and agency type."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from . import facts
from .views import respond

router = APIRouter(tags=["goals"])


class GoalList(BaseModel):
    total: int = Field(examples=[104])
    offset: int = 0
    limit: int = 100
    items: list[facts.GoalOut]


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
    found = [g for g in facts.goals(request.app.state.store, "")
             if (city is None or g.city == city)
             and (indicator is None or (g.indicator is not None and g.indicator.iri == indicator)
                  or indicator in g.indicatorLabel)
             and (year is None or g.targetYear == year)
             and (agencyType is None or any(t.iri == agencyType for t in g.agencyTypes))]
    page = GoalList(total=len(found), offset=offset, limit=limit, items=found[offset:offset + limit])
    return respond(request, page, "Goals")
