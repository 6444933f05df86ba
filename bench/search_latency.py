"""Search latency over a store: building the FTS5 index from the store, then queries, direct and through HTTP.

    python -m bench.search_latency STORE [--runs 5]

Prints a Markdown table: the one-off build (SPARQL read + jieba + FTS5 insert), the no-change sync check,
and p50/p95 per query, on the index directly and through ``/search`` (in-process app, the pages worker pool,
each request a distinct URL so the page cache does not answer it).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

QUERIES = ["首席质量官", "合格率", "质量", "农产品 抽检", "市场监督管理局", "品牌", "标准化", "NEAR(质量", '"']
FILTERED = [("合格率", {"kind": ["goal"]}), ("质量", {"year": ["2020"]}), ("质量", {"place": ["420000"]})]


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from policykg import search
    from policykg.api.app import create_app
    from policykg.settings import Settings
    from policykg.store import OxigraphStore

    store = OxigraphStore(args.store, read_only=True)
    path = search.index_path(store)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    graphs = len(store.graphs()) - 1
    t = time.perf_counter()
    db = search.sync(store)
    build = time.perf_counter() - t
    rows = db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
    t = time.perf_counter()
    search.sync(store, db)
    check = time.perf_counter() - t
    print(f"documents: {graphs}; facts indexed: {rows}; index file: {path.stat().st_size / 1e6:.1f} MB")
    print(f"build from the store: {build:.1f} s; sync with nothing changed: {check * 1000:.2f} ms\n")
    print("| query | filters | match | total | direct p50 / p95 (ms) | HTTP p50 / p95 (ms) |")
    print("| --- | --- | --- | --- | --- | --- |")
    cases = [(q, {}) for q in QUERIES] + FILTERED
    with TestClient(create_app(Settings(store=args.store, page_workers=2, query_workers=1))) as client:
        client.get("/search", params={"q": "预热"})  # start a worker, load jieba
        for n, (q, filters) in enumerate(cases):
            direct, http = [], []
            found = None
            for run in range(args.runs):
                t = time.perf_counter()
                found = search.query(db, q, limit=20, **filters)  # type: ignore[arg-type]
                direct.append(time.perf_counter() - t)
                params: dict[str, object] = {"q": q, "limit": 20 + run + 10 * n}  # distinct: not from the cache
                params.update({("city" if k == "place" else k): v for k, v in filters.items()})
                t = time.perf_counter()
                response = client.get("/search", params=params)
                http.append(time.perf_counter() - t)
                assert response.status_code == 200, response.text
            assert found is not None
            d50, d95 = _ms(direct)
            h50, h95 = _ms(http)
            shown = ", ".join(f"{k}={'/'.join(v)}" for k, v in filters.items()) or "—"
            timing = f"{d50:.1f} / {d95:.1f} | {h50:.1f} / {h95:.1f}"
            print(f"| `{q}` | {shown} | {found.match} | {found.total} | {timing} |")


if __name__ == "__main__":
    main()
