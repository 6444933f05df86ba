"""Full-text search: an SQLite FTS5 index of the graph's facts, segmented with jieba, ranked with BM25.

One row per fact (goal, task, duty, award incentive, agency, document): its label and its evidence quotes,
each segmented into words by jieba (precise mode) and joined by U+2063 (an invisible separator, which FTS5's
``unicode61`` tokenizer splits on), so FTS5 sees jieba's words while ``highlight()`` and ``snippet()`` give
back the text as written once the separators are removed. Filters (kind, place, year, document) are
columns beside the text.

The index is a file beside the store (``var/store`` → ``var/store.search.sqlite``; a remote or in-memory
store's lives in the temporary folder), kept per named graph with the graph's triple count as its
fingerprint. :func:`sync` brings it up to date from the store through SPARQL (so it works for a remote
store too): when the store folder's signature is what the index last saw, nothing is read; otherwise the
graphs whose counts differ are re-read. ``policykg ingest`` also re-indexes each document right after
writing its graph (:func:`index_graph`), so an edited file whose triple count did not change is seen too.

A query is never passed to FTS5 as syntax: it is segmented by jieba and every word is quoted, so ``"``,
``NEAR(``, ``*`` or ``OR`` are words to find, never operators. The words are tried as a phrase first, then
all of them in any order, then any of them; :class:`Results` says which (``match``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .namespaces import sparql_prefixes
from .store import OxigraphStore, Store, folder_signature

SCHEMA = "1"
JOIN = "\u2063"  # between jieba's words in the indexed text; FTS5's unicode61 splits on it
MARK_ON, MARK_OFF = "\x02", "\x03"  # highlight markers (stripped from indexed text first)
KINDS = {"goal": "Goal", "task": "Task", "duty": "Duty", "award": "Incentive", "agency": "Agency",
         "document": "PolicyDocument"}
_CLASS_KIND = {"Goal": "goal", "Task": "task", "Duty": "duty", "Incentive": "award", "Agency": "agency",
               "CollectiveAgency": "agency"}
_LABELS = ("rdfs:label", "skos:prefLabel", "dcterms:title", "pk:indicatorLabel", "pk:qualitativeTarget",
           "dcterms:description")
BATCH = 100  # graphs read per SPARQL round
REMOTE_RECHECK_S = 60.0  # a remote store has no folder to watch: recount its graphs at most this often
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\u2063]")


# --- segmentation ----------------------------------------------------------------------------------

def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def segment(text: str) -> str:
    """``text`` as jieba's words joined by :data:`JOIN` (control characters and joiners removed first)."""
    import jieba

    _jieba()
    clean = _CONTROL.sub(" ", text)
    return JOIN.join(w for w in jieba.cut(clean) if w)


def words(q: str) -> list[str]:
    """The words of a query: jieba's precise segmentation, keeping only those with a letter or digit."""
    import jieba

    _jieba()
    found = [w.strip() for w in jieba.cut(_CONTROL.sub(" ", q))]
    return list(dict.fromkeys(w for w in found if w and any(c.isalnum() for c in w)))[:32]


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_queries(q: str) -> list[tuple[str, str]]:
    """The FTS5 queries tried in turn, as (mode, query): the words as a phrase (unless the user put spaces
    between them), all of them, any of them. Never FTS5 syntax: each word is a quoted string."""
    ws = words(q)
    if not ws:
        return []
    if len(ws) == 1:
        return [("phrase", _quoted(ws[0]))]
    tried = [("all", " AND ".join(map(_quoted, ws))), ("any", " OR ".join(map(_quoted, ws)))]
    if len(q.split()) > 1:  # words the user separated need not stand together
        return tried
    return [("phrase", _quoted(" ".join(ws))), *tried]


def marked_html(text: str) -> str:
    """FTS5's marked text as safe HTML: everything escaped, the markers turned into ``<mark>``."""
    plain = text.replace(JOIN, "")
    return escape(plain).replace(MARK_ON, "<mark>").replace(MARK_OFF, "</mark>")


# --- the index file ---------------------------------------------------------------------------------

