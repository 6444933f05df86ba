"""HTTP content negotiation over the one media-type table (:mod:`policykg.formats`).

One pure function, :func:`negotiate`: given the ``Accept`` header, the result kinds that can answer
(SPARQL results, RDF graphs, an HTML page) and an optional ``?format=`` parameter, pick the format.

* The ``Accept`` header decides first, with q-values (RFC 9110 §12.5.1): each format takes the q of the
  most specific range that matches it (exact type, then ``type/*``, then ``*/*``); the highest q wins,
  then the more specific match, then the server's order of preference (``default`` first).
* ``?format=`` is the fall-back: it is used when the header names none of the candidate media types
  explicitly (absent, only wildcards, or only generic aliases such as a browser's ``application/xml``).
  It takes a format name (``csv``), its file extension (``ttl``) or a media type.
* ``None`` means nothing acceptable: the caller answers 406 Not Acceptable.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from policykg.formats import FORMATS, Format


@dataclass(frozen=True)
class MediaRange:
    type: str      # "text", or "*"
    subtype: str   # "csv", or "*"
    q: float

    @property
    def specificity(self) -> int:
        return 0 if self.type == "*" else 1 if self.subtype == "*" else 2

    def matches(self, fmt: Format) -> bool:
        """Wildcards match a format's own media type; its aliases only when named exactly."""
        kind, _, sub = fmt.media_type.partition("/")
        if self.type == "*" or (self.type == kind and self.subtype in ("*", sub)):
            return True
        return self.specificity == 2 and f"{self.type}/{self.subtype}" in fmt.aliases


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; an absent or empty header accepts anything."""
    ranges: list[MediaRange] = []
    for item in (header or "").split(","):
        mime, *params = (part.strip() for part in item.split(";"))
        kind, slash, sub = mime.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0  # an unreadable q-value drops the range
        if 0.0 <= q <= 1.0:
            ranges.append(MediaRange(kind, sub, q))
    return ranges or [MediaRange("*", "*", 1.0)]


def resolve(name: str, candidates: Collection[Format] = FORMATS) -> Format | None:
    """The format a ``?format=`` value names: a name, a file extension or a media type."""
    wanted = name.strip().lower()
    for fmt in candidates:
        if wanted in (fmt.name, fmt.extension.lstrip("."), fmt.media_type, *fmt.aliases):
            return fmt
    return None


def negotiate(accept: str | None, kinds: Collection[str], *, format_param: str | None = None,
              default: str | None = None) -> Format | None:
    """Pick the format of one of ``kinds`` for this request, or ``None`` when none is acceptable."""
    candidates = [f for f in FORMATS if f.kind in kinds]
    candidates.sort(key=lambda f: f.name != default)  # stable: the default first, then table order
    ranges = parse_accept(accept)
    scored: list[tuple[float, int, int, Format]] = []
    for order, fmt in enumerate(candidates):
        matching = [r for r in ranges if r.matches(fmt)]
        if matching:
            best = max(matching, key=lambda r: r.specificity)
            scored.append((best.q, best.specificity, -order, fmt))
    # Only a candidate's own media type, named with q > 0, outranks ?format= (a browser's generic
    # application/xml does not).
    explicit = any(r.q > 0 and f"{r.type}/{r.subtype}" == f.media_type for r in ranges for f in candidates)
    if format_param and not explicit:
        return resolve(format_param, candidates)
    acceptable = [s for s in scored if s[0] > 0]
    return max(acceptable, key=lambda s: s[:3])[3] if acceptable else None


def offered(kinds: Collection[str]) -> list[str]:
    """The media types on offer for ``kinds`` (for a 406 message)."""
    return [f.media_type for f in FORMATS if f.kind in kinds]
