"""Read a file into a :class:`Source`: detect its format and encoding, and never guess silently.

Formats: plain text (.txt), HTML pages saved from government sites (.html, .htm), Word (.docx) and PDF
with a text layer (.pdf). The format is taken from the file's leading bytes where they are telling
(``%PDF``, a zip with ``word/document.xml``, an ``<html`` tag), else from its suffix; a suffix that
disagrees with the content is reported as a warning. For every format but plain text, ``Source.text``
is the visible text as extracted here, and evidence offsets count into it.

Encodings of text and HTML bytes: a byte-order mark wins; then strict UTF-8; then GB18030 (a superset
of GBK and GB2312) and Big5 (cp950), each decoded strictly and scored by the share of its Han
characters that are common ones (GB2312 level 1, after conversion to simplified script). The
winner is recorded with its score; a weak or ambiguous winner is recorded as a warning too.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from policykg.errors import IngestError

from ..records import Source

SUFFIXES = {".txt": "txt", ".text": "txt", "": "txt", ".html": "html", ".htm": "html", ".shtml": "html",
            ".docx": "docx", ".pdf": "pdf"}
#: Candidate legacy encodings after UTF-8, tried strictly and scored.
LEGACY = ("gb18030", "cp950")
#: Below this share of common Han characters a decoding is not plausible Chinese text.
PLAUSIBLE = 0.6


@dataclass(frozen=True)
class Limits:
    """What one file may cost before it is refused, checked before the work it bounds.

    ``max_bytes`` is checked on the file's size before it is read; ``max_unpacked`` on the sizes a .docx
    zip declares for its members before any is expanded (and again on the bytes actually inflated);
    ``max_chars`` on the text once read, before normalisation and extraction, whose memory grows with it.
    Plans of the genre run to 5,000–60,000 characters; the defaults leave a wide margin and keep one
    file's ingest to about a gigabyte of memory (98,000 characters took 69 s and 400 MB on the 2-core
    development machine). ``POLICYKG_MAX_FILE_MB``, ``POLICYKG_MAX_UNPACKED_MB`` and
    ``POLICYKG_MAX_TEXT_CHARS`` change them.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_unpacked: int = 60 * 1024 * 1024
    max_chars: int = 300_000

    @classmethod
    def from_env(cls) -> Limits:
        env = os.environ
        mib = 1024 * 1024
        return cls(max_bytes=int(float(env.get("POLICYKG_MAX_FILE_MB", 20)) * mib),
                   max_unpacked=int(float(env.get("POLICYKG_MAX_UNPACKED_MB", 60)) * mib),
                   max_chars=int(env.get("POLICYKG_MAX_TEXT_CHARS", 300_000)))


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------- format

def detect_format(path: Path, data: bytes | None = None) -> tuple[str, tuple[str, ...]]:
    """The file's format (txt | html | docx | pdf) and any warning about a suffix that disagrees."""
    name = display_name(path)
    by_suffix = SUFFIXES.get(path.suffix.lower())
    sniffed = _sniff(data) if data is not None else None
    if by_suffix is None and sniffed is None:
        raise IngestError(name, f"unsupported file type {path.suffix!r} (supported: .txt .html .docx .pdf)")
    if sniffed and by_suffix and sniffed != by_suffix:
        return sniffed, (f"{name}: suffix {path.suffix!r} but the content is {sniffed}; read as {sniffed}",)
    return sniffed or by_suffix or "txt", ()


def _sniff(data: bytes) -> str | None:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else None
        except zipfile.BadZipFile:
            return None
    if re.match(rb"(?i)<!doctype html|<html|<\?xml[^>]*>\s*<html", head):
        return "html"
    return None


# ------------------------------------------------------------------------------------------ encoding

@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def _common(ch: str) -> bool:
    """A GB2312 level-1 Han character (the 3,755 most common), in simplified form."""
    try:
        code = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and 0xB0 <= code[0] <= 0xD7


