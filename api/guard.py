"""What the public endpoint refuses before a query reaches the engine (updates, SERVICE), read from its keywords.

Both pyoxigraph and rdflib make real HTTP requests for ``SERVICE`` (and for ``LOAD``, an update), so a
public endpoint must not pass them on: it would fetch arbitrary URLs for any caller. The check reads
the query's keywords the way a SPARQL parser does: codepoint escapes (``\\u0053ERVICE``) are decoded
first, as SPARQL 1.1 §19.2 says a parser must; then strings, IRIs and comments are blanked out, so a
keyword inside a literal is not a keyword, while one spelt in any case is.
"""

from __future__ import annotations

import re

from policykg.errors import QueryRefused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_EDGE = r"(?<![\w:?$]){}(?![\w:])"
UPDATE_OPERATIONS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH")
QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_FIRST_OPERATION = re.compile(_EDGE.format("(" + "|".join(QUERY_FORMS + UPDATE_OPERATIONS) + ")"), re.I)
_SERVICE = re.compile(_EDGE.format("SERVICE"), re.I)
_FROM = re.compile(_EDGE.format("FROM"), re.I)


def _decode(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)


def keywords_text(sparql: str) -> str:
    """The query with escapes decoded and strings, IRIs and comments blanked: what keywords live in."""
    return _OPAQUE.sub(" ", _ESCAPE.sub(_decode, sparql))


def is_update(sparql: str) -> bool:
    """Is this text a SPARQL Update request (its first operation keyword an update operation)?"""
    first = _FIRST_OPERATION.search(keywords_text(sparql))
    return first is not None and first.group(1).upper() in UPDATE_OPERATIONS


def uses_service(sparql: str) -> bool:
    return _SERVICE.search(keywords_text(sparql)) is not None


def declares_dataset(sparql: str) -> bool:
    """Does the query name its own dataset (``FROM`` / ``FROM NAMED``)? Then no union default graph."""
    return _FROM.search(keywords_text(sparql)) is not None


def screen(sparql: str, *, allow_service: bool) -> None:
    """Raise :class:`QueryRefused` (403) for what this endpoint will not run."""
    if is_update(sparql):
        raise QueryRefused("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused",
                           detail={"refused": "update"})
    if not allow_service and uses_service(sparql):
        raise QueryRefused("SERVICE federation is turned off on this endpoint: it would fetch arbitrary URLs "
                           "for the caller (a server operator can allow it with POLICYKG_ALLOW_SERVICE=1)",
                           detail={"refused": "service"})
