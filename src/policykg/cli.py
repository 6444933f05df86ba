"""The `policykg` command line: thin wrappers over plain functions."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from .backends import open_store
from .errors import PolicyKGError
from .settings import Settings
from .store import Store

app = typer.Typer(help="policykg: a knowledge graph of Chinese quality-strong-city policy.",
                  no_args_is_help=True, add_completion=False)
console = Console()
err = Console(stderr=True)

StoreOpt = Annotated[Path | None, typer.Option("--store", envvar="POLICYKG_STORE",
                                                help="embedded store folder (or $POLICYKG_STORE)")]
EndpointOpt = Annotated[str | None, typer.Option("--endpoint", envvar="POLICYKG_ENDPOINT",
                                                  help="remote SPARQL query endpoint, in place of --store")]
UpdateOpt = Annotated[str | None, typer.Option("--update-endpoint", envvar="POLICYKG_UPDATE_ENDPOINT",
                                                help="remote SPARQL update endpoint")]
GspOpt = Annotated[str | None, typer.Option("--gsp-endpoint", envvar="POLICYKG_GSP_ENDPOINT",
                                             help="remote Graph Store Protocol endpoint")]

def fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a user's mistake into one clear line and exit code 1, never a traceback."""
    try:
        yield
    except PolicyKGError as exc:
        raise fail(exc.message) from None
    except FileNotFoundError as exc:
        raise fail(f"no such file: {exc.filename}" if exc.filename else f"a file went missing: {exc}") from None


