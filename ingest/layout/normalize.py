"""Normalise source text for extraction, keeping a map from every character back to the source.

Steps, each keeping the offset map: repair mojibake lines where a codec round trip can (otherwise
skip the garbled run, with a warning); drop pinyin glosses such as 區(qū); fold full-width forms
(NFKC, but CJK brackets and the enumeration comma stay); drop spaces between two Han characters
("索  引  号"); convert traditional script to simplified with OpenCC. Quotes are always cut from the
source text through the offset map, so they stay verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..records import Evidence, Normalized, Source
from ..words import HAN_EXT
from .numerals import rewrite

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
#: A parenthesised romanisation glued to a Han character: toned, or a plain pinyin syllable.
PINYIN_GLOSS = re.compile(
    rf"(?<=[{HAN_EXT}])[(（](?:[a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*|{_INITIAL}[aeiouv][a-z]{{0,4}})[)）]")
#: Characters NFKC would change but that we keep as they are (CJK brackets carry meaning in 文号).
_KEEP = set("〔〕《》〈〉【】「」『』、。")
_HAN = re.compile(rf"[{HAN_EXT}]")
#: Characters that in Chinese text betray a mis-decoding: bopomofo and box drawing next to Han,
#: Latin-1 letters followed by C1/Latin-1 bytes (UTF-8 read as Latin-1), and the lead characters that
#: UTF-8 Chinese becomes when read as GBK (锛 銆 鈥 ...).
_SUSPECT = re.compile(r"[\u3105-\u312f\u2500-\u257f]|[ÃÂâäåæçèéï][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
                      r"|[锛銆鈥绗鐨鍦涓浜鏈鍚闂瑕璁鎴鏄]{2}")
#: Letter-spaced Chinese (索  引  号, 文      号): single Han characters with spaces between them.
LETTER_SPACED = re.compile(rf"(?<![{HAN_EXT}])[{HAN_EXT}](?: +[{HAN_EXT}](?![{HAN_EXT}]))+")
_OPEN, _CLOSE = "(（[【〔《", ")）]】〕》"
#: Whole-line round trips: (encoding the garbled text is turned back into, encoding it really was).
_ROUND_TRIPS = (("gb18030", "utf-8"), ("latin-1", "utf-8"), ("cp1252", "utf-8"), ("gb18030", "cp950"),
                ("cp950", "gb18030"), ("cp950", "utf-8"))
_FRAME_CODECS = ("gb18030", "cp950")


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified-script form of ``text``; length-preserving (OpenCC t2s maps character to character)."""
    converted: str = _t2s().convert(text)  # type: ignore[attr-defined]
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)  # type: ignore[attr-defined]


