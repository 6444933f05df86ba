"""Every named query and the heavy pages, at a scale, four (or five) ways side by side (`python -m bench.queries`).

    python -m bench.queries --store DIR          # an ingested store (e.g. bench.ingest --keep)
    python -m bench.queries --docs 100           # generate and ingest first
    [--rounds 5] [--ways disk http rdflib oxigraph memory] [--queries DIR] [--no-pages] [--slow 20]

Ways, each answering the same named query with the same bound parameters:

* **disk** (a): the embedded pyoxigraph store on disk, through the Python API (``queries.run``);
* **http** (b): a real ``policykg serve`` over loopback, ``GET /queries/{name}?param=...``;
* **rdflib** (c): rdflib's in-memory ``Dataset`` holding the same quads (union default graph);
* **oxigraph** (d): the Oxigraph server (``oxigraph serve --union-default-graph``) bulk-loaded with the same
  quads, through ``RemoteStore``;
* **memory**: pyoxigraph's in-memory ``Store()`` loaded from the disk store's dump, in this process;
* **optimized**: a copy of the disk store after ``Store.optimize()`` (the time it took is noted).

Every way must return the same number of rows (a disagreement is printed, not hidden). Rounds are
interleaved so all ways share the machine's noise; p50 and p95 in milliseconds. A case whose warm-up
takes longer than ``--slow`` seconds is timed once more only (``n=1`` in the table), so a 40-second query
does not take the whole run. rdflib is timed once a query (in a fresh fork) and stopped at
``--rdflib-cap``: a stopped query is a lower bound, ``> cap``. ``--skip WAY WHY`` names a way not run.
The heavy pages (``PAGES``) are timed over HTTP on a server of their own that keeps one built page
(``POLICYKG_PAGE_CACHE=1``), asked in turn and each twice in a row: the first request is a first build, the
repeat the cached answer (``time_pages``); a build past ``--page-cap`` s is a lower bound. ``run`` returns
the measurements (``Outcome``, for ``bench.report``); ``main`` prints the Markdown.
``--queries DIR`` reads the ``.rq`` files from a folder instead of the package (to time an older
version of them; HTTP always serves the package's).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import httpx

from policykg import queries
from policykg.namespaces import sparql_prefixes
from policykg.remote import RemoteStore
from policykg.store import OxigraphStore, Store

BIN = Path(sys.executable).parent
WAYS = ("disk", "http", "rdflib", "oxigraph", "memory", "optimized")
PICKS = {"agencyType": "?s pk:agencyType ?x", "indicator": "?s pk:indicator ?x", "node": "?x pk:evidence ?e",
         "agency": "?x pk:agencyType ?t", "city": "?d pk:sourceFile ?f ; pk:city ?r . ?r rdfs:label ?x"}
#: Parameters given a value from the data even where they have a default (鄂州市 may not be in the corpus).
PICK_ALWAYS = {"city"}
#: The heavy pages (name in the table: path asked; ``{doc}``: the first document's id).
PAGES = {
    "/viz/ownership?aggregate=true": "/viz/ownership?aggregate=true",
    "/viz/ownership": "/viz/ownership",
    "/viz/cities": "/viz/cities",
    "/compare/indicators": "/compare/indicators",
    "/compare/diffusion": "/compare/diffusion",
    "/compare/central": "/compare/central",
    "/compare/cities": "/compare/cities",
    "/compare/agencies": "/compare/agencies",
    "/documents": "/documents",
    "/viz/document/{id}": "/viz/document/{doc}",
    "/health": "/health",
}
#: Ways timed once only (their warm-up is their one sample): rdflib, whose every query runs in a fresh fork.
ONCE = {"rdflib"}


@dataclass
class Case:
    name: str
    params: dict[str, str]
    query: queries.NamedQuery | None = None
    label: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    size: int = 0
    capped: set[str] = field(default_factory=set)   # ways stopped at their cap: the sample is a lower bound


@dataclass
class Outcome:
    """What one run measured, for ``bench.report`` (the Markdown is ``text``)."""

    cases: list[Case]
    ways: list[str]
    pages: list[Case]            # first builds (a server with the page cache off)
    cached: list[Case]           # the same pages from the default server's cache
    quads: int
    graphs: int
    notes: list[str]
    skipped: dict[str, str]      # way -> why it was not run
    loads: dict[str, dict[str, float]]  # way -> {"load_s", "rss_mb"}
    server_rss_mb: dict[str, float]     # server -> peak RSS (MB) of it and its worker processes
    text: str = ""


class RssPeak:
    """Polls a process and its children (their RSS summed) until stopped; ``peak_mb`` is the largest sum."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every, self.peak_mb = pid, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                top = psutil.Process(self.pid)
                total = 0
                for p in [top, *top.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
                self.peak_mb = max(self.peak_mb, total / 2**20)
            except psutil.Error:
                return
            self._stop.wait(self.every)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join(5)
        return self.peak_mb


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss / 2**20)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def picks(store: Store) -> dict[str, str]:
    """A value for every required parameter: the first in IRI order (stable across runs of one seed)."""
    out = {}
    for name, pattern in PICKS.items():
        rows = store.query(f"{sparql_prefixes()} SELECT ?x WHERE {{ {pattern} }} ORDER BY ?x LIMIT 1").rows
        out[name] = str(rows[0]["x"]) if rows else "https://w3id.org/policykg/id/none"
    return out


