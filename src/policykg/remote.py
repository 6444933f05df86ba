"""A remote SPARQL server behind the :class:`~policykg.store.Store` interface (the query-layer issue)."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib.term import Node

from .errors import StoreError
from .store import QueryResult


class RemoteStore:
    """Queries through SPARQLWrapper; writes through the SPARQL 1.1 Graph Store Protocol."""

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None,
                 gsp_endpoint: str | None = None) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.gsp_endpoint = gsp_endpoint

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              union_default_graph: bool = True) -> QueryResult:
        raise StoreError("remote engine mode is not implemented yet")

    def replace_graph(self, graph: str, ntriples: str) -> None:
        raise StoreError("remote engine mode is not implemented yet")

    def drop_graph(self, graph: str) -> None:
        raise StoreError("remote engine mode is not implemented yet")

    def graphs(self) -> list[str]:
        raise StoreError("remote engine mode is not implemented yet")

    def dump(self, format_name: str) -> bytes:
        raise StoreError("remote engine mode is not implemented yet")

    def close(self) -> None:
        return None
