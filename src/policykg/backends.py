"""Open the store the settings name: a remote SPARQL server, or the embedded engine on disk or in memory.

It sits above both backends, so :mod:`policykg.store` and :mod:`policykg.remote` never import each other.
"""

from __future__ import annotations

from pathlib import Path

from .store import OxigraphStore, Store


def open_store(path: Path | str | None = None, *, endpoint: str | None = None,
               update_endpoint: str | None = None, gsp_endpoint: str | None = None,
               read_only: bool = False) -> Store:
    """Open the store the settings name: a remote endpoint, a folder on disk, or memory."""
    if endpoint:
        from .remote import RemoteStore

        remote: Store = RemoteStore(endpoint, update_endpoint=update_endpoint, gsp_endpoint=gsp_endpoint)
        return remote
    return OxigraphStore(path, read_only=read_only)
