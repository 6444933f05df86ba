"""Turn a pyoxigraph query result into the bytes of one HTTP answer, with the result-row cap.

SELECT and ASK answers are written here in the four W3C result formats (JSON, XML, CSV, TSV), because
pyoxigraph's own writers take the whole, uncapped solution stream. CONSTRUCT and DESCRIBE answers are
written by pyoxigraph's RDF serialisers. Runs inside the query worker processes, so it imports nothing
heavy: pyoxigraph and the media-type table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

import pyoxigraph as ox

from policykg.errors import NotAcceptable
from policykg.formats import BY_NAME
from policykg.namespaces import PREFIXES
from policykg.results import XSD_STRING, write_boolean, write_solutions

T = TypeVar("T")
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class Answer:
    """One query's answer, serialised: what the endpoint sends back."""

    form: str           # "select", "ask" or "graph" (CONSTRUCT / DESCRIBE)
    media_type: str
    body: bytes
    rows: int           # solutions or triples written (1 for ASK)
    truncated: bool     # the row cap cut the result


def capped(items: Iterable[T], cap: int) -> tuple[list[T], bool]:
    """At most ``cap`` items, and whether there were more."""
    taken = list(islice(iter(items), cap + 1))
    return taken[:cap], len(taken) > cap


def answer(result: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples, *,
           results_format: str | None, graph_format: str | None, max_rows: int) -> Answer:
    """Serialise a pyoxigraph result in the negotiated format for its query form."""
    if isinstance(result, ox.QueryBoolean):
        fmt = _need(results_format, "an ASK result")
        return Answer("ask", fmt, write_boolean(bool(result), fmt), 1, False)
    if isinstance(result, ox.QuerySolutions):
        fmt = _need(results_format, "SELECT results")
        names = [v.value for v in result.variables]
        rows, truncated = capped(([s[n] for n in names] for s in result), max_rows)
        return Answer("select", fmt, write_solutions(names, rows, fmt, cap=max_rows if truncated else None),
                      len(rows), truncated)
    fmt = _need(graph_format, "an RDF graph")
    triples, truncated = capped(_distinct(result), max_rows)  # a graph is a set: no triple twice
    return Answer("graph", fmt, write_triples(triples, fmt), len(triples), truncated)


def _distinct(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple


def _need(fmt: str | None, what: str) -> str:
    if fmt is None:
        raise NotAcceptable(f"none of the media types in the Accept header can carry {what}")
    return BY_NAME[fmt].media_type


# --- RDF graphs ------------------------------------------------------------------------------------

def write_triples(triples: Sequence[ox.Triple], media_type: str) -> bytes:
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise NotAcceptable(f"cannot write an RDF graph as {media_type}")
    prefixes = used_prefixes(triples) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    return bytes(ox.serialize(triples, format=fmt, prefixes=prefixes) or b"")


def used_prefixes(triples: Sequence[ox.Triple]) -> dict[str, str]:
    """The project's prefixes that shorten some IRI here to a plain prefixed name (no escaped ``/``)."""
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {t.datatype.value for triple in triples for t in (triple.object,)
             if isinstance(t, ox.Literal) and not t.language and t.datatype.value != XSD_STRING}
    return {prefix: ns for prefix, ns in PREFIXES.items()
            if any(iri.startswith(ns) and "/" not in iri[len(ns):] for iri in iris)}


