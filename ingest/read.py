"""Read a file into a :class:`Source`: detect its format and encoding, and never guess silently."""

from __future__ import annotations

from pathlib import Path

from policykg.errors import IngestError

from .records import Source

SUPPORTED = (".txt",)
#: Tried in this order; the first strict decode that succeeds wins. GB18030 is a superset of GBK/GB2312.
ENCODINGS = ("utf-8", "gb18030", "big5")


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text", ""):
        return "txt"
    raise IngestError(path.name, f"unsupported file type {suffix!r} (supported: {', '.join(SUPPORTED)})")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes strictly, trying the common Chinese encodings; returns (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    first_error: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    position = first_error.start if first_error else None
    raise IngestError(name, "cannot decode as UTF-8, GB18030 or Big5", position=position)


def read_source(path: Path) -> Source:
    path = Path(path)
    if not path.is_file():
        raise IngestError(path.name, "no such file")
    fmt = detect_format(path)
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path.name, "the file is empty")
    text, encoding = decode(data, path.name)
    if "\x00" in text:
        raise IngestError(path.name, "binary content (NUL bytes) in a text file", position=text.index("\x00"))
    return Source(name=path.name, text=text, format=fmt, encoding=encoding)
