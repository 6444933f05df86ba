"""One helper the entity finders share: a mention with its evidence cut from the source through the offset map."""

from __future__ import annotations

from ..layout.normalize import evidence
from ..records import Mention, Normalized, Source


def mention(src: Source, norm: Normalized, kind: str, surface: str, start: int, end: int,
            **attrs: str | None) -> Mention:
    """A ``kind`` mention of ``surface`` at normalised [start, end); attributes that are empty are left out."""
    return Mention(kind, surface, evidence(src, norm, start, end), tuple((k, v) for k, v in attrs.items() if v))
