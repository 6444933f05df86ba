"""Load: many clients at once against a real server on 127.0.0.1, the SPARQL endpoint and a heavy page.

    python -m bench.load [--store var/store] [--clients 200] [--seconds 30] [--heavy /viz/ownership]
                         [--client httpx|wrk]

Starts ``policykg.api.app.serve`` in a process of its own over ``--store`` (without one, the demo corpus
is ingested into a temporary store first). Half the clients ask ``/sparql`` for a point lookup (one
document's title, by its IRI), half ask for the heavy page, each sending its next request as soon as the
last is answered, for ``--seconds``; a probe asks ``/health`` every 100 ms meanwhile. Counted per
route: answers by status, the 503s that carry ``Retry-After`` (deliberate: a full pool), any other 5xx,
dropped connections (a connection error, reset or timeout: no HTTP answer at all), and latency
percentiles. Prints a Markdown table (the figures in ``docs/reliability.md``).

``--client wrk`` drives the same load with wrk (Debian's ``wrk``; two processes, one per route, each
with half the connections, and a Lua script that sorts the answers the same way), whose client costs far
less CPU than Python's on a small machine; wrk's socket errors are the dropped connections.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

DOC = "https://w3id.org/policykg/id/doc/003_2335b28b753d4964"
POINT_LOOKUP = f"SELECT ?title WHERE {{ <{DOC}> <http://purl.org/dc/terms/title> ?title }}"
SERVE = ("import sys; from policykg.api.app import serve; from policykg.settings import Settings; "
         "serve(Settings.from_env(), port=int(sys.argv[1]))")


@dataclass
class Tally:
    """What one route got back."""

    statuses: dict[int, int] = field(default_factory=dict)
    retry_503: int = 0      # 503 with Retry-After: deliberate
    other_5xx: int = 0      # any other 5xx
    dropped: int = 0        # no HTTP answer at all
    errors: dict[str, int] = field(default_factory=dict)  # why, for the dropped ones
    latencies: list[float] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def _client(http: httpx.AsyncClient, route: str, until: float, tally: Tally) -> None:
    params = {"query": POINT_LOOKUP} if route == "/sparql" else None
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            response = await http.get(route, params=params, headers={"accept": "*/*"})
        except httpx.HTTPError as exc:
            tally.dropped += 1
            tally.errors[type(exc).__name__] = tally.errors.get(type(exc).__name__, 0) + 1
            await asyncio.sleep(0.05)
            continue
        tally.latencies.append(time.monotonic() - started)
        tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
        if response.status_code == 503 and response.headers.get("retry-after"):
            tally.retry_503 += 1
            await asyncio.sleep(min(float(response.headers["retry-after"]), 2.0))  # as a polite client does
        elif response.status_code >= 500:
            tally.other_5xx += 1


# The /health probe runs in a process of its own, so that the load generator's busy event loop does not
# count as the server's latency. It prints one latency (seconds) or "dropped" per line.
PROBE = """
import sys, time, urllib.request
base, until = sys.argv[1], time.monotonic() + float(sys.argv[2])
while time.monotonic() < until:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(base + "/health", timeout=60) as r:
            r.read()
        print(time.monotonic() - started, flush=True)
    except OSError:
        print("dropped", flush=True)
    time.sleep(0.1)
"""


def _probe_results(lines: str, tally: Tally) -> None:
    for line in lines.split():
        if line == "dropped":
            tally.dropped += 1
        else:
            tally.statuses[200] = tally.statuses.get(200, 0) + 1
            tally.latencies.append(float(line))


async def run_load(base: str, *, clients: int, seconds: float, heavy: str) -> dict[str, Tally]:
    """Drive ``clients`` clients (half /sparql, half ``heavy``) for ``seconds``; the tallies by route."""
    tallies = {"/sparql": Tally(), heavy: Tally(), "/health": Tally()}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    probe = subprocess.Popen([sys.executable, "-c", PROBE, base, str(seconds)], stdout=subprocess.PIPE, text=True)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(120.0)) as http:
        until = time.monotonic() + seconds
        routes = ["/sparql" if i % 2 == 0 else heavy for i in range(clients)]
        await asyncio.gather(*(_client(http, route, until, tallies[route]) for route in routes))
    out, _err = probe.communicate(timeout=120)
    _probe_results(out, tallies["/health"])
    return tallies


def table(tallies: dict[str, Tally], seconds: float) -> str:
    lines = ["| route | answers | per s | 2xx | 503 + Retry-After | other 5xx | dropped | p50 ms | p99 ms | max ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for route, t in tallies.items():
        ok = sum(n for s, n in t.statuses.items() if 200 <= s < 300)
        worst = max(t.latencies) if t.latencies else float("nan")
        lines.append(f"| `{route}` | {t.answered} | {t.answered / seconds:.0f} | {ok} | {t.retry_503} | {t.other_5xx} "
                     f"| {t.dropped} | {t.percentile(50) * 1000:.0f} | {t.percentile(99) * 1000:.0f} "
                     f"| {worst * 1000:.0f} |")
    return "\n".join(lines)


WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok, retry, other5, other = 0, 0, 0, 0 end
function response(status, headers, body)
  if status < 400 then ok = ok + 1
  elseif status == 503 and (headers["retry-after"] or headers["Retry-After"]) then retry = retry + 1
  elseif status >= 500 then other5 = other5 + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok"); b = b + t:get("retry"); c = c + t:get("other5"); d = d + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %.1f %.1f %.1f %d\\n", summary.requests, a, b, c, d,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.timeout))
end
"""


