"""The one parsed :class:`Document` of a file: every layer the extractors read, computed once.

Like a spaCy ``Doc``, it is built once by :func:`policykg.ingest.layout.lay_out` and then only read: the
normalised text with its map back to the source, its lines, the outline, the tables (flattened one cell per
line, or one row per line), the sentences, the appendices and the wrapper notice. Offsets are normalised
offsets (into ``normalized.text``); :meth:`Document.evidence` cuts the verbatim source quote behind a span.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Evidence, Normalized, Section, Source
from .flat_tables import Table
from .normalize import evidence
from .outline import Sentence
from .row_tables import RowTable


@dataclass(frozen=True)
class Line:
    """One line of the normalised text (lines a PDF wrapped are already joined by the reader)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A run of the document with a role: an appendix (附件1 ...), the wrapper notice (关于印发《…》的通知 and
    its covering text), or page furniture the reader marked (running headers and footers, web chrome)."""

    kind: str            # appendix | wrapper | furniture
    start: int
    end: int
    title: str = ""


@dataclass(frozen=True)
class Document:
    source: Source
    normalized: Normalized
    lines: tuple[Line, ...]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]          # indicator tables that arrived flattened, one cell per line
    row_tables: tuple[RowTable, ...]   # indicator tables laid out one row per line (| or space separated)
    sentences: tuple[Sentence, ...]
    appendices: tuple[Block, ...] = ()
    wrapper: Block | None = None
    furniture: tuple[Block, ...] = ()

    @property
    def text(self) -> str:
        """The normalised text: what every offset of the layers counts into."""
        return self.normalized.text

    def evidence(self, start: int, end: int) -> Evidence:
        """The verbatim source quote behind the normalised span [start, end)."""
        return evidence(self.source, self.normalized, start, end)

    def table_spans(self) -> list[tuple[int, int]]:
        """Where the tables stand (flattened ones first), for readers of prose to skip."""
        return [(t.start, t.end) for t in self.tables] + [(t.start, t.end) for t in self.row_tables]
