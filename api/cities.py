"""/cities and /cities/{id}: the places whose plans were ingested, and what each plan covers."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from policykg.errors import NotFound

from .views import DERIVED, Ref, id_of, node_iri, refs, respond, select, term

router = APIRouter(tags=["cities"])


class CitySummary(BaseModel):
    iri: str = Field(examples=["https://w3id.org/policykg/id/region/0d7a3c1f9b2e"])
    id: str = Field(examples=["0d7a3c1f9b2e"])
    label: str | None = Field(default=None, examples=["鄂州市"])
    province: str | None = Field(default=None, examples=["湖北省"])
    documents: int = Field(examples=[1])
    goals: int = Field(examples=[81])
    tasks: int = Field(examples=[97])


class CityList(BaseModel):
    total: int = Field(examples=[3])
    items: list[CitySummary]


class CityDetail(CitySummary):
    documentList: list[Ref] = []
    agencies: list[Ref] = []
    industries: list[Ref] = []
    awards: list[Ref] = []
    designations: list[Ref] = []


def summaries(request: Request, pattern: str = "FILTER EXISTS { ?any pk:city ?c }") -> list[CitySummary]:
    """Cities with their counts; by default the cities some ingested document is about (the region
    vocabulary names every city of the country)."""
    # The counts are sums of each document's counts, precomputed at ingest in the derived graph.
    rows = select(request.app.state.store, f"""
        SELECT ?c (MIN(?l) AS ?label) (MIN(?pl) AS ?province) (MIN(?nd) AS ?docs) (MIN(?ng) AS ?goals)
               (MIN(?nt) AS ?tasks)
        WHERE {{
          ?c a pk:City . {pattern}
          OPTIONAL {{ ?c rdfs:label ?l }}
          OPTIONAL {{ {{ SELECT ?c (COUNT(DISTINCT ?doc) AS ?nd) (SUM(?g) AS ?ng) (SUM(?t) AS ?nt)
                         WHERE {{ ?doc pk:city ?c . GRAPH {DERIVED} {{ ?doc pk:goalCount ?g ; pk:taskCount ?t }} }}
                         GROUP BY ?c }} }}
          OPTIONAL {{ ?pdoc pk:city ?c ; pk:province ?p . ?p rdfs:label ?pl }}
        }} GROUP BY ?c ORDER BY ?label ?c""")
    return [CitySummary(iri=r["c"], id=id_of(r["c"], "region"), label=r.get("label"), province=r.get("province"),
                        documents=int(r.get("docs", 0)), goals=int(r.get("goals", 0)), tasks=int(r.get("tasks", 0)))
            for r in rows]


@router.get("/cities", response_model=CityList, summary="The cities whose plans were ingested",
            description="Every pk:City that an ingested document is about (pk:city), with its province and the "
                        "number of documents, goals and tasks.")
def list_cities(request: Request) -> Response:
    items = summaries(request)
    return respond(request, CityList(total=len(items), items=items), "Cities")


@router.get("/cities/{city_id}", response_model=CityDetail, summary="One city and what its plans cover",
            description="A city's documents, the agencies they name, and the industries, awards and designations "
                        "they target, promote and pursue.", responses={404: {"description": "no such city"}})
def get_city(request: Request,
             city_id: str = Path(description="the part of the city's IRI after /id/region/",
                                 examples=["0d7a3c1f9b2e"])) -> Response:
    store = request.app.state.store
    iri = node_iri("region", city_id)
    found = summaries(request, f"VALUES ?c {{ {term(iri)} }}")
    if not found:
        raise NotFound(f"no city {city_id!r}; /cities lists them", detail={"id": city_id})
    rows = select(store, f"""SELECT ?p ?o ?doc WHERE {{ ?doc pk:city {term(iri)} .
        OPTIONAL {{ ?doc ?p ?o VALUES ?p {{ pk:mentionsAgency pk:targetsIndustry pk:promotesAward
                                           pk:pursuesDesignation }} }} }}""")
    by: dict[str, list[str]] = {}
    for r in rows:
        if "p" in r:
            by.setdefault(r["p"].rsplit("#", 1)[-1], []).append(r["o"])
    detail = CityDetail(**found[0].model_dump(), documentList=refs(store, [r["doc"] for r in rows]),
                        agencies=refs(store, by.get("mentionsAgency", [])),
                        industries=refs(store, by.get("targetsIndustry", [])),
                        awards=refs(store, by.get("promotesAward", [])),
                        designations=refs(store, by.get("pursuesDesignation", [])))
    return respond(request, detail, found[0].label or city_id)