@contextmanager
def opened(store: Path | None, endpoint: str | None, update: str | None = None, gsp: str | None = None,
           *, read_only: bool = False, must_exist: bool = True) -> Iterator[Store]:
    if store is None and endpoint is None:
        raise fail("name a store with --store DIR (or $POLICYKG_STORE), or a server with --endpoint URL")
    if store is not None and endpoint is None and must_exist and not store.exists():
        raise fail(f"no store at {store}: run `policykg ingest PATH --store {store}` first")
    with user_errors():
        s = open_store(store, endpoint=endpoint, update_endpoint=update, gsp_endpoint=gsp, read_only=read_only)
    try:
        yield s
    finally:
        s.close()


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files and folders to ingest")],
    store: StoreOpt = None, endpoint: EndpointOpt = None, update_endpoint: UpdateOpt = None,
    gsp_endpoint: GspOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="print what one file yields; writes nothing")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-j", help="processes that prepare documents (default: one per CPU; 1 prepares them here)",
    )] = None,
    bulk: Annotated[bool | None, typer.Option(
        "--bulk/--no-bulk", help="load documents new to the store with the bulk loader: several times cheaper, but "
                                 "not in a transaction (a reader may see a batch land part by part). Default: bulk "
                                 "into a store that holds no document yet (a server reading it during this first "
                                 "load may see batches arrive part by part), a transaction per document otherwise",
        show_default=False,
    )] = None,
) -> None:
    """Ingest files and folders: one named graph per document, replaced on re-ingest."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from policykg.ingest.pipeline import default_workers, expand, ingest_paths
    from policykg.ingest.read import display_name

    if explain:
        from policykg.ingest.explain import explain as explain_file

        with user_errors():
            for path in expand(paths):
                console.print(explain_file(path), highlight=False, soft_wrap=True)
        return
    files = expand(paths)
    if not files:
        raise fail("no ingestible files (.txt, .html, .docx, .pdf) under the given paths")
    if endpoint and not (gsp_endpoint or update_endpoint):
        raise fail("writing to a SPARQL server needs --gsp-endpoint URL (Graph Store) or --update-endpoint URL")
    progress = Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), console=err)
    task = progress.add_task("ingest", total=len(files), rate="-")

    def advance(_report: object) -> None:
        progress.advance(task)
        done = progress.tasks[task]
        if done.elapsed:
            progress.update(task, rate=f"{done.completed / done.elapsed:.1f}")

    with (opened(store, endpoint, update_endpoint, gsp_endpoint, must_exist=False) as s, progress, user_errors()):
        reports = ingest_paths(s, files, on_file=advance, workers=workers or default_workers(), bulk=bulk)
    table = Table("file", "triples", "result")
    for r in reports:
        table.add_row(display_name(Path(r.path)), str(r.triples),
                      "[green]ok[/green]" if r.ok else f"[red]{r.error}[/red]")
    console.print(table)
    failed = [r for r in reports if not r.ok]
    if failed:
        raise typer.Exit(code=2 if len(failed) < len(reports) else 1)


@app.command()
def export(
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    format: Annotated[str, typer.Option(
        "--format", "-f", help="nquads, trig or jsonld keep each document's named graph; turtle, ntriples and "
                               "rdfxml hold the merge of all graphs (json-ld, nq, ttl, nt, rdf/xml also accepted)",
    )] = "nquads",
    output: Annotated[str, typer.Option("--output", "-o", help="file, or - for standard output")] = "-",
    union: Annotated[bool, typer.Option(
        "--union", help="write the merge of every graph, one copy of each triple, even in nquads, trig or "
                        "jsonld (for tools that read one graph, e.g. rdflib's Graph().parse)")] = False,
) -> None:
    """Write the whole dataset."""
    from .formats import export_format

    with user_errors():
        fmt = export_format(format)
    with opened(store, endpoint, read_only=True) as s, user_errors():
        data = s.dump(fmt.name, union=union)
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(output).write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {output}")


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="SPARQL text, or @file.rq")] = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    format: Annotated[str, typer.Option(
        "--format", "-f", help="table, json, xml, csv or tsv (the W3C result formats)")] = "table",
    named: Annotated[str | None, typer.Option("--named", help="run a named query (see `policykg queries`)")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", help="a parameter, k=v (repeatable)")] = None,
) -> None:
    """Run a SPARQL query (or a named query) and print the result."""
    from . import queries, results

    if (text is None) == (named is None):
        raise fail("give a query: policykg query 'SELECT ...', @file.rq, or --named NAME")
    if param and named is None:
        raise fail("--param goes with --named NAME")
    params = dict(p.partition("=")[::2] for p in param or [])
    if any(not k for k in params) or any("=" not in p for p in param or []):
        raise fail("write each parameter as --param name=value")
    sparql = ""
    with user_errors():
        if text is not None:
            sparql = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
        elif named is not None:
            queries.bindings(queries.get(named), params)  # refuse bad names and values before opening
    with opened(store, endpoint, read_only=True) as s, user_errors():
        result = queries.run(s, named, params) if named is not None else s.query(sparql)
        if format == "table":
            head, rows = results.to_table(result)
            table = Table(*head)
            for row in rows:
                table.add_row(*row)
            console.print(table)
        else:
            sys.stdout.write(results.render(result, format))


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="the words to find (Chinese text is segmented with jieba)")],
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="goal, task, duty, award, agency, document")]
    = None,
    city: Annotated[list[str] | None, typer.Option("--city", help="a place name or GB/T 2260 code")] = None,
    year: Annotated[list[str] | None, typer.Option("--year", help="the year the document was issued")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500)] = 20,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """Full-text search of goals, tasks, duties, awards, agencies and documents, ranked by BM25."""
    import dataclasses
    import json

    from . import search as fts

    if format not in ("table", "json"):
        raise fail(f"unknown format {format!r}; choose table or json")
    with opened(store, endpoint, read_only=True) as s, user_errors():
        found = fts.search(s, text, kind=kind or [], place=city or [], year=year or [], limit=limit)
    if format == "json":
        sys.stdout.write(json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("score", "kind", "label", "place", "year", "node", title=f"{found.total} hits ({found.match})")
    for h in found.hits:
        table.add_row(f"{h.score:.2f}", h.kind, h.label[:60], " ".join(h.places), h.year or "", h.node)
    console.print(table)


@app.command("queries")
def list_queries() -> None:
    """List the named research queries and their parameters."""
    from . import queries

    table = Table("name", "title", "parameters")
    for q in queries.load_all():
        params = ", ".join(f"{p.name} ({p.kind}{', default ' + p.default if p.default else ''}"
                           f"{', optional' if p.optional else ''})" for p in q.params)
        table.add_row(q.name, q.title, params or "-")
    console.print(table)


@app.command()
def serve(
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
) -> None:
    """Serve the HTTP API and the SPARQL endpoint."""
    from policykg.api.app import serve as serve_app

    if store is not None and endpoint is None and not store.exists():
        raise fail(f"no store at {store}: run `policykg ingest PATH --store {store}` first")
    with user_errors():
        settings = Settings.from_env(store=store, endpoint=endpoint)
    with serve_guard(store, endpoint, host, port):  # one line, not a traceback, when it is served already
        serve_app(settings, host=host, port=port)


@app.command()
def validate(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Check the store against the SHACL shapes and print a readable report."""
    from policykg.ontology.validate import validate_store

    with opened(store, endpoint, read_only=True) as s, user_errors():
        report = validate_store(s)
    if report.conforms:
        console.print("[green]conforms[/green]: every node satisfies the shapes")
        return
    table = Table("severity", "focus node", "path", "message")
    for v in report.violations[:200]:
        table.add_row(v.severity, v.focus, v.path, v.message)
    console.print(table)
    console.print(f"[red]{len(report.violations)} violation(s)[/red]")
    raise typer.Exit(code=1)


