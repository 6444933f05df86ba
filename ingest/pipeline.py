"""Run the stages on files and write one named graph per document into a store.

read (:mod:`.read`) → lay out (:mod:`.layout`, once per file) → extract (:mod:`.extract`) → link (:mod:`.link`,
against one :class:`~.link.vocabulary.Vocabulary`) → emit (:mod:`.emit`). This is the one place that wires the
stages together; ``layout`` may be swapped (an instrumented one in tests), and ``vocab`` defaults to the packaged
vocabularies, read once per process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from policykg import iris, search
from policykg.errors import IngestError, PolicyKGError
from policykg.store import OxigraphStore, Store, derive, holds_documents

from .emit import emit_ntriples
from .emit.terms import line, term
from .extract import extract
from .layout import Document, lay_out
from .link import Vocabulary, link, packaged
from .read import display_name, read_source
from .records import Extraction, Source

#: The layout stage: one read file to its one parsed Document.
Layout = Callable[[Source], Document]

INGESTIBLE = {".txt", ".text", ".html", ".htm", ".docx", ".pdf"}


@dataclass(frozen=True)
class FileReport:
    """What happened to one file: the triples written, or the error."""

    path: str
    graph: str | None = None
    triples: int = 0
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def extract_file(path: Path, layout: Layout = lay_out, vocab: Vocabulary | None = None) -> Extraction:
    """read → lay out → extract, for one file; the document is laid out once, and every extractor reads it."""
    return extract(layout(read_source(path)), vocab or packaged())


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files and folders (recursively) to the files worth ingesting, in a stable order.

    A path that names nothing, or a folder that cannot be listed, is kept as it is: ingesting it reports
    the error for that path alone, and the rest of the batch goes on.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        try:
            if not path.is_dir():
                files.append(path)
                continue
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in INGESTIBLE and p.is_file())
        except OSError:
            files.append(path)
            continue
        files.extend(found)
    return files


@lru_cache(maxsize=1)
def ontology_lines() -> frozenset[str]:
    """What the ontology graph states, as N-Triples lines written the way the emitter writes them."""
    from policykg.ontology.load import ontology_triples

    return frozenset(line(term(s), term(p), term(o)) for s, p, o in ontology_triples())


def document_ntriples(ex: Extraction, vocab: Vocabulary | None = None) -> list[str]:
    """The N-Triples lines of one document's named graph (each once): what it says, less what the ontology graph
    already states.

    Queries see the union of all graphs, and the engine keeps one copy of a triple per graph, so a region's
    label restated in a document graph would make every join through it count twice.
    """
    known = ontology_lines()
    return [t for t in emit_ntriples(ex, link(ex, vocab or packaged())).lines if t not in known]


def document_graph(ex: Extraction, vocab: Vocabulary | None = None) -> Graph:
    """:func:`document_ntriples` as an rdflib ``Graph``."""
    graph = Graph()
    graph.parse(data="".join(document_ntriples(ex, vocab)), format="nt")
    return graph


@dataclass(frozen=True)
class Prepared:
    """One file taken through every stage but the write: its graph's name and N-Triples, or the error."""

    path: str
    graph: str | None = None
    ntriples: str = ""
    triples: int = 0
    error: str | None = None
    warnings: tuple[str, ...] = ()


def prepare(path: Path, layout: Layout = lay_out, vocab: Vocabulary | None = None) -> Prepared:
    """read → lay out → extract → link → emit for one file, touching no store (so it can run in a worker)."""
    path = Path(path)
    try:
        vocab = vocab or packaged()
        ex = extract_file(path, layout, vocab)
        lines = document_ntriples(ex, vocab)
        return Prepared(str(path), iris.document_graph(ex.source.name, ex.source.folder), "".join(lines),
                        len(lines), warnings=ex.source.warnings + ex.normalized.warnings)
    except PolicyKGError as exc:
        return Prepared(str(path), error=exc.message)
    except Exception as exc:
        return Prepared(str(path), error=str(IngestError(display_name(path), f"{type(exc).__name__}: {exc}")))