def index_path(store: Store) -> Path:
    """Where ``store``'s index lives: beside its folder, or in the temporary folder."""
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        return path.parent / f"{path.name}.search.sqlite"
    key = getattr(store, "endpoint", None) or f"memory-{id(store)}"
    digest = hashlib.sha256(str(key).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"policykg-search-{digest}.sqlite"


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(str(path), timeout=60, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    found = db.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone()
    version = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone() if found else None
    if version is None or version[0] != SCHEMA:
        db.executescript("""
            DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS graphs; DROP TABLE IF EXISTS facts;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE graphs(graph TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
            CREATE VIRTUAL TABLE facts USING fts5(
                label, body, node UNINDEXED, kind UNINDEXED, graph UNINDEXED, document UNINDEXED,
                document_label UNINDEXED, places UNINDEXED, place_names UNINDEXED, year UNINDEXED,
                evidence UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
        """)
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
    return db


@contextlib.contextmanager
def _writing(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")  # one writer at a time (page workers, an ingest)
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


# --- reading the store ------------------------------------------------------------------------------

def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def fingerprints(store: Store, graphs: Iterable[str] | None = None) -> dict[str, str]:
    """Each document graph's triple count (the ontology graph left out), as its fingerprint."""
    only = _values("g", graphs) if graphs is not None else ""
    rows = store.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {only} GRAPH ?g {{ ?s ?p ?o }} "
                       "FILTER(STRSTARTS(STR(?g), \"https://w3id.org/policykg/graph/doc/\")) } GROUP BY ?g").rows
    return {str(r["g"]): str(r["n"]) for r in rows}


@dataclass
class _Fact:
    node: str
    kind: str
    graph: str
    labels: dict[str, str] = field(default_factory=dict)
    quotes: list[tuple[int, str, str]] = field(default_factory=list)  # (start, evidence IRI, quote)
    alt: list[str] = field(default_factory=list)
    place: str | None = None


@dataclass
class _Doc:
    iri: str
    title: str = ""
    year: str = ""
    places: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


def _select(store: Store, body: str) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in store.query(sparql_prefixes() + body).rows]


def _read(store: Store, graphs: list[str]) -> tuple[dict[str, _Doc], list[_Fact]]:
    g = _values("g", graphs)
    docs: dict[str, _Doc] = {}
    for r in _select(store, f"""SELECT ?g ?doc ?title ?issued ?region ?code ?name WHERE {{ {g}
          GRAPH ?g {{ ?doc pk:sourceFile ?file OPTIONAL {{ ?doc dcterms:title ?title }}
                      OPTIONAL {{ ?doc dcterms:issued ?issued }}
                      OPTIONAL {{ {{ ?doc pk:city ?region }} UNION {{ ?doc pk:province ?region }} }} }}
          OPTIONAL {{ ?region skos:notation ?code }} OPTIONAL {{ ?region rdfs:label ?name }} }}"""):
        doc = docs.setdefault(r["g"], _Doc(r["doc"]))
        doc.title = doc.title or r.get("title", "")
        doc.year = doc.year or r.get("issued", "")[:4]
        if "region" in r:
            place = (r.get("code", r["region"].rsplit("/", 1)[-1]), r.get("name", ""))
            if place not in doc.places:
                doc.places.append(place)
    facts: dict[tuple[str, str], _Fact] = {}
    classes = " ".join(f"pk:{c}" for c in _CLASS_KIND)
    for r in _select(store, f"""SELECT ?g ?n ?class ?p ?text WHERE {{ {g} VALUES ?class {{ {classes} }}
          VALUES ?p {{ {" ".join(_LABELS)} skos:altLabel }} GRAPH ?g {{ ?n a ?class ; ?p ?text }} }}"""):
        fact = facts.setdefault((r["g"], r["n"]), _Fact(r["n"], _CLASS_KIND[r["class"].rsplit("#", 1)[-1]], r["g"]))
        short = _short(r["p"])
        if short == "skos:altLabel":
            fact.alt.append(r["text"])
        elif short not in fact.labels or r["text"] < fact.labels[short]:
            fact.labels[short] = r["text"]
    for r in _select(store, f"""SELECT ?g ?n ?e ?quote ?start WHERE {{ {g} VALUES ?class {{ {classes} }}
          GRAPH ?g {{ ?n a ?class ; pk:evidence ?e . ?e pk:quote ?quote OPTIONAL {{ ?e pk:start ?start }} }} }}"""):
        fact = facts.setdefault((r["g"], r["n"]), _Fact(r["n"], "", r["g"]))
        start = int(r["start"]) if r.get("start", "").isdigit() else 0
        fact.quotes.append((start, r["e"], r["quote"]))
    for r in _select(store, f"""SELECT ?g ?n ?code WHERE {{ {g}
          GRAPH ?g {{ ?n a pk:Agency ; pk:jurisdiction ?region }} ?region skos:notation ?code }}"""):
        if (r["g"], r["n"]) in facts:
            facts[(r["g"], r["n"])].place = r["code"]
    return docs, [f for f in facts.values() if f.kind]


def _short(predicate: str) -> str:
    from .namespaces import PREFIXES

    for prefix, ns in PREFIXES.items():
        if predicate.startswith(str(ns)):
            return f"{prefix}:{predicate[len(str(ns)):]}"
    return predicate


def _rows(docs: dict[str, _Doc], facts: list[_Fact], region_names: dict[str, str]) -> Iterator[tuple[str, ...]]:
    for graph, doc in docs.items():
        codes = " ".join(c for c, _ in doc.places)
        names = " ".join(n for _, n in doc.places if n)
        yield (segment(doc.title), "", doc.iri, "document", graph, doc.iri, doc.title, f" {codes} ",
               f" {names} ", doc.year, "")
    for fact in facts:
        doc = docs.get(fact.graph, _Doc(""))
        label = next((fact.labels[p] for p in _LABELS if p in fact.labels), "")
        quotes = sorted(fact.quotes)
        body = "\n".join(dict.fromkeys([*(q for _, _, q in quotes), *fact.alt]))
        if fact.place:
            codes, names = fact.place, region_names.get(fact.place, "")
        else:
            codes = " ".join(c for c, _ in doc.places)
            names = " ".join(n for _, n in doc.places if n)
        yield (segment(label), segment(body), fact.node, fact.kind, fact.graph, doc.iri, doc.title, f" {codes} ",
               f" {names} ", doc.year, quotes[0][1] if quotes else "")


def _region_names(store: Store) -> dict[str, str]:
    rows = _select(store, "SELECT ?code ?name WHERE { ?r skos:notation ?code ; rdfs:label ?name ; "
                          "skos:inScheme <https://w3id.org/policykg/id/region/scheme> }")
    return {r["code"]: r["name"] for r in rows}


def _replace(db: sqlite3.Connection, store: Store, graphs: list[str], prints: dict[str, str]) -> None:
    names = _region_names(store) if graphs else {}
    for i in range(0, len(graphs), BATCH):
        batch = graphs[i:i + BATCH]
        docs, facts = _read(store, batch)
        rows = list(_rows(docs, facts, names))
        with _writing(db):
            db.executemany("DELETE FROM facts WHERE graph = ?", [(g,) for g in batch])
            db.executemany("INSERT INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            db.executemany("INSERT OR REPLACE INTO graphs VALUES (?, ?)", [(g, prints[g]) for g in batch])


def _store_signature(store: Store) -> str | None:
    if isinstance(store, OxigraphStore) and store.path is not None:
        return repr(folder_signature(store.path))
    return None


def sync(store: Store, db: sqlite3.Connection | None = None) -> sqlite3.Connection:
    """Bring the index of ``store`` up to date (see the module's notes) and return a connection to it."""
    db = db or connect(index_path(store))
    signature = _store_signature(store)
    seen = db.execute("SELECT value FROM meta WHERE key='signature'").fetchone()
    if seen is not None and signature is not None and seen[0] == signature:
        return db
    if signature is None and seen is not None and time.time() - float(seen[0]) < REMOTE_RECHECK_S:
        return db
    now = fingerprints(store)
    held = dict(db.execute("SELECT graph, fingerprint FROM graphs").fetchall())
    gone = [g for g in held if g not in now]
    if gone:
        with _writing(db):
            db.executemany("DELETE FROM facts WHERE graph = ?", [(g,) for g in gone])
            db.executemany("DELETE FROM graphs WHERE graph = ?", [(g,) for g in gone])
    _replace(db, store, sorted(g for g, n in now.items() if held.get(g) != n), now)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('signature', ?)", (signature or repr(time.time()),))
    return db


def index_graph(store: Store, graph: str) -> None:
    """Re-index one document graph now (``policykg ingest`` calls it after writing the graph)."""
    db = connect(index_path(store))
    try:
        prints = fingerprints(store, [graph])
        if graph in prints:
            _replace(db, store, [graph], prints)
        else:
            with _writing(db):
                db.execute("DELETE FROM facts WHERE graph = ?", (graph,))
                db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))
    finally:
        db.close()


