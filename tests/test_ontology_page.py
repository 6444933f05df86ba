"""The human-readable ontology page lists every term, escaped, and the Turtle is served as is."""

from __future__ import annotations

from fastapi.testclient import TestClient
from rdflib import Graph

from policykg.api.app import create_app
from policykg.ontology import ontology_path
from policykg.ontology.page import curie, terms
from policykg.store import OxigraphStore


def test_page_lists_every_term() -> None:
    with TestClient(create_app(store=OxigraphStore())) as client:
        page = client.get("/ontology")
        assert page.status_code == 200
        g = Graph().parse(ontology_path())
        listed = terms(g)
        assert len(listed) > 40
        for term in listed:
            assert f"<code>{curie(term.iri)}</code>" in page.text
        assert "政策文件" in page.text
        ttl = client.get("/ontology.ttl")
        assert ttl.headers["content-type"].startswith("text/turtle")
        assert len(Graph().parse(data=ttl.text, format="turtle")) == len(g)
