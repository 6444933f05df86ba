"""A remote SPARQL server behind the :class:`~policykg.store.Store` interface.

Queries go through SPARQLWrapper to the query endpoint. Writes go through the SPARQL 1.1 Graph Store
Protocol (``PUT ?graph=IRI`` replaces one named graph in one request, so readers see the old graph or the
new one), or, where a server offers no Graph Store endpoint, through one SPARQL Update request on the
update endpoint. Credentials may ride in an endpoint URL (``http://user:pass@host/...``); they are sent
with HTTP digest or basic authentication, never in the URL.

The server must answer queries over the union of its named graphs as the default graph, as the
embedded store does (Oxigraph: ``oxigraph serve --union-default-graph``; Virtuoso does by default;
Fuseki: ``tdb2:unionDefaultGraph true``).

Parameter bindings are sent as a ``VALUES`` block at the start of the query's WHERE group, written
from escaped RDF terms (:func:`policykg.sparql.values_block`): values are never pasted into the query as raw text.
"""

from __future__ import annotations

import math
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from .errors import QuerySyntaxError, StoreError
from .sparql import QueryResult, Term, from_json, query_form, sparql_term, with_values
from .store import OxigraphStore

GRAPH_PREFIX = "https://w3id.org/policykg/graph/"
class RemoteStore:
    """Queries through SPARQLWrapper; writes through the SPARQL 1.1 Graph Store Protocol."""

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None,
                 gsp_endpoint: str | None = None, timeout: float = 120.0) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.gsp_endpoint = gsp_endpoint
        self.timeout = timeout

    # -- reading ----------------------------------------------------------------------------------

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              union_default_graph: bool = True, timeout: float | None = None) -> QueryResult:
        """Run a query on the server. ``timeout`` (else the store's) bounds each wait on the connection: when
        it passes, the connection is closed, so the server's request is abandoned rather than left open."""
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        text = with_values(sparql, bindings or {})
        url, user, password = _split_credentials(self.endpoint)
        client = SPARQLWrapper(url)
        client.setMethod(POST)
        client.setTimeout(max(1, math.ceil(timeout if timeout is not None else self.timeout)))
        if user is not None:
            client.setHTTPAuth("DIGEST")
            client.setCredentials(user, password)
        client.setQuery(text)
        form = query_form(text)
        # SPARQLWrapper guesses the form from the first keyword it sees, comments included ("one copy of" reads as
        # COPY, and the query is then sent as an update): the form is known here, so it is set.
        client.queryType = form
        client.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        try:
            response = client.query()
            if form in ("CONSTRUCT", "DESCRIBE"):
                graph = Graph()
                graph.parse(data=response.response.read(), format="turtle")
                return QueryResult("graph", triples=tuple(graph))  # type: ignore[arg-type]
            data: Any = response.convert()
        except QueryBadFormed as exc:
            raise QuerySyntaxError(f"the SPARQL server refused the query: {_first_line(exc)}") from exc
        except (SPARQLWrapperException, urllib.error.URLError, OSError, ValueError) as exc:
            raise StoreError(f"SPARQL server {url} failed: {_first_line(exc)}") from exc
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        names = tuple(data.get("head", {}).get("vars", []))
        rows = tuple({k: from_json(v) for k, v in b.items() if k in names}
                     for b in data.get("results", {}).get("bindings", []))
        return QueryResult("select", variables=names, rows=rows)

    def query_df(self, sparql: str, *, lang: str | None = "zh", prefixes: bool = True,
                 bindings: Mapping[str, Node] | None = None) -> Any:
        """The query's result as a typed pandas DataFrame (:func:`policykg.frames.to_dataframe`); the project's
        prefixes are declared unless ``prefixes=False``. Needs ``policykg[notebook]``."""
        from .frames import to_dataframe
        from .namespaces import sparql_prefixes

        return to_dataframe(self.query(sparql_prefixes() + sparql if prefixes else sparql, bindings=bindings),
                            lang=lang)

    def graphs(self) -> list[str]:
        result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}', union_default_graph=False)
        return sorted(result.column("g"))

    def dump(self, format_name: str, *, union: bool = False) -> bytes:
        """Every policykg graph, copied into memory and written by the embedded serialisers."""
        memory = OxigraphStore()
        for graph in self.graphs():
            result = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                                union_default_graph=False)
            lines = [f"{_nt(r['s'])} {_nt(r['p'])} {_nt(r['o'])} ." for r in result.rows]
            memory.replace_graph(graph, "\n".join(lines))
        return memory.dump(format_name, union=union)

    # -- writing ----------------------------------------------------------------------------------

    def replace_graph(self, graph: str, ntriples: str) -> None:
        if self.gsp_endpoint:
            # N-Triples is Turtle; text/turtle is the one type every Graph Store server accepts.
            self._gsp("PUT", graph, ntriples.encode("utf-8"), "text/turtle")
        else:
            g = sparql_term(URIRef(graph))
            self._update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples}\n}} }}")

    def drop_graph(self, graph: str) -> None:
        if self.gsp_endpoint:
            self._gsp("DELETE", graph, None, None, missing_ok=True)
        else:
            self._update(f"DROP SILENT GRAPH {sparql_term(URIRef(graph))}")

    def close(self) -> None:
        return None

    def _update(self, update: str) -> None:
        if not self.update_endpoint:
            raise StoreError("writing to a remote server needs --gsp-endpoint URL or --update-endpoint URL")
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self._send(self.update_endpoint, "POST", body, "application/x-www-form-urlencoded")

    def _gsp(self, method: str, graph: str, body: bytes | None, ctype: str | None, missing_ok: bool = False) -> None:
        assert self.gsp_endpoint is not None
        sep = "&" if "?" in self.gsp_endpoint else "?"
        url = f"{self.gsp_endpoint}{sep}{urllib.parse.urlencode({'graph': graph})}"
        try:
            self._send(url, method, body, ctype)
        except StoreError as exc:
            if not (missing_ok and "HTTP 404" in exc.message):
                raise

    def _send(self, endpoint: str, method: str, body: bytes | None, ctype: str | None) -> None:
        url, user, password = _split_credentials(endpoint)
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, user, password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                         urllib.request.HTTPBasicAuthHandler(passwords)]
        request = urllib.request.Request(url, data=body, method=method)  # noqa: S310 (the user's own server)
        if ctype:
            request.add_header("Content-Type", f"{ctype}; charset=utf-8")
        try:
            with urllib.request.build_opener(*handlers).open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"{method} {url}: HTTP {exc.code} {text[0] if text else exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach {url}: {exc}") from exc


def _nt(term: Term) -> str:
    if isinstance(term, BNode):
        # Servers name blank nodes as they like (Virtuoso: nodeID://b10001); keep them apart, N-Triples-safe.
        return "_:b" + re.sub(r"[^A-Za-z0-9]", "_", str(term))
    return sparql_term(term)


def _split_credentials(url: str) -> tuple[str, str | None, str | None]:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None, None
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return (clean, urllib.parse.unquote(parts.username),
            urllib.parse.unquote(parts.password) if parts.password is not None else None)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
