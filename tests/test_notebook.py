"""docs/notebook.py, the researcher's example, run against the demo corpus as a user runs it: on the embedded
store, and on a served one through --endpoint (remote query_df), whose REST views pandas reads directly."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from policykg.backends import open_store
from policykg.store import OxigraphStore

from servers import free_port, stop, wait_for
from support import BIN, DEMO, ROOT

pd = pytest.importorskip("pandas")
SCRIPT = ROOT / "docs" / "notebook.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notebook_example", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notebook") / "store"
    subprocess.run([str(BIN / "policykg"), "ingest", str(DEMO), "--store", str(path)], check=True,
                   capture_output=True, timeout=600)
    return path


@pytest.fixture(scope="module")
def server(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    served = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(store_path, served)
    port = free_port()
    log = served.parent / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(BIN / "policykg"), "serve", "--store", str(served), "--host", "127.0.0.1",
                                    "--port", str(port)], stdout=out, stderr=out)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def run_script(*args: str) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_example_runs_and_its_numbers_are_the_graphs(store_path: Path) -> None:
    out = run_script("--store", str(store_path))
    assert out.startswith("# goals per place")
    for heading in ("# goals owned per agency type", "# headline targets of indicators set by 3 or more places"):
        assert heading in out
    nb = load_script()
    store = OxigraphStore(store_path, read_only=True)
    try:
        per_place = nb.goals_per_place(store)
        total = int(store.query_df("""SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {
            ?g a pk:Goal ; pk:inDocument ?doc . ?doc pk:sourceFile ?f }""")["n"][0])
        assert int(per_place["goals"].sum()) == total
        assert set(per_place["place"]) == {"鄂州市", "温州市", "许昌市", "浙江省"}  # the provincial plan too
        assert per_place.loc[per_place["place"] == "鄂州市", "placeCode"].item() == "420700"
        owners = nb.owners_per_agency_type(store)
        top = owners.iloc[0]
        assert top["agency_type"] == "市场监督管理"
        owned = int(store.query_df("""SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {
            ?g a pk:Goal ; pk:owner/pk:agencyType ?t . ?t pk:reformedInto* ?m .
            ?m skos:prefLabel "市场监督管理"@zh }""")["n"][0])
        assert int(top["goals"]) == owned
        table = nb.comparison(store)
        assert "产品质量监督抽查合格率" in table.index
        assert (table.notna().sum(axis=1) >= 3).all()
        assert pd.api.types.is_float_dtype(table.dtypes.iloc[0])
    finally:
        store.close()


def test_the_example_against_a_server_gives_the_same(store_path: Path, server: str) -> None:
    assert run_script("--endpoint", f"{server}/sparql") == run_script("--store", str(store_path))


def test_remote_query_df_matches_the_embedded(store_path: Path, server: str) -> None:
    query = """SELECT ?goal ?label ?value ?year WHERE { ?goal a pk:Goal ; pk:indicatorLabel ?label .
               OPTIONAL { ?goal pk:targetValue ?value } OPTIONAL { ?goal pk:targetYear ?year } } ORDER BY ?goal"""
    remote = open_store(endpoint=f"{server}/sparql")
    local = OxigraphStore(store_path, read_only=True)
    try:
        pd.testing.assert_frame_equal(remote.query_df(query), local.query_df(query))
    finally:
        remote.close()
        local.close()


def test_pandas_reads_the_rest_views_directly(server: str) -> None:
    goals = pd.read_csv(f"{server}/goals?" + urllib.parse.urlencode({"format": "csv", "city": "鄂州市"}))
    assert len(goals) > 100 and set(goals["city"]) == {"鄂州市"}
    documents = pd.read_csv(f"{server}/documents?format=csv")
    assert len(documents) == 4 and {"sourceFile", "goals", "tasks"} <= set(documents.columns)


def test_the_readme_python_example_runs(store_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The researcher's path"):]
    code = re.search(r"```python\n(.*?)\n```", section, re.S)
    assert code
    done = subprocess.run([sys.executable, "-c", code.group(1).replace("var/store", str(store_path))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    counts = ast.literal_eval(done.stdout.strip())  # the dict the example prints: goals per place
    assert set(counts) == {"鄂州市", "温州市", "许昌市", "浙江省"}  # the provincial plan counted once, as 浙江省
    nb = load_script()
    store = OxigraphStore(store_path, read_only=True)
    try:
        per_place = nb.goals_per_place(store)
    finally:
        store.close()
    assert counts == dict(zip(per_place["place"], per_place["goals"], strict=True))
