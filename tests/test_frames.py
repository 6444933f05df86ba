"""Query results as typed DataFrames (policykg.to_dataframe, Store.query_df) and ?format=csv on the REST list
views, read back with pandas."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Literal, URIRef

import policykg
from policykg.api.app import create_app
from policykg.settings import Settings
from policykg.store import OxigraphStore, QueryResult

pd = pytest.importorskip("pandas")
EX = "http://example.org/"


def xsd(name: str) -> URIRef:
    return URIRef("http://www.w3.org/2001/XMLSchema#" + name)


def test_columns_are_typed_by_their_datatypes() -> None:
    rows = (
        {"n": Literal("3", datatype=xsd("integer")), "x": Literal("94.5", datatype=xsd("decimal")),
         "d": Literal("2017-03-01", datatype=xsd("date")), "y": Literal("2020", datatype=xsd("gYear")),
         "b": Literal("true", datatype=xsd("boolean")), "iri": URIRef(EX + "a"), "s": Literal("鄂州市"),
         "mixed": Literal("1", datatype=xsd("integer"))},
        {"n": Literal("7", datatype=xsd("integer")), "x": Literal("1E2", datatype=xsd("double")),
         "d": Literal("2018-12-31T10:00:00", datatype=xsd("dateTime")), "b": Literal("false", datatype=xsd("boolean")),
         "iri": BNode("b0"), "mixed": Literal("一")},
    )
    result = QueryResult("select", variables=("n", "x", "d", "y", "b", "iri", "s", "mixed"), rows=rows)
    df = policykg.to_dataframe(result)
    assert str(df["n"].dtype) == "Int64" and df["n"].tolist() == [3, 7]
    assert str(df["x"].dtype) == "Float64" and df["x"].tolist() == [94.5, 100.0]
    assert pd.api.types.is_datetime64_any_dtype(df["d"]) and df["d"][0] == pd.Timestamp("2017-03-01")
    assert str(df["y"].dtype) == "Int64" and df["y"][0] == 2020 and pd.isna(df["y"][1])  # unbound: missing
    assert str(df["b"].dtype) == "boolean" and df["b"].tolist() == [True, False]
    assert df["iri"].tolist() == [EX + "a", "_:b0"]
    assert df["s"][0] == "鄂州市" and pd.isna(df["s"][1])
    assert df["mixed"].tolist() == ["1", "一"]  # a column of mixed kinds stays text


def test_labels_are_picked_by_language_and_rows_are_not_lost() -> None:
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    rows = ({"t": a, "l": Literal("市场监督管理", lang="zh")}, {"t": a, "l": Literal("Market regulation", lang="en")},
            {"t": b, "l": Literal("生态环境", lang="zh-Hans")}, {"t": b, "l": Literal("Ecology", lang="en")},
            {"t": b, "l": Literal("环保", lang="zh")})  # two Chinese labels of b: both kept
    result = QueryResult("select", variables=("t", "l"), rows=rows)
    assert policykg.to_dataframe(result)["l"].tolist() == ["市场监督管理", "生态环境", "环保"]
    assert policykg.to_dataframe(result, lang="en")["l"].tolist() == ["Market regulation", "Ecology"]
    assert len(policykg.to_dataframe(result, lang=None)) == 5


def test_ask_and_construct_results() -> None:
    assert policykg.to_dataframe(QueryResult("ask", boolean=True))["boolean"].tolist() == [True]
    triple = (URIRef(EX + "s"), URIRef(EX + "p"), Literal("o"))
    df = policykg.to_dataframe(QueryResult("graph", triples=(triple,)))
    assert list(df.columns) == ["subject", "predicate", "object"] and df.iloc[0].tolist() == [EX + "s", EX + "p", "o"]


def test_query_df_on_the_seed_graph(seed_store: OxigraphStore) -> None:
    df = seed_store.query_df("""SELECT ?goal ?value ?year ?issued WHERE {
        ?goal a pk:Goal ; pk:inDocument ?doc ; pk:targetValue ?value ; pk:targetYear ?year .
        OPTIONAL { ?doc dcterms:issued ?issued } }""")
    assert len(df) > 50
    assert str(df["value"].dtype) in ("Float64", "Int64") and df["value"].notna().all()
    assert str(df["year"].dtype) == "Int64" and df["year"].between(2010, 2035).all()
    assert pd.api.types.is_datetime64_any_dtype(df["issued"])
    assert df["goal"].str.startswith("https://w3id.org/policykg/id/goal/").all()
    types = seed_store.query_df("SELECT ?t ?l WHERE { ?t a pk:AgencyType ; skos:prefLabel ?l }")
    assert types["t"].is_unique  # one Chinese label per agency type
    assert "市场监督管理" in set(types["l"])


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(query_workers=1), store=seed_store)) as c:
        yield c


def count(store: OxigraphStore, body: str) -> int:
    return int(store.query_df(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {body} }}")["n"][0])


@pytest.mark.parametrize(("view", "body"), [
    ("/documents", "?x a pk:PolicyDocument ; pk:sourceFile ?f"),
    ("/goals", "?x a pk:Goal"),
    ("/cities", "?doc pk:city ?x"),
    ("/agencies", "?x a pk:Agency"),
])
def test_rest_list_views_as_csv(client: TestClient, seed_store: OxigraphStore, view: str, body: str) -> None:
    response = client.get(view, params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "\r\n" in response.text
    df = pd.read_csv(io.StringIO(response.text))
    assert len(df) == count(seed_store, body)  # /goals: the whole table, not the first page
    assert df["iri"].is_unique
    if view == "/goals":
        assert {"indicatorLabel", "targetValue", "targetYear", "document_iri", "owners_label", "evidence_quote"} \
            <= set(df.columns)
        assert pd.api.types.is_numeric_dtype(df["targetValue"])
    paged = pd.read_csv(io.StringIO(client.get(view, params={"format": "csv", "limit": 5}).text))
    assert len(paged) == (5 if view == "/goals" else len(df))


def test_csv_by_accept_header(client: TestClient) -> None:
    response = client.get("/documents", headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert client.get("/documents").headers["content-type"].startswith("application/json")
