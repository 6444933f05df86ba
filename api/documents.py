"""/documents and /documents/{id}: the ingested policy texts and what was read out of each."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from policykg import queries
from policykg.errors import NotFound

from . import facts
from .views import EvidenceOut, Ref, evidence_of, id_of, node_iri, refs, respond, select, term, values

router = APIRouter(tags=["documents"])


class DocumentSummary(BaseModel):
    iri: str = Field(examples=["https://w3id.org/policykg/id/doc/003_2335b28b753d4964"])
    id: str = Field(examples=["003_2335b28b753d4964"])
    sourceFile: str = Field(examples=["003_2335b28b753d4964.txt"])
    title: str | None = Field(default=None, examples=["鄂州市创建全国质量强市示范城市工作方案"])
    city: str | None = Field(default=None, examples=["鄂州市"])
    province: str | None = Field(default=None, examples=["湖北省"])
    issued: str | None = Field(default=None, examples=["2017-04-26"])
    docNumber: str | None = Field(default=None, examples=["鄂州政发〔2017〕6号"])
    goals: int = Field(examples=[81])
    tasks: int = Field(examples=[97])


class DocumentList(BaseModel):
    total: int = Field(examples=[4])
    items: list[DocumentSummary]


class DocumentDetail(DocumentSummary):
    publishers: list[Ref] = []
    agencies: list[Ref] = []
    cites: list[Ref] = []
    industries: list[Ref] = []
    awards: list[Ref] = []
    designations: list[Ref] = []
    titleEvidence: EvidenceOut | None = None
    goalList: list[facts.GoalOut] = []
    taskList: list[facts.TaskOut] = []


def summaries(request: Request) -> list[DocumentSummary]:
    result = queries.run(request.app.state.store, "documents-overview")
    out: dict[str, DocumentSummary] = {}
    for row in result.rows:
        r = {k: str(v) for k, v in row.items()}
        out.setdefault(r["doc"], DocumentSummary(
            iri=r["doc"], id=id_of(r["doc"], "doc"), sourceFile=r["sourceFile"], title=r.get("title"),
            city=r.get("city"), province=r.get("province"), issued=r.get("issued"), docNumber=r.get("docNumber"),
            goals=int(r.get("goals", 0)), tasks=int(r.get("tasks", 0))))
    return list(out.values())


@router.get("/documents", response_model=DocumentList, summary="The ingested documents",
            description="Every ingested policy document with its place, date, 文号 and the number of goals and "
                        "tasks read out of it. A browser (Accept: text/html) gets a page.")
def list_documents(request: Request) -> Response:
    items = summaries(request)
    return respond(request, DocumentList(total=len(items), items=items), "Documents")


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="One document, with what was read out",
            description="A document's metadata, goals (with owners and evidence), tasks (with lead and supporting "
                        "agencies), the agencies it names, and what it cites, targets, promotes and pursues.",
            responses={404: {"description": "no such document"}})
def get_document(request: Request,
                 doc_id: str = Path(description="the document id (the part of its IRI after /id/doc/), or its "
                                                "file name, or the file name's stem",
                                    examples=["003_2335b28b753d4964-7d7be383", "003_2335b28b753d4964.txt"]),
                 goals: bool = Query(True, description="include the goals"),
                 tasks: bool = Query(True, description="include the tasks")) -> Response:
    store = request.app.state.store
    iri = node_iri("doc", doc_id)
    listed = summaries(request)
    summary = next((d for d in listed if d.iri == iri), None) or next(
        (d for d in listed if doc_id in (d.sourceFile, d.sourceFile.rpartition(".")[0])), None)
    if summary is None:
        raise NotFound(f"no document {doc_id!r}; /documents lists them", detail={"id": doc_id})
    iri = summary.iri
    rows = select(store, f"""SELECT ?p ?o WHERE {{ {term(iri)} ?p ?o
        VALUES ?p {{ dcterms:publisher pk:mentionsAgency pk:cites pk:targetsIndustry pk:promotesAward
                    pk:pursuesDesignation }} }}""")
    by: dict[str, list[str]] = {}
    for r in rows:
        by.setdefault(r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], []).append(r["o"])
    detail = DocumentDetail(
        **summary.model_dump(),
        publishers=refs(store, by.get("publisher", [])), agencies=refs(store, by.get("mentionsAgency", [])),
        cites=refs(store, by.get("cites", [])), industries=refs(store, by.get("targetsIndustry", [])),
        awards=refs(store, by.get("promotesAward", [])), designations=refs(store, by.get("pursuesDesignation", [])),
        titleEvidence=evidence_of(store, [iri]).get(iri),
        goalList=facts.goals(store, values("doc", [iri])) if goals else [],
        taskList=facts.tasks(store, values("doc", [iri])) if tasks else [])
    return respond(request, detail, summary.title or summary.sourceFile)
