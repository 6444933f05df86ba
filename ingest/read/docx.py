"""Word (.docx) files: paragraphs and tables in body order, after a check that the zip is not a bomb."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from policykg.errors import IngestError


def check_unpacked(data: bytes, name: str, limit: int) -> None:
    """Refuse a .docx whose members would expand past the limit (a zip bomb), before expanding any.

    The sizes a zip declares are checked first; the bytes really inflated are counted too, in small
    chunks, since a crafted archive can declare less than it holds.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
            declared = sum(m.file_size for m in members)
            if declared > limit:
                raise IngestError(name, f"the .docx would expand to {declared / 2**20:.0f} MiB, over the limit of "
                                  f"{limit / 2**20:.0f} MiB (POLICYKG_MAX_UNPACKED_MB); refused "
                                  "before expanding")
            inflated = 0
            for member in members:
                with zf.open(member) as stream:
                    while chunk := stream.read(1 << 16):
                        inflated += len(chunk)
                        if inflated > limit:
                            raise IngestError(name, "the .docx expands past the limit of "
                                              f"{limit / 2**20:.0f} MiB (POLICYKG_MAX_UNPACKED_MB), "
                                              "more than its members declare; refused")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as exc:
        raise IngestError(name, f"not a readable .docx file ({type(exc).__name__})") from None


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs in body order, tables row by row (see :func:`_docx_rows`)."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise IngestError(name, f"not a readable .docx file ({type(exc).__name__})") from None
    from docx.table import Table

    out: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            out.extend(_docx_rows(Table(child, document)))
    return "\n".join(out)


def _docx_rows(table: Any) -> list[str]:
    """A table's rows: a row of several cells is one line, its cells joined by " | " (a cell merged across columns
    once), as the row tables of the text reprints; a one-column table gives one line per cell paragraph."""
    out: list[str] = []
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        if len(cells) == 1:
            out.extend(p.text for p in cells[0].paragraphs)
        else:
            out.append(" | ".join(" ".join(p.text.strip() for p in c.paragraphs).strip().replace("|", "/")
                                  for c in cells))
    return out
