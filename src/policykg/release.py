"""A citable dataset: the VoID/DCAT description of the graph, and ``policykg release``'s dated bundle.

The description (:func:`describe`) says what the dataset is (``void:Dataset``, ``dcat:Dataset``), its version,
licence (CC BY 4.0), the extraction commit of the code that built it (``git rev-parse HEAD`` where the code is a
git checkout, ``$POLICYKG_COMMIT`` where set, else ``unknown``), how many triples it holds, and, for each
ingested document, its source file (``dcterms:source``) and its named graph as a ``void:subset``. It lives in
its own named graph, ``https://w3id.org/policykg/graph/void`` (``policykg describe`` writes it into a store).

``policykg release OUT_DIR`` writes ``policykg-{version}-{date}/`` with the whole dataset as N-Quads (the
description's graph included) and as Turtle (the union of the graphs), the SHACL report, a quality report, the
description as ``void.ttl``, a README naming the licence and how to cite, and ``SHA256SUMS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, VOID, XSD

from . import __version__
from .namespaces import ONTOLOGY_GRAPH, PK, PKR, PREFIXES, sparql_prefixes
from .store import Store

VOID_GRAPH = "https://w3id.org/policykg/graph/void"
DATASET = URIRef(PKR + "dataset")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SH = Namespace("http://www.w3.org/ns/shacl#")
CITATION = ("policykg authors ({year}). policykg: a knowledge graph of Chinese quality-strong-city policy plans "
            "(version {version}) [Data set]. https://w3id.org/policykg")


def extraction_commit() -> str:
    """The commit of the code that extracts: $POLICYKG_COMMIT, else ``git rev-parse HEAD`` beside this file."""
    if os.environ.get("POLICYKG_COMMIT"):
        return os.environ["POLICYKG_COMMIT"].strip()
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).resolve().parent,
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else "unknown"


@dataclass(frozen=True)
class Counts:
    per_graph: Mapping[str, int]
    sources: Mapping[str, tuple[str, str]]  # document graph -> (document IRI, source file)

    @property
    def triples(self) -> int:
        return sum(self.per_graph.values())


def count(store: Store) -> Counts:
    """Triples per named graph (the description's own graph left out) and the source file of each document."""
    per_graph = {str(r["g"]): int(r["n"]) for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union_default_graph=False).rows
        if str(r["g"]) != VOID_GRAPH}
    sources = {str(r["g"]): (str(r["doc"]), str(r["file"])) for r in store.query(sparql_prefixes() + """
        SELECT ?g ?doc ?file WHERE { GRAPH ?g { ?doc a pk:PolicyDocument ; pk:sourceFile ?file } }""",
        union_default_graph=False).rows}
    return Counts(per_graph, sources)


