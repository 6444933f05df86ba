"""/tables: the tidy tables of ``policykg tables`` over HTTP (``/tables/goals.csv``, ``.parquet``), with the
codebook and the Frictionless ``datapackage.json``."""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from policykg import tables
from policykg.errors import NotFound

router = APIRouter(tags=["tables"])


@router.get("/tables", summary="The tidy tables on offer",
            description="The tables `policykg tables` writes (one row per fact, each with document, place and GB/T "
                        "2260 code, year and evidence quote), with links to each as CSV and Parquet.")
def list_tables() -> JSONResponse:
    return JSONResponse({"tables": [
        {"name": t.name, "description": t.description, "csv": f"/tables/{t.name}.csv",
         "parquet": f"/tables/{t.name}.parquet", "columns": [c.name for c in t.columns]}
        for t in tables.TABLES.values()],
        "codebook": "/tables/codebook.md", "datapackage": "/tables/datapackage.json"})


@router.get("/tables/codebook.md", summary="The codebook of the tidy tables", response_class=PlainTextResponse)
def get_codebook(request: Request) -> PlainTextResponse:
    counts = {name: len(rows) for name, rows in tables.build(request.app.state.store).items()}
    return PlainTextResponse(tables.codebook(counts), media_type="text/markdown; charset=utf-8")


@router.get("/tables/datapackage.json", summary="The tables as a Frictionless Data Package")
def get_datapackage(request: Request) -> JSONResponse:
    counts = {name: len(rows) for name, rows in tables.build(request.app.state.store).items()}
    return JSONResponse(tables.datapackage(counts, parquet=True))


@router.get("/tables/{file}", summary="One tidy table as CSV or Parquet",
            description="`goals.csv`, `tasks.parquet`, ...: CSV is UTF-8 with a byte-order mark (Excel reads it "
                        "right); Parquet has typed columns. Tables: " + ", ".join(tables.TABLES) + ".",
            responses={200: {"content": {"text/csv": {}, "application/vnd.apache.parquet": {}}},
                       404: {"description": "no such table"}})
def get_table(request: Request, file: str = Path(description="table name and suffix", examples=["goals.csv"])
              ) -> Response:
    name, _, suffix = file.rpartition(".")
    if name not in tables.TABLES or suffix not in ("csv", "parquet"):
        raise NotFound(f"no table file {file!r}; /tables lists them", detail={"file": file})
    rows = tables.build(request.app.state.store, [name])[name]
    disposition = {"Content-Disposition": f'attachment; filename="{file}"'}
    if suffix == "csv":
        return Response(tables.to_csv(name, rows), media_type="text/csv; charset=utf-8", headers=disposition)
    with tempfile.TemporaryDirectory() as tmp:
        path = FilePath(tmp) / file
        tables.to_parquet(name, rows, path)
        return Response(path.read_bytes(), media_type="application/vnd.apache.parquet", headers=disposition)
