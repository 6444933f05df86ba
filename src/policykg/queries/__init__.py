"""Named research queries: parameterised SPARQL files with a title, a description and typed parameters.

Each ``.rq`` file in this folder starts with header comments::

    # title: Who owns which goals in a city
    # description: ...
    # param: city (literal, default 鄂州市) — the city's label

A parameter is ``literal``, ``iri``, ``integer`` or ``decimal``; it has a default, is ``optional`` (left
unbound, so it matches anything), or is required. Parameters are never pasted into query text: they
become RDF terms handed to :meth:`Store.query` as ``bindings`` (the embedded engine substitutes them;
a remote store sends them in an escaped ``VALUES`` block). Every parameter variable is projected by
its query, which is what pyoxigraph's substitution requires.

Shared nodes (regions, awards, industries, cited documents) are restated in each document's graph, and the
union default graph keeps one copy per graph (Oxigraph's union is a bag). So the queries look up their
labels through ``SELECT DISTINCT`` sub-selects over one triple pattern, and list results with ``DISTINCT``:
without that, the copies multiply in joins (measured: ``award-programs`` took 2.9 s on 80 documents, 33 ms
with the sub-selects; ``bench/remote.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from policykg.errors import BadParameter, NotFound
from policykg.namespaces import PREFIXES
from policykg.store import QueryResult, Store

KINDS = ("literal", "iri", "integer", "decimal")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.+?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*\(\s*(\w+)\s*(?:,\s*(optional|default\s+(.+?)))?\s*\)\s*(?:[—–-]+\s*(.*))?$")
_IRI_BAD = re.compile(r'[\s<>"{}|^`\\]')


@dataclass(frozen=True)
class Param:
    name: str
    kind: str                    # literal | iri | integer | decimal
    description: str = ""
    default: str | None = None
    optional: bool = False       # no default, and may be left unbound

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = ()

    def example(self) -> str:
        """The text with its parameters' defaults bound in a VALUES block: runnable as is, e.g. in a page's
        example tab (parameters without a default stay free)."""
        from policykg.sparql import with_values

        return with_values(self.text, {p.name: to_term(p, p.default) for p in self.params if p.default is not None})

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise BadParameter(f"query {self.name!r} has no parameter {name!r} (parameters: {known})",
                           detail={"query": self.name, "parameter": name})


def parse(name: str, text: str) -> NamedQuery:
    """Read a named query's header comments."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key != "param":
            fields[key] = value
            continue
        pm = _PARAM.match(value)
        if not pm or pm.group(2) not in KINDS:
            raise ValueError(f"{name}.rq: cannot read parameter line {value!r}")
        pname, kind, flag, default, desc = pm.groups()
        params.append(Param(pname, kind, desc or "", default, optional=flag == "optional"))
    if "title" not in fields:
        raise ValueError(f"{name}.rq has no '# title:' line")
    return NamedQuery(name, fields["title"], fields.get("description", ""), text, tuple(params))


@lru_cache(maxsize=1)
def _load() -> tuple[NamedQuery, ...]:
    folder = resources.files(__name__)
    found = [parse(f.name[:-3], f.read_text(encoding="utf-8"))
             for f in folder.iterdir() if f.name.endswith(".rq")]
    return tuple(sorted(found, key=lambda q: q.name))


def load_all() -> tuple[NamedQuery, ...]:
    """Every named query, sorted by name."""
    return _load()


def get(name: str) -> NamedQuery:
    for q in _load():
        if q.name == name:
            return q
    raise NotFound(f"no named query {name!r}; `policykg queries` lists them", detail={"query": name})


def expand_iri(value: str) -> str:
    """An absolute IRI, or a prefixed name with one of the project's prefixes (pkr:agency/...)."""
    prefix, sep, rest = value.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        value = PREFIXES[prefix] + rest
    return value


def to_term(param: Param, value: str) -> Node:
    """A parameter value as an RDF term of its kind; a bad value is the caller's mistake."""
    def bad(why: str) -> BadParameter:
        return BadParameter(f"parameter {param.name!r} {why}", detail={"parameter": param.name, "value": value})

    if param.kind == "iri":
        iri = expand_iri(value.strip())
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _IRI_BAD.search(iri):
            raise bad("must be an absolute IRI (or a pk:/pkr: prefixed name)")
        return URIRef(iri)
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
            raise bad("must be an integer")
        return Literal(str(int(value)), datatype=XSD.integer)
    if param.kind == "decimal":
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise bad("must be a number") from None
        if not number.is_finite():
            raise bad("must be a finite number")
        return Literal(str(number), datatype=XSD.decimal)
    return Literal(value)


def bindings(query: NamedQuery, params: dict[str, str]) -> dict[str, Node]:
    """The RDF terms to bind: given values, then defaults; unknown or missing parameters are refused."""
    for name in params:
        query.param(name)
    out: dict[str, Node] = {}
    for p in query.params:
        value = params.get(p.name, p.default)
        if value is None:
            if p.required:
                raise BadParameter(f"query {query.name!r} needs parameter {p.name!r} ({p.kind}): {p.description}",
                                   detail={"query": query.name, "parameter": p.name})
            continue
        out[p.name] = to_term(p, value)
    return out


def run(store: Store, name: str, params: dict[str, str] | None = None) -> QueryResult:
    """Run a named query with its parameters bound as RDF terms (never pasted into the text)."""
    query = get(name)
    return store.query(query.text, bindings=bindings(query, params or {}))


__all__ = ["KINDS", "NamedQuery", "Param", "bindings", "get", "load_all", "parse", "run", "to_term"]
