"""SPARQL query results: one writer per W3C results format (JSON, XML, CSV, TSV), used by the endpoint, the
named queries and the CLI alike, and a compact table for people.

The writers take pyoxigraph terms (the endpoint's workers have them); a :class:`QueryResult` in rdflib terms
is converted first. CSV is RFC 4180 with CRLF line ends and plain values, as SPARQL 1.1 CSV asks; TSV
writes terms in their N-Triples form under ``?name`` headers, as SPARQL 1.1 TSV asks.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .errors import NotAcceptable, PolicyKGError
from .formats import BY_NAME
from .namespaces import PREFIXES
from .sparql import QueryResult
from .sparql import Term as RdfTerm

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
#: The result formats `render` writes, by name.
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


def short(term: RdfTerm) -> str:
    """A compact display form: prefixed IRIs, plain literal values."""
    if isinstance(term, URIRef):
        for prefix, iri in PREFIXES.items():
            if str(term).startswith(iri):
                return f"{prefix}:{str(term)[len(iri):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _rows(result: QueryResult) -> tuple[list[str], list[list[RdfTerm | None]]]:
    if result.kind == "ask":
        return ["boolean"], [[Literal(result.boolean)]]
    if result.kind == "graph":
        return ["subject", "predicate", "object"], [list(t) for t in result.triples]
    return list(result.variables), [[row.get(v) for v in result.variables] for row in result.rows]


def to_table(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    head, rows = _rows(result)
    return head, [["" if t is None else short(t) for t in row] for row in rows]


def render(result: QueryResult, fmt: str) -> str:
    """A :class:`QueryResult` in a W3C results format, by the same writers as the endpoint's."""
    from .store import to_oxigraph

    if fmt not in RESULT_FORMATS:
        raise PolicyKGError(f"unknown result format {fmt!r}; choose table, {', '.join(RESULT_FORMATS)}")
    media_type = BY_NAME[fmt].media_type
    if result.kind == "ask":
        return write_boolean(bool(result.boolean), media_type).decode()
    head, rows = _rows(result)
    cells = [[None if t is None else to_oxigraph(t) for t in row] for row in rows]
    return write_solutions(head, cells, media_type).decode()


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
