"""Segment normalised text: the outline (一、 (一) 1. (1) ——, 专栏N) and sentences; tables are skipped
(:mod:`.flat_tables`, :mod:`.row_tables`).

Everything here works on :class:`Normalized` text and returns normalised offsets; quotes are cut from the
source later through :func:`policykg.ingest.layout.normalize.evidence` (or :meth:`Document.evidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Section
from ..words import HAN, digits, numeral_class
from .flat_tables import tables
from .row_tables import row_tables

CN_DIGITS = digits("outline")
CN_NUM = numeral_class("outline") + "+"


def cn_to_int(text: str) -> int | None:
    """Chinese numerals up to 99 (十二 → 12, 二十 → 20, 二十三 → 23); Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    tens, _, units = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


#: Heading patterns by outline level; the group ``n`` is the numbering, ``t`` the rest of the line.
HEADINGS: tuple[tuple[float, re.Pattern[str]], ...] = (
    (6, re.compile(rf"^[ \t]*(?:专栏|栏目)[ \t]*(?P<n>\d+|{CN_NUM})[ \t:.、]*(?P<t>.*)$", re.M)),
    (0.5, re.compile(rf"^[ \t]*第(?P<n0>{CN_NUM})(?:章|部分|篇)[ \t]*(?P<t>.*)$", re.M)),
    (0.75, re.compile(rf"^[ \t]*第(?P<n0>{CN_NUM})节[ \t]*(?P<t>.*)$", re.M)),
    (1, re.compile(rf"^[ \t]*(?P<n>{CN_NUM})[、.][ \t]*(?P<t>.*)$", re.M)),
    (2, re.compile(rf"^[ \t]*[(](?P<n>{CN_NUM})[)][ \t]*(?P<t>.*)$", re.M)),
    (3, re.compile(rf"^[ \t]*(?P<n>\d{{1,3}})(?:[.、](?!\d)|[ \t]+(?=[{HAN}]))[ \t]*(?P<t>.*)$", re.M)),
    (4, re.compile(r"^[ \t]*[(](?P<n>\d{1,3})[)][ \t]*(?P<t>.*)$", re.M)),
    (5, re.compile(rf"^[ \t]*(?:——|--|—|-{{1,2}}(?=[{HAN}]))[ \t]*(?P<t>\S.*)$", re.M)),
)
TITLE_END = re.compile(r"[。:;!?]")
#: Chapters (第一章) and their sections (第一节) sit above 一、; as pk:outlineLevel they count 1 and 2.
CHAPTER_LEVELS = {0.5: 1, 0.75: 2}


@dataclass(frozen=True)
class Heading:
    level: float            # 1 一、, 2 (一), 3 1., 4 (1); —— bullets sit between levels; 6 专栏 (a box)
    number: int | None      # the heading's own number (None for —— bullets)
    title: str              # up to the first full stop of the heading line
    start: int              # line start (normalised offsets)
    line_end: int


def _headings(text: str, skip: list[tuple[int, int]]) -> list[Heading]:
    found: dict[int, Heading] = {}
    for level, pattern in HEADINGS:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in skip) or m.start() in found:
                continue
            raw = m.groupdict().get("n0") or m.groupdict().get("n")
            number = cn_to_int(raw) if raw else None
            rest = m.group("t").strip()
            cut = TITLE_END.search(rest)
            title = (rest[: cut.start()] if cut else rest)[:60].strip()
            if level in (0.5, 0.75, 1, 2, 3, 4) and number is None:
                continue
            found[m.start()] = Heading(level, number, title, m.start(), m.end())
    heads = [found[k] for k in sorted(found)]
    group_levels: set[float] = set()
    placed = []
    for i, h in enumerate(heads):
        placed.append(h if h.number is not None else _place_bullet(heads, i, group_levels))
    return placed


def _place_bullet(heads: list[Heading], i: int, group_levels: set[float]) -> Heading:
    """A —— bullet groups the numbered items after it (a level just above theirs), or is a leaf of its section.

    It groups when the items after it are deeper than the heading before it ("(一)…" "——组织保障" "1.…"), or when
    bullets already group items of that level; bullets between two sibling headings ("一、总体目标" "——产品质量…"
    "二、重点任务") are leaves of the first.
    """
    h = heads[i]
    last = next((g.level for g in reversed(heads[:i]) if g.number is not None and g.level != 6), 0.0)
    following = next((g.level for g in heads[i + 1 :] if g.number is not None and g.level != 6), None)
    if following is not None and (following > last or following - 0.5 in group_levels):
        level = following - 0.5
        group_levels.add(level)
    else:
        level = last + 0.5
    return Heading(level, None, h.title, h.start, h.line_end)


def outline(text: str, skip: list[tuple[int, int]] | None = None) -> list[Section]:
    """The document's headings as nested sections; a section runs until the next heading at its level or above.

    Numbers are paths of Arabic digits ("5.1.29"), —— bullets count within their parent; tables (the ``skip``
spans, found here when not given) are skipped.
    """
    if skip is None:
        skip = [(t.start, t.end) for t in tables(text)] + [(t.start, t.end) for t in row_tables(text)]
    heads = _headings(text, skip)
    sections: list[Section] = []
    stack: list[tuple[float, str]] = []          # (level, path) of the open sections
    bullets: dict[str, int] = {}
    for i, h in enumerate(heads):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        if h.level == 6:
            own = f"专栏{h.number}"
        elif h.number is None:
            bullets[parent] = bullets.get(parent, 0) + 1
            own = str(bullets[parent])
        else:
            own = str(h.number)
        path = f"{parent}.{own}" if parent else own
        end = next((g.start for g in heads[i + 1 :] if g.level <= h.level or h.level == 6), len(text))
        level = 0 if h.level == 6 else 5 if h.number is None else CHAPTER_LEVELS.get(h.level, round(h.level))
        sections.append(Section(number=path, title=h.title, level=level, start=h.start, end=end))
        stack.append((h.level, path))
    return sections


def enclosing(sections: list[Section] | tuple[Section, ...], at: int) -> list[Section]:
    """Sections containing offset ``at``, outermost first."""
    return sorted((s for s in sections if s.start <= at < s.end), key=lambda s: (s.start, -s.end))


# --------------------------------------------------------------------------------------------- sentences

SENTENCE_END = re.compile(r"[。;!?\n]+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of ``text[start:end]`` ending at 。 ; ! ? or a line break, with their offsets."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    cursor = start
    for m in SENTENCE_END.finditer(text, start, end):
        _add_sentence(text, cursor, m.start(), out)
        cursor = m.end()
    _add_sentence(text, cursor, end, out)
    return out


def _add_sentence(text: str, a: int, b: int, out: list[Sentence]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(text[a:b], a, b))