def load_texts(folder: Path | None) -> dict[str, queries.NamedQuery]:
    if folder is None:
        return {q.name: q for q in queries.load_all()}
    return {p.stem: queries.parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))}


def run_named(store: Store, query: queries.NamedQuery | None, params: dict[str, str]) -> int:
    assert query is not None
    return len(store.query(query.text, bindings=queries.bindings(query, params)).rows)


class RdflibWay:
    """rdflib's Dataset, loaded once; each query runs in a forked child (the loaded dataset is shared
    copy-on-write) that times itself, so a query past ``cap`` seconds can be stopped."""

    def __init__(self, nquads: bytes, cap: float) -> None:
        from rdflib import Dataset

        self.cap = cap
        self.ds = Dataset(default_union=True)
        self.ds.parse(data=nquads, format="nquads")

    def _child(self, query: queries.NamedQuery, params: dict[str, str], conn: Connection) -> None:
        start = time.perf_counter()
        rows = len(list(self.ds.query(query.text, initBindings=queries.bindings(query, params))))
        conn.send((rows, (time.perf_counter() - start) * 1000))

    def run(self, query: queries.NamedQuery | None, params: dict[str, str]) -> tuple[int, float]:
        import multiprocessing

        assert query is not None
        parent, child = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(target=self._child, args=(query, params, child))
        process.start()
        if not parent.poll(self.cap):
            process.kill()
            process.join()
            raise Capped(self.cap)
        rows, ms = parent.recv()
        process.join()
        return int(rows), float(ms)


class Capped(TimeoutError):
    """A case stopped at its cap: its time is at least ``cap`` seconds (a lower bound, kept as the sample)."""

    def __init__(self, cap: float) -> None:
        super().__init__(f"over {cap:.0f} s")
        self.cap = cap


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, process: subprocess.Popen[bytes], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url}")


def serve(store_dir: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """``policykg serve`` on a free port (``env``: settings added to the environment, e.g. the page cache off)."""
    port = free_port()
    process = subprocess.Popen([str(BIN / "policykg"), "serve", "--store", str(store_dir), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, **env} if env else None)
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/queries", process)
    return process, base


def oxigraph_server(nquads: Path, location: Path) -> tuple[subprocess.Popen[bytes], RemoteStore, float]:
    start = time.perf_counter()
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)],
                   check=True, capture_output=True)
    load_s = time.perf_counter() - start
    port = free_port()
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
    return process, RemoteStore(f"http://127.0.0.1:{port}/query", timeout=600), load_s


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


Call = Callable[["Case"], "int | tuple[int, float]"]


def timed(call: Call, case: Case) -> tuple[int, float]:
    """Rows and milliseconds (the way's own measure where it reports one)."""
    start = time.perf_counter()
    got = call(case)
    elapsed = (time.perf_counter() - start) * 1000
    return got if isinstance(got, tuple) else (got, elapsed)


