"""`policykg tables`: tidy tables read back with pandas, their counts checked against SPARQL COUNT(DISTINCT),
described column by column in codebook.md and datapackage.json, and served at /tables/{name}.csv."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.settings import Settings
from policykg.store import OxigraphStore
from policykg.tables import DOC_COLUMNS, TABLES

from support import BIN, DEMO

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")

#: What one row of each table stands for, as SPARQL: the table has exactly as many rows as this pattern has
#: distinct solutions for its key variables.
FACTS = {
    "documents": ("?doc", "?doc a pk:PolicyDocument ; pk:sourceFile ?f"),
    "goals": ("?goal", "?goal a pk:Goal ; pk:inDocument/pk:sourceFile ?f"),
    "tasks": ("?task ?role ?a", """?task a pk:Task ; pk:inDocument/pk:sourceFile ?f .
        OPTIONAL { { ?task pk:leadAgency ?a BIND("lead" AS ?role) } UNION
                   { ?task pk:supportAgency ?a BIND("support" AS ?role) } }"""),
    "agencies": ("?doc ?agency", """?doc pk:sourceFile ?f . { ?doc pk:mentionsAgency ?agency } UNION
        { ?g pk:inDocument ?doc ; pk:owner ?agency } UNION { ?t pk:inDocument ?doc ; pk:leadAgency ?agency }
        UNION { ?t pk:inDocument ?doc ; pk:supportAgency ?agency }"""),
    "awards": ("?doc ?x", "?doc pk:sourceFile ?f ; pk:promotesAward ?x"),
    "designations": ("?doc ?x", "?doc pk:sourceFile ?f ; pk:pursuesDesignation ?x"),
    "citations": ("?doc ?x", "?doc pk:sourceFile ?f ; pk:cites ?x"),
}
READ = {"dtype": {"place_code": str, "province_code": str, "jurisdiction_code": str}}


@pytest.fixture(scope="module")
def written(seed_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tables, written by the command line from a store of the demo corpus."""
    tmp = tmp_path_factory.mktemp("tables")
    store = tmp / "store"
    subprocess.run([str(BIN / "policykg"), "ingest", str(DEMO), "--store", str(store)], check=True,
                   capture_output=True, timeout=600)
    out = tmp / "out"
    done = subprocess.run([str(BIN / "policykg"), "tables", str(out), "--store", str(store)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "goals" in done.stdout and "codebook.md" in done.stderr
    return out


def distinct(store: OxigraphStore, key: str, body: str) -> int:
    return int(store.query_df(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {key} WHERE {{ {body} }} }}")
               ["n"][0])


@pytest.mark.parametrize("name", list(TABLES))
def test_tables_read_back_and_count_what_the_graph_holds(written: Path, seed_store: OxigraphStore,
                                                         name: str) -> None:
    raw = (written / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # BOM for Excel, CRLF
    df = pd.read_csv(written / f"{name}.csv", encoding="utf-8-sig", **READ)
    assert list(df.columns) == [c.name for c in TABLES[name].columns]
    assert len(df) == distinct(seed_store, *FACTS[name])
    assert not df.duplicated(subset=list(TABLES[name].key)).any()  # one row per fact
    parquet = pd.read_parquet(written / f"{name}.parquet")
    assert len(parquet) == len(df) and list(parquet.columns) == list(df.columns)
    # Every row: its document, its place with a GB/T 2260 code and level.
    assert df["doc_id"].notna().all() and df["place"].notna().all()
    assert df["place_code"].str.fullmatch(r"\d{6}").all()
    assert set(df["place_level"]) <= {"prefecture", "province"}
    if name != "documents":
        assert df["evidence_quote"].notna().mean() > 0.9


def test_values_are_typed_and_rows_carry_their_evidence(written: Path) -> None:
    goals = pd.read_parquet(written / "goals.parquet")
    assert pd.api.types.is_float_dtype(goals["target_value"])
    e = goals[goals["place"] == "鄂州市"]
    assert set(e["place_code"]) == {"420700"} and set(e["province_code"]) == {"420000"}
    assert set(e["year"].dropna()) == {2017}
    row = e[e["evidence_quote"].str.contains("地产农产品抽检合格率", na=False)].iloc[0]
    assert row["target_value"] == 95 and row["unit"] == "%" and row["comparator"] == "AtLeast"
    assert "农业" in str(row["owners"]) or "农委" in str(row["owners"])
    tasks = pd.read_csv(written / "tasks.csv", encoding="utf-8-sig", **READ)
    assert set(tasks["role"].dropna()) == {"lead", "support"}
    agencies = pd.read_csv(written / "agencies.csv", encoding="utf-8-sig", **READ)
    market = agencies[agencies["agency_type_current"] == "市场监督管理"]
    assert market["goals_owned"].sum() > 0 and market["tasks_led"].sum() > 0
    documents = pd.read_parquet(written / "documents.parquet")
    assert set(documents["place_level"]) == {"prefecture", "province"}  # the provincial plan is a row too


def test_codebook_and_datapackage_describe_every_column(written: Path) -> None:
    package = json.loads((written / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["licenses"][0]["name"] == "CC-BY-4.0"
    codebook = (written / "codebook.md").read_text(encoding="utf-8")
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(TABLES)
    for name, table in TABLES.items():
        fields = resources[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in table.columns]
        assert all(f["description"] and f["type"] in {"string", "integer", "number", "date", "boolean"}
                   for f in fields)
        assert (written / resources[name]["path"]).is_file()
        assert f"## {name}" in codebook
        for column in table.columns:
            assert f"| `{column.name}` |" in codebook
    assert all(c.name in codebook for c in DOC_COLUMNS)


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(query_workers=1), store=seed_store)) as c:
        yield c


def test_tables_over_rest(client: TestClient, written: Path) -> None:
    listing = client.get("/tables").json()
    assert [t["name"] for t in listing["tables"]] == list(TABLES)
    response = client.get("/tables/goals.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    served = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", **READ)
    on_disk = pd.read_csv(written / "goals.csv", encoding="utf-8-sig", **READ)
    assert len(served) == len(on_disk) and list(served.columns) == list(on_disk.columns)
    parquet = client.get("/tables/tasks.parquet")
    assert len(pd.read_parquet(io.BytesIO(parquet.content))) == len(pd.read_csv(written / "tasks.csv"))
    assert client.get("/tables/nothing.csv").status_code == 404
    assert client.get("/tables/goals.xlsx").status_code == 404
    assert client.get("/tables/datapackage.json").json()["name"] == "policykg-tables"
    assert "## goals" in client.get("/tables/codebook.md").text