def write(store: Store, prepared: Prepared) -> FileReport:
    """Replace the document's named graph in one transaction; on error the store is left as it was."""
    if prepared.error is None and prepared.graph is not None:
        try:
            store.replace_graph(prepared.graph, prepared.ntriples)
            search.after_ingest(store, prepared.graph)  # an existing full-text index learns the new graph now
        except PolicyKGError as exc:
            return FileReport(prepared.path, error=exc.message)
        except SyntaxError as exc:   # the engine refused the triples: this document fails, the batch goes on
            return FileReport(prepared.path, error=str(IngestError(
                display_name(Path(prepared.path)), f"the store refused its triples: {exc}")))
        return _written(prepared)
    return FileReport(prepared.path, error=prepared.error or "nothing was read")


def _written(prepared: Prepared) -> FileReport:
    return FileReport(prepared.path, graph=prepared.graph, triples=prepared.triples, warnings=prepared.warnings)


#: A batch of prepared documents is written when it holds this many documents, or this many triples.
BATCH_DOCS = 64
BATCH_TRIPLES = 100_000


def write_batch(store: Store, batch: Sequence[Prepared], bulk: bool = False) -> list[FileReport]:
    """Write a batch of prepared documents: into the embedded store in one go, flushed once
    (:meth:`OxigraphStore.replace_graphs`, which says what a reader can see meanwhile); elsewhere, or when the
    batch is refused, one by one (:func:`write`), so that a document the store refuses fails alone."""
    good = [p for p in batch if p.error is None and p.graph is not None]
    if len(good) < 2 or not isinstance(store, OxigraphStore):
        return [write(store, p) for p in batch]
    try:
        store.replace_graphs([(p.graph, p.ntriples) for p in good if p.graph is not None], bulk=bulk)
    except (PolicyKGError, SyntaxError, ValueError, OSError):
        return [write(store, p) for p in batch]
    for p in good:
        if p.graph is not None:
            search.after_ingest(store, p.graph)  # an existing full-text index learns the new graphs now
    written = {id(p) for p in good}
    return [_written(p) if id(p) in written else write(store, p) for p in batch]


def ingest_file(store: Store, path: Path, layout: Layout = lay_out, vocab: Vocabulary | None = None) -> FileReport:
    """Ingest one file; its named graph is replaced in one transaction, or left untouched on error."""
    return write(store, prepare(path, layout, vocab))


#: Below this many files a worker pool costs more to start (each worker loads the vocabularies) than it saves.
POOL_FROM = 8