def time_cases(cases: list[Case], ways: dict[str, Call], rounds: int, slow: float,
               warmup_counts: bool = False) -> None:
    """Warm up every way on a case, then ``rounds`` interleaved rounds (one where a warm-up took over ``slow``
    s). Ways in ``ONCE`` keep their warm-up as their one sample, as does every way with ``warmup_counts``
    when the warm-up was slow (a first build with no cache to warm: timing it again would only cost time)."""
    for case in cases:
        timed_rounds = rounds
        for way, call in ways.items():
            try:
                case.rows[way], elapsed = timed(call, case)
            except Capped as exc:
                case.capped.add(way)
                case.samples[way] = [exc.cap * 1000]
                continue
            except Exception as exc:
                case.errors[way] = f"{type(exc).__name__}: {str(exc)[:120]}"
                continue
            if way in ONCE:
                case.samples[way] = [elapsed]
            elif elapsed > slow * 1000:
                timed_rounds = 1
                if warmup_counts:
                    case.samples[way] = [elapsed]
        if warmup_counts and all(w in case.samples or w in case.errors for w in ways):
            timed_rounds = 0
        print(f"  {case.name} {case.label}: rows {case.rows} {case.errors or ''} ({timed_rounds} rounds)",
              file=sys.stderr, flush=True)
        if len(set(case.rows.values())) > 1:
            print(f"  ! {case.name}: the ways disagree on the row count {case.rows}", file=sys.stderr)
        for _ in range(timed_rounds):
            for way, call in ways.items():
                if way in case.errors or way in case.capped or way in ONCE:
                    continue
                try:
                    case.samples.setdefault(way, []).append(timed(call, case)[1])
                except Exception as exc:
                    case.errors[way] = f"{type(exc).__name__}: {str(exc)[:120]}"
        print(f"  {case.name} {case.label}: " + ", ".join(f"{w} {fmt(v)}" for w, v in case.samples.items())
              + (f", {case.size:,} bytes" if case.size else ""), file=sys.stderr, flush=True)


def fmt(values: list[float] | None, capped: bool = False) -> str:
    if not values:
        return "-"
    if capped:
        return f"> {values[0]:,.0f} (cap)"
    p50, p95 = statistics.median(values), pct(values, 0.95)
    one = " (n=1)" if len(values) == 1 else ""
    return f"{p50:,.0f} / {p95:,.0f}{one}" if p50 >= 10 else f"{p50:.1f} / {p95:.1f}{one}"


def _failed(error: str) -> str:
    if error.startswith("NotImplementedError"):
        return "-"
    return "timeout" if error.startswith("TimeoutError") else "error"


def _cell(c: Case, way: str) -> str:
    if way in c.errors:
        return _failed(c.errors[way])
    return fmt(c.samples.get(way), way in c.capped)