def common_share(text: str) -> float:
    """Share of Han characters in ``text`` that are common characters once simplified (1.0 if none)."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 1.0
    sample = "".join(han[:20000])
    simplified: str = _t2s().convert(sample)  # type: ignore[attr-defined]
    return sum(map(_common, simplified)) / len(simplified)


def decode(data: bytes, name: str) -> Decoded:
    """Decode bytes without guessing silently; raises :class:`IngestError` with the byte position."""
    for bom, codec, label in ((b"\xef\xbb\xbf", "utf-8", "utf-8-sig"), (b"\xff\xfe", "utf-16-le", "utf-16"),
                              (b"\xfe\xff", "utf-16-be", "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), label, 1.0)
            except UnicodeDecodeError as exc:
                raise IngestError(name, f"malformed {label} after its byte-order mark ({exc.reason})",
                                  position=exc.start + len(bom)) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates: list[Decoded] = []
    for codec in proposals(data):
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        candidates.append(Decoded(text, "big5" if codec == "cp950" else codec, round(common_share(text), 3)))
    candidates.sort(key=lambda d: d.confidence, reverse=True)
    if not candidates or candidates[0].confidence < PLAUSIBLE or _mostly_utf8(data, utf8_error.start):
        raise IngestError(name, f"malformed bytes: not valid UTF-8 ({utf8_error.reason}) and not plausible as "
                          "GB18030/GBK or Big5 text", position=utf8_error.start)
    best = candidates[0]
    notes = [f"{name}: encoding detected as {best.encoding} (common-character share {best.confidence})"]
    if len(candidates) > 1 and candidates[1].confidence > best.confidence - 0.1:
        notes.append(f"{name}: encoding ambiguous: {candidates[1].encoding} scores {candidates[1].confidence}")
    return Decoded(best.text, best.encoding, best.confidence, tuple(notes))


#: Chinese codecs, by the names Python's codec registry gives them: what a plan's text may be in.
CHINESE_CODECS = ("gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950")


def proposals(data: bytes) -> list[str]:
    """The encodings worth trying on bytes that are not UTF-8: charset-normalizer's Chinese guesses, best
    first, then GB18030 and Big5. Each is then decoded strictly and scored by its share of common Han
    characters, so a guess never wins on its word alone."""
    import codecs

    from charset_normalizer import from_bytes

    guessed = []
    for match in from_bytes(data[:200_000]):
        try:
            name = codecs.lookup(match.encoding).name
        except LookupError:
            continue
        if name in CHINESE_CODECS:
            # One name per family: GB18030 ⊇ GBK ⊇ GB2312, and cp950 ⊇ Big5.
            guessed.append({"gbk": "gb18030", "gb2312": "gb18030", "big5": "cp950"}.get(name, name))
    return list(dict.fromkeys([*guessed, *LEGACY]))


def _mostly_utf8(data: bytes, error_at: int) -> bool:
    """UTF-8 text with a malformed stretch: its multi-byte prefix decodes as UTF-8 with plenty of Han."""
    prefix = data[:error_at].decode("utf-8", errors="ignore")
    return sum("\u4e00" <= c <= "\u9fff" for c in prefix) >= 20


def _decode_markup(data: bytes, name: str) -> Decoded:
    """HTML bytes: a declared charset is honoured when it decodes strictly; otherwise detect."""
    declared = re.search(rb"""(?i)<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii").lower()
        charset = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950"}.get(charset, charset)
        try:
            return Decoded(data.decode(charset), {"cp950": "big5"}.get(charset, charset), 1.0,
                           (f"{name}: encoding {charset} as declared in the page",))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


# ------------------------------------------------------------------------------------------- formats

def display_name(path: Path) -> str:
    """A file's name as text: bytes a file system holds that are not UTF-8 become U+FFFD, never an error."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_source(path: Path, limits: Limits | None = None) -> Source:
    path = Path(path)
    limits = limits or Limits.from_env()
    name = display_name(path)
    try:
        if not path.is_file():
            raise IngestError(name, "no such file")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise IngestError(name, f"the file is {size / 2**20:.1f} MiB, over the limit of "
                              f"{limits.max_bytes / 2**20:.1f} MiB (POLICYKG_MAX_FILE_MB); refused unread")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(name, f"cannot read the file: {exc.strerror or exc}") from None
    if not data.strip():
        raise IngestError(name, "the file is empty")
    fmt, notes = detect_format(path, data)
    if fmt == "txt":
        decoded = decode(data, name)
        if "\x00" in decoded.text:
            raise IngestError(name, "binary content (NUL bytes) in a text file",
                              position=decoded.text.index("\x00"))
        text = decoded.text
    elif fmt == "html":
        from .html import visible_text

        decoded = _decode_markup(data, name)
        text = visible_text(decoded.text)
    elif fmt == "docx":
        _check_unpacked(data, name, limits)
        decoded = Decoded(_docx_text(data, name), "utf-8", 1.0)
        text = decoded.text
    else:
        decoded = Decoded(_pdf_text(data, name), "pdf-text-layer", 1.0)
        text = decoded.text
    if not text.strip():
        raise IngestError(name, f"no text found in the {fmt} file")
    if len(text) > limits.max_chars:
        raise IngestError(name, f"the text is {len(text):,} characters, over the limit of "
                          f"{limits.max_chars:,} (POLICYKG_MAX_TEXT_CHARS)", position=limits.max_chars)
    return Source(name=name, text=text, format=fmt, encoding=decoded.encoding,
                  warnings=notes + decoded.warnings, folder=display_name(path.resolve().parent))


def _check_unpacked(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a .docx whose members would expand past the limit (a zip bomb), before expanding any.

    The sizes a zip declares are checked first; the bytes really inflated are counted too, in small
    chunks, since a crafted archive can declare less than it holds.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
            declared = sum(m.file_size for m in members)
            if declared > limits.max_unpacked:
                raise IngestError(name, f"the .docx would expand to {declared / 2**20:.0f} MiB, over the limit of "
                                  f"{limits.max_unpacked / 2**20:.0f} MiB (POLICYKG_MAX_UNPACKED_MB); refused "
                                  "before expanding")
            inflated = 0
            for member in members:
                with zf.open(member) as stream:
                    while chunk := stream.read(1 << 16):
                        inflated += len(chunk)
                        if inflated > limits.max_unpacked:
                            raise IngestError(name, "the .docx expands past the limit of "
                                              f"{limits.max_unpacked / 2**20:.0f} MiB (POLICYKG_MAX_UNPACKED_MB), "
                                              "more than its members declare; refused")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as exc:
        raise IngestError(name, f"not a readable .docx file ({type(exc).__name__})") from None


def _docx_text(data: bytes, name: str) -> str:
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


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer, with lines that a paragraph wrapped joined back together."""
    from pdfminer.pdfparser import PDFSyntaxError

    from .pdf import pdf_text

    try:
        text = pdf_text(data)
    except (PDFSyntaxError, ValueError, TypeError) as exc:
        raise IngestError(name, f"not a readable PDF ({type(exc).__name__})") from None
    if not text.strip():
        raise IngestError(name, "the PDF has no text layer (scanned pages need OCR first)")
    return text
