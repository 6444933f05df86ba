"""What the /sparql endpoint costs on top of the engine, on the seed graph.

    python -m bench.sparql [--rounds 30] [--store DIR]

For each query, three ways side by side, interleaved round by round so they share the machine's noise:

* ``direct``   pyoxigraph ``Store.query`` in this process, answer serialised to SPARQL JSON (the floor);
* ``executor`` the endpoint's worker pool (one round trip to a read-only worker process, no HTTP);
* ``http``     a real ``policykg serve`` (uvicorn) over loopback, through an HTTP keep-alive client.

Prints the medians in milliseconds and the ratios to ``direct`` as a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyoxigraph as ox

from policykg.api.answer import answer
from policykg.api.executor import ProcessExecutor
from policykg.api.worker import QueryJob
from policykg.namespaces import sparql_prefixes

ROOT = Path(__file__).resolve().parents[1]
P = sparql_prefixes()
QUERIES = {
    "ASK {}": "ASK {}",
    "count all quads": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "agency labels (SELECT)": P + "SELECT ?a ?label WHERE { ?a a pk:Agency ; rdfs:label ?label } ORDER BY ?label",
    "goals per document (GROUP BY)": P + "SELECT ?doc (COUNT(?g) AS ?goals) WHERE { ?g a pk:Goal ; pk:inDocument ?doc }"
                                         " GROUP BY ?doc",
    "all triples (CONSTRUCT, capped)": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5000",
}


def ingest(store_dir: Path) -> None:
    subprocess.run([str(Path(sys.executable).parent / "policykg"), "ingest", str(ROOT / "corpus" / "demo"),
                    "--store", str(store_dir)], check=True, capture_output=True)


def serve(store_dir: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([str(Path(sys.executable).parent / "policykg"), "serve", "--store", str(store_dir),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--store", type=Path, help="an ingested store (default: ingest the demo corpus)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as tmp:
        store_dir = args.store or Path(tmp) / "store"
        if args.store is None:
            ingest(store_dir)
        port = free_port()
        server = serve(store_dir, port)
        engine = ox.Store.read_only(str(store_dir))
        pool = ProcessExecutor(store_dir, workers=1, prestart=True)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        quads = len(list(engine.quads_for_pattern(None, None, None, None)))
        try:
            rows = [measure(name, query, engine, pool, client, args.rounds) for name, query in QUERIES.items()]
        finally:
            client.close()
            pool.close()
            server.terminate()
            server.wait(10)
    print(f"seed graph: {quads:,} quads; {args.rounds} rounds; medians in ms\n")
    print("| query | rows | direct | executor | http | executor / direct | http / direct |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, count, direct, pooled, http in rows:
        print(f"| {name} | {count} | {direct:.2f} | {pooled:.2f} | {http:.2f} | {pooled / direct:.1f}× | "
              f"{http / direct:.1f}× |")


def measure(name: str, query: str, engine: ox.Store, pool: ProcessExecutor, client: httpx.Client,
            rounds: int) -> tuple[str, int, float, float, float]:
    job = QueryJob(query=query, max_rows=100_000, timeout=60)

    def direct() -> int:
        result = engine.query(query, use_default_graph_as_union=True)
        return answer(result, results_format="json", graph_format="turtle", max_rows=100_000).rows

    def pooled() -> int:
        return pool.run(job).rows

    def http() -> int:
        accept = "text/turtle" if query.startswith("CONSTRUCT") else "application/sparql-results+json"
        response = client.post("/sparql", content=query.encode(),
                               headers={"content-type": "application/sparql-query", "accept": accept})
        response.raise_for_status()
        return int(response.headers["x-policykg-rows"])

    ways: list[Callable[[], int]] = [direct, pooled, http]
    times: list[list[float]] = [[], [], []]
    counts = {way() for way in ways}  # warm up, and check all three agree on the answer's size
    if len(counts) != 1:
        raise SystemExit(f"{name}: the three ways disagree on the row count: {counts}")
    for _ in range(rounds):
        for i, way in enumerate(ways):
            start = time.perf_counter()
            way()
            times[i].append((time.perf_counter() - start) * 1000)
    medians = [statistics.median(t) for t in times]
    return name, counts.pop(), medians[0], medians[1], medians[2]


if __name__ == "__main__":
    main()
