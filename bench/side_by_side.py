"""Earlier code beside the current on one store, in process: CPU and wall time, and whether the answers agree.

    python -m bench.side_by_side texts STORE DIR [--rounds 3]
        each named query whose earlier text is DIR/NAME.rq, interleaved with the package's text, through
        ``OxigraphStore.query`` (rdflib terms included); rows compared as sorted sets
    python -m bench.side_by_side pages ROOT STORE PAGE...
        the heavy pages' builders (``api.compare.build_*``, ``api.viz.build_*``, HTML) imported from the code
        tree ROOT (this worktree, or ``git archive REV analysis api viz | tar -x -C ROOT``): CPU s, wall s, KB

Each prints Markdown table rows. Run ``pages`` once per ROOT (a process imports one code tree).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PAGES = ("/viz/ownership?aggregate=true", "/viz/cities", "/compare/indicators", "/compare/diffusion",
         "/compare/central")
#: Measured when named (not in ``all``): the pairwise and per-agency comparisons.
MORE_PAGES = ("/compare/cities", "/compare/agencies")


def texts(store_dir: str, folder: str, rounds: int) -> None:
    from bench.queries import PICK_ALWAYS, picks
    from policykg import queries
    from policykg.store import OxigraphStore

    store = OxigraphStore(store_dir, read_only=True)
    picked = picks(store)
    for path in sorted(Path(folder).glob("*.rq")):
        new, old = queries.get(path.stem), queries.parse(path.stem, path.read_text(encoding="utf-8"))
        params = {p.name: picked[p.name] for p in new.params
                  if p.name in picked and (p.required or p.name in PICK_ALWAYS)}
        bound = queries.bindings(new, params)
        times: dict[str, tuple[list[float], list[float]]] = {"before": ([], []), "now": ([], [])}
        rows: dict[str, list[Any]] = {}
        for _ in range(rounds):
            for way, query in (("before", old), ("now", new)):
                cpu, wall = time.process_time(), time.perf_counter()
                result = store.query(query.text, bindings=bound)
                times[way][0].append((time.process_time() - cpu) * 1000)
                times[way][1].append((time.perf_counter() - wall) * 1000)
                rows[way] = sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.rows)
        cpu_b, wall_b = (statistics.median(t) for t in times["before"])
        cpu_n, wall_n = (statistics.median(t) for t in times["now"])
        same = "same" if rows["before"] == rows["now"] else "DIFFERENT"
        print(f"| `{path.stem}` | {len(rows['before']):,} / {len(rows['now']):,} {same} | {cpu_b:,.0f} / {wall_b:,.0f} "
              f"| {cpu_n:,.0f} / {wall_n:,.0f} | {cpu_b / cpu_n:.1f}× |", flush=True)


def pages(root: str, store_dir: str, names: list[str]) -> None:
    sys.path.insert(0, root)
    import policykg.analysis
    import policykg.viz

    # The editable install maps these folders into the package: point them at ROOT's before anything imports them.
    policykg.analysis.__path__ = [f"{root}/analysis"]
    policykg.viz.__path__ = [f"{root}/viz"]
    from api import compare, viz
    from policykg.store import OxigraphStore

    store = OxigraphStore(store_dir, read_only=True)
    builders: dict[str, Callable[[], Any]] = {
        PAGES[0]: lambda: viz.build_ownership(store, city=[], agency_type=[], domain=[], year=[], document=[],
                                              tasks=True, aggregate=True, format="html"),
        PAGES[1]: lambda: viz.build_cities(store, format="html"),
        PAGES[2]: lambda: compare.build_indicators(store, html=True, min_places=1, min_confidence=0.0),
        PAGES[3]: lambda: compare.build_diffusion(store, html=True, kind=None),
        PAGES[4]: lambda: compare.build_central(store, html=True, top=15),
        MORE_PAGES[0]: lambda: compare.build_cities(store, html=True, top=10),
        MORE_PAGES[1]: lambda: compare.build_agencies(store, html=True, lineage=True),
    }
    for name in names:
        cpu, wall = time.process_time(), time.perf_counter()
        body = builders[name]().body
        print(f"| `{name}` | {root} | {time.process_time() - cpu:.1f} | {time.perf_counter() - wall:.1f} "
              f"| {len(body) / 1024:,.0f} KB |", flush=True)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) >= 3 and args[0] == "texts":
        rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 3
        texts(args[1], args[2], rounds)
    elif len(args) >= 4 and args[0] == "pages":
        pages(args[1], args[2], args[3:] if args[3:] != ["all"] else list(PAGES))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
