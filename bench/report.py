"""The whole evidence of issue 14 in one command (`make bench`): every scale, every way, budgets marked.

    python -m bench.report [--scales 100 1000 5000] [--rounds 5] [--large-rounds 3] [--slow 20] [--large-slow 5]
                           [--page-cap 60] [--large-page-cap 30] [--work var/bench]
                           [--rdflib-max 1000] [--rdflib-cap 20] [--memory-max 5000] [--optimized-max 1000]
                           [--load-seconds 30] [--clients 64] [--reuse] [--doc FILE]

Per scale, in ascending order (progress on stderr, with times):

1. **ingest** (``bench.ingest``: a generated corpus, seed 0, the default ``policykg ingest`` command, ``-j``
   one per CPU): wall, docs/s, CPU, CPU ms/doc, peak RSS, quads, graphs, store MB; the store is kept under
   ``--work`` (``--reuse``: a store already there is used and not re-ingested; the table says so);
2. **named queries and heavy pages** (``bench.queries``): every named query on the embedded store on disk
   (a), over HTTP (b), rdflib's Dataset (c, up to ``--rdflib-max`` documents, each query once and stopped at
   ``--rdflib-cap`` s), the Oxigraph server (d), in-memory pyoxigraph (up to ``--memory-max``) and an
   optimized copy (up to ``--optimized-max``); the heavy pages as first builds (a server with the page cache
   off) and cached (the default server). A way not run at a scale is named with the reason, its load time
   and RSS extrapolated from the largest scale it ran at in this run (by quads) where there is one;
3. **64 clients** (``bench.load``'s wrk driver) on a point lookup against the default server: req/s, errors,
   p50/p99, the server's peak RSS (it and its worker processes);
4. **budgets**: issue 14's, computed from the measurements at every scale (the 1,000-document rows are the
   verdict, the others for information).

Each scale's tables replace the ``<!-- bench:scale-N -->`` block of ``--doc`` (docs/benchmarks.md), the budget
table the ``<!-- bench:summary -->`` block (put before the first section if missing); the prose around them
stays. The doc is rewritten after every part, so a stopped run keeps what it measured.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bench import ingest as bench_ingest
from bench import load as bench_load
from bench import queries as bench_queries

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
#: Parameters that bind one entity (a named query binding one of them is *selective*: p50 < 100 ms).
ENTITY_PARAMS = {"city": "city", "place": "city", "agency": "agency", "indicator": "indicator", "node": "node",
                 "document": "document", "cited": "document"}
#: The pages of the "heavy pages < 2 s" budget (the issue's list and the brief's); /health is reported only.
BUDGET_PAGES = [p for p in bench_queries.PAGES if p != "/health"]
VERDICT_SCALE = 1000
T0 = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} +{time.monotonic() - T0:,.0f} s] {message}",
          file=sys.stderr, flush=True)


def load_avg() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError, IndexError, ValueError):
        mem = f"{int(Path('/proc/meminfo').read_text().split()[1]) / 2**20:.0f} GiB"
    names = ("pyoxigraph", "oxigraph", "rdflib", "fastapi", "uvicorn")
    versions = ", ".join(f"{name} {_version(name)}" for name in names)
    wrk = "?"
    with contextlib.suppress(OSError):
        wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("[")[0].strip()
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.node() or 'host'}: {cpu}, "
            f"{os.cpu_count()} cores, {mem} memory; Python {platform.python_version()}; {versions}; {wrk}")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def replace_block(text: str, name: str, body: str, before: str | None = None) -> str:
    """``text`` with block ``name`` holding ``body``; a missing block goes before the first line starting with
    ``before`` (else at the end)."""
    block = f"<!-- bench:{name} -->\n{body.strip()}\n<!-- /bench:{name} -->"
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    if pattern.search(text):
        return pattern.sub(lambda _m: block, text)
    if before is not None:
        at = re.search(rf"^{re.escape(before)}", text, re.M)
        if at:
            return text[:at.start()] + block + "\n\n" + text[at.start():]
    return text.rstrip() + "\n\n" + block + "\n"


def blocks(text: str) -> dict[str, str]:
    """Every ``<!-- bench:NAME -->`` block's body."""
    return {m.group(1): m.group(2).strip()
            for m in re.finditer(r"<!-- bench:([\w-]+) -->\n(.*?)<!-- /bench:\1 -->", text, re.S)}