def report(cases: list[Case], ways: list[str], pages: list[Case], quads: int, graphs: int, notes: list[str],
           cached: list[Case] | None = None, skipped: dict[str, str] | None = None, documents: int = 0) -> str:
    out = [f"{documents:,} documents, {quads:,} quads, {graphs:,} named graphs; machine: {platform.machine()}, "
           f"{platform.python_implementation()} {platform.python_version()}; " + "; ".join(notes), "",
           "p50 / p95 in ms (`-`: not run or failed; `n=1`: one timed run, the warm-up took over --slow s, "
           "or rdflib, timed once; `> N (cap)`: stopped at the cap, a lower bound)", ""]
    for way, why in (skipped or {}).items():
        out.append(f"* **{way}: not run**: {why}")
    if skipped:
        out.append("")
    ratio_heads = []
    if "disk" in ways and "rdflib" in ways:
        ratio_heads.append("rdflib / disk")
    if "disk" in ways and "http" in ways:
        ratio_heads.append("http / disk")
    if "memory" in ways and "http" in ways:
        ratio_heads.append("http / memory")
    if "memory" in ways and "disk" in ways:
        ratio_heads.append("disk / memory")
    if "optimized" in ways and "disk" in ways:
        ratio_heads.append("disk / optimized")
    head = ["query", "rows", *ways, *ratio_heads]
    out += ["| " + " | ".join(head) + " |", "| --- " + "| ---: " * (len(head) - 1) + "|"]
    for c in cases:
        rows = sorted(set(c.rows.values()))
        cells = [f"`{c.name}`" + (f" ({c.label})" if c.label else ""), "/".join(f"{r:,}" for r in rows) or "-"]
        cells += [_cell(c, w) for w in ways]
        med = {w: statistics.median(v) for w, v in c.samples.items() if v}
        for h in ratio_heads:
            a, b = h.split(" / ")
            bound = ">" if a in c.capped else ""
            cells.append(f"{bound}{med[a] / med[b]:.1f}×" if a in med and b in med and med[b] else "-")
        out.append("| " + " | ".join(cells) + " |")
    for c in cases:
        if any(not e.startswith("NotImplementedError") for e in c.errors.values()):
            out.append(f"\n`{c.name}` {c.label} errors: " + "; ".join(f"{w}: {e}" for w, e in c.errors.items()))
    if pages:
        warm = {p.name: p for p in cached or []}
        out += ["", "Pages over HTTP (`text/html`), each round asked twice in a row on a server that keeps one built "
                "page (`POLICYKG_PAGE_CACHE=1`, pages asked in turn): the first request builds the page, the "
                "repeat is the cached answer.", "",
                "| page (HTTP, `text/html`) | first build p50 / p95 ms | cached p50 / p95 ms | KB |",
                "| --- | ---: | ---: | ---: |"]
        for p in pages:
            w = warm.get(p.name)
            out.append(f"| `{p.name}` | {_cell(p, 'http')} | {_cell(w, 'http') if w else '-'} "
                       f"| {p.size / 1024:,.0f} |")
        for p in [*pages, *(cached or [])]:
            if "http" in p.errors:
                out.append(f"\n`{p.name}` error: {p.errors['http']}")
    return "\n".join(out)


def first_document(store: Store) -> str:
    """The first document's id (the last segment of its IRI), for ``/viz/document/{id}``."""
    rows = store.query(f"{sparql_prefixes()} SELECT ?d WHERE {{ ?d pk:sourceFile ?f }} ORDER BY ?d LIMIT 1").rows
    return str(rows[0]["d"]).rsplit("/", 1)[-1] if rows else "none"


def time_pages(base: str, doc: str, rounds: int, slow: float, cap: float) -> tuple[list[Case], list[Case]]:
    """Every heavy page over HTTP, each round asked twice in a row: first built, then cached.

    The server keeps one built page (``POLICYKG_PAGE_CACHE=1``) and the pages are asked in turn, so each first
    request finds another page in the cache and builds its own (a first build, in the worker pool), and the
    repeat right after it is answered from the cache. A page whose first build took over ``slow`` s is built
    once only (``n=1``). The pool is started by one page first, untimed."""
    first = {name: Case(name, {}) for name in PAGES}
    cached = {name: Case(name, {}) for name in PAGES}
    done: set[str] = set()
    with httpx.Client(base_url=base, timeout=cap + 60) as client:
        with contextlib.suppress(httpx.HTTPError):
            client.get("/", headers={"accept": "text/html"})
        for r in range(rounds + 1):   # round 0 is the warm-up, kept only where it was slow
            for name, path in PAGES.items():
                page, again = first[name], cached[name]
                if name in done or "http" in page.errors:
                    continue
                url = path.replace("{doc}", doc)
                try:
                    start = time.perf_counter()
                    response = client.get(url, headers={"accept": "text/html"})
                    if response.status_code == 503 and "query_timeout" in response.text:
                        page.capped.add("http")      # not built within the cap: a lower bound
                        page.samples["http"] = [cap * 1000]
                        again.errors["http"] = f"TimeoutError: no page built within {cap:g} s"
                        done.add(name)
                        print(f"  {name}: no page within {cap:g} s", file=sys.stderr, flush=True)
                        continue
                    response.raise_for_status()
                    built_ms = (time.perf_counter() - start) * 1000
                    start = time.perf_counter()
                    client.get(url, headers={"accept": "text/html"}).raise_for_status()
                    cached_ms = (time.perf_counter() - start) * 1000
                except Exception as exc:
                    page.errors["http"] = f"{type(exc).__name__}: {str(exc)[:120]}"
                    continue
                page.size = again.size = len(response.content)
                page.rows["http"] = again.rows["http"] = 1
                if r == 0:
                    print(f"  {name}: first build {built_ms:,.0f} ms, cached {cached_ms:,.1f} ms, "
                          f"{len(response.content):,} bytes", file=sys.stderr, flush=True)
                if r == 0 and built_ms <= slow * 1000:
                    continue
                if r == 0:
                    done.add(name)
                page.samples.setdefault("http", []).append(built_ms)
                again.samples.setdefault("http", []).append(cached_ms)
        for name in PAGES:
            print(f"  {name}: first {fmt(first[name].samples.get('http'))}, cached "
                  f"{fmt(cached[name].samples.get('http'))}, {first[name].size:,} bytes "
                  f"{first[name].errors or ''}", file=sys.stderr, flush=True)
    return list(first.values()), list(cached.values())


