"""Content negotiation: one pure function over the one media-type table."""

from __future__ import annotations

import pytest

from policykg.api.negotiate import negotiate, parse_accept, resolve
from policykg.formats import FORMATS

RESULTS = ("results",)
GRAPH = ("graph", "dataset")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize(("accept", "fmt", "kinds", "default", "expected"), [
    # no preference: the server's default
    (None, None, RESULTS, "json", "json"),
    ("", None, GRAPH, "turtle", "turtle"),
    ("*/*", None, RESULTS, "json", "json"),
    # one exact type
    ("text/csv", None, RESULTS, "json", "csv"),
    ("text/tab-separated-values", None, RESULTS, "json", "tsv"),
    ("application/sparql-results+xml", None, RESULTS, "json", "xml"),
    ("application/n-triples", None, GRAPH, "turtle", "ntriples"),
    ("application/ld+json", None, GRAPH, "turtle", "jsonld"),
    ("application/trig", None, GRAPH, "turtle", "trig"),
    # q-values decide; the most specific range sets a type's q
    ("text/csv;q=0.5, application/sparql-results+xml", None, RESULTS, "json", "xml"),
    ("text/csv;q=0.9, text/tab-separated-values;q=0.95", None, RESULTS, "json", "tsv"),
    ("*/*;q=0.1, text/csv", None, RESULTS, "json", "csv"),
    ("text/*, text/csv;q=0", None, RESULTS, "json", "tsv"),
    ("application/sparql-results+json;q=0, */*", None, RESULTS, "json", "xml"),
    ("text/turtle;q=0.2, application/ld+json;q=0.8", None, GRAPH, "turtle", "jsonld"),
    # parameters other than q are ignored; case does not matter
    ("Text/CSV; charset=utf-8", None, RESULTS, "json", "csv"),
    # aliases clients send (SPARQLWrapper's JSON and Turtle requests)
    ("application/json, text/javascript", None, RESULTS, "json", "json"),
    ("application/turtle,text/turtle", None, GRAPH, "turtle", "turtle"),
    ("application/json", None, GRAPH, "turtle", "jsonld"),  # a plain JSON client asking for a graph
    # ?format= is the fall-back when Accept names no candidate type explicitly
    (None, "csv", RESULTS, "json", "csv"),
    ("*/*", "tsv", RESULTS, "json", "tsv"),
    (BROWSER, "csv", RESULTS, "json", "csv"),
    (None, "ttl", GRAPH, "turtle", "turtle"),
    (None, "application/n-triples", GRAPH, "turtle", "ntriples"),
    (None, "JSONLD", GRAPH, "turtle", "jsonld"),
    ("application/sparql-results+xml", "csv", RESULTS, "json", "xml"),  # an explicit Accept wins
    # a browser gets the page; a SPARQL client gets RDF
    (BROWSER, None, ("page", *GRAPH), "turtle", "html"),
    ("text/turtle", None, ("page", *GRAPH), "turtle", "turtle"),
    ("*/*", None, ("page", *GRAPH), "turtle", "turtle"),
])
def test_negotiate_picks(accept: str | None, fmt: str | None, kinds: tuple[str, ...], default: str,
                         expected: str) -> None:
    chosen = negotiate(accept, kinds, format_param=fmt, default=default)
    assert chosen is not None and chosen.name == expected


@pytest.mark.parametrize(("accept", "fmt", "kinds"), [
    ("image/png", None, RESULTS),
    ("text/turtle", None, RESULTS),           # an RDF type cannot carry SELECT results
    ("text/csv", None, GRAPH),                # nor CSV a graph
    ("*/*;q=0", None, RESULTS),
    (None, "csv", GRAPH),                     # ?format= names a format of the wrong kind
    (None, "no-such-format", RESULTS),
])
def test_negotiate_refuses(accept: str | None, fmt: str | None, kinds: tuple[str, ...]) -> None:
    assert negotiate(accept, kinds, format_param=fmt) is None


@pytest.mark.parametrize(("header", "expected"), [
    ("text/csv;q=0.5", [("text", "csv", 0.5)]),
    ("a/b, c/*;q=0.2", [("a", "b", 1.0), ("c", "*", 0.2)]),
    ("text/csv;q=abc, text/plain", [("text", "plain", 1.0)]),  # an unreadable q drops its range
    ("garbage, text/csv;q=2", [("*", "*", 1.0)]),              # nothing usable: accept anything
])
def test_parse_accept(header: str, expected: list[tuple[str, str, float]]) -> None:
    assert [(r.type, r.subtype, r.q) for r in parse_accept(header)] == expected


@pytest.mark.parametrize("fmt", [f for f in FORMATS], ids=lambda f: f.name)
def test_every_table_entry_is_reachable_by_name_and_media_type(fmt: object) -> None:
    from policykg.formats import Format

    assert isinstance(fmt, Format)
    assert resolve(fmt.name) == fmt
    assert resolve(fmt.media_type) == fmt
    chosen = negotiate(fmt.media_type, (fmt.kind,))
    assert chosen == fmt
