"""Turn a pyoxigraph query result into the bytes of one HTTP answer, with the result-row cap.

SELECT and ASK answers are written here in the four W3C result formats (JSON, XML, CSV, TSV), because
pyoxigraph's own writers take the whole, uncapped solution stream. CONSTRUCT and DESCRIBE answers are
written by pyoxigraph's RDF serialisers. Runs inside the query worker processes, so it imports nothing
heavy: pyoxigraph and the media-type table.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from policykg.errors import NotAcceptable
from policykg.formats import BY_NAME
from policykg.namespaces import PREFIXES

T = TypeVar("T")
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


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


# --- SPARQL results --------------------------------------------------------------------------------

def write_boolean(value: bool, media_type: str) -> bytes:
    text = "true" if value else "false"
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == "application/sparql-results+xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}"><head/>'
                f"<boolean>{text}</boolean></sparql>\n").encode()
    return f"{text}\n".encode()  # CSV and TSV have no boolean form; the bare word is what engines send


def write_solutions(names: Sequence[str], rows: Sequence[Sequence[Term | None]], media_type: str, *,
                    cap: int | None = None) -> bytes:
    """Write solutions; ``cap`` (the row cap, when it cut the result) adds to SPARQL JSON a top-level
    ``"policykg": {"truncated": true, "maxRows": cap}`` member, which the format lets readers ignore."""
    if media_type == "application/sparql-results+json":
        bindings = [{n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
        document: dict[str, object] = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        if cap is not None:
            document["policykg"] = {"truncated": True, "maxRows": cap}
        return json.dumps(document, ensure_ascii=False).encode()
    if media_type == "application/sparql-results+xml":
        return "".join(_xml_lines(names, rows)).encode()
    if media_type == "text/csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as SPARQL 1.1 CSV asks
        writer.writerow(names)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return out.getvalue().encode()
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise NotAcceptable(f"cannot write SPARQL results as {media_type}")


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = zip(("subject", "predicate", "object"), (term.subject, term.predicate, term.object), strict=True)
        return "<triple>" + "".join(f"<{p}>{_xml_term(t)}</{p}>" for p, t in parts) + "</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml_lines(names: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> Iterator[str]:
    yield f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head>'
    yield "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    yield "</head>\n<results>\n"
    for row in rows:
        cells = (f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                 for n, t in zip(names, row, strict=True) if t is not None)
        yield "<result>" + "".join(cells) + "</result>\n"
    yield "</results>\n</sparql>\n"


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)  # blank nodes as _:label, quoted triples in N-Triples-star form
