"""N-Triples terms and lines, written as text, exactly as rdflib's N-Triples serialiser writes them.

The emitter writes each document's triples straight into N-Triples lines: no rdflib ``Graph`` is built (adding a
triple to one indexes it three ways) and no ``Literal`` is made (each casts its lexical form to a Python value and
back). A term is its N-Triples text: an IRI ``<...>``, a literal ``"..."`` with its datatype if any. Equal terms
give equal text, so a set of lines is a set of triples.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import RDFS as _RDFS
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD
from rdflib.term import Node

from policykg.namespaces import PK as _PK
from policykg.namespaces import PKR as _PKR

XSD_INTEGER = f"<{XSD.integer}>"
XSD_DECIMAL = f"<{XSD.decimal}>"
XSD_GYEAR = f"<{XSD.gYear}>"
XSD_GYEARMONTH = f"<{XSD.gYearMonth}>"
XSD_DATE = f"<{XSD.date}>"

#: What rdflib refuses in an IRI it serialises (``rdflib.term._is_valid_uri``).
_INVALID_IRI = frozenset('<>" {}|\\^`')


class Namespace:
    """``NS.name`` (kept: the vocabulary's own terms) and ``NS["name"]`` (made each time: instance IRIs): the
    N-Triples text of the IRI ``base + name``."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._terms: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        return iri(self._base + name)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        known = self._terms.get(name)
        if known is None:
            known = self._terms[name] = iri(self._base + name)
        return known


def iri(value: str) -> str:
    """An IRI; like rdflib, refuse one that N-Triples cannot carry."""
    if not _INVALID_IRI.isdisjoint(value):
        raise Exception(f'"{value}" does not look like a valid URI, I cannot serialize this as N3/Turtle. '
                        "Perhaps you wanted to urlencode it?")
    return f"<{value}>"


def literal(text: str) -> str:
    """A plain literal (xsd:string)."""
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    return f'"{escaped}"'


def typed(lexical: str, datatype: str) -> str:
    """A literal of ``datatype`` (given as N-Triples text, e.g. :data:`XSD_DECIMAL`); the lexical form is kept as
    given, which is what rdflib keeps for the forms the emitter writes (canonical decimals, years, dates)."""
    return f"{literal(lexical)}^^{datatype}"


def integer(value: int) -> str:
    return typed(str(value), XSD_INTEGER)


def term(node: Node) -> str:
    """Any rdflib term (from the vocabularies, the link stage, the ontology) as N-Triples text."""
    if isinstance(node, Literal):
        if node.language:
            return f"{literal(str(node))}@{node.language}"
        return f"{literal(str(node))}^^<{node.datatype}>" if node.datatype else literal(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, URIRef):
        return _uriref(node)
    raise TypeError(f"not an RDF term: {node!r}")


@lru_cache(maxsize=65536)
def _uriref(node: URIRef) -> str:
    return iri(str(node))


def line(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o} .\n"


class Triples:
    """The triples of one graph as N-Triples lines, each once, in the order they were first added."""

    def __init__(self) -> None:
        self.lines: dict[str, None] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.lines[f"{s} {p} {o} .\n"] = None

    def __len__(self) -> int:
        return len(self.lines)

    def text(self) -> str:
        return "".join(self.lines)


#: The vocabularies the emitters write, as N-Triples IRIs (one place; policykg.namespaces holds the IRIs).
PK = Namespace(str(_PK))
PKR = Namespace(str(_PKR))
RDF = Namespace(str(_RDF))
RDFS = Namespace(str(_RDFS))
SKOS = Namespace(str(_SKOS))
DCTERMS = Namespace(str(_DCTERMS))
