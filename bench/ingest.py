"""Ingest throughput on generated documents (`python -m bench.ingest`).

    python -m bench.ingest [--scales 10 100 1000] [--seed 0] [--keep DIR]

For each scale, generates that many documents with ``bench.corpus`` (seeded), then runs the real command
line, ``policykg ingest CORPUS --store STORE``, as a child process into a fresh store on disk, and records
from the child's own resource usage (``os.wait4``): wall time, documents per second, CPU seconds
(user + system) and CPU per document, peak RSS; then the store's quads, named graphs and size on disk.
``--keep DIR`` leaves each store at ``DIR/store-N`` and each corpus at ``DIR/corpus-N`` (the query
harness, ``bench.queries``, reuses them). Prints a Markdown table.
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


def ingest(corpus: Path, store: Path, link: Path | None = None) -> tuple[float, float, float, int]:
    """Wall s, CPU s, peak RSS MB of ``policykg ingest`` over ``corpus``, and how many files failed."""
    command = [str(BIN / "policykg")] if link is None else [sys.executable, "-c", BOOT, str(link)]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([*command, "ingest", str(corpus), "--store", str(store)],
                                   stdout=out, stderr=subprocess.STDOUT)
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


def measure(docs: int, seed: int, workdir: Path, link: Path | None = None, label: str = "current") -> Run:
    corpus, store = workdir / f"corpus-{docs}", workdir / (f"store-{docs}" if link is None else f"store-{docs}-{label}")
    shutil.rmtree(store, ignore_errors=True)
    if not corpus.exists() or len(list(corpus.glob("*.txt"))) != docs:
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(docs, corpus, seed)
    wall, cpu, rss, failed = ingest(corpus, store, link)
    import pyoxigraph as ox

    engine = ox.Store.read_only(str(store))
    quads = len(engine)
    graphs = sum(1 for _ in engine.named_graphs())
    del engine
    return Run(label, docs, du(corpus) / 1e6, wall, cpu, rss, failed, quads, graphs, du(store) / 1e6)


def table(runs: list[Run]) -> str:
    lines = ["| code | documents | corpus MB | wall s | docs/s | CPU s | CPU ms/doc | peak RSS MB | failed | quads "
             "| graphs | store MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in runs:
        lines.append(f"| {r.label} | {r.docs:,} | {r.corpus_mb:.1f} | {r.wall_s:.1f} | {r.docs_per_s:.1f} | "
                     f"{r.cpu_s:.1f} | {1000 * r.cpu_s / r.docs:.0f} | {r.peak_rss_mb:.0f} | {r.failed} | "
                     f"{r.quads:,} | {r.graphs:,} | {r.store_mb:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[Run]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="leave the corpora and stores here")
    parser.add_argument("--baseline-link", metavar="REV",
                        help="also ingest each scale with ingest/link.py as of git revision REV, first (side by side)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        runs = []
        baseline: Path | None = None
        if args.baseline_link:
            baseline = workdir / f"link-{args.baseline_link}.py"
            baseline.write_bytes(subprocess.run(["git", "show", f"{args.baseline_link}:ingest/link.py"], cwd=ROOT,
                                                check=True, capture_output=True).stdout)
        for docs in args.scales:
            if baseline is not None:
                runs.append(measure(docs, args.seed, workdir, baseline, f"link.py@{args.baseline_link}"))
            runs.append(measure(docs, args.seed, workdir))
            print(f"{docs} documents: {runs[-1].wall_s:.1f} s", file=sys.stderr, flush=True)
    print(f"generated corpus, seed {args.seed}; `policykg ingest` as a child process, one core\n")
    print(table(runs))
    return runs


if __name__ == "__main__":
    main()
