"""A citable dataset: `policykg release` writes a dated bundle whose checksums hold and whose files parse; the
VoID/DCAT description names the version, licence, sources, commit and triple count; `policykg describe` puts it
in its own graph; /health and CITATION.cff carry the version."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF

from policykg import __version__
from policykg.api.app import create_app
from policykg.release import DATASET, VOID_GRAPH, describe, extraction_commit
from policykg.settings import Settings
from policykg.store import OxigraphStore

from support import BIN, DEMO, ROOT, SEED_FILES

VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("release") / "store"
    subprocess.run([str(BIN / "policykg"), "ingest", str(DEMO), "--store", str(path)], check=True,
                   capture_output=True, timeout=600)
    return path


@pytest.fixture(scope="module")
def bundle(store_path: Path) -> Path:
    out = store_path.parent / "out"
    done = subprocess.run([str(BIN / "policykg"), "release", str(out), "--store", str(store_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    folders = list(out.iterdir())
    assert len(folders) == 1
    return folders[0]


def head_commit() -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def test_the_bundle_is_dated_and_its_checksums_hold(bundle: Path) -> None:
    assert bundle.name == f"policykg-{__version__}-{dt.datetime.now(dt.UTC).date().isoformat()}"
    names = {p.name for p in bundle.iterdir()}
    assert names == {"policykg.nq", "policykg.ttl", "void.ttl", "shacl-report.ttl", "quality.md", "README.md",
                     "SHA256SUMS"}
    sums = (bundle / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert {line.split("  ", 1)[1] for line in sums} == names - {"SHA256SUMS"}
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=bundle, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_the_bundle_parses_and_describes_itself(bundle: Path, store_path: Path) -> None:
    data = Dataset()
    data.parse(bundle / "policykg.nq", format="nquads")
    graphs = {str(g.identifier) for g in data.graphs()}
    assert VOID_GRAPH in graphs and sum("/graph/doc/" in g for g in graphs) == len(SEED_FILES)
    void = data.graph(URIRef(VOID_GRAPH))
    others = sum(1 for _s, _p, _o, g in data.quads((None, None, None, None)) if str(g) != VOID_GRAPH)
    assert void.value(DATASET, URIRef(VOID + "triples")).toPython() == others
    assert (DATASET, RDF.type, URIRef(VOID + "Dataset")) in void
    assert void.value(DATASET, OWL.versionInfo) == Literal(__version__)
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    sources = set(void.objects(DATASET, DCTERMS.source))
    assert len(sources) == len(SEED_FILES)
    files = {str(void.value(s, URIRef("https://w3id.org/policykg/ontology#sourceFile"))) for s in sources}
    assert files == {p.name for p in SEED_FILES}
    activity = void.value(DATASET, PROV.wasGeneratedBy)
    assert str(void.value(activity, DCTERMS.identifier)) == head_commit()
    # void.ttl says the same as the description's graph.
    assert len(Graph().parse(bundle / "void.ttl")) == len(void)
    turtle = Graph().parse(bundle / "policykg.ttl", format="turtle")
    assert len(turtle) > 10_000  # the union, readable by tools that take one graph
    report = Graph().parse(bundle / "shacl-report.ttl", format="turtle")
    assert set(report.objects(None, URIRef(SH + "conforms"))) == {Literal(True)}
    quality = (bundle / "quality.md").read_text(encoding="utf-8")
    assert "SHACL: conforms" in quality and "linked to a canonical indicator" in quality
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and head_commit() in readme


def test_describe_writes_its_own_graph(store_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    done = subprocess.run([str(BIN / "policykg"), "describe", "--store", str(copy)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    store = OxigraphStore(copy, read_only=True)
    try:
        assert VOID_GRAPH in store.graphs()
        asked = store.query(f"""SELECT ?v WHERE {{ GRAPH <{VOID_GRAPH}> {{
            <{DATASET}> <http://www.w3.org/2002/07/owl#versionInfo> ?v }} }}""", union_default_graph=False)
        assert [str(r["v"]) for r in asked.rows] == [__version__]
        # Describing again does not count the description itself.
        first = describe(store).value(DATASET, URIRef(VOID + "triples"))
        assert first is not None and int(first) == sum(
            1 for q in store.quads() if getattr(q.graph_name, "value", "") != VOID_GRAPH)
    finally:
        store.close()


def test_the_commit_can_be_named_for_builds_without_git(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_COMMIT", "0123abc")
    assert extraction_commit() == "0123abc"


def test_health_and_citation_carry_the_version(seed_store: OxigraphStore) -> None:
    with TestClient(create_app(Settings(query_workers=1), store=seed_store)) as client:
        assert client.get("/health").json()["version"] == __version__
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^cff-version: 1\.2\.0$", cff, re.M)
    assert re.search(rf"^version: {re.escape(__version__)}$", cff, re.M)
    assert re.search(r"^title: ", cff, re.M) and re.search(r"^authors:", cff, re.M)
    assert "CC-BY-4.0" in cff
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{__version__}"' in pyproject
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
