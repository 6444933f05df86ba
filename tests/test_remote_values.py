"""How a remote store binds parameters: an escaped VALUES block at the start of the WHERE group. Checked
without a server: the rewritten query runs in pyoxigraph and must answer as the embedded substitution does."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from policykg import queries
from policykg.errors import QuerySyntaxError
from policykg.sparql import query_form, sparql_term, where_brace, with_values
from policykg.store import OxigraphStore

from servers import canonical, named_query_cases


def test_terms_are_escaped_and_bad_ones_refused() -> None:
    assert sparql_term(Literal('a"b\\c\nd')) == '"a\\"b\\\\c\\nd"'
    assert sparql_term(Literal("2020", datatype=XSD.integer)) == '"2020"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert sparql_term(Literal("质量", lang="zh")) == '"质量"@zh'
    assert sparql_term(URIRef("https://w3id.org/policykg/id/doc/x")) == "<https://w3id.org/policykg/id/doc/x>"
    for bad in (URIRef("https://x/> } ; DROP ALL ; <y"), URIRef("https://x/a b")):
        with pytest.raises(ValueError, match="IRI"):
            sparql_term(bad)
    with pytest.raises(TypeError):
        sparql_term(BNode("b0"))


def test_the_where_group_is_found_past_comments_strings_and_iris() -> None:
    q = ('# a comment with { braces } and WHERE and CONSTRUCT\nPREFIX ex: <http://ex.org/a#{x}>\n'
         'SELECT ?where (STR("{") AS ?s) WHERE { ?where ex:p ?o }')
    assert q[where_brace(q):].startswith("{ ?where ex:p")
    assert query_form(q) == "SELECT"
    c = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert c[where_brace(c):] == "{ ?s ?p ?o }"
    assert query_form("# SELECT in a comment\nASK { ?s ?p ?o }") == "ASK"
    with pytest.raises(QuerySyntaxError):
        where_brace("PREFIX ex: <http://ex.org/>")


def test_values_binding_answers_as_the_embedded_substitution(seed_store: OxigraphStore) -> None:
    """Every named query, rewritten with a VALUES block and run by pyoxigraph, answers as the substitution."""
    for name, params in named_query_cases(seed_store):
        q = queries.get(name)
        terms = queries.bindings(q, params)
        rewritten = with_values(q.text, terms)
        assert rewritten.count("VALUES (") == (1 if terms else 0)
        assert canonical(seed_store.query(rewritten), q.text) == canonical(queries.run(seed_store, name, params),
                                                                          q.text), (name, params)


def test_hostile_values_stay_data(seed_store: OxigraphStore) -> None:
    q = queries.get("goal-owners-by-city")
    hostile = {"city": Literal('鄂州市") } UNION { ?goal ?p ?o } #')}
    assert seed_store.query(with_values(q.text, hostile)).rows == ()


def test_example_text_runs_with_the_defaults(seed_store: OxigraphStore) -> None:
    for q in queries.load_all():
        if any(p.required for p in q.params):
            continue
        assert canonical(seed_store.query(q.example()), q.text) == canonical(queries.run(seed_store, q.name), q.text)