# --- searching --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    node: str
    kind: str
    label: str
    label_html: str
    snippet_html: str
    document: str
    document_label: str
    places: list[str]
    year: str | None
    evidence: str | None
    score: float


@dataclass(frozen=True)
class Results:
    q: str
    words: list[str]
    match: str | None  # "phrase", "all", "any", or None when nothing matched
    total: int
    hits: list[Hit]


def _like(value: str) -> str:
    return value.replace("%", "").replace("_", "")


def _filters(kind: Iterable[str], place: Iterable[str], year: Iterable[str],
             document: Iterable[str]) -> tuple[str, list[object]]:
    """SQL conditions and their arguments: any of the values of a filter, all the filters."""
    where: list[str] = []
    args: list[object] = []

    def some(values: Iterable[str], test: str, *forms: object) -> None:
        picked = [v.strip() for v in values if v.strip()]
        if picked:
            where.append("(" + " OR ".join([test] * len(picked)) + ")")
            for v in picked:
                args.extend(form(v) if callable(form) else form for form in forms)

    some([k.lower() for k in kind], "kind = ?", lambda v: v)
    some(place, "(places LIKE ? OR place_names LIKE ?)", lambda v: f"% {_like(v)} %",  # a GB/T 2260 code,
         lambda v: f"% {_like(v)}%")                                                   # or a name: 鄂州 → 鄂州市
    some(year, "year = ?", lambda v: v)
    some(document, "(document = ? OR document LIKE ?)", lambda v: v, lambda v: f"%/doc/{_like(v)}%")
    return "".join(f" AND {w}" for w in where), args


