"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from policykg import __version__
from policykg.backends import open_store
from policykg.errors import PolicyKGError
from policykg.settings import Settings
from policykg.store import Store

from .executor import RETRY_AFTER_S
from .limits import HtmlHeaders, Limits, uvicorn_options


def error_body(code: str, message: str, status: int, detail: dict[str, object] | None = None) -> JSONResponse:
    """The one JSON error body every route returns; a 503 says when to try again (``Retry-After``)."""
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
    return JSONResponse({"error": {"code": code, "message": message, "status": status, "detail": detail or {}}},
                        status_code=status, headers=headers)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the app for ``settings``; pass ``store`` to serve an already open store (tests)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store is None
        # Read-only: the server takes no lock, so `policykg ingest` can add documents while it serves,
        # and what it adds is answered without a restart (the store reopens when its files change).
        app.state.store = store or open_store(settings.store, endpoint=settings.endpoint,
                                              update_endpoint=settings.update_endpoint,
                                              gsp_endpoint=settings.gsp_endpoint, read_only=True)
        from .executor import start_executor  # killable workers: /sparql's queries, and the pages
        from .pagecache import PageCache

        isolate = not settings.allow_service
        app.state.executor = start_executor(app.state.store, workers=settings.query_workers, queue=settings.queue,
                                            isolate=isolate)
        app.state.pages = start_executor(app.state.store, workers=settings.page_workers, queue=settings.queue,
                                         isolate=isolate, prestart=False, follow=app.state.executor)
        app.state.page_cache = PageCache(settings.page_cache)
        app.state.executor.version()  # an in-memory store is copied for the workers now, not at the first request
        yield
        app.state.executor.close()
        app.state.pages.close()
        if opened:
            app.state.store.close()

    app = FastAPI(title="policykg", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="SPARQL endpoint and REST views over the policykg knowledge graph.")
    app.state.settings = settings
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Accept", "Content-Type"], allow_credentials=False,
                           expose_headers=["X-PolicyKG-Truncated", "X-PolicyKG-Rows", "Retry-After"], max_age=600)
    app.add_middleware(HtmlHeaders)
    app.add_middleware(Limits, max_body=settings.max_body, max_url=settings.max_url)  # outermost: first to refuse

    @app.exception_handler(PolicyKGError)
    async def _policykg_error(_request: Request, exc: PolicyKGError) -> JSONResponse:
        return error_body(exc.code, exc.message, exc.status, exc.detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable"}
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_body(codes.get(exc.status_code, "http_error"), message, exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"where": ".".join(map(str, e.get("loc", ()))), "problem": e.get("msg", "")} for e in exc.errors()]
        first = problems[0] if problems else {"where": "request", "problem": "invalid"}
        return error_body("invalid_request", f"{first['where']}: {first['problem']}", 422, {"errors": problems})

    from . import agencies, cities, compare, documents, goals, health, ontology, queries, resolve, search, sparql, viz
    from .docs_page import router as docs_router  # /docs with Swagger UI from package data (works offline)
    from .tables import router as tables_router  # /tables/{name}.csv: the tidy tables of `policykg tables`

    app.include_router(docs_router)
    app.include_router(tables_router)

    for module in (health, ontology, sparql, queries, documents, agencies, goals, cities, search, resolve, viz,
                   compare):
        app.include_router(module.router)
    return app


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the app with uvicorn, its request-line limit raised so that long URLs get the app's 414."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, **uvicorn_options(settings.max_url))  # type: ignore[arg-type]
