"""Ingest throughput on generated documents (`python -m bench.ingest`).

    python -m bench.ingest [--scales 10 100 1000] [--seed 0] [--keep DIR] [--workers 1 2] [--bulk | --no-bulk]
                           [--baseline REV]

For each scale, generates that many documents with ``bench.corpus`` (seeded), then runs the real command
line, ``policykg ingest CORPUS --store STORE -j N``, as a child process into a fresh store on disk, and records
from the child's own resource usage (``os.wait4``): wall time, documents per second, CPU seconds (user + system,
the worker processes it waited for included) and CPU per document, peak RSS (of its largest process: the
writer or one worker); then the store's quads, named graphs and size on disk. ``--workers`` runs each scale once
per worker count (default: the command's own default, one per CPU); ``--bulk`` passes ``--bulk`` (new documents
through the bulk loader), ``--no-bulk`` passes ``--no-bulk`` (a transaction per document even into the fresh store,
which the command's default bulk-loads). ``--baseline REV`` first runs the same command from git revision REV (its
tree exported to the work folder and put first on the import path), side by side. ``--keep DIR`` leaves each store at
``DIR/store-N`` (the current code's first run) and each corpus at ``DIR/corpus-N`` (the query harness,
``bench.queries``, reuses them). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import write_corpus

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    label: str
    workers: int | None
    docs: int
    corpus_mb: float
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    failed: int
    quads: int
    graphs: int
    store_mb: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.wall_s if self.wall_s else 0.0


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


#: Runs the command line with ``policykg.ingest.link`` taken from another file (an earlier revision's).
BOOT = """import importlib.util, sys
spec = importlib.util.spec_from_file_location("policykg.ingest.link", sys.argv.pop(1))
module = importlib.util.module_from_spec(spec); sys.modules["policykg.ingest.link"] = module
spec.loader.exec_module(module)
from policykg.cli import app
app()
"""


#: The command's options for ``bulk``: True, False, or None (the command's default).
BULK_OPTIONS: dict[bool | None, list[str]] = {True: ["--bulk"], False: ["--no-bulk"], None: []}


def ingest(corpus: Path, store: Path, link: Path | None = None, workers: int | None = None, bulk: bool | None = None,
           tree: Path | None = None) -> tuple[float, float, float, int]:
    """Wall s, CPU s, peak RSS MB of ``policykg ingest`` over ``corpus``, and how many files failed; ``tree``: a
    folder whose ``policykg`` package is imported instead of the installed one (an earlier revision's)."""
    if tree is not None:
        command = [sys.executable, "-c", "from policykg.cli import app; app()"]
    else:
        command = [str(BIN / "policykg")] if link is None else [sys.executable, "-c", BOOT, str(link)]
    options = [*(["--workers", str(workers)] if workers else []), *BULK_OPTIONS[bulk]]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")])) if tree else None
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([*command, "ingest", str(corpus), "--store", str(store), *options],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        log = out.read().decode("utf-8", "replace")
    if process.returncode not in (0, 2):
        raise SystemExit(f"policykg ingest failed ({process.returncode}):\n{log[-3000:]}")
    failed = log.count("error") if process.returncode == 2 else 0
    # ru_maxrss is in kilobytes on Linux
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, failed


def export_tree(rev: str, workdir: Path) -> Path:
    """Revision ``rev`` of this repository exported under ``workdir``, laid out as the installed package (the
    top-level folders linked in as ``policykg``'s subpackages, as ``scripts/typecheck.sh`` does): put it first
    on ``PYTHONPATH`` to run that revision's code."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.strip()
    where = workdir / f"rev-{sha}"
    tree = where / "tree"
    if not tree.exists():
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
        (tree / "policykg").mkdir(parents=True)
        for entry in (where / "src" / "policykg").iterdir():
            (tree / "policykg" / entry.name).symlink_to(entry)
        for sub in ("ontology", "ingest", "api", "viz", "analysis"):
            (tree / "policykg" / sub).symlink_to(where / sub)
    return tree


def measure(docs: int, seed: int, workdir: Path, link: Path | None = None, label: str = "current",
            workers: int | None = None, bulk: bool | None = None, tree: Path | None = None,
            keep_as: str | None = None) -> Run:
    corpus = workdir / f"corpus-{docs}"
    store = workdir / (keep_as or f"store-{docs}-{label}-j{workers or 'default'}{''.join(BULK_OPTIONS[bulk])[1:]}")
    shutil.rmtree(store, ignore_errors=True)
    if not corpus.exists() or len(list(corpus.glob("*.txt"))) != docs:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(docs, corpus, seed)
    wall, cpu, rss, failed = ingest(corpus, store, link, workers, bulk, tree)
    import pyoxigraph as ox

    engine = ox.Store.read_only(str(store))
    quads = len(engine)
    graphs = sum(1 for _ in engine.named_graphs())
    del engine
    run = Run(label, workers, docs, du(corpus) / 1e6, wall, cpu, rss, failed, quads, graphs, du(store) / 1e6)
    if keep_as is None:
        shutil.rmtree(store, ignore_errors=True)
    return run


def table(runs: list[Run]) -> str:
    lines = ["| code | -j | documents | corpus MB | wall s | docs/s | CPU s | CPU ms/doc | peak RSS MB | failed "
             "| quads | graphs | store MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in runs:
        lines.append(f"| {r.label} | {r.workers or 'default'} | {r.docs:,} | {r.corpus_mb:.1f} | {r.wall_s:.1f} | "
                     f"{r.docs_per_s:.1f} | {r.cpu_s:.1f} | {1000 * r.cpu_s / r.docs:.0f} | {r.peak_rss_mb:.0f} | "
                     f"{r.failed} | {r.quads:,} | {r.graphs:,} | {r.store_mb:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[Run]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="leave the corpora and stores here")
    parser.add_argument("--workers", "-j", type=int, nargs="+", default=[0],
                        help="worker counts to run each scale with (0: the command's default, one per CPU)")
    parser.add_argument("--bulk", action="store_true", default=None,
                        help="ingest with --bulk (new documents bulk-loaded)")
    parser.add_argument("--no-bulk", dest="bulk", action="store_false",
                        help="ingest with --no-bulk (a transaction per document, even into the fresh store)")
    parser.add_argument("--baseline", metavar="REV", help="also run git revision REV's code, first (side by side)")
    parser.add_argument("--baseline-link", metavar="REV",
                        help="also ingest each scale with ingest/link.py as of git revision REV, first (side by side)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        workdir = (args.keep or Path(tmp)).resolve()   # absolute: the exported tree links into it
        workdir.mkdir(parents=True, exist_ok=True)
        runs = []
        baseline: Path | None = None
        if args.baseline_link:
            baseline = workdir / f"link-{args.baseline_link}.py"
            baseline.write_bytes(subprocess.run(["git", "show", f"{args.baseline_link}:ingest/link.py"], cwd=ROOT,
                                                check=True, capture_output=True).stdout)
        tree = export_tree(args.baseline, workdir) if args.baseline else None
        for docs in args.scales:
            kept = False
            for workers in args.workers:
                if baseline is not None:
                    runs.append(measure(docs, args.seed, workdir, baseline, f"link.py@{args.baseline_link}",
                                        workers or None))
                if tree is not None:   # the earlier revision has no --bulk
                    runs.append(measure(docs, args.seed, workdir, None, args.baseline, workers or None, tree=tree))
                    print(f"{docs} documents, {args.baseline}, -j {workers or 'default'}: {runs[-1].wall_s:.1f} s",
                          file=sys.stderr, flush=True)
                runs.append(measure(docs, args.seed, workdir, None, "current", workers or None, args.bulk,
                                    keep_as=None if kept else f"store-{docs}"))
                kept = True
                print(f"{docs} documents, current, -j {workers or 'default'}: {runs[-1].wall_s:.1f} s",
                      file=sys.stderr, flush=True)
    print(f"generated corpus, seed {args.seed}; `policykg ingest` as a child process\n")
    print(table(runs))
    return runs


if __name__ == "__main__":
    main()
