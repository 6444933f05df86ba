"""The store: one small interface, with the embedded pyoxigraph engine as its default.

Every part of policykg talks to a :class:`Store`. The embedded :class:`OxigraphStore` keeps the data in
a real SPARQL engine on disk (or in memory for tests). A remote SPARQL server implements the same
interface (see :mod:`policykg.remote`). rdflib builds and serialises graphs; it never queries the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import QuerySyntaxError, StoreError
from .formats import get as get_format

Term = URIRef | Literal | BNode


@dataclass(frozen=True)
class QueryResult:
    """What a query returned, in rdflib terms, whatever engine answered it."""

    kind: str                                   # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[Mapping[str, Term], ...] = ()   # unbound variables are absent from a row
    boolean: bool | None = None
    triples: tuple[tuple[Term, Term, Term], ...] = field(default=())

    def column(self, name: str) -> list[str]:
        return [str(row[name]) for row in self.rows if name in row]


@runtime_checkable
class Store(Protocol):
    """The operations every backend offers."""

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              union_default_graph: bool = True) -> QueryResult: ...

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Atomically replace one named graph's content with the given N-Triples."""

    def drop_graph(self, graph: str) -> None: ...

    def graphs(self) -> list[str]: ...

    def dump(self, format_name: str) -> bytes:
        """The whole dataset (all named graphs) in a dataset format."""

    def query_df(self, sparql: str, *, lang: str | None = "zh", prefixes: bool = True,
                 bindings: Mapping[str, Node] | None = None) -> Any:
        """The result as a typed pandas DataFrame (``policykg[notebook]``; see :mod:`policykg.frames`)."""

    def close(self) -> None: ...


# --- term conversion -------------------------------------------------------------------------------

def to_rdflib(term: object) -> Term:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


# --- the embedded engine ---------------------------------------------------------------------------

class OxigraphStore:
    """pyoxigraph's RocksDB-backed store on disk, or its in-memory store when ``path`` is None."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run `policykg ingest` first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store itself, for the endpoint's serialisers."""
        return self._store

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              union_default_graph: bool = True) -> QueryResult:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            result = self._store.query(sparql, use_default_graph_as_union=union_default_graph,
                                       substitutions=subs or None)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows = tuple(
                {name: to_rdflib(sol[name]) for name in names if sol[name] is not None} for sol in result
            )
            return QueryResult("select", variables=names, rows=rows)
        triples = tuple((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in result)
        return QueryResult("graph", triples=triples)

    def replace_graph(self, graph: str, ntriples: str) -> None:
        # One SPARQL update is one transaction in Oxigraph: readers see the old graph or the new one.
        self._store.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}")
        self._store.flush()

    def drop_graph(self, graph: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph}>")
        self._store.flush()

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, format_name: str) -> bytes:
        fmt = get_format(format_name)
        if fmt.kind == "dataset":
            return bytes(self._store.dump(format=getattr(ox.RdfFormat, fmt.oxigraph)) or b"")
        # Triple formats have no graphs: the merge of every graph is what the user gets.
        return _merge_to_triples(bytes(self._store.dump(format=ox.RdfFormat.N_QUADS) or b""), fmt.rdflib)

    def query_df(self, sparql: str, *, lang: str | None = "zh", prefixes: bool = True,
                 bindings: Mapping[str, Node] | None = None) -> Any:
        """The query's result as a typed pandas DataFrame (:func:`policykg.frames.to_dataframe`); the project's
        prefixes are declared unless ``prefixes=False``. Needs ``policykg[notebook]``."""
        from .frames import to_dataframe
        from .namespaces import sparql_prefixes

        return to_dataframe(self.query(sparql_prefixes() + sparql if prefixes else sparql, bindings=bindings),
                            lang=lang)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def close(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()


def _merge_to_triples(nquads: bytes, rdflib_format: str) -> bytes:
    from rdflib import Dataset, Graph

    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    merged = Graph()
    from .namespaces import PREFIXES

    for prefix, iri in PREFIXES.items():
        merged.bind(prefix, iri)
    for s, p, o, _g in ds.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged.serialize(format=rdflib_format, encoding="utf-8")


def open_store(path: Path | str | None = None, *, endpoint: str | None = None,
               update_endpoint: str | None = None, gsp_endpoint: str | None = None,
               read_only: bool = False) -> Store:
    """Open the store the settings name: a remote endpoint, a folder on disk, or memory."""
    if endpoint:
        from .remote import RemoteStore

        remote: Store = RemoteStore(endpoint, update_endpoint=update_endpoint, gsp_endpoint=gsp_endpoint)
        return remote
    return OxigraphStore(path, read_only=read_only)
