"""Every example tab of the query page runs as it stands on the seed graph and answers with rows."""

from __future__ import annotations

from policykg.api.query_page import example_tabs
from policykg.queries import load_all
from policykg.store import OxigraphStore


def test_every_example_tab_answers_on_the_seed_graph(seed_store: OxigraphStore) -> None:
    tabs = example_tabs()
    assert len(tabs) == len(load_all()) + 1
    for tab in tabs:
        result = seed_store.query(tab["query"])
        assert result.rows, f"the tab {tab['name']!r} shows no rows"
