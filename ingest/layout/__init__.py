"""The layout stage: one :class:`~.document.Document` per file, computed once from what the reader returned.

normalise (:mod:`.normalize`) → lines → tables (:mod:`.flat_tables`, :mod:`.row_tables`) → outline and
sentences (:mod:`.outline`) → appendices and the wrapper notice (:mod:`.blocks`).
"""

from __future__ import annotations

import re

from ..records import Source
from .blocks import appendices, wrapper
from .document import Block, Document, Line
from .flat_tables import tables
from .normalize import normalize
from .outline import outline, sentences
from .row_tables import row_tables

__all__ = ["Block", "Document", "Line", "lay_out"]


def lay_out(source: Source) -> Document:
    """Parse one read file into its :class:`Document`; every extractor reads the result."""
    norm = normalize(source)
    text = norm.text
    lines = tuple(Line(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\n]+", text))
    flat = tuple(tables(text))
    by_row = tuple(row_tables(text))
    spans = [(t.start, t.end) for t in flat] + [(t.start, t.end) for t in by_row]
    return Document(source=source, normalized=norm, lines=lines, sections=tuple(outline(text, spans)),
                    tables=flat, row_tables=by_row, sentences=tuple(sentences(text)),
                    appendices=appendices(lines), wrapper=wrapper(lines))
