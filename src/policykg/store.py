"""The store: one small interface, with the embedded pyoxigraph engine as its default.

Every part of policykg talks to a :class:`Store`. The embedded :class:`OxigraphStore` keeps the data in
a real SPARQL engine on disk (or in memory for tests). A remote SPARQL server implements the same
interface (see :mod:`policykg.remote`); :func:`policykg.backends.open_store` picks one.
rdflib builds and serialises graphs; it never queries the store.
"""

from __future__ import annotations

import logging
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
from .sparql import with_values

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
        # Bindings are a VALUES block opening the WHERE group (escaped terms, as a remote server gets them), not
        # pyoxigraph's substitutions: the planner sees the bound values and starts from them (measured 10-18x
        # faster on a selective query: a substituted variable counts as unbound when the joins are ordered).
        if bindings:
            sparql = with_values(sparql, bindings)
        try:
            result = self._reading(lambda st: st.query(sparql, use_default_graph_as_union=union_default_graph))
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            # Values repeat (counts, years, labels, places): each distinct term is converted once (building an
            # rdflib literal parses its value, about as costly as the engine's look-ups on a long answer).
            seen: dict[Any, Term] = {}

            def term(value: Any) -> Term:
                converted = seen.get(value)
                if converted is None:
                    converted = seen[value] = to_rdflib(value)
                return converted

            rows = tuple(
                {name: term(value) for name in names if (value := sol[name]) is not None} for sol in result
            )
            return QueryResult("select", variables=names, rows=rows)
        triples = tuple((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in result)
        return QueryResult("graph", triples=triples)

    def solutions(self, sparql: str, *, bindings: Mapping[str, Node] | None = None,
                  ) -> tuple[list[str], list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]]:
        """A SELECT's variables and rows as pyoxigraph terms, for writers that take them (the HTTP answers):
        no conversion through rdflib terms and back."""
        if bindings:
            sparql = with_values(sparql, bindings)

        def read(st: ox.Store) -> tuple[list[str], list[list[Any]]]:
            result = st.query(sparql, use_default_graph_as_union=True)
            if not isinstance(result, ox.QuerySolutions):
                raise QuerySyntaxError("not a SELECT query")
            names = [v.value for v in result.variables]
            return names, [[sol[n] for n in names] for sol in result]

        try:
            return self._reading(read)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc

    def results_json(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> bytes:
        """A SELECT's answer as SPARQL JSON results, written by the engine itself (no Python term per cell: 20-30 %
        less CPU than :meth:`solutions` and a Python writer on answers of hundreds of rows). Unbounded: for the
        named queries, whose answers are the project's own, not for the public endpoint's row cap."""
        if bindings:
            sparql = with_values(sparql, bindings)

        def read(st: ox.Store) -> bytes:
            result = st.query(sparql, use_default_graph_as_union=True)
            if not isinstance(result, ox.QuerySolutions):
                raise QuerySyntaxError("not a SELECT query")
            return bytes(result.serialize(format=ox.QueryResultsFormat.JSON) or b"")

        try:
            return self._reading(read)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc

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

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE request: one transaction, whatever its number of operations."""
        self._store.update(sparql)
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


# --- the derived graph -----------------------------------------------------------------------------

#: The graph of derived facts: one copy of each shared node's facts and precomputed facts (see :func:`derive`).
DERIVED_GRAPH = "https://w3id.org/policykg/graph/derived"
_DOC = "https://w3id.org/policykg/graph/doc/"
_ONTOLOGY = "https://w3id.org/policykg/graph/ontology"
_IN_DOC = f'FILTER(STRSTARTS(STR(?g), "{_DOC}"))'
#: Where the derived graph's aggregate rows (one node per row, IRI minted from the row's key) are named.
_ROW = "https://w3id.org/policykg/id/derived/"
#: The facts of a shared node (an agency, a cited document, an award, a designation, an industry) kept once.
#: (Their types and alternative labels are left where they are: no query joins through them.)
_SHARED_FACTS = ("rdfs:label, skos:prefLabel, pk:agencyType, pk:formerAgencyType, pk:jurisdiction, pk:level, "
                 "dcterms:title, pk:docNumber")

#: The shared nodes a document names, besides its agencies.
_NAMED = ("{ ?d pk:cites ?n } UNION { ?d pk:promotesAward ?n } UNION { ?d pk:pursuesDesignation ?n } "
          "UNION { ?d pk:targetsIndustry ?n } UNION { ?i pk:award ?n }")
#: Each rule is (template, pattern): what is written into the derived graph for each solution.
DERIVE_RULES: tuple[tuple[str, str], ...] = (
    # One copy of what the documents state about the shared nodes they name: the union default graph keeps one
    # copy per document graph, so joins through these nodes multiply there. (What the ontology graph states is
    # stated once already, and never copied here: a join through a vocabulary still counts each fact once.)
    ("?n ?p ?o", f"""{{ SELECT DISTINCT ?g ?n
                        WHERE {{ GRAPH ?g {{ {{ ?n a pk:Agency }} UNION {_NAMED} }} {_IN_DOC} }} }}
      GRAPH ?g {{ ?n ?p ?o }} FILTER(?p IN ({_SHARED_FACTS}))"""),
    # Per document: goals and tasks read out of it.
    ("?doc pk:goalCount ?goals ; pk:taskCount ?tasks", f"""
      {{ SELECT ?doc (COUNT(DISTINCT ?goal) AS ?goals) (COUNT(DISTINCT ?task) AS ?tasks)
        WHERE {{ GRAPH ?g {{ ?doc pk:sourceFile ?file
                   OPTIONAL {{ {{ ?goal pk:inDocument ?doc ; a pk:Goal }} UNION
                               {{ ?task pk:inDocument ?doc ; a pk:Task }} }} }} {_IN_DOC} }}
        GROUP BY ?doc }}"""),
    # Per document: every name of its places (code, label, short name of its city and its province), and "",
    # which every document has: a query binds an optional place parameter, or "", and looks the documents up.
    ("?doc pk:placeKey ?key", f"""GRAPH ?g {{ ?doc pk:sourceFile ?file }} {_IN_DOC}
      {{ BIND("" AS ?key) }} UNION {{
        GRAPH ?g {{ {{ ?doc pk:city ?at }} UNION {{ ?doc pk:province ?at }} }}
        GRAPH ?h {{ {{ ?at skos:notation ?name }} UNION {{ ?at rdfs:label ?name }}
                    UNION {{ ?at skos:altLabel ?name }} }}
        BIND(STR(?name) AS ?key) }}"""),
    # Per agency: documents naming it, goals it owns, tasks it leads and supports.
    ("?a pk:mentionCount ?docs ; pk:goalsOwnedCount ?owned ; pk:tasksLedCount ?led ; pk:tasksSupportedCount ?sup",
     f"""{{ SELECT ?a (COUNT(DISTINCT ?doc) AS ?docs) (COUNT(DISTINCT ?goal) AS ?owned)
              (COUNT(DISTINCT ?task) AS ?led) (COUNT(DISTINCT ?other) AS ?sup)
        WHERE {{ GRAPH ?g {{ ?a a pk:Agency
                   OPTIONAL {{ {{ ?doc pk:mentionsAgency ?a }} UNION {{ ?goal pk:owner ?a }}
                               UNION {{ ?task pk:leadAgency ?a }} UNION {{ ?other pk:supportAgency ?a }} }} }}
                 {_IN_DOC} }}
        GROUP BY ?a }}"""),
    # Per cited document: how many ingested documents cite it.
    ("?c pk:citedByCount ?n", f"""{{ SELECT ?c (COUNT(DISTINCT ?d) AS ?n)
        WHERE {{ GRAPH ?g {{ ?d pk:cites ?c }} {_IN_DOC} }} GROUP BY ?c }}"""),
    # Per agency with work (a goal owned, a task led or supported): the one label its workload row shows.
    ("?a pk:workloadLabel ?label", f"""{{ SELECT ?a (MIN(?l) AS ?label)
        WHERE {{ GRAPH ?g {{ ?a a pk:Agency ; rdfs:label ?l }} {_IN_DOC}
                 FILTER EXISTS {{ GRAPH ?h {{ {{ ?x pk:owner ?a }} UNION {{ ?x pk:leadAgency ?a }}
                                             UNION {{ ?x pk:supportAgency ?a }} }} {_IN_DOC.replace("?g", "?h")} }} }}
        GROUP BY ?a }}"""),
    # Per agency type and city (each label of the city of the owning goal's document): goals owned, agencies.
    ("?row a pk:AgencyTypeCityCount ; pk:countedAgencyType ?agencyType ; pk:countedCity ?city ; "
     "pk:countedGoals ?goals ; pk:countedAgencies ?agencies",
     f"""{{ SELECT ?agencyType ?city (COUNT(DISTINCT ?goal) AS ?goals) (COUNT(DISTINCT ?agency) AS ?agencies)
        WHERE {{ {{ SELECT DISTINCT ?agency ?agencyType
                   WHERE {{ GRAPH ?t {{ ?agency a pk:Agency ; pk:agencyType ?agencyType }}
                            {_IN_DOC.replace("?g", "?t")} }} }}
                 GRAPH ?g {{ ?goal pk:owner ?agency ; a pk:Goal ; pk:inDocument ?doc . ?doc pk:city ?region }}
                 GRAPH ?h {{ ?region rdfs:label ?city }} }}
        GROUP BY ?agencyType ?city }}
      BIND(IRI(CONCAT("{_ROW}agency-type-city/", MD5(CONCAT(STR(?agencyType), " ", STR(?city), "@", LANG(?city)))))
           AS ?row)"""),
    # Per goal with a target year and an indicator label: the year as an integer and its document (goals-due-by
    # starts from these instead of every goal of every document).
    ("?goal pk:dueYear ?year ; pk:goalDocument ?doc", f"""
      GRAPH ?g {{ ?goal a pk:Goal ; pk:inDocument ?doc ; pk:targetYear ?ty ; pk:indicatorLabel ?il }} {_IN_DOC}
      BIND(xsd:integer(STR(?ty)) AS ?year) FILTER(BOUND(?year))"""),
    # Per document: each label of its city; the name a comparison shows (its city's label, else its province's,
    # else its IRI) and whether it is a local (city, county, district) plan.
    ("?doc pk:cityLabel ?city", f"""GRAPH ?g {{ ?doc pk:sourceFile ?file ; pk:city ?region }} {_IN_DOC}
      GRAPH ?h {{ ?region rdfs:label ?city }}"""),
    # Per document: the items it states (what /compare/diffusion ranks): an indicator its goals link to (not
    # flagged for review), an instrument its tasks use, an instrument, award or designation it mentions.
    ("?doc pk:statesIndicator ?item", f"""GRAPH ?g {{ ?s pk:inDocument ?doc ; pk:indicator ?item
                                             FILTER NOT EXISTS {{ ?s pk:linkStatus pk:NeedsReview }} }} {_IN_DOC}"""),
    ("?doc pk:statesInstrument ?item", f"""GRAPH ?g {{ ?s pk:inDocument ?doc ; pk:instrument ?item }} {_IN_DOC}"""),
    ("?doc ?states ?item", f"""GRAPH ?g {{ ?s a pk:Mention ; pk:inDocument ?doc ; pk:mentionOf ?item }} {_IN_DOC}
      GRAPH ?h {{ ?item a ?class }}
      VALUES (?class ?states) {{ (pk:PolicyInstrument pk:statesInstrument) (pk:AwardProgram pk:statesAward)
                                 (pk:Designation pk:statesDesignation) }}"""),
    ("?doc pk:placeName ?name ; pk:isLocal ?local", f"""GRAPH ?g {{ ?doc pk:sourceFile ?file }} {_IN_DOC}
      OPTIONAL {{ GRAPH ?g {{ ?doc pk:city ?c }} GRAPH ?h {{ ?c rdfs:label ?cityName }} }}
      OPTIONAL {{ GRAPH ?g {{ ?doc pk:province ?p }} GRAPH ?k {{ ?p rdfs:label ?provinceName }} }}
      BIND(COALESCE(?cityName, ?provinceName, STR(?doc)) AS ?name)
      BIND(EXISTS {{ GRAPH ?g {{ ?doc pk:city ?any }} }} AS ?local)"""),
)


def holds_documents(store: Store) -> bool:
    """Whether ``store`` holds a document graph (``.../graph/doc/...``): a store without one is fresh."""
    if isinstance(store, OxigraphStore):
        return any(isinstance(g, ox.NamedNode) and g.value.startswith(_DOC) for g in store.raw.named_graphs())
    return any(g.startswith(_DOC) for g in store.graphs())


def derive(store: Store, *, bulk: bool = False, workers: int = 1) -> None:
    """(Re)build the derived graph from the document and ontology graphs, in one transaction.

    Ingest calls this once at the end of each batch; it is a function of the other graphs alone, so
    re-ingesting gives the same graph, and a document replaced or dropped (followed by this call) leaves
    nothing of its old self here. The facts are declared in the ontology (``pk:goalCount``, ...).

    On the embedded store, every rule is evaluated as a ``CONSTRUCT`` (outside any transaction: several times
    cheaper than ``INSERT ... WHERE``), and only the difference from the graph in place is written, in one
    update (``DELETE DATA`` + ``INSERT DATA``: one transaction, a reader sees the old graph or the new one); the
    graph is the same as a rebuild from scratch would leave. With ``bulk``, a derived graph that does not exist
    yet is written by the bulk loader (no transaction: for a store nobody reads yet, as ingest's ``bulk``). With
    ``workers`` > 1 and a store on disk, the rules are evaluated in that many processes (each opens a read-only
    view of the folder), the writer's time being the one thing left to run when ingest calls this.
    """
    from .namespaces import sparql_prefixes

    if isinstance(store, OxigraphStore) and not store.read_only:
        _derive_embedded(store, bulk=bulk, workers=workers)
        return
    graph = f"<{DERIVED_GRAPH}>"
    update = getattr(store, "update", None)
    if callable(update):
        ops = [f"INSERT {{ GRAPH {graph} {{ {t} }} }} WHERE {{ {w} }}" for t, w in DERIVE_RULES]
        update(sparql_prefixes() + f"DROP SILENT GRAPH {graph} ;\n" + " ;\n".join(ops))
        return
    # Another backend (a remote server): build the triples here, then replace the graph in one request.
    lines: list[str] = []
    for t, w in DERIVE_RULES:
        result = store.query(sparql_prefixes() + f"CONSTRUCT {{ {t} }} WHERE {{ {w} }}", union_default_graph=False)
        lines.extend(" ".join(term.n3() for term in triple) + " ." for triple in result.triples)
    store.replace_graph(DERIVED_GRAPH, "\n".join(sorted(set(lines))))


def derived_lines(store: ox.Store, rules: Sequence[int] | None = None) -> set[str]:
    """What :data:`DERIVE_RULES` (those numbered ``rules``, or all) derive from ``store``'s document and ontology
    graphs, as N-Triples lines (no `` .``): the derived graph a rebuild from scratch holds. (The rules read the
    document graphs, and the ontology graph for what no document restates; none reads a fact only the derived
    graph holds, so the graph in place does not change the answer.)"""
    from .namespaces import sparql_prefixes

    prefixes = sparql_prefixes()
    lines: set[str] = set()
    for t, w in [DERIVE_RULES[n] for n in rules] if rules is not None else DERIVE_RULES:
        result = store.query(f"{prefixes}CONSTRUCT {{ {t} }} WHERE {{ {w} }}")
        assert isinstance(result, ox.QueryTriples)
        lines.update(str(triple) for triple in result)
    return lines


def _derived_lines_at(path: str, rules: list[int]) -> set[str]:
    """:func:`derived_lines` of the store in folder ``path``, read-only (a task of a derive worker)."""
    return derived_lines(open_read_only(Path(path)), rules)


def _derived_in_parallel(path: Path, workers: int) -> set[str]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    shares = [list(range(n, len(DERIVE_RULES), workers)) for n in range(workers)]
    # Fresh interpreters (spawn): a fork would copy a process that holds the open store.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = [pool.submit(_derived_lines_at, str(path), share) for share in shares if share]
        return set().union(*(f.result() for f in done))


def _derive_embedded(store: OxigraphStore, *, bulk: bool, workers: int) -> None:
    st = store.raw
    graph = ox.NamedNode(DERIVED_GRAPH)
    wanted: set[str] | None = None
    if workers > 1 and store.path is not None:
        st.flush()   # what the views of the folder read
        # A read-only view can lose a file to the writer's own compaction under it (seen after a bulk load of
        # 5,000 documents: "No such file"); the rules are then evaluated here, on the store itself.
        try:
            wanted = _derived_in_parallel(store.path, min(workers, len(DERIVE_RULES)))
        except OSError as exc:   # said, so that a run can tell which path it took (and what it cost)
            logging.getLogger(__name__).warning("derive: a read-only view failed (%s); rules run on the store", exc)
    if wanted is None:
        wanted = derived_lines(st)
    held = {str(q.triple) for q in st.quads_for_pattern(None, None, None, graph)}
    if not held and bulk and wanted:
        st.bulk_load(_lines(wanted), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    else:
        stale, new = held - wanted, wanted - held
        if not stale and not new:
            return
        ops = [f"{verb} DATA {{ GRAPH <{DERIVED_GRAPH}> {{\n{_lines(triples)}}} }}"
               for verb, triples in (("DELETE", stale), ("INSERT", new)) if triples]
        st.update(" ;\n".join(ops))   # one update: one transaction
    st.flush()


def _lines(triples: set[str]) -> str:
    """N-Triples text of triples written without their `` .``."""
    return "".join(f"{t} .\n" for t in triples)
