"""End to end through the real CLI: ingest the seeds, export, score; idempotence and broken files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS
from typer.testing import CliRunner

from policykg.cli import app
from policykg.errors import PolicyKGError
from policykg.ingest.pipeline import ingest_paths
from policykg.namespaces import PK
from policykg.ontology import ontology_path
from policykg.store import OxigraphStore

from support import BIN, DEMO, GOLD, SCORE, SEED_FILES, SEEDS

CLI = str(BIN / "policykg")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("e2e")
    store = tmp / "store"
    ingest = run("ingest", str(DEMO), "--store", str(store))
    assert ingest.returncode == 0, ingest.stderr
    out = tmp / "export.nq"
    export = run("export", "--store", str(store), "--format", "nquads", "-o", str(out))
    assert export.returncode == 0, export.stderr
    return out


def score(data: Path) -> dict[str, tuple[float, float, float]]:
    out = subprocess.run([sys.executable, str(SCORE), "--data", str(data), "--gold", str(GOLD),
                          "--corpus", str(SEEDS)], capture_output=True, text=True, check=True, timeout=300)
    rows = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0][0].isalpha() and parts[1].replace(".", "").isdigit():
            rows[parts[0]] = (float(parts[1]), float(parts[2]), float(parts[3]))
    rows["evidence"] = next((float(line.split()[3]), 0.0, 0.0)
                            for line in out.stdout.splitlines() if line.startswith("evidence quotes exact"))
    return rows


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not beside this checkout")
def test_cli_ingest_export_scores_every_category(exported: Path) -> None:
    rows = score(exported)
    categories = {"goals", "goals.owner", "tasks.lead", "tasks.support", "agencies", "award_programs",
                  "industries", "designations", "cited_documents", "metadata.title", "metadata.city",
                  "metadata.province", "metadata.year", "metadata.doc_number"}
    assert categories <= set(rows)
    for category in categories:
        precision, recall, _f1 = rows[category]
        assert precision > 0 and recall > 0, f"{category} has no matched items: {rows[category]}"
    assert rows["evidence"][0] == 1.0


def _parsed(data: bytes, rdflib_format: str, dataset: bool) -> set[tuple[object, ...]]:
    """What a reader gets from ``data``: quads (``dataset``), or the triples of one graph. Literals compare by
    value (a writer may spell the decimal 50 as "50" or 50.0)."""
    from rdflib import Dataset, Literal
    from rdflib.term import Node

    def value(term: Node) -> object:
        return (term.toPython(), term.datatype, term.language) if isinstance(term, Literal) else str(term)

    if dataset:
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        return {(str(s), str(p), value(o), str(g)) for s, p, o, g in ds.quads((None, None, None, None))}
    graph = Graph()
    graph.parse(data=data, format=rdflib_format)
    return {(str(s), str(p), value(o)) for s, p, o in graph}


@pytest.fixture(scope="module")
def seed_quads(seed_store: OxigraphStore) -> set[tuple[object, ...]]:
    quads = _parsed(seed_store.dump("nquads"), "nquads", dataset=True)
    assert len(quads) == len(list(seed_store.quads()))
    return quads


@pytest.mark.parametrize(("name", "rdflib_format", "keeps_graphs"), [
    ("nquads", "nquads", True), ("trig", "trig", True), ("json-ld", "json-ld", True),
    ("turtle", "turtle", False), ("nt", "nt", False), ("rdf/xml", "xml", False)])
def test_every_export_format_round_trips(seed_store: OxigraphStore, seed_quads: set[tuple[object, ...]],
                                         name: str, rdflib_format: str, keeps_graphs: bool) -> None:
    from policykg.formats import export_format

    fmt = export_format(name)
    triples = {q[:3] for q in seed_quads}
    assert 10_000 < len(triples) <= len(seed_quads)
    if keeps_graphs:
        assert _parsed(seed_store.dump(fmt.name), rdflib_format, dataset=True) == seed_quads
    else:
        assert _parsed(seed_store.dump(fmt.name), rdflib_format, dataset=False) == triples
    # The union: one graph that a reader of one graph (rdflib's Graph().parse) takes whole.
    assert _parsed(seed_store.dump(fmt.name, union=True), rdflib_format, dataset=False) == triples


def test_export_names_and_mistakes(tmp_path: Path) -> None:
    from policykg.formats import export_format

    assert export_format("JSON-LD").name == export_format("jsonld").name == "jsonld"
    assert export_format("ttl").name == "turtle" and export_format("n-quads").name == "nquads"
    with pytest.raises(PolicyKGError, match="unknown export format 'csv'; choose one of nquads, trig, jsonld"):
        export_format("csv")


def test_reingest_is_idempotent(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    ingest_paths(store, SEED_FILES)
    first = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"]
    reports = ingest_paths(store, SEED_FILES)
    second = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"]
    assert all(r.ok for r in reports)
    assert int(first) == int(second) > 0
    assert len(store.graphs()) == len(SEED_FILES) + 2  # one per document, plus the ontology and the derived graph


def test_broken_file_fails_alone_and_keeps_the_graph(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    ingest_paths(store, SEED_FILES[:2])
    before = len(store.graphs())
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "broken.txt").write_bytes(b"\x00\xff\xfe\x00garbage\x81")
    (folder / "empty.txt").write_bytes(b"")
    good = folder / SEED_FILES[2].name
    good.write_bytes(SEED_FILES[2].read_bytes())
    reports = {Path(r.path).name: r for r in ingest_paths(store, [folder])}
    assert reports[good.name].ok and reports[good.name].triples > 0
    assert not reports["broken.txt"].ok and "broken.txt" in (reports["broken.txt"].error or "")
    assert not reports["empty.txt"].ok and "empty" in (reports["empty.txt"].error or "")
    assert len(store.graphs()) == before + 1


def test_cli_reports_user_mistakes_in_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and "no store" in missing.output and "Traceback" not in missing.output
    store = tmp_path / "store"
    assert runner.invoke(app, ["ingest", str(SEED_FILES[0]), "--store", str(store)]).exit_code == 0
    bad = runner.invoke(app, ["query", "SELECT WHERE {", "--store", str(store)])
    assert bad.exit_code == 1 and "syntax" in bad.output.lower() and "Traceback" not in bad.output


def test_cli_query_joins_goals_to_their_cities(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("ingest", str(DEMO), "--store", str(store)).returncode == 0
    query = """PREFIX pk: <https://w3id.org/policykg/ontology#>
      PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      SELECT ?city (COUNT(?goal) AS ?goals) WHERE {
        ?goal a pk:Goal ; pk:inDocument ?doc . ?doc pk:city/rdfs:label ?city
      } GROUP BY ?city ORDER BY ?city"""
    out = run("query", query, "--store", str(store), "--format", "json")
    assert out.returncode == 0, out.stderr
    rows = {b["city"]["value"]: int(b["goals"]["value"]) for b in json.loads(out.stdout)["results"]["bindings"]}
    assert {"鄂州市", "许昌市"} <= set(rows)
    assert all(n > 0 for n in rows.values())


def test_every_ontology_term_has_bilingual_labels_and_a_comment() -> None:
    g = Graph().parse(ontology_path())
    terms = {s for cls in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, cls)
             if str(s).startswith(str(PK))}
    assert len(terms) > 40
    for term in terms:
        langs = {label.language for label in g.objects(term, RDFS.label)}  # type: ignore[attr-defined]
        assert {"zh", "en"} <= langs, term
        assert g.value(term, RDFS.comment) is not None, term


def test_contract_terms_exist() -> None:
    g = Graph().parse(ontology_path())
    contract = ["PolicyDocument", "sourceFile", "docNumber", "city", "province", "cites", "Goal", "inDocument",
                "indicatorLabel", "indicator", "targetValue", "targetValueMax", "unit", "comparator",
                "AtLeast", "MoreThan", "AtMost", "LessThan", "Exactly", "targetYear", "owner", "Task", "number",
                "leadAgency", "supportAgency", "deadline", "Agency", "agencyType", "mentionsAgency", "Industry",
                "targetsIndustry", "AwardProgram", "promotesAward", "level", "National", "Provincial", "Municipal",
                "County", "Incentive", "award", "amount", "Designation", "pursuesDesignation", "evidence", "quote",
                "start", "end", "City", "Province", "Region", "AgencyType"]
    for name in contract:
        assert (PK[name], None, None) in g, name


def test_document_ids_keep_formats_apart() -> None:
    from policykg import iris

    assert iris.document_id("003_2335b28b753d4964.txt", "demo").startswith("003_2335b28b753d4964-")
    assert iris.document_id("003_2335b28b753d4964.txt", "demo") == iris.document_id("003_2335b28b753d4964.txt", "demo")
    ids = {iris.document_id(name, "plans") for name in ("plan.txt", "plan.html", "plan.pdf", "plan.docx")}
    assert len(ids) == 4
    assert iris.document_id("鄂州方案.txt") != iris.document_id("鄂州方案.pdf")
    # One file name in two folders: two documents.
    assert iris.document_id("index.html", "2020") != iris.document_id("index.html", "2021")


def test_document_graphs_do_not_restate_the_ontology(seed_store: OxigraphStore) -> None:
    # Joins through a vocabulary node (a city's label) count each goal once in the union default graph.
    rows = seed_store.query("""PREFIX pk: <https://w3id.org/policykg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?city (COUNT(?goal) AS ?n) (COUNT(DISTINCT ?goal) AS ?distinct) WHERE {
          ?goal a pk:Goal ; pk:inDocument/pk:city/rdfs:label ?city } GROUP BY ?city""").rows
    assert len(rows) >= 3
    assert all(int(r["n"]) == int(r["distinct"]) > 0 for r in rows)
    restated = seed_store.query("""SELECT (COUNT(*) AS ?n) WHERE {
        GRAPH <https://w3id.org/policykg/graph/ontology> { ?s ?p ?o }
        GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/policykg/graph/ontology>) }""").rows
    assert int(restated[0]["n"]) == 0


def test_every_concept_carries_its_preferred_label_as_rdfs_label(seed_store: OxigraphStore) -> None:
    rows = seed_store.query("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?missing) AS ?m) WHERE {
          ?c skos:prefLabel ?label .
          OPTIONAL { FILTER NOT EXISTS { ?c rdfs:label ?label } BIND(?c AS ?missing) } }""").rows
    assert int(rows[0]["n"]) > 500 and int(rows[0]["m"]) == 0
