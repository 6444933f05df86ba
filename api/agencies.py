"""/agencies and /agencies/{id}: who is responsible for what, and the same function in other cities."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from policykg import queries
from policykg.errors import NotFound

from . import facts
from .views import DERIVED, Ref, id_of, node_iri, refs, respond, select, term

router = APIRouter(tags=["agencies"])


class AgencySummary(BaseModel):
    iri: str = Field(examples=["https://w3id.org/policykg/id/agency/81cd96b1-0642562b905a"])
    id: str = Field(examples=["81cd96b1-0642562b905a"])
    label: str | None = Field(default=None, examples=["市质监局"])
    altLabels: list[str] = Field(default=[], examples=[["市质监局", "市质量技术监督局"]])
    agencyType: Ref | None = None
    jurisdiction: str | None = Field(default=None, examples=["鄂州市"])
    documents: int = Field(examples=[1])
    goalsOwned: int = Field(examples=[12])
    tasksLed: int = Field(examples=[30])
    tasksSupported: int = Field(examples=[8])


class AgencyList(BaseModel):
    total: int = Field(examples=[122])
    items: list[AgencySummary]


class Equivalent(BaseModel):
    iri: str
    label: str | None = None
    jurisdiction: str | None = None


class AgencyDetail(AgencySummary):
    mentionedIn: list[Ref] = []
    goals: list[facts.GoalOut] = []
    tasksLedList: list[facts.TaskOut] = []
    tasksSupportedList: list[facts.TaskOut] = []
    equivalents: list[Equivalent] = Field(default=[], description="agencies of the same pk:agencyType elsewhere")


def summaries(request: Request, pattern: str = "") -> list[AgencySummary]:
    # Every fact read from the derived graph: one copy of the agency's labels, type and jurisdiction, and its
    # counts precomputed at ingest (the document graphs restate an agency once per document naming it).
    rows = select(request.app.state.store, f"""
        SELECT ?a (MIN(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?alt; SEPARATOR="\\u0001") AS ?alts)
               (MIN(?t) AS ?type) (MIN(?place) AS ?jurisdiction) (MIN(?nd) AS ?docs)
               (MIN(?no) AS ?owned) (MIN(?nl) AS ?nled) (MIN(?ns) AS ?nsup)
        WHERE {{
          {pattern}
          GRAPH {DERIVED} {{
            ?a pk:mentionCount ?nd ; pk:goalsOwnedCount ?no ; pk:tasksLedCount ?nl ; pk:tasksSupportedCount ?ns .
            OPTIONAL {{ ?a rdfs:label ?l }}
            OPTIONAL {{ ?a pk:agencyType ?t }}
          }}
          OPTIONAL {{ ?a skos:altLabel ?alt }}
          OPTIONAL {{ GRAPH {DERIVED} {{ ?a pk:jurisdiction ?j }} ?j rdfs:label ?place }}
        }} GROUP BY ?a ORDER BY ?label ?a""")
    types = {r["type"] for r in rows if "type" in r}
    type_refs = {r.iri: r for r in refs(request.app.state.store, types)}
    return [AgencySummary(
        iri=r["a"], id=id_of(r["a"], "agency"), label=r.get("label"),
        altLabels=sorted(x for x in r.get("alts", "").split("\u0001") if x),
        agencyType=type_refs.get(r.get("type", "")), jurisdiction=r.get("jurisdiction"),
        documents=int(r["docs"]), goalsOwned=int(r["owned"]), tasksLed=int(r["nled"]), tasksSupported=int(r["nsup"]))
        for r in rows]


@router.get("/agencies", response_model=AgencyList, summary="The agencies the documents name",
            description="Every agency with its labels, agency type, jurisdiction, and how many goals it owns and "
                        "tasks it leads and supports. Filter by `agencyType` (an IRI) or `q` (part of a label).")
def list_agencies(request: Request,
                  agencyType: str | None = Query(None, description="a pk:AgencyType IRI",
                                                 examples=["https://w3id.org/policykg/id/agency-type/market"]),
                  q: str | None = Query(None, description="part of a label", examples=["质监"])) -> Response:
    items = [a for a in summaries(request)
             if (agencyType is None or (a.agencyType is not None and a.agencyType.iri == agencyType))
             and (q is None or any(q in x for x in [a.label or "", *a.altLabels]))]
    return respond(request, AgencyList(total=len(items), items=items), "Agencies")


@router.get("/agencies/{agency_id}", response_model=AgencyDetail, summary="One agency and its workload",
            description="Goals the agency owns, tasks it leads and supports, the documents that name it, and its "
                        "equivalents in other cities (agencies sharing its pk:agencyType).",
            responses={404: {"description": "no such agency"}})
def get_agency(request: Request,
               agency_id: str = Path(description="the part of the agency's IRI after /id/agency/",
                                     examples=["81cd96b1-0642562b905a"])) -> Response:
    store = request.app.state.store
    iri = node_iri("agency", agency_id)
    found = summaries(request, f"VALUES ?a {{ {term(iri)} }}")
    if not found:
        raise NotFound(f"no agency {agency_id!r}; /agencies lists them", detail={"id": agency_id})
    docs = select(store, f"SELECT DISTINCT ?doc WHERE {{ ?doc pk:mentionsAgency {term(iri)} }}")
    equivalents = queries.run(store, "agency-equivalents", {"agency": iri})
    detail = AgencyDetail(
        **found[0].model_dump(),
        mentionedIn=refs(store, [r["doc"] for r in docs]),
        goals=facts.goals(store, f"?goal pk:owner {term(iri)} ."),
        tasksLedList=facts.tasks(store, f"?task pk:leadAgency {term(iri)} ."),
        tasksSupportedList=facts.tasks(store, f"?task pk:supportAgency {term(iri)} ."),
        equivalents=[Equivalent(iri=str(r["equivalent"]), label=str(r.get("equivalentLabel") or "") or None,
                                jurisdiction=str(r["jurisdiction"]) if "jurisdiction" in r else None)
                     for r in equivalents.rows])
    return respond(request, detail, found[0].label or agency_id)
