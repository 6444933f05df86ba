"""Liveness and a little about what is loaded.

Listing every named graph costs a scan of the graph index on the embedded store, and a scan of every quad
on a remote server, so the counts are kept between calls: on a store on disk until its files change (the
folder's file count, newest modification time and size: one ``scandir`` of a few dozen entries), on a
remote server for ``REMOTE_TTL`` seconds. An in-memory store is counted on every call (it is cheap there,
and what tests use).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])

REMOTE_TTL = 10.0

_lock = threading.Lock()
_cache: dict[int, tuple[object, dict[str, int]]] = {}


def _signature(path: Path) -> tuple[int, int, int]:
    count = newest = size = 0
    with os.scandir(path) as entries:
        for entry in entries:
            st = entry.stat()
            count, newest, size = count + 1, max(newest, st.st_mtime_ns), size + st.st_size
    return count, newest, size


def _version(store: object) -> object | None:
    """What changes when the store's content may have: None where counting every time is as cheap."""
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        try:
            return _signature(path)
        except OSError:
            return None
    if hasattr(store, "endpoint"):   # a remote server: counted at most every REMOTE_TTL seconds
        return int(time.monotonic() // REMOTE_TTL)
    return None


def counts(store: object) -> dict[str, int]:
    version = _version(store)
    if version is not None:
        with _lock:
            held = _cache.get(id(store))
        if held is not None and held[0] == version:
            return held[1]
    graphs = store.graphs()  # type: ignore[attr-defined]
    found = {"graphs": len(graphs), "documents": sum(1 for g in graphs if "/graph/doc/" in g)}
    if version is not None:
        with _lock:
            _cache[id(store)] = (version, found)
    return found


@router.get("/health", summary="Is the service up, and how much does it hold?")
def health(request: Request) -> dict[str, object]:
    return {"status": "ok", **counts(request.app.state.store)}