def run_wrk(base: str, *, clients: int, seconds: float, heavy: str, folder: Path, doc: str = DOC) -> str:
    """The same load with wrk; a Markdown table. ``heavy=""``: every client on the point lookup."""
    script = folder / "count.lua"
    script.write_text(WRK_SCRIPT)
    query = urllib.parse.quote(POINT_LOOKUP.replace(DOC, doc), safe="")
    runs = {"/sparql": f"{base}/sparql?query={query}"}
    if heavy:
        runs[heavy] = f"{base}{heavy}"
    per_route = clients // len(runs)
    probe = subprocess.Popen([sys.executable, "-c", PROBE, base, str(seconds)], stdout=subprocess.PIPE, text=True)
    procs = {route: subprocess.Popen(["wrk", "-t1", f"-c{per_route}", f"-d{seconds:g}s", "--timeout", "60s",
                                      "-H", "Accept-Encoding: gzip", "-s", str(script), url],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for route, url in runs.items()}
    lines = ["| route | answers | per s | 2xx/3xx | 503 + Retry-After | other 5xx | dropped (socket errors) "
             "| p50 ms | p99 ms | max ms |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for route, proc in procs.items():
        out, _err = proc.communicate(timeout=seconds + 120)
        found = [line for line in out.splitlines() if line.startswith("RESULT ")]
        if not found:
            raise SystemExit(f"wrk printed no result for {route}:\n{out}")
        n, ok, retry, other5, _other, errors, p50, p99, worst, _timeouts = found[0].split()[1:]
        lines.append(f"| `{route}` | {n} | {int(n) / seconds:.0f} | {ok} | {retry} | {other5} | {errors} | {p50} "
                     f"| {p99} | {worst} |")
    health = Tally()
    out, _err = probe.communicate(timeout=120)
    _probe_results(out, health)
    worst_health = max(health.latencies) if health.latencies else float("nan")
    lines.append(f"| `/health` (own process, every 100 ms) | {health.answered} | {health.answered / seconds:.0f} "
                 f"| {health.answered} | 0 | 0 | {health.dropped} | {health.percentile(50) * 1000:.0f} "
                 f"| {health.percentile(99) * 1000:.0f} | {worst_health * 1000:.0f} |")
    return "\n".join(lines)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str, seconds: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a loopback URL we built)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer {url} within {seconds:g} s")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store folder (default: ingest the demo corpus first)")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--heavy", default="/viz/ownership",
                        help='the page half the clients ask for; "" (with --client wrk): all ask the point lookup')
    parser.add_argument("--client", choices=("httpx", "wrk"), default="httpx")
    parser.add_argument("--doc", default=DOC, help="the document whose title the point lookup asks (wrk)")
    args = parser.parse_args(argv)
    if not args.heavy and args.client != "wrk":
        parser.error('--heavy "" needs --client wrk')
    with tempfile.TemporaryDirectory(prefix="policykg-load-") as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            cli = str(Path(sys.executable).parent / "policykg")
            subprocess.run([cli, "ingest", "corpus/demo", "--store", str(store)], check=True, capture_output=True)
        port = _free_port()
        log = Path(tmp) / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], stdout=out, stderr=out,
                                      env={**os.environ, "POLICYKG_STORE": str(store)})
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(f"{base}/health", 60, server)
            mix = f"half /sparql point lookup, half {args.heavy}" if args.heavy else "all on the /sparql point lookup"
            header = (f"{args.clients} clients ({args.client}) for {args.seconds:g} s on 127.0.0.1 ({mix}); "
                      f"/health probed every 100 ms; cores: {os.cpu_count()}, "
                      f"load average before: {os.getloadavg()[0]:.1f}")
            if args.client == "wrk":
                print(header + "\n\n" + run_wrk(base, clients=args.clients, seconds=args.seconds, heavy=args.heavy,
                                                 folder=Path(tmp), doc=args.doc))
                return
            tallies = asyncio.run(run_load(base, clients=args.clients, seconds=args.seconds, heavy=args.heavy))
        finally:
            server.terminate()
            server.wait(30)
    print(header)
    print()
    print(table(tallies, args.seconds))
    for route, t in tallies.items():
        if t.errors:
            print(f"dropped on {route}: " + ", ".join(f"{n} × {name}" for name, n in sorted(t.errors.items())))
    health = tallies["/health"].latencies
    if health:
        print(f"\n/health: median {statistics.median(health) * 1000:.0f} ms, worst {max(health) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