def detect_script(text: str) -> str:
    simplified = to_simplified(text)
    changed = sum(a != b for a, b in zip(text, simplified, strict=True))
    return "zh-Hant" if changed > max(5, len(text) // 200) else "zh-Hans"


# ------------------------------------------------------------------------------------------- mojibake

def _plausible(text: str) -> bool:
    """Text that reads as ordinary Chinese: common Han characters, CJK/ASCII punctuation, digits, letters."""
    from ..read.text import _common

    if _SUSPECT.search(text):
        return False
    for ch in text:
        if _HAN.match(ch):
            if not _common(to_simplified(ch)):
                return False
        elif not (ch.isascii() or unicodedata.category(ch)[0] in "PZN" or ch in "—…·"):
            return False
    return True


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def repair_line(line: str) -> tuple[str, int, int] | None:
    """A repair of the garbled part of ``line``: (replacement, start, end) in the line, or None.

    First the whole line through a codec round trip; then a frame shift: a run that was decoded one
    byte out of step (GBK read from an odd byte) is re-encoded and decoded again one byte later.
    """
    for wrong, right in _ROUND_TRIPS:
        try:
            fixed = line.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != line and _plausible(fixed):
            return fixed, 0, len(line)
    hits = [m.start() for m in _SUSPECT.finditer(line)]
    if not hits:
        return None
    start, last = hits[0], hits[-1] + 1
    while start > 0 and not line[start - 1].isascii() and not _HAN.match(line[start - 1]) \
            and not line[start - 1].isspace():
        start -= 1  # full-width punctuation just before the run is part of it (。 = A1 A3 of a shifted （)
    for end in range(last, min(len(line), last + 3) + 1):
        for codec in _FRAME_CODECS:
            try:
                fixed = line[start:end].encode(codec)[1:].decode(codec)
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if fixed and _plausible(fixed) and _balanced(fixed):
                return fixed, start, end
    return None


def _garbled_span(line: str) -> tuple[int, int]:
    """The stretch to skip in a line that cannot be repaired: first to last suspect, with glued ASCII."""
    hits = list(_SUSPECT.finditer(line))
    start, end = hits[0].start(), hits[-1].end()
    while start > 0 and not line[start - 1].isascii() and not _HAN.match(line[start - 1]) \
            and not line[start - 1].isspace():
        start -= 1
    while end < len(line) and line[end].isascii() and line[end].isalpha():
        end += 1
    return start, end


def _pieces(text: str, warnings: list[str]) -> list[tuple[str, int]]:
    """(character, source index) pairs, with garbled runs repaired or skipped."""
    out: list[tuple[str, int]] = []
    offset = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if _SUSPECT.search(line):
            repair = repair_line(line)
            if repair is not None:
                fixed, a, b = repair
                warnings.append(f"line {lineno}: mojibake {line[a:b][:20]!r} repaired as {fixed[:20]!r}")
                out.extend((ch, offset + i) for i, ch in enumerate(line[:a]))
                width = max(1, b - a)
                out.extend((ch, offset + a + min(width - 1, k * width // max(1, len(fixed))))
                           for k, ch in enumerate(fixed))
                out.extend((ch, offset + b + i) for i, ch in enumerate(line[b:]))
            else:
                a, b = _garbled_span(line)
                warnings.append(f"line {lineno}: mojibake {line[a:b][:20]!r} could not be repaired; skipped")
                out.extend((ch, offset + i) for i, ch in enumerate(line) if not a <= i < b)
        else:
            out.extend((ch, offset + i) for i, ch in enumerate(line))
        offset += len(line)
        if offset < len(text):
            out.append(("\n", offset))
            offset += 1
    return out


# ------------------------------------------------------------------------------------------- normalise

def _fold(ch: str) -> str:
    if ch in _KEEP:
        return ch
    if ch in "\u3000\xa0\u2002\u2003\u2009\t":
        return " "
    return unicodedata.normalize("NFKC", ch)


def normalize(source: Source) -> Normalized:
    warnings: list[str] = []
    pieces = _pieces(source.text, warnings)
    joined = "".join(ch for ch, _ in pieces)
    drop = {i for m in PINYIN_GLOSS.finditer(joined) for i in range(m.start(), m.end())}
    folded: list[tuple[str, int]] = []
    for i, (ch, at) in enumerate(pieces):
        if i not in drop:
            folded.extend((out, at) for out in _fold(ch))
    letters = "".join(ch for ch, _ in folded)
    spaced = {i for m in LETTER_SPACED.finditer(letters) for i in range(m.start(), m.end()) if letters[i] == " "}
    chars = [ch for i, (ch, _) in enumerate(folded) if i not in spaced]
    offsets = [at for i, (_, at) in enumerate(folded) if i not in spaced]
    offsets.append(len(source.text))
    flat = "".join(chars)
    script = detect_script(flat)
    if script == "zh-Hant":
        flat = to_simplified(flat)
    flat, mapped = rewrite(flat, tuple(offsets))
    return Normalized(text=flat, offsets=mapped, script=script, warnings=tuple(warnings))


def evidence(source: Source, norm: Normalized, start: int, end: int) -> Evidence:
    """The verbatim source quote behind the normalised span [start, end)."""
    a, b = norm.source_span(start, end)
    return Evidence(quote=source.text[a:b], start=a, end=b)
