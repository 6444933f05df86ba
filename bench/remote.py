"""Named queries on the embedded store and on remote servers, side by side (`python -m bench.remote`).

The harness ingests the demo corpus, then makes a larger dataset by copying each document's graph
``--copies`` times (document-local nodes get new IRIs; shared concepts such as regions, industries and
awards stay shared, as they would across many plans). It loads the same N-Quads into:

* **embedded**: pyoxigraph in memory, queried in this process (no HTTP): the floor;
* **oxigraph**: an `oxigraph serve` bulk-loaded with `oxigraph load`, and a copy of that store after
  `oxigraph optimize`, served side by side;
* **virtuoso** (with ``--virtuoso``): Debian's Virtuoso, loaded through the Graph Store Protocol.

Every engine must give the same number of rows before anything is timed. Each named query then runs
``--rounds`` times per engine, interleaved round by round; the table has medians in milliseconds.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from policykg import queries
from policykg.ingest.pipeline import ingest_paths
from policykg.namespaces import DOCUMENT_GRAPH_BASE, PKR, sparql_prefixes
from policykg.remote import RemoteStore
from policykg.store import OxigraphStore, Store

ROOT = Path(__file__).resolve().parents[1]
LOCAL = re.compile(r"(<" + re.escape(str(PKR)) + r"(?:doc|goal|task|evidence|incentive|section|agency|duty)/)")
PICKS = {"agencyType": "?s pk:agencyType ?x", "indicator": "?s pk:indicator ?x", "node": "?x pk:evidence ?e",
         "agency": "?x pk:agencyType ?t"}


def scaled_nquads(seed: OxigraphStore, copies: int) -> bytes:
    """The seed dataset with every document graph copied ``copies`` times under fresh local IRIs."""
    lines = seed.dump("nquads").decode("utf-8").splitlines()
    out = [line for line in lines if DOCUMENT_GRAPH_BASE not in line]
    doc_lines = [line for line in lines if DOCUMENT_GRAPH_BASE in line]
    for k in range(copies):
        tag = f"k{k}-"
        for line in doc_lines:
            line = LOCAL.sub(lambda m, t=tag: m.group(1) + t, line)
            line = line.replace(DOCUMENT_GRAPH_BASE, DOCUMENT_GRAPH_BASE + tag)
            line = re.sub(r'(ontology#sourceFile> ")', r"\1" + tag, line)
            out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


def cases(store: Store) -> list[tuple[str, dict[str, str]]]:
    found = []
    for q in queries.load_all():
        params = {}
        for p in q.params:
            if p.required:
                pick = f"{sparql_prefixes()} SELECT ?x WHERE {{ {PICKS[p.name]} }} ORDER BY ?x LIMIT 1"
                rows = store.query(pick).rows
                params[p.name] = str(rows[0]["x"]) if rows else f"{PKR}none"
        found.append((q.name, params))
    return found


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url}")


class Oxigraph:
    def __init__(self, location: Path) -> None:
        self.bin = str(Path(sys.executable).parent / "oxigraph")
        self.location = location
        self.process: subprocess.Popen[bytes] | None = None

    def run(self, *args: str) -> float:
        start = time.perf_counter()
        subprocess.run([self.bin, *args, "--location", str(self.location)], check=True, capture_output=True)
        return time.perf_counter() - start

    def start(self) -> RemoteStore:
        port = free_port()
        self.process = subprocess.Popen([self.bin, "serve", "--location", str(self.location), "--bind",
                                         f"127.0.0.1:{port}", "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        return RemoteStore(f"http://127.0.0.1:{port}/query")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(30)
            self.process = None


def time_all(engines: dict[str, Store], todo: list[tuple[str, dict[str, str]]], rounds: int
             ) -> dict[str, dict[str, float]]:
    sizes = {name: {e: len(queries.run(s, name, params).rows) for e, s in engines.items()} for name, params in todo}
    for name, by_engine in sizes.items():
        if len(set(by_engine.values())) != 1:
            print(f"  ! {name}: engines disagree on the row count {by_engine}; timing anyway", file=sys.stderr)
    samples: dict[str, dict[str, list[float]]] = {n: {e: [] for e in engines} for n, _ in todo}
    for _ in range(rounds):
        for name, params in todo:
            for engine, store in engines.items():
                start = time.perf_counter()
                queries.run(store, name, params)
                samples[name][engine].append((time.perf_counter() - start) * 1000)
    return {n: {e: statistics.median(v) for e, v in by.items()} for n, by in samples.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of each seed document graph")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--virtuoso", action="store_true", help="also time Debian's Virtuoso")
    args = parser.parse_args(argv)

    seed = OxigraphStore()
    ingest_paths(seed, sorted((ROOT / "corpus" / "demo").glob("*.txt")))
    data = scaled_nquads(seed, args.copies)
    work = Path(tempfile.mkdtemp(prefix="bench-remote-"))
    dump = work / "data.nq"
    dump.write_bytes(data)
    embedded = OxigraphStore()
    import pyoxigraph as ox

    embedded.raw.load(data, format=ox.RdfFormat.N_QUADS)
    quads = len(embedded.raw)
    print(f"dataset: {args.copies} copies of the seed documents, {quads:,} quads")

    # Two servers side by side: the bulk-loaded store as it is, and a copy of it after `oxigraph optimize`.
    plain, optimized = Oxigraph(work / "oxigraph"), Oxigraph(work / "oxigraph-optimized")
    load_s = plain.run("load", "--file", str(dump))
    shutil.copytree(plain.location, optimized.location)
    optimize_s = optimized.run("optimize")
    todo = cases(embedded)
    virtuoso_stop: Callable[[], None] | None = None
    try:
        engines: dict[str, Store] = {"embedded": embedded, "oxigraph": plain.start(),
                                     "oxigraph optimized": optimized.start()}
        if args.virtuoso:
            engines["virtuoso"], virtuoso_stop = start_virtuoso(work / "virtuoso", embedded)
        medians = time_all(engines, todo, args.rounds)
    finally:
        plain.stop()
        optimized.stop()
        if virtuoso_stop:
            virtuoso_stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"oxigraph load: {load_s:.1f} s; oxigraph optimize: {optimize_s:.1f} s; {args.rounds} rounds; medians in ms")
    head = ["query", *engines, "oxigraph / embedded", "plain / optimized"]
    print("| " + " | ".join(head) + " |")
    print("| --- " + "| ---: " * (len(head) - 1) + "|")
    for name, _ in todo:
        m = medians[name]
        cells = [f"{m[e]:.1f}" for e in engines]
        cells += [f"{m['oxigraph'] / m['embedded']:.1f}×", f"{m['oxigraph'] / m['oxigraph optimized']:.2f}×"]
        print(f"| `{name}` | " + " | ".join(cells) + " |")


def start_virtuoso(folder: Path, source: OxigraphStore) -> tuple[RemoteStore, Callable[[], None]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from servers import virtuoso_server  # the tests' helper: config in a temp dir, loopback ports

    context = virtuoso_server(folder)
    endpoints = context.__enter__()
    store = RemoteStore(endpoints.query, gsp_endpoint=endpoints.gsp, timeout=600)
    import pyoxigraph as ox

    for graph in source.graphs():
        nt = source.raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        store.replace_graph(graph, bytes(nt or b"").decode("utf-8"))
    return store, lambda: context.__exit__(None, None, None)


if __name__ == "__main__":
    main()
