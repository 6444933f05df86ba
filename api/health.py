"""Liveness and a little about what is loaded.

Listing every named graph costs a scan of the graph index on the embedded store, and a scan of every quad
on a remote server, so the counts are kept between calls: on a store on disk until its files change (the
folder's file count, newest modification time and size: one ``scandir`` of a few dozen entries), on a
remote server for ``REMOTE_TTL`` seconds. An in-memory store is counted on every call (it is cheap there,
and what tests use).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request

from policykg.store import folder_signature

router = APIRouter(tags=["health"])

REMOTE_TTL = 10.0


@dataclass
class CountCache:
    """The last counts and the store version they were taken at (one per app, on ``app.state``)."""

    version: object = None
    found: dict[str, int] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def _version(store: object) -> object | None:
    """What changes when the store's content may have: None where counting every time is as cheap."""
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        try:
            return folder_signature(path)
        except OSError:
            return None
    if hasattr(store, "endpoint"):   # a remote server: counted at most every REMOTE_TTL seconds
        return int(time.monotonic() // REMOTE_TTL)
    return None


def counts(store: object, cache: CountCache) -> dict[str, int]:
    version = _version(store)
    with cache.lock:
        if version is not None and cache.version == version and cache.found is not None:
            return cache.found
    graphs = store.graphs()  # type: ignore[attr-defined]
    found = {"graphs": len(graphs), "documents": sum(1 for g in graphs if "/graph/doc/" in g)}
    with cache.lock:
        cache.version, cache.found = version, found
    return found


@router.get("/health", summary="Is the service up, and how much does it hold?")
def health(request: Request) -> dict[str, object]:
    from policykg import __version__

    state = request.app.state
    if not hasattr(state, "health_counts"):
        state.health_counts = CountCache()
    return {"status": "ok", "version": __version__, **counts(state.store, state.health_counts)}
