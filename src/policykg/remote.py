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
from escaped RDF terms (:func:`values_block`): values are never pasted into the query as raw text.
"""

from __future__ import annotations

import math
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QuerySyntaxError, StoreError
from .store import OxigraphStore, QueryResult, Term

GRAPH_PREFIX = "https://w3id.org/policykg/graph/"
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRIREF = re.compile(r'<[^\x00-\x20<>"{}|^`\\]*>')
_WORD = re.compile(r"[A-Za-z_]\w*")
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


# --- safe terms and the VALUES block ---------------------------------------------------------------

def sparql_term(term: Node) -> str:
    """A term in SPARQL syntax, escaped; refuses anything that could break out of its token."""
    if isinstance(term, URIRef):
        if _IRI_BAD.search(str(term)):
            raise ValueError(f"not a valid IRI for SPARQL: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise ValueError(f"not a valid language tag: {term.language!r}")
            return f'"{lexical}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{lexical}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{lexical}"'
    raise TypeError(f"cannot bind {type(term).__name__} {term!r}: give an IRI or a literal")


def values_block(bindings: Mapping[str, Node]) -> str:
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise ValueError(f"not a variable name: {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(sparql_term(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def _skip(query: str, i: int) -> int:
    """If a comment, string or IRI starts at ``i``, the index just past it; else ``i``."""
    c = query[i]
    if c == "#":
        end = query.find("\n", i)
        return len(query) if end < 0 else end
    if c in "\"'":
        quote = c * 3 if query.startswith(c * 3, i) else c
        j = i + len(quote)
        while j < len(query):
            if query[j] == "\\":
                j += 2
                continue
            if query.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(query)
    if c == "<":
        m = _IRIREF.match(query, i)
        if m:
            return m.end()
    return i


def _tokens(query: str) -> Iterator[tuple[int, str]]:
    """(index, token) outside comments, strings and IRIs: keywords upper-cased, and every ``{``."""
    i = 0
    while i < len(query):
        j = _skip(query, i)
        if j != i:
            i = j
            continue
        m = _WORD.match(query, i)
        if m and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_?$:")):
            yield i, m.group().upper()
            i = m.end()
            continue
        if query[i] == "{":
            yield i, "{"
        i += 1


def where_brace(query: str) -> int:
    """The index of the ``{`` that opens the query's WHERE group (outside comments, strings and IRIs)."""
    form: str | None = None
    seen_where = False
    for i, word in _tokens(query):
        if form is None and word in _FORMS:
            form = word
        elif word == "WHERE":
            seen_where = True
        elif word == "{" and form is not None and (seen_where or form != "CONSTRUCT"):
            return i
    raise QuerySyntaxError("cannot find the query's WHERE group to bind parameters in")


def with_values(query: str, bindings: Mapping[str, Node]) -> str:
    """The query with its bindings as a VALUES block opening its WHERE group."""
    if not bindings:
        return query
    at = where_brace(query) + 1
    return f"{query[:at]}\n  {values_block(bindings)}\n{query[at:]}"


# --- results ---------------------------------------------------------------------------------------

def from_json(value: Mapping[str, str]) -> Term:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    # A simple literal is an xsd:string, as the embedded engine reports it.
    return Literal(value["value"], datatype=URIRef(value.get("datatype") or str(XSD.string)))


def _query_form(query: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword outside comments, strings and IRIs."""
    return next((token for _, token in _tokens(query) if token in _FORMS), "SELECT")


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
        form = _query_form(text)
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
