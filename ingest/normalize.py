"""Normalise source text for extraction, keeping a map from every character back to the source.

Steps: drop pinyin glosses such as 區(qū); fold full-width forms (NFKC); convert traditional script to
simplified with OpenCC. Quotes are always cut from the source text through the offset map.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .records import Evidence, Normalized, Source

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
#: A parenthesised romanisation with at least one tone mark, glued to a CJK character.
PINYIN_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（]([a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*)[)）]")
#: Characters NFKC would change but that we keep as they are (CJK brackets carry meaning in 文号).
_KEEP = set("〔〕《》〈〉【】「」『』、。")


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


def normalize(source: Source) -> Normalized:
    text = source.text
    chars: list[str] = []
    offsets: list[int] = []
    skip_until = -1
    glosses = {m.start(): m.end() for m in PINYIN_GLOSS.finditer(text)}
    for i, ch in enumerate(text):
        if i < skip_until:
            continue
        if i in glosses:
            skip_until = glosses[i]
            continue
        folded = ch if ch in _KEEP else unicodedata.normalize("NFKC", ch)
        if ch == "\u3000":
            folded = " "
        for out in folded:
            chars.append(out)
            offsets.append(i)
    offsets.append(len(text))
    flat = "".join(chars)
    script = detect_script(flat)
    if script == "zh-Hant":
        flat = to_simplified(flat)
    return Normalized(text=flat, offsets=tuple(offsets), script=script)


def evidence(source: Source, norm: Normalized, start: int, end: int) -> Evidence:
    """The verbatim source quote behind the normalised span [start, end)."""
    a, b = norm.source_span(start, end)
    return Evidence(quote=source.text[a:b], start=a, end=b)
