"""Run the scale benchmarks and write their tables into docs/benchmarks.md (`make bench`).

    python -m bench.report [--scales 10 100 1000] [--query-scales 100 1000] [--rounds 5] [--work var/bench]
                           [--rdflib-max 100]

1. ``bench.ingest`` at every scale (generated corpus, seed 0; stores kept under ``--work``);
2. ``bench.queries`` on the stores of ``--query-scales``: every named query four ways (embedded on disk,
   HTTP, the Oxigraph server, in memory), and rdflib's Dataset up to ``--rdflib-max`` documents (rdflib needs
   minutes a query beyond that: see docs/benchmarks.md); the heavy pages over HTTP.

The tables replace what stands between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` in
docs/benchmarks.md, so the prose around them stays; a missing block is appended. Each block says the
machine, the versions and the command.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import re
import sys
import time
from importlib import metadata
from pathlib import Path

from bench import ingest as bench_ingest
from bench import queries as bench_queries

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"


def machine() -> str:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = ", ".join(f"{name} {_version(name)}" for name in ("pyoxigraph", "oxigraph", "rdflib", "fastapi"))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.node() or 'host'}: {cpu}, "
            f"{os.cpu_count()} cores, load average {load}; Python {platform.python_version()}; {versions}")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def replace_block(text: str, name: str, body: str) -> str:
    block = f"<!-- bench:{name} -->\n{body.strip()}\n<!-- /bench:{name} -->"
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    if pattern.search(text):
        return pattern.sub(lambda _m: block, text)
    return text.rstrip() + "\n\n" + block + "\n"


def captured(fn: object, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn(argv)  # type: ignore[operator]
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--query-scales", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rdflib-max", type=int, default=100)
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)
    command = "python -m bench.report " + " ".join(argv if argv is not None else sys.argv[1:])
    text = args.doc.read_text(encoding="utf-8")
    ingest_out = captured(bench_ingest.main, ["--scales", *map(str, args.scales), "--keep", str(args.work)])
    text = replace_block(text, "ingest", f"{machine()}\n\n`{command.strip()}`\n\n{ingest_out}")
    args.doc.write_text(text, encoding="utf-8")
    for docs in args.query_scales:
        store = args.work / f"store-{docs}"
        if not store.exists():
            bench_ingest.main(["--scales", str(docs), "--keep", str(args.work)])
        ways = ["disk", "http", "oxigraph", "memory", "optimized"] + (["rdflib"] if docs <= args.rdflib_max else [])
        out = captured(bench_queries.main, ["--store", str(store), "--rounds", str(args.rounds), "--ways", *ways])
        text = replace_block(text, f"queries-{docs}", f"{machine()}\n\n`{command.strip()}`\n\n{out}")
        args.doc.write_text(text, encoding="utf-8")
    print(f"wrote {args.doc}", file=sys.stderr)


if __name__ == "__main__":
    main()