# --- measurements ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """64 clients on a point lookup (wrk), against the default server."""

    clients: int
    seconds: float
    answers: int
    ok: int
    refused: int          # 503 + Retry-After
    other_5xx: int
    dropped: int          # socket errors
    p50_ms: float
    p99_ms: float
    server_rss_mb: float
    table: str

    @property
    def ok_per_s(self) -> float:
        return self.ok / self.seconds

    @property
    def errors(self) -> int:
        return self.answers - self.ok + self.dropped


def run_load(store: Path, doc_iri: str, clients: int, seconds: float) -> Load:
    """``bench.load``'s wrk driver, every client on the point lookup of ``doc_iri``, against the default server
    (``bench.load``'s own way of starting it), its RSS and its workers' polled throughout."""
    with tempfile.TemporaryDirectory(prefix="bench-report-load-") as tmp:
        port = bench_load._free_port()
        with (Path(tmp) / "server.log").open("wb") as out:
            server = subprocess.Popen([sys.executable, "-c", bench_load.SERVE, str(port)], stdout=out, stderr=out,
                                      env={**os.environ, "POLICYKG_STORE": str(store)})
        sampler = bench_queries.RssPeak(server.pid)
        try:
            base = f"http://127.0.0.1:{port}"
            bench_load._wait(f"{base}/health", 300, server)
            table = bench_load.run_wrk(base, clients=clients, seconds=seconds, heavy="", folder=Path(tmp),
                                       doc=doc_iri)
        finally:
            peak = sampler.stop()
            bench_queries.stop(server)  # type: ignore[arg-type]
    row = next(line for line in table.splitlines() if line.startswith("| `/sparql`"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    n, _per_s, ok, refused, other5, dropped, p50, p99 = cells[1:9]
    return Load(clients, seconds, int(n), int(ok), int(refused), int(other5), int(dropped), float(p50),
                float(p99), peak, table)


def first_document_iri(store: Path) -> str:
    from policykg.namespaces import sparql_prefixes
    from policykg.store import OxigraphStore

    disk = OxigraphStore(store, read_only=True)
    rows = disk.query(f"{sparql_prefixes()} SELECT ?d WHERE {{ ?d pk:sourceFile ?f }} "
                      "ORDER BY ?d LIMIT 1").rows
    iri = str(rows[0]["d"]) if rows else bench_load.DOC
    disk.close()
    return iri


@dataclass
class Scale:
    docs: int
    ingest: bench_ingest.Run | None = None
    reused: bool = False
    outcome: bench_queries.Outcome | None = None
    load: Load | None = None
    loads_at: list[tuple[str, str, str]] | None = None   # (part, load average before, after)
    seconds: dict[str, float] | None = None


# --- budgets ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    budget: str
    docs: int
    status: str       # met | missed | not measured | reported
    ratio: str        # measured / budget
    measured: str


def p50(case: bench_queries.Case, way: str) -> float | None:
    values = case.samples.get(way)
    return statistics.median(values) if values and way not in case.errors else None


def selective(case: bench_queries.Case) -> list[str]:
    """The entity kinds the case binds (derived from the named query's parameters as bound in the run)."""
    return sorted({ENTITY_PARAMS[name] for name in case.params if name in ENTITY_PARAMS})


def _ratio(value: float, limit: float) -> str:
    return f"{value / limit:.2f}×"


def _worst(items: list[tuple[str, float | None, bool]], limit: float, what: str, docs: int, unit: str = "ms",
           scale: float = 1.0) -> Verdict:
    """One verdict over many measured items (name, value, lower bound?): met when every one is under ``limit``."""
    missing = [n for n, v, _ in items if v is None]
    have = [(n, v, b) for n, v, b in items if v is not None]
    if not have:
        return Verdict(what, docs, "not measured", "-", "no measurement" + (f" ({', '.join(missing)})"
                                                                             if missing else ""))
    over = sorted([(n, v, b) for n, v, b in have if v >= limit], key=lambda t: -t[1])
    name, value, bound = max(have, key=lambda t: t[1])
    shown = f"{'> ' if bound else ''}{value / scale:,.{0 if unit == 'ms' else 2}f} {unit}"
    measured = f"worst `{name}` {shown}; {len(have) - len(over)} of {len(have)} within"
    if over:
        measured += "; over: " + ", ".join(f"`{n}` {'> ' if b else ''}{v / scale:,.{0 if unit == 'ms' else 2}f}"
                                          for n, v, b in over)
    if missing:
        measured += "; not measured: " + ", ".join(f"`{n}`" for n in missing)
    status = "missed" if over else ("met" if not missing else "met (of those measured)")
    return Verdict(what, docs, status, ("> " if bound else "") + _ratio(value, limit), measured)


def budgets(scale: Scale) -> list[Verdict]:
    docs, out = scale.docs, []
    if scale.ingest is not None:
        r = scale.ingest
        out.append(Verdict("ingest < 60 s on 2 cores", docs, "met" if r.wall_s < 60 else "missed",
                           _ratio(r.wall_s, 60),
                           f"{r.wall_s:,.1f} s wall, {r.cpu_s:,.1f} s CPU, {r.docs_per_s:.1f} docs/s"
                           + (" (store reused: not re-ingested in this run)" if scale.reused else "")))
        out.append(Verdict("peak RSS of ingest reported", docs, "reported", "-",
                           f"{r.peak_rss_mb:,.0f} MB (largest process)"))
    o = scale.outcome
    if o is None:
        return out
    sel = [c for c in o.cases if selective(c) and not c.label]
    agg = [c for c in o.cases if not selective(c) and not c.label]
    out.append(_worst([(c.name, p50(c, "http"), False) for c in sel], 100,
                      "selective named queries p50 < 100 ms via HTTP", docs))
    out.append(_worst([(c.name, p50(c, "http"), False) for c in agg], 2000,
                      "whole-corpus named queries p50 < 2 s via HTTP", docs, "s", 1000))
    pages = [p for p in o.pages if p.name in BUDGET_PAGES]
    out.append(_worst([(p.name, p50(p, "http"), "http" in p.capped) for p in pages], 2000,
                      "heavy pages p50 < 2 s (first build, HTTP)", docs, "s", 1000))
    out.append(_worst([(p.name, float(p.size) if p.size else None, False) for p in pages], 2 * 2**20,
                      "heavy pages < 2 MB of HTML", docs, "MB", 2**20))
    over: list[tuple[str, float | None, bool]] = []
    for c in o.cases:
        h, m = p50(c, "http"), p50(c, "memory")
        if c.label or h is None or m is None:
            over.append((c.name, None, False))
            continue
        # the overhead as a share of its allowance max(20 %, 5 ms): <= 1 is within budget
        over.append((c.name, (h - m) / max(0.2 * m, 5.0), False))
    v = _worst(over, 1.0 + 1e-9, "HTTP adds ≤ max(20 %, 5 ms) over in-process memory", docs, "× allowance")
    out.append(Verdict(v.budget, docs, v.status, v.ratio, v.measured.replace("× allowance", "× the allowance")))
    ratios: list[tuple[str, float, bool]] = []
    for c in o.cases:
        a, r = p50(c, "disk"), p50(c, "rdflib")
        if not c.label and a and r is not None:
            ratios.append((c.name, r / a, "rdflib" in c.capped))
    if ratios:
        median = statistics.median(x for _, x, _ in ratios)
        # a capped rdflib time is a lower bound: were those ratios unbounded, would the median reach 10×?
        upper = statistics.median(math.inf if b else x for _, x, b in ratios)
        below = [f"`{n}` {x:.1f}×" for n, x, b in ratios if x < 10 and not b]
        capped = sum(1 for _, _, b in ratios if b)
        status = "met" if median >= 10 else ("missed" if upper < 10 else "undecided (capped rdflib times)")
        out.append(Verdict("(a) disk ≥ 10× faster than (c) rdflib at the median", docs, status,
                           f"{'≤ ' if capped else ''}{10 / median:.2f}×",
                           f"median of the per-query ratios {median:.1f}× over {len(ratios)} queries "
                           f"({capped} rdflib capped: lower bounds)" + ("; under 10×: " + ", ".join(below)
                                                                       if below else "")))
    else:
        why = o.skipped.get("rdflib", "rdflib not run")
        out.append(Verdict("(a) disk ≥ 10× faster than (c) rdflib at the median", docs, "not measured", "-", why))
    if scale.load is not None:
        ld = scale.load
        ok = ld.ok_per_s >= 500 and ld.errors == 0
        out.append(Verdict(f"{ld.clients} clients ≥ 500 req/s, 0 errors (point lookup)", docs,
                           "met" if ok else "missed", _ratio(500, ld.ok_per_s) if ld.ok_per_s else "∞",
                           f"{ld.ok_per_s:,.0f} answered 2xx/s ({ld.answers / ld.seconds:,.0f} answers/s), errors "
                           f"{ld.errors:,} ({ld.refused:,} × 503 + Retry-After, {ld.other_5xx} other 5xx, "
                           f"{ld.dropped} dropped); p50 {ld.p50_ms:,.1f} ms, p99 {ld.p99_ms:,.1f} ms"))
        out.append(Verdict("peak RSS of the server reported", docs, "reported", "-",
                           f"{ld.server_rss_mb:,.0f} MB under the load (server + workers); "
                           + ", ".join(f"{k}: {v:,.0f} MB" for k, v in o.server_rss_mb.items())))
    return out


def budget_table(verdicts: list[Verdict]) -> str:
    lines = ["| documents | budget | status | ratio to budget (> 1: missed by) | measured |",
             "| ---: | --- | --- | ---: | --- |"]
    for v in verdicts:
        status = v.status if v.status in ("reported", "met") else f"**{v.status}**"
        if v.docs != VERDICT_SCALE:
            status += " (info)"
        lines.append(f"| {v.docs:,} | {v.budget} | {status} | {v.ratio} | {v.measured} |")
    return "\n".join(lines)


# --- the run ---------------------------------------------------------------------------------------------


def extrapolate(way: str, docs: int, quads: int, measured: dict[str, tuple[int, dict[str, float]]]) -> str:
    """Why ``way`` is not run at ``docs``, with its load time and RSS scaled from the largest measured run."""
    if way not in measured:
        return ""
    at_quads, m = measured[way]
    factor = quads / at_quads if at_quads else math.nan
    return (f"; measured in this run at {at_quads:,} quads: load {m['load_s']:,.0f} s, +{m['rss_mb']:,.0f} MB "
            f"RSS, so about {m['load_s'] * factor:,.0f} s and {m['rss_mb'] * factor / 1024:,.1f} GB here "
            f"({quads:,} quads, ×{factor:.1f}, linear)")


def store_quads(store: Path) -> int:
    import pyoxigraph as ox

    engine = ox.Store.read_only(str(store))
    n = len(engine)
    del engine
    return n


def scale_body(s: Scale, command: str) -> str:
    out = [f"**{s.docs:,} documents.** {machine()}", "", f"`{command}`", ""]
    if s.loads_at:
        out += ["load average (1/5/15 min) before → after each part: "
                + "; ".join(f"{part} {a} → {b}" for part, a, b in s.loads_at), ""]
    if s.seconds:
        out += ["part durations: " + ", ".join(f"{k} {v:,.0f} s" for k, v in s.seconds.items()), ""]
    if s.ingest is not None:
        out += ["Ingest (`policykg ingest CORPUS --store STORE`, default `-j` = one worker per CPU, a child process; "
                "CPU and peak RSS from its own resource usage" + (", **store reused from an earlier run, this row "
                                                                   "is that store's**" if s.reused else "") + "):",
                "", bench_ingest.table([s.ingest]), ""]
    if s.outcome is not None:
        out += ["Named queries (a: disk, b: http, c: rdflib, d: oxigraph, memory, optimized) and pages:", "",
                s.outcome.text, ""]
        sel = sorted(f"`{c.name}` ({', '.join(selective(c))})" for c in s.outcome.cases if selective(c)
                     and not c.label)
        out += ["Selective (they bind " + ", ".join(sorted(set(ENTITY_PARAMS))) + "; budget 100 ms): "
                + ", ".join(sel) + ". The others are whole-corpus aggregates (budget 2 s).", ""]
    if s.load is not None:
        out += [f"{s.load.clients} clients, wrk, {s.load.seconds:g} s, every client on the `/sparql` point lookup "
                "(one document's title) against the default server; server peak RSS "
                f"{s.load.server_rss_mb:,.0f} MB (it and its worker processes, polled every 0.25 s):", "",
                s.load.table, ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> list[Scale]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--large-rounds", type=int, default=3, help="rounds at scales of more than 1,000 documents")
    parser.add_argument("--slow", type=float, default=20.0, help="a case whose warm-up takes longer is timed once")
    parser.add_argument("--large-slow", type=float, default=5.0, help="--slow above 1,000 documents")
    parser.add_argument("--rdflib-max", type=int, default=1000, help="largest scale rdflib's Dataset is loaded at")
    parser.add_argument("--rdflib-cap", type=float, default=20.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--memory-max", type=int, default=5000, help="largest scale of the in-memory pyoxigraph way")
    parser.add_argument("--optimized-max", type=int, default=1000, help="largest scale of the optimized copy")
    parser.add_argument("--page-cap", type=float, default=60.0,
                        help="seconds a page's first build may take (past it: a lower bound)")
    parser.add_argument("--large-page-cap", type=float, default=30.0, help="--page-cap above 1,000 documents")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--no-queries", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="use a store already under --work (not re-ingested)")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)
    command = ("python -m bench.report " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    args.work.mkdir(parents=True, exist_ok=True)
    log(f"{command}; load average {load_avg()}")
    scales: list[Scale] = []
    measured: dict[str, tuple[int, dict[str, float]]] = {}
    for docs in sorted(args.scales):
        s = Scale(docs, loads_at=[], seconds={})
        assert s.loads_at is not None and s.seconds is not None
        scales.append(s)
        store = args.work / f"store-{docs}"
        before, start = load_avg(), time.monotonic()
        if args.reuse and store.exists():
            log(f"{docs} documents: reusing {store}")
            s.reused = True
        else:
            log(f"{docs} documents: ingest")
            with contextlib.redirect_stdout(sys.stderr):
                s.ingest = bench_ingest.main(["--scales", str(docs), "--keep", str(args.work)])[-1]
            log(f"{docs} documents: ingested in {s.ingest.wall_s:,.1f} s, {s.ingest.quads:,} quads")
            s.loads_at.append(("ingest", before, load_avg()))
            s.seconds["ingest"] = time.monotonic() - start
        if not args.no_queries:
            quads = store_quads(store)
            large = docs > 1000     # fewer rounds, and a slow case timed once sooner: the run must fit an hour
            rounds = args.large_rounds if large else args.rounds
            slow = args.large_slow if large else args.slow
            cap = args.large_page_cap if large else args.page_cap
            qargs = ["--store", str(store), "--rounds", str(rounds), "--slow", str(slow), "--rdflib-cap",
                     str(args.rdflib_cap), "--page-cap", str(cap)]
            for way, limit in (("rdflib", args.rdflib_max), ("memory", args.memory_max),
                               ("optimized", args.optimized_max)):
                if docs > limit:
                    why = (f"above --{way}-max {limit:,} documents (time and memory of a ~60-minute run on this "
                           f"machine){extrapolate(way, docs, quads, measured)}")
                    qargs += ["--skip", way, why]
                    log(f"{docs} documents: {way} not run: {why}")
            before, start = load_avg(), time.monotonic()
            log(f"{docs} documents: named queries and pages, {rounds} rounds (a case slower than {slow:g} s: "
                f"one; page cap {cap:g} s)")
            s.outcome = bench_queries.run(qargs)
            for way, m in s.outcome.loads.items():
                measured[way] = (s.outcome.quads, m)
            s.loads_at.append(("queries and pages", before, load_avg()))
            s.seconds["queries and pages"] = time.monotonic() - start
        if not args.no_load:
            before, start = load_avg(), time.monotonic()
            log(f"{docs} documents: {args.clients} clients for {args.load_seconds:g} s")
            s.load = run_load(store, first_document_iri(store), args.clients, args.load_seconds)
            log(f"{docs} documents: {s.load.ok_per_s:,.0f} req/s 2xx, {s.load.errors:,} errors")
            s.loads_at.append(("load", before, load_avg()))
            s.seconds["load"] = time.monotonic() - start
        write(args.doc, scales, command)
    log(f"wrote {args.doc}")
    return scales


def write(doc: Path, scales: list[Scale], command: str) -> None:
    text = doc.read_text(encoding="utf-8")
    verdicts = [v for s in sorted(scales, key=lambda s: (s.docs != VERDICT_SCALE, s.docs)) for v in budgets(s)]
    total = sum(sum((s.seconds or {}).values()) for s in scales)
    summary = (f"Issue 14's budgets, computed by `bench.report` from the measurements below (the rows at "
               f"{VERDICT_SCALE:,} documents are the verdict; other scales for information). {machine()}; "
               f"load average at the end {load_avg()}; the run took {total / 60:,.0f} min.\n\n`{command}` "
               f"(`make bench`)\n\n{budget_table(verdicts)}")
    text = replace_block(text, "summary", summary, before="## ")
    for s in scales:
        text = replace_block(text, f"scale-{s.docs}", scale_body(s, command))
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