def query(db: sqlite3.Connection, q: str, *, kind: Iterable[str] = (), place: Iterable[str] = (),
          year: Iterable[str] = (), document: Iterable[str] = (), limit: int = 20, offset: int = 0,
          snippet_words: int = 24) -> Results:
    """Search an index: ranked (BM25, labels weighted 8 to 1 against quotes), filtered, one hit per node."""
    extra, args = _filters(kind, place, year, document)
    ws = words(q)
    for mode, match in fts_queries(q):
        try:  # FTS5's auxiliary functions do not mix with window functions: rank first, then mark the page
            ranked = db.execute(f"SELECT rowid, node, bm25(facts, 8.0, 1.0) AS score FROM facts "
                                f"WHERE facts MATCH ?{extra} ORDER BY score, node, graph", [match, *args]).fetchall()
        except sqlite3.OperationalError:  # not expected (every word is quoted): no match
            ranked = []
        if not ranked:
            continue
        best: dict[str, tuple[int, float]] = {}
        for rowid, node, score in ranked:
            best.setdefault(node, (rowid, score))
        page = list(best.values())[offset:offset + limit]
        marked = {r[0]: r[1:] for r in db.execute(
            f"""SELECT rowid, node, kind, highlight(facts, 0, ?, ?), snippet(facts, 1, ?, ?, '…', ?), document,
                       document_label, places, year, evidence FROM facts
                WHERE facts MATCH ? AND rowid IN ({",".join("?" * len(page))})""",
            [MARK_ON, MARK_OFF, MARK_ON, MARK_OFF, snippet_words, match, *(r for r, _ in page)])}
        hits = []
        for rowid, score in page:
            node, kind_, label, snip, doc, doc_label, places, year_, evidence = marked[rowid]
            hits.append(Hit(node=node, kind=kind_, label=_plain(label), label_html=marked_html(label),
                            snippet_html=marked_html(snip), document=doc, document_label=doc_label,
                            places=places.split(), year=year_ or None, evidence=evidence or None,
                            score=round(-float(score), 4)))
        return Results(q, ws, mode, len(best), hits)
    return Results(q, ws, None, 0, [])


def _plain(text: str) -> str:
    return text.replace(JOIN, "").replace(MARK_ON, "").replace(MARK_OFF, "")


def search(store: Store, q: str, **kwargs: object) -> Results:
    """Sync the index of ``store`` and search it (see :func:`query` for the keywords)."""
    db = sync(store)
    try:
        return query(db, q, **kwargs)  # type: ignore[arg-type]
    finally:
        db.close()


def after_ingest(store: Store, graph: str) -> None:
    """The ingest hook: keep an existing index of an on-disk store current for ``graph``.

    A store whose index was never built is left alone (the first search builds it), so ingesting costs
    nothing extra until someone searches; a failure here never fails the ingest (the next search's sync
    repairs the index from the store).
    """
    if not (isinstance(store, OxigraphStore) and store.path is not None and index_path(store).exists()):
        return
    try:
        index_graph(store, graph)
    except Exception as exc:  # the index is derived data: never a reason to fail an ingest
        logging.getLogger(__name__).warning("search index not updated for %s: %s", graph, exc)
