"""Query results as pandas DataFrames with typed columns, for notebooks (``pip install 'policykg[notebook]'``).

``to_dataframe(result)`` turns a :class:`~policykg.store.QueryResult` from any engine (the embedded store or a
remote server) into a DataFrame:

* numbers (``xsd:integer`` and its kin → nullable ``Int64``; ``xsd:decimal``/``double``/``float`` → ``Float64``),
* ``xsd:boolean`` → nullable ``boolean``,
* ``xsd:date``/``xsd:dateTime`` → ``datetime64``, ``xsd:gYear`` → ``Int64`` (the year),
* IRIs and everything else → ``str``; an unbound variable is missing (``<NA>``/``NaT``).

Labels in several languages: where rows differ only in a language-tagged column (one row per label
language, as ``?x rdfs:label ?label`` gives), the row in ``lang`` is kept (``"zh"`` matches ``zh-Hans``), else
the untagged one, else the first; ``lang=None`` keeps every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal
from rdflib.namespace import XSD

from .sparql import QueryResult, Term

if TYPE_CHECKING:
    import pandas as pd

INTEGERS = {XSD[n] for n in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                             "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                             "unsignedShort", "unsignedByte")}
DECIMALS = {XSD.decimal, XSD.double, XSD.float}
DATES = {XSD.date, XSD.dateTime, XSD.dateTimeStamp}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - the message is the point
        raise ImportError("DataFrames need pandas: pip install 'policykg[notebook]'") from exc
    return pandas


def _kind(term: Term) -> str:
    """What a term becomes in a column: int, float, bool, date, year, lang or str."""
    if isinstance(term, Literal):
        if term.language:
            return "lang"
        datatype = term.datatype
        if datatype in INTEGERS:
            return "int"
        if datatype in DECIMALS:
            return "float"
        if datatype == XSD.boolean:
            return "bool"
        if datatype in DATES:
            return "date"
        if datatype == XSD.gYear:
            return "year"
    return "str"


def _text(term: Term) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _year(term: Term) -> int | None:
    text = str(term).lstrip("+")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-")[:4] if text.lstrip("-")[:4].isdigit() else ""
    return sign * int(digits) if digits else None


def _pick_languages(variables: Sequence[str], rows: list[dict[str, Term]], lang: str) -> list[dict[str, Term]]:
    """Keep, of rows that differ only in one language-tagged column, the one in ``lang``."""
    want = lang.lower()
    for column in variables:
        if not any(isinstance(r.get(column), Literal) and r[column].language for r in rows):  # type: ignore[union-attr]
            continue
        others = [v for v in variables if v != column]
        ranks: list[tuple[tuple[object, ...], int]] = []
        best: dict[tuple[object, ...], int] = {}  # the rows that agree elsewhere -> their best rank
        for row in rows:
            key = tuple(row.get(v) for v in others)
            value = row.get(column)
            tag = (value.language or "").lower() if isinstance(value, Literal) else ""
            rank = 0 if tag and (tag == want or tag.startswith(want + "-")) else 1 if not tag else 2
            ranks.append((key, rank))
            best[key] = min(rank, best.get(key, rank))
        rows = [r for r, (key, rank) in zip(rows, ranks, strict=True) if rank == best[key]]
    return rows


def to_dataframe(result: QueryResult, lang: str | None = "zh") -> pd.DataFrame:
    """A typed DataFrame of a query result (SELECT: one column per variable; ASK: ``boolean``; CONSTRUCT/
    DESCRIBE: ``subject``, ``predicate``, ``object``)."""
    pandas = _pandas()
    if result.kind == "ask":
        return pandas.DataFrame({"boolean": pandas.array([result.boolean], dtype="boolean")})
    if result.kind == "graph":
        variables: Sequence[str] = ("subject", "predicate", "object")
        rows: list[dict[str, Term]] = [dict(zip(variables, t, strict=True)) for t in result.triples]
    else:
        variables = result.variables
        rows = [dict(r) for r in result.rows]
    if lang:
        rows = _pick_languages(variables, rows, lang)
    columns: dict[str, Any] = {}
    for name in variables:
        terms = [row.get(name) for row in rows]
        kinds = {_kind(t) for t in terms if t is not None}
        columns[name] = _column(pandas, terms, kinds)
    return pandas.DataFrame(columns, columns=list(variables))


def _column(pandas: Any, terms: list[Term | None], kinds: set[str]) -> Any:
    def values(convert: Callable[[Term], object]) -> list[object]:
        return [None if t is None else convert(t) for t in terms]

    if kinds == {"int"}:
        return pandas.array(values(lambda t: _number(t, int)), dtype="Int64")
    if kinds and kinds <= {"int", "float"}:
        return pandas.array(values(lambda t: _number(t, float)), dtype="Float64")
    if kinds == {"bool"}:
        return pandas.array(values(lambda t: str(t).strip().lower() in ("true", "1")), dtype="boolean")
    if kinds == {"date"}:
        return pandas.to_datetime(pandas.Series(values(_text), dtype="object"), errors="coerce", utc=False,
                                  format="ISO8601")
    if kinds == {"year"}:
        return pandas.array(values(_year), dtype="Int64")
    return pandas.Series(values(_text), dtype=object if not kinds else None)


def _number(term: Term, kind: type[int] | type[float]) -> int | float | None:
    """The literal's value, or missing where the lexical form is not a number of that kind (ill-typed data)."""
    try:
        return kind(str(term).strip())
    except ValueError:
        return None


__all__ = ["to_dataframe"]
