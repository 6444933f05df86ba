"""Write a :class:`QueryResult` as a table, SPARQL JSON, CSV or TSV (for the CLI and the API)."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef

from .namespaces import PREFIXES
from .sparql import Term
from .store import QueryResult


def short(term: Term) -> str:
    """A compact display form: prefixed IRIs, plain literal values."""
    if isinstance(term, URIRef):
        for prefix, iri in PREFIXES.items():
            if str(term).startswith(iri):
                return f"{prefix}:{str(term)[len(iri):]}"
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def term_json(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def to_json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    if result.kind == "graph":
        rows = [{"subject": term_json(s), "predicate": term_json(p), "object": term_json(o)}
                for s, p, o in result.triples]
        return json.dumps({"head": {"vars": ["subject", "predicate", "object"]},
                           "results": {"bindings": rows}}, ensure_ascii=False)
    bindings = [{k: term_json(v) for k, v in row.items()} for row in result.rows]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def _rows(result: QueryResult) -> tuple[list[str], list[list[Term | None]]]:
    if result.kind == "ask":
        return ["boolean"], [[Literal(result.boolean)]]
    if result.kind == "graph":
        return ["subject", "predicate", "object"], [list(t) for t in result.triples]
    return list(result.variables), [[row.get(v) for v in result.variables] for row in result.rows]


def to_delimited(result: QueryResult, delimiter: str) -> str:
    head, rows = _rows(result)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(head)
    for row in rows:
        writer.writerow(["" if t is None else str(t) for t in row])
    return out.getvalue()


def to_table(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    head, rows = _rows(result)
    return head, [["" if t is None else short(t) for t in row] for row in rows]


def render(result: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return to_json(result)
    if fmt in ("csv", "tsv"):
        return to_delimited(result, "," if fmt == "csv" else "\t")
    from .errors import PolicyKGError

    raise PolicyKGError(f"unknown result format {fmt!r}; choose table, json, csv or tsv")
