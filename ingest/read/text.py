"""Plain text bytes to text: a byte-order mark, strict UTF-8, or the Chinese encoding that reads most plausibly.

After a byte-order mark and strict UTF-8, charset-normalizer proposes encodings (its Chinese guesses first),
then GB18030 (a superset of GBK and GB2312) and Big5 (cp950); each is decoded strictly and scored by the share
of its Han characters that are common ones (GB2312 level 1, after conversion to simplified script). The winner
is recorded with its score; a weak or ambiguous winner is recorded as a warning too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policykg.errors import IngestError

#: Candidate legacy encodings after UTF-8, tried strictly and scored.
LEGACY = ("gb18030", "cp950")
#: Below this share of common Han characters a decoding is not plausible Chinese text.
PLAUSIBLE = 0.6


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    confidence: float
    warnings: tuple[str, ...] = ()


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


def decode_markup(data: bytes, name: str) -> Decoded:
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
