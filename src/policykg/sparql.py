"""SPARQL text helpers and result types shared by the stores, the API and the named queries.

Safe terms (:func:`sparql_term`), the ``VALUES`` block that carries parameter bindings
(:func:`values_block`, :func:`with_values`), the query's WHERE group and form found outside comments,
strings and IRIs (:func:`where_brace`, :func:`query_form`), SPARQL JSON results to rdflib terms
(:func:`from_json`), and what every store answers with (:class:`QueryResult`, ``Term``). They depend on
rdflib alone, so :mod:`policykg.store`, :mod:`policykg.remote` and :mod:`policykg.frames` use them without
importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import QuerySyntaxError

Term = URIRef | Literal | BNode


@dataclass(frozen=True)
class QueryResult:
    """What a query returned, in rdflib terms, whatever engine answered it."""

    kind: str                                   # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[Mapping[str, Term], ...] = ()   # unbound variables are absent from a row
    boolean: bool | None = None
    triples: tuple[tuple[Term, Term, Term], ...] = field(default=())

    def column(self, name: str) -> list[str]:
        return [str(row[name]) for row in self.rows if name in row]

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRIREF = re.compile(r'<[^\x00-\x20<>"{}|^`\\]*>')
_WORD = re.compile(r"[A-Za-z_]\w*")
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


# --- safe terms and the VALUES block ---------------------------------------------------------------

def sparql_term(term: Node) -> str:
    """A term in SPARQL syntax, escaped; refuses anything that could break out of its token."""
    if isinstance(term, URIRef):
        if _IRI_BAD.search(str(term)):
            raise ValueError(f"not a valid IRI for SPARQL: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise ValueError(f"not a valid language tag: {term.language!r}")
            return f'"{lexical}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{lexical}"^^{sparql_term(URIRef(term.datatype))}'
        return f'"{lexical}"'
    raise TypeError(f"cannot bind {type(term).__name__} {term!r}: give an IRI or a literal")


def values_block(bindings: Mapping[str, Node]) -> str:
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"\w+", name):
            raise ValueError(f"not a variable name: {name!r}")
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(sparql_term(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def _skip(query: str, i: int) -> int:
    """If a comment, string or IRI starts at ``i``, the index just past it; else ``i``."""
    c = query[i]
    if c == "#":
        end = query.find("\n", i)
        return len(query) if end < 0 else end
    if c in "\"'":
        quote = c * 3 if query.startswith(c * 3, i) else c
        j = i + len(quote)
        while j < len(query):
            if query[j] == "\\":
                j += 2
                continue
            if query.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(query)
    if c == "<":
        m = _IRIREF.match(query, i)
        if m:
            return m.end()
    return i


def _tokens(query: str) -> Iterator[tuple[int, str]]:
    """(index, token) outside comments, strings and IRIs: keywords upper-cased, and every ``{``."""
    i = 0
    while i < len(query):
        j = _skip(query, i)
        if j != i:
            i = j
            continue
        m = _WORD.match(query, i)
        if m and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_?$:")):
            yield i, m.group().upper()
            i = m.end()
            continue
        if query[i] == "{":
            yield i, "{"
        i += 1


def where_brace(query: str) -> int:
    """The index of the ``{`` that opens the query's WHERE group (outside comments, strings and IRIs)."""
    form: str | None = None
    seen_where = False
    for i, word in _tokens(query):
        if form is None and word in _FORMS:
            form = word
        elif word == "WHERE":
            seen_where = True
        elif word == "{" and form is not None and (seen_where or form != "CONSTRUCT"):
            return i
    raise QuerySyntaxError("cannot find the query's WHERE group to bind parameters in")


def with_values(query: str, bindings: Mapping[str, Node]) -> str:
    """The query with its bindings as a VALUES block opening its WHERE group."""
    if not bindings:
        return query
    at = where_brace(query) + 1
    return f"{query[:at]}\n  {values_block(bindings)}\n{query[at:]}"


# --- results ---------------------------------------------------------------------------------------

def from_json(value: Mapping[str, str]) -> Term:
    kind = value.get("type")
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    # A simple literal is an xsd:string, as the embedded engine reports it.
    return Literal(value["value"], datatype=URIRef(value.get("datatype") or str(XSD.string)))


def query_form(query: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword outside comments, strings and IRIs."""
    return next((token for _, token in _tokens(query) if token in _FORMS), "SELECT")
