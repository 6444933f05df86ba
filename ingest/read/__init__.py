"""Read a file into a :class:`Source`: detect its format and encoding, and never guess silently.

Formats: plain text (.txt), HTML pages saved from government sites (.html, .htm), Word (.docx) and PDF
with a text layer (.pdf). The format is taken from the file's leading bytes where they are telling
(``%PDF``, a zip with ``word/document.xml``, an ``<html`` tag), else from its suffix; a suffix that
disagrees with the content is reported as a warning. For every format but plain text, ``Source.text``
is the visible text as extracted here, and evidence offsets count into it.

One reader per format: :mod:`.text` (bytes to text, the encoding detected), :mod:`.html` (the visible text
of a page), :mod:`.docx` and :mod:`.pdf`. This module sniffs the format, checks the caps, and dispatches.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import IngestError

from ..records import Source
from .docx import check_unpacked, docx_text
from .pdf import read_pdf
from .text import Decoded, common_share, decode, decode_markup, proposals

__all__ = ["Decoded", "Limits", "common_share", "decode", "detect_format", "display_name", "proposals", "read_source"]

SUFFIXES = {".txt": "txt", ".text": "txt", "": "txt", ".html": "html", ".htm": "html", ".shtml": "html",
            ".docx": "docx", ".pdf": "pdf"}


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

        decoded = decode_markup(data, name)
        text = visible_text(decoded.text)
    elif fmt == "docx":
        check_unpacked(data, name, limits.max_unpacked)
        decoded = Decoded(docx_text(data, name), "utf-8", 1.0)
        text = decoded.text
    else:
        decoded = Decoded(read_pdf(data, name), "pdf-text-layer", 1.0)
        text = decoded.text
    if not text.strip():
        raise IngestError(name, f"no text found in the {fmt} file")
    if len(text) > limits.max_chars:
        raise IngestError(name, f"the text is {len(text):,} characters, over the limit of "
                          f"{limits.max_chars:,} (POLICYKG_MAX_TEXT_CHARS)", position=limits.max_chars)
    return Source(name=name, text=text, format=fmt, encoding=decoded.encoding,
                  warnings=notes + decoded.warnings, folder=display_name(path.resolve().parent))


