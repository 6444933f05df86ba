"""Liveness and a little about what is loaded."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])


@router.get("/health", summary="Is the service up, and how much does it hold?")
def health(request: Request) -> dict[str, object]:
    store = request.app.state.store
    graphs = store.graphs()
    from policykg import __version__

    return {"status": "ok", "version": __version__, "graphs": len(graphs),
            "documents": sum(1 for g in graphs if "/graph/doc/" in g)}