def describe(store: Store, *, when: dt.datetime | None = None, commit: str | None = None) -> Graph:
    """The VoID/DCAT description of what ``store`` holds."""
    when = when or dt.datetime.now(dt.UTC).replace(microsecond=0)
    commit = commit or extraction_commit()
    counts = count(store)
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    d = DATASET
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, RDF.type, DCAT.Dataset))
    g.add((d, DCTERMS.title, Literal("policykg: a knowledge graph of Chinese quality-strong-city policy plans",
                                     lang="en")))
    g.add((d, DCTERMS.title, Literal("质量强市政策知识图谱", lang="zh")))
    g.add((d, DCTERMS.description, Literal(
        "Goals, tasks, agencies, duties, awards, designations, industries and citations read out of Chinese "
        "government quality-strong-city plans, each with the verbatim evidence quote and its offsets.", lang="en")))
    g.add((d, DCTERMS.license, LICENCE))
    g.add((d, URIRef(str(DCAT) + "version"), Literal(__version__)))  # DCAT 3
    g.add((d, OWL.versionInfo, Literal(__version__)))
    g.add((d, DCTERMS.modified, Literal(when.isoformat(), datatype=XSD.dateTime)))
    g.add((d, DCTERMS.bibliographicCitation, Literal(CITATION.format(year=when.year, version=__version__))))
    g.add((d, VOID.triples, Literal(counts.triples, datatype=XSD.integer)))
    g.add((d, VOID.uriSpace, Literal(str(PKR))))
    g.add((d, VOID.vocabulary, URIRef(str(PK))))
    g.add((d, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads")))
    activity = URIRef(f"{PKR}extraction/{commit}")
    g.add((d, PROV.wasGeneratedBy, activity))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(f"policykg {__version__} extraction, code at commit {commit}")))
    g.add((activity, DCTERMS.identifier, Literal(commit)))
    g.add((activity, OWL.versionInfo, Literal(__version__)))
    g.add((activity, PROV.endedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)))
    for graph, n in sorted(counts.per_graph.items()):
        subset = URIRef(graph)
        g.add((d, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        g.add((subset, VOID.triples, Literal(n, datatype=XSD.integer)))
        if graph == ONTOLOGY_GRAPH:
            g.add((subset, RDFS.label, Literal("the policykg ontology and its SKOS vocabularies",
                                               lang="en")))
        if graph in counts.sources:
            doc, file = counts.sources[graph]
            source = URIRef(doc)
            g.add((d, DCTERMS.source, source))
            g.add((subset, DCTERMS.source, source))
            g.add((source, PK.sourceFile, Literal(file)))
    return g


def write_description(store: Store) -> Graph:
    """Write (replace) the description into its own named graph of ``store``."""
    description = describe(store)
    store.replace_graph(VOID_GRAPH, description.serialize(format="nt"))
    return description


# --- the bundle -------------------------------------------------------------------------------------

def shacl_report(conforms: bool, violations: list[tuple[str, str, str, str]]) -> Graph:
    """A SHACL validation report (sh:ValidationReport) of ``policykg validate``'s findings."""
    g = Graph()
    g.bind("sh", SH)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms)))
    for focus, path, message, severity in violations:
        result = BNode()
        g.add((report, SH.result, result))
        g.add((result, RDF.type, SH.ValidationResult))
        g.add((result, SH.focusNode, URIRef(focus)))
        if path:
            g.add((result, SH.resultPath, URIRef(path)))
        if message:
            g.add((result, SH.resultMessage, Literal(message)))
        g.add((result, SH.resultSeverity, SH[severity or "Violation"]))
    return g


def quality_report(store: Store, counts: Counts, conforms: bool, violations: int) -> str:
    from .stats import compute

    stats = compute(store)
    row = store.query(sparql_prefixes() + """
        SELECT (COUNT(DISTINCT ?goal) AS ?goals) (COUNT(DISTINCT ?linked) AS ?linkedGoals)
               (COUNT(DISTINCT ?owned) AS ?ownedGoals) (COUNT(DISTINCT ?ev) AS ?withEvidence) WHERE {
          ?goal a pk:Goal .
          OPTIONAL { ?goal pk:indicator ?i BIND(?goal AS ?linked) }
          OPTIONAL { ?goal pk:owner ?o BIND(?goal AS ?owned) }
          OPTIONAL { ?goal pk:evidence ?e BIND(?goal AS ?ev) }
        }""").rows[0]
    goals = int(row["goals"]) or 1

    def share(name: str) -> str:
        return f"{int(row[name])} ({int(row[name]) / goals:.1%})"

    lines = [f"# Quality report: policykg {__version__}", "",
             f"* documents: {len(counts.sources)}; named graphs: {len(counts.per_graph)}; "
             f"triples: {counts.triples:,}",
             f"* SHACL: {'conforms' if conforms else f'{violations} result(s), see shacl-report.ttl'}",
             f"* goals: {int(row['goals'])}; linked to a canonical indicator: {share('linkedGoals')}; "
             f"with an owner: {share('ownedGoals')}; with an evidence quote: {share('withEvidence')}",
             "", "## Per document", "", "| file | triples | goals | tasks | agencies named |",
             "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {f} | {t} | {g} | {k} | {a} |" for f, t, g, k, a in stats.per_document]
    lines += ["", "## Per class (document graphs)", "", "| class | nodes |", "| --- | ---: |"]
    lines += [f"| {c} | {n} |" for c, n in stats.per_class]
    return "\n".join(lines) + "\n"


