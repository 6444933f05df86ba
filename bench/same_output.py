"""Sorted N-Quads of fixed corpora, to check that a speed change leaves ingest's output byte-identical.

    python -m bench.same_output OUT_DIR [--workers N]

Ingests, each into a fresh store: the demo corpus (``corpus/demo``), the held-out fixtures
(``tests/fixtures/heldout``), the shared extra documents (``/work/shared/eval/extra/docs``, when present) and
10 generated documents (``bench.corpus``, seed 0); writes each store's N-Quads, lines sorted, to
``OUT_DIR/NAME.nq`` and the per-file reports to ``OUT_DIR/NAME.log``. Compare two such folders with
``diff -r``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]
EXTRA = Path("/work/shared/eval/extra/docs")


def sorted_nquads(paths: list[Path], workers: int) -> tuple[bytes, str]:
    from policykg.backends import open_store
    from policykg.ingest.pipeline import ingest_paths

    with tempfile.TemporaryDirectory(prefix="same-output-", ignore_cleanup_errors=True) as tmp:
        store = open_store(Path(tmp) / "store")
        reports = ingest_paths(store, paths, workers=workers)
        data = store.dump("nquads")
        store.close()
        del store   # RocksDB lets go of its files when the store object goes
    log = "\n".join(f"{Path(r.path).name}\t{r.graph}\t{r.triples}\t{r.error}\t{r.warnings}" for r in reports)
    return b"".join(sorted(data.splitlines(keepends=True))), log + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="same-output-corpus-") as tmp:
        generated = Path(tmp) / "generated"
        write_corpus(10, generated, 0)
        sets = {"demo": [ROOT / "corpus/demo"], "heldout": [ROOT / "tests/fixtures/heldout"],
                "generated": [generated]}
        if EXTRA.exists():
            sets["extra"] = [EXTRA]
        for name, paths in sets.items():
            data, log = sorted_nquads(paths, args.workers)
            (args.out / f"{name}.nq").write_bytes(data)
            (args.out / f"{name}.log").write_text(log, encoding="utf-8")
            print(f"{name}: {len(data.splitlines()):,} quads")


if __name__ == "__main__":
    main()
