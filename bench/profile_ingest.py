"""Where ingest spends its time: a pyinstrument profile of ingesting generated documents.

    python -m bench.profile_ingest [--docs 100] [--seed 0] [--top 15]

Generates ``--docs`` documents (``bench.corpus``), ingests them into a fresh store on disk under the
sampling profiler, and prints two tables: functions by inclusive time (each sample counted once per
function, however deep it recurses), and by own time, each with its share of the whole run. The first
table is what "hot spot" means in docs/benchmarks.md; the drivers (ingest_paths, ingest_file, extract,
...) are left out of it since they contain everything.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.corpus import write_corpus

DRIVERS = {"profile", "ingest_paths", "ingest_file", "extract_file", "extract", "<module>", "main", "profiled", "run",
           "_run_module_as_main", "_run_code", "invoke", "__call__", "document_graph"}


def profile(docs: int, seed: int) -> tuple[float, Counter[str], Counter[str], Counter[str]]:
    from pyinstrument import Profiler

    from policykg.backends import open_store
    from policykg.ingest.pipeline import ingest_paths

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(docs, corpus, seed)
        store = open_store(Path(tmp) / "store")
        profiler = Profiler(interval=0.005)
        start = time.perf_counter()
        profiler.start()
        reports = ingest_paths(store, [corpus])
        profiler.stop()
        wall = time.perf_counter() - start
        failed = [r for r in reports if not r.ok]
        if failed:
            raise SystemExit(f"{len(failed)} documents failed: {failed[0].error}")
    session = profiler.last_session
    assert session is not None
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    compiles: Counter[str] = Counter()

    def walk(frame: object, ancestors: tuple[str, ...]) -> None:
        name = str(frame.function)  # type: ignore[attr-defined]
        if name.startswith("[self]"):   # pyinstrument's synthetic frame: its parent's own time
            if ancestors:
                own[ancestors[-1]] += frame.time  # type: ignore[attr-defined]
            return
        key = _key(frame)
        if key not in ancestors:
            inclusive[key] += frame.time  # type: ignore[attr-defined]
        if name == "_compile" and "re/" in key and not any(a.startswith("_compile ") for a in ancestors):
            caller = next((a for a in reversed(ancestors) if "(ingest/" in a), "elsewhere")
            compiles[caller] += frame.time  # type: ignore[attr-defined]
        own[key] += frame.time - sum(c.time for c in frame.children)  # type: ignore[attr-defined]
        for child in frame.children:  # type: ignore[attr-defined]
            walk(child, (*ancestors, key))

    root = session.root_frame()
    assert root is not None
    walk(root, ())
    return wall, inclusive, own, compiles


def _key(frame: object) -> str:
    path = (getattr(frame, "file_path_short", None) or "?").replace("\\", "/")
    return f"{frame.function} ({path}:{frame.line_no})"  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    wall, inclusive, own, compiles = profile(args.docs, args.seed)
    print(f"{args.docs} generated documents ingested in {wall:.1f} s under pyinstrument\n")
    print("| function (inclusive) | s | share |\n| --- | ---: | ---: |")
    shown = 0
    for key, t in inclusive.most_common():
        if key.split(" ")[0] in DRIVERS or "site-packages/typer" in key or "site-packages/click" in key:
            continue
        print(f"| `{key}` | {t:.1f} | {t / wall:.0%} |")
        shown += 1
        if shown >= args.top:
            break
    print("\n| function (own time) | s | share |\n| --- | ---: | ---: |")
    for key, t in own.most_common(args.top):
        print(f"| `{key}` | {t:.1f} | {t / wall:.0%} |")
    print("\n| regular expressions compiled during ingest, by the ingest function asking | s | share |")
    print("| --- | ---: | ---: |")
    for key, t in compiles.most_common(args.top):
        print(f"| `{key}` | {t:.1f} | {t / wall:.0%} |")


if __name__ == "__main__":
    main()
