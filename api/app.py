"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from policykg import __version__
from policykg.errors import PolicyKGError
from policykg.settings import Settings
from policykg.store import Store, open_store


def error_body(code: str, message: str, status: int, detail: dict[str, object] | None = None) -> JSONResponse:
    """The one JSON error body every route returns."""
    return JSONResponse({"error": {"code": code, "message": message, "status": status, "detail": detail or {}}},
                        status_code=status)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the app for ``settings``; pass ``store`` to serve an already open store (tests)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store is None
        app.state.store = store or open_store(settings.store, endpoint=settings.endpoint,
                                              update_endpoint=settings.update_endpoint,
                                              gsp_endpoint=settings.gsp_endpoint)
        yield
        if opened:
            app.state.store.close()

    app = FastAPI(title="policykg", version=__version__, lifespan=lifespan,
                  description="SPARQL endpoint and REST views over the policykg knowledge graph.")
    app.state.settings = settings

    @app.exception_handler(PolicyKGError)
    async def _policykg_error(_request: Request, exc: PolicyKGError) -> JSONResponse:
        return error_body(exc.code, exc.message, exc.status, exc.detail)

    from . import health, ontology, sparql

    app.include_router(health.router)
    app.include_router(ontology.router)
    app.include_router(sparql.router)
    return app
