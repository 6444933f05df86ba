"""Word lists and character classes the extractors share, each written once.

The lists are data (``*.tsv`` beside this module: comparators, units, numerals, genres, agency suffixes,
jurisdiction units), read here once; the character
classes are the constants below. An extractor that needs a word list imports it from here, never writes its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The CJK Unified Ideographs, as a regex character-class range: [{HAN}].
HAN = "\u4e00-\u9fff"
#: The same with Extension A (rare characters a garbled or traditional text may hold).
HAN_EXT = "\u3400-\u9fff"


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``NAME.tsv`` (comment lines, ``#``, left out), each padded to its longest row."""
    lines = [line.rstrip("\n") for line in (HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines()]
    cells = [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]
    width = max((len(c) for c in cells), default=0)
    return tuple(c + ("",) * (width - len(c)) for c in cells)


def alternation(words: Iterable[str], *, longest_first: bool = True) -> str:
    """A regex alternation of ``words``, longest first (so 不低于 is tried before 低于), or in the order given."""
    return "|".join(re.escape(w) for w in (sorted(words, key=len, reverse=True) if longest_first else words))


def used(name: str, use: str) -> tuple[str, ...]:
    """The words of ``NAME.tsv`` whose second column (comma-separated uses) holds ``use``, in the file's order."""
    return tuple(row[0] for row in rows(name) if use in row[1].split(","))


def genres() -> tuple[str, ...]:
    """Genre words that end a title (实施方案, 意见 ...), longest first (genres.tsv)."""
    return tuple(row[0] for row in rows("genres"))


# --- comparators -------------------------------------------------------------------------------------------------

def comparator_words() -> dict[str, str]:
    """Word → the comparator it states (AtLeast, MoreThan, AtMost, LessThan), in the file's order."""
    return {word: comparator for word, comparator, _ in rows("comparators") if comparator}


def comparators_used(use: str) -> tuple[str, ...]:
    """The comparator words with one use: level, table-label, table-cell or bare (see comparators.tsv)."""
    return tuple(word for word, _, uses in rows("comparators") if use in uses.split(","))


# --- units -------------------------------------------------------------------------------------------------------

def units_written(role: str) -> tuple[str, ...]:
    """Units as written after a figure: the ``measure`` units, or the ``counter`` words (个 家 项 ...)."""
    return tuple(unit for unit, _, written in rows("units") if written == role)


def unit_kinds() -> dict[str, frozenset[str]]:
    """Unit kind → its units: goals and indicators whose units are of one kind compare."""
    out: dict[str, set[str]] = {}
    for unit, kinds, _ in rows("units"):
        for kind in filter(None, kinds.split(",")):
            out.setdefault(kind, set()).add(unit)
    return {kind: frozenset(units) for kind, units in out.items()}


# --- numerals ----------------------------------------------------------------------------------------------------

def numerals(where: str) -> dict[str, int]:
    """Chinese numeral characters → their values, for heading numbers (``outline``) or dates (``date``)."""
    return {ch: int(value) for ch, value, places in rows("numerals") if where in places.split(",")}


def digits(where: str) -> dict[str, int]:
    """The numerals of one place less 十 (which multiplies): 一 → 1, 〇 → 0."""
    return {ch: value for ch, value in numerals(where).items() if ch != "十"}


def numeral_class(where: str) -> str:
    """A regex character class of the numerals of one place: [一二三…十〇零两]."""
    return "[" + "".join(numerals(where)) + "]"


# --- label folds -------------------------------------------------------------------------------------------------
# Each comparison of labels uses one of these; none is written anywhere else.

def fold_key(label: str) -> str:
    """The key vocabulary labels and titles are compared by: no quotes, brackets, spaces or dashes."""
    return "".join(ch for ch in label if ch not in " \"'“”‘’「」《》()（）〈〉【】-—–·")


def fold_title(text: str) -> str:
    """A title as another line restates it: no book-title marks, quotes or white space."""
    return re.sub(r"[《》“”\"\s]", "", text)


def fold_alnum(label: str) -> str:
    """Letters and digits only: an indicator restated inside a task (same wording, other punctuation)."""
    return "".join(ch for ch in label if ch.isalnum())


_NOISE = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉*＊▲△★☆※·•・,，、;；:：。!！?？]")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "【": "(", "】": ")",
                           "[": "(", "]": ")"})


def fold_match(text: str) -> str:
    """The matching form of a label: NFKC, half-width brackets, no spaces, quotes or marks, lower case."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _NOISE.sub("", folded).lower()