def default_workers() -> int:
    """One worker per CPU this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def ingest_paths(store: Store, paths: Iterable[Path],
                 on_file: Callable[[FileReport], None] | None = None, layout: Layout = lay_out,
                 vocab: Vocabulary | None = None, workers: int = 1, bulk: bool | None = None) -> list[FileReport]:
    """Ingest every file under ``paths``; the ontology graph is (re)loaded first.

    Prepared documents are written in batches (:data:`BATCH_DOCS` documents or :data:`BATCH_TRIPLES` triples,
    :func:`write_batch`), in the order of the files; ``bulk`` loads the graphs new to the store with pyoxigraph's
    bulk loader (no transaction: for a store nobody reads meanwhile), and the derived graph too if the store has
    none yet. ``bulk=None`` (the default) means bulk exactly when the store holds no document graph yet (a fresh
    store: a reader during this first load may see a batch arrive part by part), transactions otherwise. With
    ``workers`` > 1 (and at least :data:`POOL_FROM` files), the files are prepared in that many worker processes
    while this process, the one writer, writes them as they come: the store receives the same batches, in the same
    order, as with one worker.
    """
    from policykg.ontology.load import ensure_ontology

    if bulk is None:
        bulk = not holds_documents(store)
    ensure_ontology(store)
    files: list[Path] = []
    refused: dict[int, FileReport] = {}
    seen: dict[str, Path] = {}
    for path in expand(paths):
        where = f"{display_name(path.resolve().parent)}/{display_name(path)}"
        if where in seen and seen[where].resolve() != path.resolve():
            # Two files whose folder and file names are both the same would share a document id.
            refused[len(files)] = FileReport(str(path), error=(
                f"{display_name(path)}: another file of this name in a folder of the same name "
                f"({seen[where]}) is in this batch; rename one of them"))
        seen.setdefault(where, path)
        files.append(path)
    todo = [f for n, f in enumerate(files) if n not in refused]
    prepared = iter(_prepare_all(todo, layout, vocab, workers))
    reports: list[FileReport] = []
    batch: list[Prepared] = []

    def land(done: list[FileReport]) -> None:
        reports.extend(done)
        if on_file:
            for report in done:
                on_file(report)

    for n, _path in enumerate(files):
        if n in refused:
            land([*write_batch(store, batch, bulk), refused[n]])
            batch = []
            continue
        batch.append(next(prepared))
        if len(batch) >= BATCH_DOCS or sum(p.triples for p in batch) >= BATCH_TRIPLES:
            land(write_batch(store, batch, bulk))
            batch = []
    land(write_batch(store, batch, bulk))
    # the derived graph (shared nodes once, counts, place keys), once per batch
    derive(store, bulk=bulk, workers=workers if len(files) >= POOL_FROM else 1)
    return reports


#: Files per task sent to a worker (fewer round trips); a batch small enough to keep both cores busy to the end.
CHUNK = 4


def _prepare_all(files: list[Path], layout: Layout, vocab: Vocabulary | None, workers: int) -> Iterator[Prepared]:
    """Each file prepared, in order: here, or in a pool of worker processes.

    Workers load the vocabularies, jieba and the ontology's lines once, as they start (:func:`_warm`), take
    files in chunks of up to :data:`CHUNK`, and send back each document's N-Triples as one string. At most two
    chunks per worker are in flight, so memory stays bounded however long the batch. A worker that dies (a
    crash, the memory killer) breaks its pool: the files that were in flight are then prepared one by one, each
    in a pool of its own, so the one that kills its worker fails alone, and the rest of the batch goes on in a
    fresh pool.
    """
    if workers <= 1 or len(files) < POOL_FROM or layout is not lay_out or vocab is not None:
        for path in files:
            yield prepare(path, layout, vocab)
        return
    size = max(1, min(CHUNK, len(files) // (4 * workers)))
    queue = deque(files)
    while queue:
        in_flight: list[Path] = []
        try:
            with _pool(min(workers, len(queue))) as pool:
                pending: deque[tuple[list[Path], Future[list[Prepared]]]] = deque()
                while queue or pending:
                    while queue and len(pending) < 2 * workers:
                        chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
                        pending.append((chunk, pool.submit(prepare_each, chunk)))
                    in_flight = [p for chunk, _f in pending for p in chunk]
                    results = pending[0][1].result()
                    pending.popleft()
                    yield from results
        except BrokenProcessPool:
            for path in in_flight:
                yield _prepare_alone(path)


def prepare_each(paths: list[Path]) -> list[Prepared]:
    """:func:`prepare` for each of ``paths`` (one task of a worker)."""
    return [prepare(path) for path in paths]


def _warm() -> None:
    """A worker's start: what every document needs, loaded once (the vocabularies and their indexes, jieba, the
    ontology's lines) before the first file arrives."""
    try:
        vocab = packaged()
        vocab.indicators  # noqa: B018   (builds the indicator index, and loads jieba)
        vocab.instruments  # noqa: B018
        ontology_lines()
    except Exception:  # noqa: S110   a broken vocabulary fails each file in prepare(), with its message
        pass


def _pool(workers: int) -> ProcessPoolExecutor:
    # Fresh interpreters (spawn): a fork would copy a process that holds an open store.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_warm)


def _prepare_alone(path: Path) -> Prepared:
    try:
        with _pool(1) as pool:
            return pool.submit(prepare, path).result()
    except BrokenProcessPool:
        return Prepared(str(path), error=str(IngestError(
            display_name(path), "the worker process preparing it died (out of memory, or a crash)")))
