"""Run the stages on files and write one named graph per document into a store.

read (:mod:`.read`) → lay out (:mod:`.layout`, once per file) → extract (:mod:`.extract`) → link (:mod:`.link`,
against one :class:`~.link.vocabulary.Vocabulary`) → emit (:mod:`.emit`). This is the one place that wires the
stages together; ``layout`` may be swapped (an instrumented one in tests), and ``vocab`` defaults to the packaged
vocabularies, read once per process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from policykg import iris
from policykg.errors import IngestError, PolicyKGError
from policykg.store import Store

from .emit import emit, to_ntriples
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


def document_graph(ex: Extraction, vocab: Vocabulary | None = None) -> Graph:
    """The triples of one document's named graph: what it says, less what the ontology graph already states.

    Queries see the union of all graphs, and the engine keeps one copy of a triple per graph, so a region's
    label restated in a document graph would make every join through it count twice.
    """
    from policykg.ontology.load import ontology_triples

    graph = emit(ex, link(ex, vocab or packaged()))
    known = ontology_triples()
    for triple in [t for t in graph if t in known]:
        graph.remove(triple)
    return graph


def ingest_file(store: Store, path: Path, layout: Layout = lay_out, vocab: Vocabulary | None = None) -> FileReport:
    """Ingest one file; its named graph is replaced in one transaction, or left untouched on error."""
    path = Path(path)
    try:
        vocab = vocab or packaged()
        ex = extract_file(path, layout, vocab)
        graph = document_graph(ex, vocab)
        name = iris.document_graph(ex.source.name, ex.source.folder)
        store.replace_graph(name, to_ntriples(graph))
    except PolicyKGError as exc:
        return FileReport(str(path), error=exc.message)
    except Exception as exc:
        return FileReport(str(path), error=str(IngestError(display_name(path), f"{type(exc).__name__}: {exc}")))
    return FileReport(str(path), graph=name, triples=len(graph),
                      warnings=ex.source.warnings + ex.normalized.warnings)


def ingest_paths(store: Store, paths: Iterable[Path],
                 on_file: Callable[[FileReport], None] | None = None, layout: Layout = lay_out,
                 vocab: Vocabulary | None = None) -> list[FileReport]:
    """Ingest every file under ``paths``; the ontology graph is (re)loaded first."""
    from policykg.ontology.load import ensure_ontology

    ensure_ontology(store)
    reports = []
    seen: dict[str, Path] = {}
    for path in expand(paths):
        where = f"{display_name(path.resolve().parent)}/{display_name(path)}"
        if where in seen and seen[where].resolve() != path.resolve():
            # Two files whose folder and file names are both the same would share a document id.
            message = (f"{display_name(path)}: another file of this name in a folder of the same name "
                       f"({seen[where]}) is in this batch; rename one of them")
            report = FileReport(str(path), error=message)
        else:
            seen[where] = path
            report = ingest_file(store, path, layout, vocab)
        reports.append(report)
        if on_file:
            on_file(report)
    return reports


def iter_extractions(paths: Iterable[Path], layout: Layout = lay_out,
                     vocab: Vocabulary | None = None) -> Iterator[Extraction]:
    for path in expand(paths):
        yield extract_file(path, layout, vocab)
