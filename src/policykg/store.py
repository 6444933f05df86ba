"""The store: one small interface, with the embedded pyoxigraph engine as its default.

Every part of policykg talks to a :class:`Store`. The embedded :class:`OxigraphStore` keeps the data in
a real SPARQL engine on disk (or in memory for tests). A remote SPARQL server implements the same
interface (see :mod:`policykg.remote`); :func:`policykg.backends.open_store` picks one.
rdflib builds and serialises graphs; it never queries the store.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import QuerySyntaxError, StoreError
from .formats import get as get_format
from .sparql import QueryResult as QueryResult
from .sparql import Term as Term

R = TypeVar("R")


@runtime_checkable
class Store(Protocol):
    """The operations every backend offers."""

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              union_default_graph: bool = True) -> QueryResult: ...

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Atomically replace one named graph's content with the given N-Triples."""

    def drop_graph(self, graph: str) -> None: ...

    def graphs(self) -> list[str]: ...

    def dump(self, format_name: str, *, union: bool = False) -> bytes:
        """The whole dataset: each named graph kept in a dataset format, or (graph formats, ``union``) the
        merge of every graph with one copy of each triple."""

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

def folder_signature(path: Path) -> tuple[int, int, int]:
    """Changes whenever a store folder's files do (new SST files, a growing write-ahead log)."""
    count = newest = size = 0
    with os.scandir(path) as entries:
        for entry in entries:
            try:
                st = entry.stat()
            except FileNotFoundError:  # compacted away by the writer between the listing and the look
                continue
            count, newest, size = count + 1, max(newest, st.st_mtime_ns), size + st.st_size
    return count, newest, size


def open_read_only(path: Path, attempts: int = 5) -> ox.Store:
    """Open a store folder read-only; a writer that is just opening or compacting it may need a retry."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError):  # RocksDB reports a file compacted away as "Corruption"
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


class OxigraphStore:
    """pyoxigraph's RocksDB-backed store on disk, or its in-memory store when ``path`` is None.

    Opened ``read_only``, it takes no lock: ``policykg ingest`` can write the same folder meanwhile (the
    server opens its store this way). Such a view sees a snapshot, so it reopens the folder whenever
    its files have changed, and what was ingested is answered by the next query.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._seen: tuple[int, int, int] | None = None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run `policykg ingest` first")
                self._seen = folder_signature(self.path)
                self._store = open_read_only(self.path)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store itself, for the endpoint's serialisers."""
        self.refresh()
        return self._store

    def refresh(self, *, force: bool = False) -> bool:
        """Reopen a read-only view whose folder changed (another process ingested); True if it did."""
        if self._seen is None or self.path is None:
            return False
        now = folder_signature(self.path)
        if now == self._seen and not force:
            return False
        self._store, self._seen = open_read_only(self.path), now
        return True

    def _reading(self, read: Callable[[ox.Store], R]) -> R:
        """Run ``read`` on the current view; a file compacted away under a read-only view means reopen once."""
        self.refresh()
        try:
            return read(self._store)
        except (OSError, RuntimeError):
            if not self.refresh(force=True):
                raise
            return read(self._store)

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
              union_default_graph: bool = True) -> QueryResult:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            result = self._reading(lambda st: st.query(sparql, use_default_graph_as_union=union_default_graph,
                                                       substitutions=subs or None))
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

    def replace_graphs(self, graphs: Sequence[tuple[str, str]], *, bulk: bool = False) -> None:
        """Replace several named graphs, each given as (name, N-Triples), and flush once: what ingest writes per
        batch of documents.

        What a reader (a query here, or a read-only view of the folder such as ``policykg serve``'s) can see:

        * graphs the store already holds are replaced together in one SPARQL update (DROP + INSERT DATA), one
          transaction, as :meth:`replace_graph` does for one: each is seen old or new, never half or missing;
        * a graph new to the store is loaded in a transaction of its own (``Store.load`` into that graph): it is
          seen whole or not at all; with ``bulk``, the new graphs go through pyoxigraph's bulk loader instead
          (several times cheaper; no transaction: a reader may see part of the batch, and a failure may leave part
          of it written; meant for loading a corpus into a store nobody reads yet).

        A graph whose N-Triples the engine refuses raises (``SyntaxError``) before anything of it is written (with
        ``bulk``: before anything of the batch is); graphs loaded before it in the batch stay written. The caller
        may then write the graphs one by one to find the one at fault.
        """
        if not graphs:
            return
        st = self._store
        held = {g for g, _ in graphs if st.contains_named_graph(ox.NamedNode(g))}
        old = [(g, nt) for g, nt in graphs if g in held]
        new = [(g, nt) for g, nt in graphs if g not in held]
        if old:
            drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g, _ in old)
            inserts = "".join(f"GRAPH <{g}> {{\n{nt}\n}}\n" for g, nt in old)
            st.update(f"{drops}INSERT DATA {{\n{inserts}}}")
        if new and bulk:
            for _g, nt in new:   # the bulk loader reads N-Quads: check each graph is N-Triples first
                for _triple in ox.parse(input=nt, format=ox.RdfFormat.N_TRIPLES):
                    pass
            st.bulk_load("".join(_to_nquads(nt, g) for g, nt in new), format=ox.RdfFormat.N_QUADS)
        else:
            for g, nt in new:
                st.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(g))
        st.flush()

    def drop_graph(self, graph: str) -> None:
        self._store.update(f"DROP SILENT GRAPH <{graph}>")
        self._store.flush()

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._reading(lambda st: list(st.named_graphs())) if isinstance(g, ox.NamedNode))

    def dump(self, format_name: str, *, union: bool = False) -> bytes:
        fmt = get_format(format_name)
        if fmt.kind == "dataset" and not union:
            return bytes(self._reading(lambda st: st.dump(format=getattr(ox.RdfFormat, fmt.oxigraph))) or b"")
        # Triple formats have no graphs: the merge of every graph is what the user gets.
        nquads = self._reading(lambda st: st.dump(format=ox.RdfFormat.N_QUADS))
        return _merge_to_triples(bytes(nquads or b""), _UNION_WRITER.get(fmt.name, fmt.rdflib))

    def query_df(self, sparql: str, *, lang: str | None = "zh", prefixes: bool = True,
                 bindings: Mapping[str, Node] | None = None) -> Any:
        """The query's result as a typed pandas DataFrame (:func:`policykg.frames.to_dataframe`); the project's
        prefixes are declared unless ``prefixes=False``. Needs ``policykg[notebook]``."""
        from .frames import to_dataframe
        from .namespaces import sparql_prefixes

        return to_dataframe(self.query(sparql_prefixes() + sparql if prefixes else sparql, bindings=bindings),
                            lang=lang)

    def quads(self) -> Iterator[ox.Quad]:
        self.refresh()
        return iter(self._store)

    def close(self) -> None:
        if not self.read_only and self.path is not None:
            self._store.flush()


def _to_nquads(ntriples: str, graph: str) -> str:
    """N-Triples lines (each ending `` .``; checked to be N-Triples before) as N-Quads lines in ``graph``."""
    lines = ntriples.split("\n")   # not splitlines(): a literal may hold U+2028 and the like unescaped
    if not all(line.endswith(" .") for line in lines if line.strip()):
        raise StoreError(f"not N-Triples, one triple a line: cannot load it into <{graph}>")
    tail = f" <{graph}> .\n"
    return "".join(line[:-2] + tail for line in lines if line.strip())


#: How the merge of every graph is written in a dataset format: triples in the default graph.
_UNION_WRITER = {"nquads": "nt", "trig": "turtle"}


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
