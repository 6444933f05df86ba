"""What the public endpoint refuses before a query reaches the engine: updates, ``SERVICE``, deep nesting.

Runs inside the query worker processes (:mod:`.worker`), under the query's deadline, never on the
server's event loop. Every check here is linear in the query's length (a hand-written scanner, no
backtracking regular expression), except the real parse below, which only runs when the query's text
names ``SERVICE`` at all and is bounded by the worker's deadline like any query.

``SERVICE`` is decided from a real parse, not from keywords. If neither the text nor the text with its
codepoint escapes decoded contains the word ``service`` in any case, no query can federate. Otherwise
rdflib's SPARQL parser reads it, and a ``ServiceGraphPattern`` anywhere in the parse (subqueries,
``OPTIONAL``, ``EXISTS``, ``MINUS``, any query form) is refused; so is a query that names ``service``
and that parser cannot read (it cannot be checked).

Escapes are where parsers disagree, and the engine's reading is the one that counts. pyoxigraph decodes
``\\uXXXX`` only inside a token: ``"\\u0022"`` is a one-character string holding a quote, and
``\\u0053ERVICE`` is a syntax error. rdflib, like the SPARQL 1.1 text (§19.2), decodes escapes in the
whole query first, so it would read ``BIND("\\u0022" AS ?a) SERVICE <...> {} BIND("\\u0022" AS ?b)`` as
one long string (the issue's bypass of the old regex screen). So every escape is replaced by a plain
``_`` before rdflib and the scanner read the query: an escape never opens or closes a token in the
engine, and an ``_`` never does either, so both see the tokens the engine sees.

This refusal is what the user sees (a clear 403); the barrier itself is that the worker
processes have no network at all (:func:`policykg.api.worker.isolate_network`), so even a query that
got past the parse could not reach a URL.

The keyword scan (:func:`scan`) blanks strings, IRIs and comments and reads the words in between: the
first operation keyword says whether the text is an update (refused, 403, with a message that says
so), ``FROM`` whether the query names its own dataset, and the deepest nesting of brackets whether
the engine's recursive parser could overflow its stack (refused, 400).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.errors import QueryRefused, QuerySyntaxError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")  # linear: fixed-width, no alternation backtracking
UPDATE_OPERATIONS = frozenset(("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH"))
QUERY_FORMS = frozenset(("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"))
MAX_DEPTH = 64  # brackets { ( [ nested deeper than this are refused before the engine's recursive parser sees them
_IRI_STOP = frozenset('<>"{}|^`\\') | frozenset(chr(c) for c in range(0x21))
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME = _WORD | frozenset("0123456789-.")
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")


def _decode(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)


def decode_escapes(sparql: str) -> str:
    """The query with ``\\uXXXX`` / ``\\UXXXXXXXX`` decoded, as the parser reads it."""
    return _ESCAPE.sub(_decode, sparql)


@dataclass(frozen=True)
class Scan:
    """What a query's text says outside its strings, IRIs and comments."""

    words: frozenset[str]       # keywords and local names, upper case
    first_operation: str | None  # the first query form or update operation keyword
    depth: int                  # the deepest nesting of { ( [


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal that starts at ``i`` (the end of the text if unterminated)."""
    quote = text[i]
    n = len(text)
    if text.startswith(quote * 3, i):
        j = i + 3
        while j < n:
            if text[j] == "\\":
                j += 2
            elif text.startswith(quote * 3, j):
                return j + 3
            else:
                j += 1
        return n
    j = i + 1
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
        elif c == quote or c in "\n\r":
            return j + 1
        else:
            j += 1
    return n


def _skip_iri(text: str, i: int) -> int:
    """Index just past the IRI reference at ``i``, or ``i + 1`` if ``<`` is an operator there."""
    j, n = i + 1, len(text)
    while j < n and text[j] not in _IRI_STOP:
        j += 1
    return j + 1 if j < n and text[j] == ">" else i + 1


def neutral_escapes(sparql: str) -> str:
    """The query with every codepoint escape replaced by ``_``: the token boundaries the engine sees."""
    return _ESCAPE.sub("_", sparql)


def scan(sparql: str) -> Scan:
    """Read a query's keywords and bracket depth in one linear pass, with the engine's token boundaries."""
    text = neutral_escapes(sparql)
    words: set[str] = set()
    first: str | None = None
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _skip_string(text, i)
        elif c == "<":
            i = _skip_iri(text, i)
        elif c == "#":
            end = min((k for k in (text.find("\n", i), text.find("\r", i)) if k >= 0), default=n)
            i = end
        elif c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            i += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
            i += 1
        elif c in _WORD:
            j = i
            while j < n and text[j] in _NAME:
                j += 1
            before = text[i - 1] if i else " "
            after = text[j] if j < n else " "
            if before not in "?$:" and after != ":" and not before.isalnum():
                word = text[i:j].upper()
                words.add(word)
                if first is None and (word in QUERY_FORMS or word in UPDATE_OPERATIONS):
                    first = word
            i = j
        else:
            i += 1
    return Scan(frozenset(words), first, deepest)


def is_update(sparql: str) -> bool:
    """Is this text a SPARQL Update request (its first operation keyword an update operation)?"""
    return scan(sparql).first_operation in UPDATE_OPERATIONS


def declares_dataset(sparql: str) -> bool:
    """Does the query name its own dataset (``FROM`` / ``FROM NAMED``)? Then no union default graph."""
    return "FROM" in scan(sparql).words


def names_service(sparql: str) -> bool:
    """Could this text federate at all? False when no spelling of ``service`` is in it, escapes read or not."""
    return any("SERVICE" in text.upper() or "service" in text.casefold()
               for text in (sparql, decode_escapes(sparql)))


def parsed_service(sparql: str) -> bool | None:
    """Does rdflib's SPARQL parser find a ``SERVICE`` pattern in this query? None if it cannot parse it."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(neutral_escapes(sparql))
    except Exception:  # a ParseException, or RecursionError on deep nesting
        return None
    todo: list[object] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            todo.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            todo.extend(node)
    return False


SERVICE_REFUSED = ("SERVICE federation is turned off on this endpoint: it would fetch arbitrary URLs for the "
                   "caller (a server operator can allow it with POLICYKG_ALLOW_SERVICE=1)")


def screen(sparql: str, *, allow_service: bool, max_depth: int = MAX_DEPTH) -> Scan:
    """Raise :class:`QueryRefused` (403) for what this endpoint will not run, :class:`QuerySyntaxError` (400)
    for nesting the engine's parser cannot take; else return the scan. Call it in a worker process."""
    found = scan(sparql)
    if found.first_operation in UPDATE_OPERATIONS:
        raise QueryRefused("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused",
                           detail={"refused": "update"})
    if found.depth > max_depth:
        raise QuerySyntaxError(f"the query nests brackets {found.depth} deep; at most {max_depth} are accepted",
                               detail={"depth": found.depth, "max_depth": max_depth})
    if not allow_service and names_service(sparql):
        verdict = parsed_service(sparql)
        if verdict is None:
            raise QueryRefused(SERVICE_REFUSED + "; this query names SERVICE and could not be checked",
                               detail={"refused": "service"})
        if verdict:
            raise QueryRefused(SERVICE_REFUSED, detail={"refused": "service"})
    return found