def run(argv: list[str] | None = None) -> Outcome:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--slow", type=float, default=20.0)
    parser.add_argument("--ways", nargs="+", default=list(WAYS), choices=WAYS)
    parser.add_argument("--skip", nargs=2, action="append", default=[], metavar=("WAY", "WHY"),
                        help="a way not run, and why (printed in the table)")
    parser.add_argument("--queries", type=Path, help="a folder of .rq files to time instead of the package's")
    parser.add_argument("--only", nargs="+", help="only these named queries")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="also time the .rq files of DIR (an earlier version), each beside its current text")
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--page-cap", type=float, default=60.0,
                        help="seconds a first build may take (POLICYKG_PAGE_TIMEOUT of the cache-off server)")
    parser.add_argument("--rdflib-cap", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    args = parser.parse_args(argv)
    import pyoxigraph as ox

    if threading.current_thread() is threading.main_thread():  # stopped by SIGTERM: still stop the servers
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = Path(tempfile.mkdtemp(prefix="bench-queries-"))
    processes: list[subprocess.Popen[bytes] | None] = []
    notes: list[str] = [f"pyoxigraph {ox.__version__ if hasattr(ox, '__version__') else '?'}"]
    skipped = {way: why for way, why in args.skip}
    loads: dict[str, dict[str, float]] = {}
    server_rss: dict[str, float] = {}
    try:
        store_dir = args.store
        if store_dir is None:
            from bench.corpus import write_corpus
            from bench.ingest import ingest

            write_corpus(args.docs, work / "corpus", args.seed)
            store_dir = work / "store"
            ingest(work / "corpus", store_dir)
        disk = OxigraphStore(store_dir, read_only=True)
        quads, graphs = len(disk.raw), len(disk.graphs())
        documents = int(disk.query(f"{sparql_prefixes()} SELECT (COUNT(DISTINCT ?d) AS ?n) "
                                   "WHERE { ?d pk:sourceFile ?f }").rows[0]["n"])
        texts = load_texts(args.queries)
        chosen = picks(disk)
        doc = first_document(disk)

        def case(name: str, q: queries.NamedQuery, label: str = "") -> Case:
            return Case(name, {p.name: chosen[p.name] for p in q.params
                               if p.required or (p.name in PICK_ALWAYS and p.default is not None)}, q, label)

        cases = []
        before = load_texts(args.compare) if args.compare else {}
        for name, q in texts.items():
            if args.only and name not in args.only:
                continue
            if name in before:
                cases.append(case(name, before[name], "before"))
            cases.append(case(name, q, "after" if name in before else ""))
        wanted = [w for w in args.ways if w not in skipped]
        ways: dict[str, Call] = {}
        nquads: bytes | None = None
        if {"rdflib", "oxigraph", "memory"} & set(wanted):
            nquads = disk.raw.dump(format=ox.RdfFormat.N_QUADS) or b""
        if "disk" in wanted:
            ways["disk"] = lambda c: run_named(disk, c.query, c.params)
        sampler: RssPeak | None = None
        default_server: subprocess.Popen[bytes] | None = None
        if "http" in wanted:
            default_server, base = serve(store_dir)
            processes.append(default_server)
            sampler = RssPeak(default_server.pid)
            http_client = httpx.Client(base_url=base, timeout=900)

            def http(c: Case) -> int:
                if c.label == "before":
                    raise NotImplementedError("HTTP serves the package's queries only")
                response = http_client.get(f"/queries/{c.name}", params=c.params,
                                           headers={"accept": "application/sparql-results+json"})
                response.raise_for_status()
                return len(response.json()["results"]["bindings"])

            ways["http"] = http
        if "rdflib" in wanted:
            assert nquads is not None
            start, before_mb = time.perf_counter(), rss_mb()
            rdf = RdflibWay(nquads, args.rdflib_cap)
            loads["rdflib"] = {"load_s": time.perf_counter() - start, "rss_mb": rss_mb() - before_mb}
            notes.append(f"rdflib load {loads['rdflib']['load_s']:.0f} s, +{loads['rdflib']['rss_mb']:,.0f} MB RSS, "
                         f"cap {args.rdflib_cap:g} s a query")
            ways["rdflib"] = lambda c: rdf.run(c.query, c.params)
        if "oxigraph" in wanted:
            assert nquads is not None
            dump = work / "data.nq"
            dump.write_bytes(nquads)
            process, remote, load_s = oxigraph_server(dump, work / "oxigraph")
            processes.append(process)
            notes.append(f"oxigraph load {load_s:.0f} s")
            ways["oxigraph"] = lambda c: run_named(remote, c.query, c.params)
        if "memory" in wanted:
            assert nquads is not None
            start, before_mb = time.perf_counter(), rss_mb()
            memory = OxigraphStore()
            memory.raw.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            loads["memory"] = {"load_s": time.perf_counter() - start, "rss_mb": rss_mb() - before_mb}
            notes.append(f"in-memory pyoxigraph load {loads['memory']['load_s']:.0f} s, "
                         f"+{loads['memory']['rss_mb']:,.0f} MB RSS")
            ways["memory"] = lambda c: run_named(memory, c.query, c.params)
        if "optimized" in wanted:
            shutil.copytree(store_dir, work / "optimized")
            writable = OxigraphStore(work / "optimized")
            start = time.perf_counter()
            writable.raw.optimize()
            notes.append(f"Store.optimize() {time.perf_counter() - start:.1f} s")
            writable.close()
            del writable
            optimized = OxigraphStore(work / "optimized", read_only=True)
            ways["optimized"] = lambda c: run_named(optimized, c.query, c.params)
        del nquads
        print(f"{quads:,} quads; timing {len(cases)} queries {list(ways)}", file=sys.stderr, flush=True)
        time_cases(cases, ways, args.rounds, args.slow)
        pages: list[Case] = []
        cached: list[Case] = []
        if sampler is not None:
            server_rss["default server (queries)"] = sampler.stop()
        stop(default_server)    # the store's lock: one server at a time
        if not args.no_pages:
            # A server of its own that keeps one built page, its page deadline raised to the cap (a slow first
            # build is timed, not refused): see time_pages.
            pages_server, pages_base = serve(store_dir, {"POLICYKG_PAGE_CACHE": "1",
                                                         "POLICYKG_PAGE_TIMEOUT": f"{args.page_cap:g}"})
            processes.append(pages_server)
            pages_rss = RssPeak(pages_server.pid)
            print("pages, first build then cached:", file=sys.stderr, flush=True)
            pages, cached = time_pages(pages_base, doc, args.rounds, args.slow, args.page_cap)
            server_rss["pages server"] = pages_rss.stop()
            stop(pages_server)
        order = [w for w in WAYS if w in ways]
        text = report(cases, order, pages, quads, graphs, notes, cached, skipped, documents)
        if server_rss:
            text += "\n\nserver peak RSS (the server and its worker processes, polled every 0.25 s): " + ", ".join(
                f"{k}: {v:,.0f} MB" for k, v in server_rss.items())
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)
    return Outcome(cases, order, pages, cached, quads, graphs, notes, skipped, loads, server_rss, text)


def main(argv: list[str] | None = None) -> str:
    text = run(argv).text
    print(text)
    return text


if __name__ == "__main__":
    main()
