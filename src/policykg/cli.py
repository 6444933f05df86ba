"""The `policykg` command line: thin wrappers over plain functions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from .errors import PolicyKGError
from .settings import Settings
from .store import Store, open_store

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
        raise fail(f"no such file: {exc.filename}") from None


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
) -> None:
    """Ingest files and folders: one named graph per document, replaced on re-ingest."""
    from policykg.ingest.pipeline import expand, ingest_paths

    if explain:
        from policykg.ingest.explain import explain as explain_file

        with user_errors():
            for path in expand(paths):
                console.print(explain_file(path), highlight=False, soft_wrap=True)
        return
    files = expand(paths)
    if not files:
        raise fail("no ingestible files (.txt, .html, .docx, .pdf) under the given paths")
    with (opened(store, endpoint, update_endpoint, gsp_endpoint, must_exist=False) as s,
          typer.progressbar(length=len(files), label="ingesting", file=sys.stderr) as bar):
        reports = ingest_paths(s, files, on_file=lambda _r: bar.update(1))
    table = Table("file", "triples", "result")
    for r in reports:
        table.add_row(Path(r.path).name, str(r.triples),
                      "[green]ok[/green]" if r.ok else f"[red]{r.error}[/red]")
    console.print(table)
    failed = [r for r in reports if not r.ok]
    if failed:
        raise typer.Exit(code=2 if len(failed) < len(reports) else 1)


@app.command()
def export(
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="nquads, trig, turtle or jsonld")] = "nquads",
    output: Annotated[str, typer.Option("--output", "-o", help="file, or - for standard output")] = "-",
) -> None:
    """Write the whole dataset."""
    from .formats import EXPORT_FORMATS

    if format not in EXPORT_FORMATS:
        raise fail(f"unknown export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    with opened(store, endpoint, read_only=True) as s, user_errors():
        data = s.dump(format)
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(output).write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {output}")


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="SPARQL text, or @file.rq")] = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or tsv")] = "table",
) -> None:
    """Run a SPARQL query and print the result."""
    from . import results

    if text is None:
        raise fail("give a query: policykg query 'SELECT ...' or @file.rq")
    with user_errors():
        sparql = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    with opened(store, endpoint, read_only=True) as s, user_errors():
        result = s.query(sparql)
        if format == "table":
            head, rows = results.to_table(result)
            table = Table(*head)
            for row in rows:
                table.add_row(*row)
            console.print(table)
        else:
            sys.stdout.write(results.render(result, format))


@app.command()
def serve(
    store: StoreOpt = None, endpoint: EndpointOpt = None,
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
) -> None:
    """Serve the HTTP API and the SPARQL endpoint."""
    import uvicorn

    from policykg.api.app import create_app

    if store is not None and endpoint is None and not store.exists():
        raise fail(f"no store at {store}: run `policykg ingest PATH --store {store}` first")
    with user_errors():
        application = create_app(Settings.from_env(store=store, endpoint=endpoint))
    uvicorn.run(application, host=host, port=port)


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
def stats(store: StoreOpt = None, endpoint: EndpointOpt = None) -> None:
    """Counts per class and per document."""
    from .stats import compute

    with opened(store, endpoint, read_only=True) as s, user_errors():
        st = compute(s)
    console.print(f"{st.graphs} named graphs, {st.triples:,} quads")
    classes = Table("class", "instances")
    for cls, n in st.per_class:
        classes.add_row(cls, str(n))
    console.print(classes)
    docs = Table("document", "triples", "goals", "tasks", "agency mentions")
    for row in st.per_document:
        docs.add_row(*map(str, row))
    console.print(docs)