def readme(version: str, day: dt.date, commit: str, files: list[str]) -> str:
    return "\n".join([
        f"# policykg {version}, released {day.isoformat()}", "",
        f"Extracted by policykg {version} (code at commit {commit}).", "",
        "Licence: the data is under Creative Commons Attribution 4.0 International (CC BY 4.0, "
        "https://creativecommons.org/licenses/by/4.0/). The source documents are official documents of Chinese "
        "state organs, not subject to copyright (Article 5, Copyright Law of the PRC); quotes are verbatim.", "",
        "Cite as: " + CITATION.format(year=day.year, version=version), "",
        "| file | what |", "| --- | --- |",
        "| policykg.nq | the dataset as N-Quads: one named graph per document, the ontology graph, and the "
        "VoID/DCAT description's graph |",
        "| policykg.ttl | the union of the graphs as Turtle, for tools that read one graph |",
        "| void.ttl | the VoID/DCAT description: version, licence, sources, commit, triple counts |",
        "| shacl-report.ttl | the SHACL validation report against the project's shapes |",
        "| quality.md | counts and coverage: goals linked to indicators, with owners, with evidence |",
        "| SHA256SUMS | checksums of every file here (`sha256sum -c SHA256SUMS`) |", "",
        "Files: " + ", ".join(files), ""])


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def release(store: Store, out_dir: Path, *, day: dt.date | None = None, validate: bool = True) -> Path:
    """Write the dated bundle into ``out_dir`` and return its folder."""
    from .store import _merge_to_triples

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    day = day or now.date()
    commit = extraction_commit()
    bundle = out_dir / f"policykg-{__version__}-{day.isoformat()}"
    bundle.mkdir(parents=True, exist_ok=True)
    description = describe(store, when=now, commit=commit)
    (bundle / "void.ttl").write_bytes(description.serialize(format="turtle", encoding="utf-8"))
    tail = f"<{VOID_GRAPH}> .".encode()
    quads = b"".join(line + b"\n" for line in store.dump("nquads").splitlines()
                     if line.strip() and not line.rstrip().endswith(tail))
    described = b"".join(line.rstrip()[:-1].rstrip() + b" " + tail + b"\n"
                         for line in description.serialize(format="nt", encoding="utf-8").splitlines() if line.strip())
    nquads = quads + described
    (bundle / "policykg.nq").write_bytes(nquads)
    (bundle / "policykg.ttl").write_bytes(_merge_to_triples(nquads, "turtle"))
    conforms, violations = True, []
    if validate:
        from policykg.ontology.validate import validate_store

        report = validate_store(store)
        conforms = report.conforms
        violations = [(v.focus, v.path, v.message, v.severity) for v in report.violations]
    (bundle / "shacl-report.ttl").write_bytes(shacl_report(conforms, violations).serialize(format="turtle",
                                                                                           encoding="utf-8"))
    (bundle / "quality.md").write_text(quality_report(store, count(store), conforms, len(violations)),
                                       encoding="utf-8")
    files = ["policykg.nq", "policykg.ttl", "void.ttl", "shacl-report.ttl", "quality.md", "README.md"]
    (bundle / "README.md").write_text(readme(__version__, day, commit, files), encoding="utf-8")
    (bundle / "SHA256SUMS").write_text("".join(f"{sha256(bundle / f)}  {f}\n" for f in files), encoding="utf-8")
    return bundle


__all__ = ["DATASET", "VOID_GRAPH", "describe", "extraction_commit", "release", "write_description"]