@app.command()
def review(store: StoreOpt = None, endpoint: EndpointOpt = None,
           limit: Annotated[int, typer.Option(help="rows to list (the counts cover all)")] = 200) -> None:
    """Facts that conform to the shapes but look wrong: agency labels with digits, verbs or sentence fragments,
    agencies of no known type, goals without a year, tasks without a lead. Exits 1 when any is flagged."""
    from .quality import counts
    from .quality import review as find_flags

    with opened(store, endpoint, read_only=True) as s, user_errors():
        flags = find_flags(s)
    table = Table("check", "label", "document", "node")
    for f in flags[:limit]:
        table.add_row(f.check, f.label, f.file, f.node)
    if flags:
        console.print(table)
    console.print(", ".join(f"{check}: {n}" for check, n in counts(flags).items()))
    if flags:
        console.print(f"[red]{len(flags)} suspicious fact(s)[/red]")
        raise typer.Exit(code=1)
    console.print("[green]no suspicious facts[/green]")


@app.command()
def stats(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Counts per class and per document, and the quality check's flags (see ``policykg review``)."""
    from .quality import counts
    from .quality import review as find_flags
    from .stats import compute

    with opened(store, endpoint, read_only=True) as s, user_errors():
        st = compute(s)
        flagged = counts(find_flags(s))
    console.print(f"{st.graphs} named graphs, {st.triples:,} quads")
    classes = Table("class", "instances")
    for cls, n in st.per_class:
        classes.add_row(cls, str(n))
    console.print(classes)
    docs = Table("document", "triples", "goals", "tasks", "agency mentions")
    for row in st.per_document:
        docs.add_row(*map(str, row))
    console.print(docs)
    console.print("suspicious facts (policykg review): " + ", ".join(f"{c} {n}" for c, n in flagged.items()))



# --- policykg viz: the network pages, written to files ---------------------------------------------

viz_app = typer.Typer(help="Interactive network pages (offline HTML): ownership, document, cities, node.",
                      no_args_is_help=True)
app.add_typer(viz_app, name="viz")
OutOpt = Annotated[Path, typer.Option("--output", "-o", help="the HTML file to write")]
BaseOpt = Annotated[str | None, typer.Option("--base-url", help="make the page's links absolute, e.g. "
                                                                "http://127.0.0.1:8000 (for files opened from disk)")]
FoldOpt = Annotated[bool | None, typer.Option("--aggregate/--no-aggregate", help="fold to agency types x cities "
                                              "(ownership) or groups of leaves; default: only large graphs")]


def _write_view(build: Callable[[], Any], output: Path, base_url: str | None, aggregate: bool | None = None) -> None:
    from policykg.viz import pages

    with user_errors():
        graph = build()
        net = pages.to_network(graph, base_url=base_url or "", aggregate=aggregate)
        pages.write_html(net, output)
    err.print(f"wrote {len(net.nodes):,} nodes and {len(net.edges):,} links to {output}", highlight=False)
    for note in net.notes:
        err.print(f"[yellow]note:[/yellow] {note}", highlight=False, soft_wrap=True)


@viz_app.command("ownership")
def viz_ownership(
    output: OutOpt, store: StoreOpt = None, endpoint: EndpointOpt = None, base_url: BaseOpt = None,
    city: Annotated[list[str] | None, typer.Option(help="city or province (repeatable)")] = None,
    agency_type: Annotated[list[str] | None, typer.Option(help="agency type (repeatable)")] = None,
    domain: Annotated[list[str] | None, typer.Option(help="quality domain (repeatable)")] = None,
    year: Annotated[list[str] | None, typer.Option(help="target year (repeatable)")] = None,
    document: Annotated[list[str] | None, typer.Option(help="document id or file name (repeatable)")] = None,
    tasks: Annotated[bool, typer.Option("--tasks/--no-tasks", help="include tasks led and supported")] = True,
    aggregate: FoldOpt = None,
) -> None:
    """Agencies (coloured by agency type) and the goals they own and the tasks they lead or support."""
    from policykg.viz.graphs import ownership_graph

    with opened(store, endpoint, read_only=True) as s:
        _write_view(lambda: ownership_graph(s, city=city, agency_type=agency_type, domain=domain, year=year,
                                            document=document, tasks=tasks), output, base_url, aggregate)


@viz_app.command("document")
def viz_document(doc: Annotated[str, typer.Argument(help="document id, file name or IRI")], output: OutOpt,
                 store: StoreOpt = None, endpoint: EndpointOpt = None, base_url: BaseOpt = None,
                 aggregate: FoldOpt = None) -> None:
    """One document's goals, tasks, agencies, industries, awards, designations and citations."""
    from policykg.viz.graphs import document_graph

    with opened(store, endpoint, read_only=True) as s:
        _write_view(lambda: document_graph(s, doc), output, base_url, aggregate)


@viz_app.command("cities")
def viz_cities(output: OutOpt, store: StoreOpt = None, endpoint: EndpointOpt = None,
               base_url: BaseOpt = None) -> None:
    """Cities linked by shared indicators, award programs, industries, cited documents and designations."""
    from policykg.viz.graphs import city_graph

    with opened(store, endpoint, read_only=True) as s:
        _write_view(lambda: city_graph(s), output, base_url)


@viz_app.command("node")
def viz_node(iri: Annotated[str, typer.Argument(help="the node's IRI")], output: OutOpt,
             depth: Annotated[int, typer.Option(help="how many links away (0-5)")] = 1,
             store: StoreOpt = None, endpoint: EndpointOpt = None, base_url: BaseOpt = None,
             aggregate: FoldOpt = None) -> None:
    """The neighbourhood of any node, to a chosen depth."""
    from policykg.viz.graphs import neighbourhood_graph

    with opened(store, endpoint, read_only=True) as s:
        _write_view(lambda: neighbourhood_graph(s, iri, depth), output, base_url, aggregate)


# --- cross-city comparisons (policykg.analysis.compare) ---------------------------------------------------

compare_app = typer.Typer(help="Compare cities: indicators, cities, agencies, diffusion, central.",
                          no_args_is_help=True)
app.add_typer(compare_app, name="compare")
TableFormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, csv or json")]


def _emit(table: Any, data: Any, format: str) -> None:
    """Print an analysis as a rich table, CSV (the same columns) or JSON (the full result)."""
    import csv
    import json

    if format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(table.head)
        writer.writerows(table.rows)
    elif format == "table":
        out = Table(*table.head, show_lines=False)
        for row in table.rows:
            out.add_row(*row)
        console.print(out)
    else:
        raise fail(f"unknown format {format!r}; choose table, csv or json")


@compare_app.command("indicators")
def compare_indicators(store: StoreOpt = None, endpoint: EndpointOpt = None, format: TableFormatOpt = "table",
                       min_places: Annotated[int, typer.Option(help="only indicators set by this many places")] = 1,
                       min_confidence: Annotated[float, typer.Option(help="only links at least this sure (0-1)")]
                       = 0.0,
                       indicator: Annotated[str | None, typer.Option(help="only indicators whose label contains this")]
                       = None) -> None:
    """One row per canonical indicator, one column per city: target, comparator, year; and the spread."""
    from policykg.analysis import compare

    with opened(store, endpoint, read_only=True) as s, user_errors():
        result = compare.compare_indicators(s, min_places=min_places, min_confidence=min_confidence)
    if indicator:
        result = result.matching(indicator)
    _emit(result.table(), result.data(), format)
    if format == "table" and result.near_misses:   # never side by side: listed apart, with the reason
        console.print("Near misses (same family, not the same measure):")
        _emit(result.near_miss_table(), None, format)


@compare_app.command("cities")
def compare_cities(store: StoreOpt = None, endpoint: EndpointOpt = None, format: TableFormatOpt = "table",
                   top: Annotated[int, typer.Option(help="shared items to show per pair")] = 5) -> None:
    """Weighted Jaccard similarity of every pair of cities, with the items they share."""
    from policykg.analysis import compare

    with opened(store, endpoint, read_only=True) as s, user_errors():
        result = compare.compare_cities(s)
    _emit(result.table(top), result.data(top), format)


@compare_app.command("agencies")
def compare_agencies(store: StoreOpt = None, endpoint: EndpointOpt = None, format: TableFormatOpt = "table") -> None:
    """Goals owned and tasks led and supported, per city and agency type (totals first)."""
    from policykg.analysis import compare

    with opened(store, endpoint, read_only=True) as s, user_errors():
        result = compare.agency_load(s)
    _emit(result.table(), result.data(), format)


@compare_app.command("diffusion")
def compare_diffusion(store: StoreOpt = None, endpoint: EndpointOpt = None, format: TableFormatOpt = "table",
                      kind: Annotated[str | None, typer.Option(help="indicator, instrument, award or designation")]
                      = None) -> None:
    """The first document that states each indicator, instrument, award or designation (by issue date, with
    its quote), later documents by date, and undated documents apart."""
    from policykg.analysis import compare

    if kind not in (None, "indicator", "instrument", "award", "designation"):
        raise fail(f"--kind must be indicator, instrument, award or designation, not {kind!r}")
    with opened(store, endpoint, read_only=True) as s, user_errors():
        result = compare.diffusion(s, kind=kind)
    _emit(result.table(), result.data(), format)


@compare_app.command("central")
def compare_central(store: StoreOpt = None, endpoint: EndpointOpt = None, format: TableFormatOpt = "table") -> None:
    """Centrality of agency types (ownership graph) and instruments (instrument graph)."""
    from policykg.analysis import compare

    with opened(store, endpoint, read_only=True) as s, user_errors():
        result = compare.central_nodes(s)
    _emit(result.table(), result.data(), format)


@app.command()
def link(store: StoreOpt = None, endpoint: EndpointOpt = None, format: TableFormatOpt = "table",
         unmatched: Annotated[bool, typer.Option("--unmatched", help="list the goals that link to no indicator")]
         = False) -> None:
    """How goals link to canonical indicators; --unmatched lists those that link to none."""
    from policykg.analysis import compare

    with opened(store, endpoint, read_only=True) as s, user_errors():
        report = compare.link_report(s)
    if format == "table":
        err.print(f"{len(report.goals)} goals, {len(report.unmatched)} link to no indicator and no family "
                  f"({report.share_unmatched:.1%}); {len(report.family_only)} to a family only")
    _emit(report.table(unmatched_only=unmatched), report.data(unmatched_only=unmatched), format)


# --- researcher's path: serving guard, tables, release --------------------------------------------------

def serve_guard(store: Path | None, endpoint: str | None, host: str, port: int) -> Any:
    """Refuse a second `serve` of the same store (or a taken port) with one line naming the running server;
    else a context manager that records this server in the store folder while it runs."""
    from .serving import Serving

    with user_errors():
        return Serving(None if endpoint else store, host, port)


@app.command()
def tables(
    out_dir: Annotated[Path, typer.Argument(help="folder to write the tables into")],
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    parquet: Annotated[bool, typer.Option("--parquet/--no-parquet", help="write Parquet beside the CSV")] = True,
) -> None:
    """Write tidy tables (one row per fact) as CSV and Parquet, with codebook.md and datapackage.json."""
    from .tables import write_tables

    with opened(store, endpoint, read_only=True) as s, user_errors():
        try:
            counts = write_tables(s, out_dir, parquet=parquet)
        except ImportError as exc:
            raise fail(str(exc)) from None
    for name, count in counts.items():
        console.print(f"{name:<14} {count:>7,} rows")
    err.print(f"wrote {len(counts)} tables, codebook.md and datapackage.json to {out_dir}")


@app.command()
def describe(store: StoreOpt = None, endpoint: EndpointOpt = None, update_endpoint: UpdateOpt = None,
             gsp_endpoint: GspOpt = None) -> None:
    """Write the dataset's VoID/DCAT description (version, licence, sources, commit, triples) into its own graph."""
    from .release import VOID_GRAPH, write_description

    with opened(store, endpoint, update_endpoint, gsp_endpoint) as s, user_errors():
        description = write_description(s)
    err.print(f"wrote {len(description)} triples of description to <{VOID_GRAPH}>")


@app.command()
def release(
    out_dir: Annotated[Path, typer.Argument(help="folder to write the dated bundle into")],
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    validate: Annotated[bool, typer.Option("--validate/--no-validate", help="run SHACL for the report")] = True,
) -> None:
    """Write a dated, citable bundle: N-Quads, Turtle, SHACL report, quality report, VoID, SHA256SUMS."""
    from .release import release as write_release

    with opened(store, endpoint, read_only=True) as s, user_errors():
        bundle = write_release(s, out_dir, validate=validate)
    for path in sorted(bundle.iterdir()):
        console.print(f"{path.stat().st_size:>12,}  {path.name}")
    err.print(f"wrote the release bundle {bundle}")
