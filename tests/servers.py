"""Start and stop real SPARQL servers for the remote-engine tests (Oxigraph server, Virtuoso), and compare
query results across engines.

Every server listens on 127.0.0.1 on a free port, keeps its data in a temporary folder, and is stopped by
its own PID.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from policykg.namespaces import sparql_prefixes
from policykg.store import QueryResult, Store

from support import BIN

NUMERIC = re.compile(r"#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|unsignedInt)$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            return  # it answers HTTP: it is up
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} after {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def stop(process: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def oxigraph_bin() -> str:
    found = BIN / "oxigraph"
    return str(found) if found.exists() else (shutil.which("oxigraph") or "oxigraph")


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str | None = None
    gsp: str | None = None


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[Endpoints]:
    """``oxigraph serve`` over ``location`` (union default graph, like the embedded store)."""
    port = free_port()
    log = location.parent / f"{location.name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([oxigraph_bin(), "serve", "--location", str(location), "--bind",
                                    f"127.0.0.1:{port}", "--union-default-graph"], stdout=out, stderr=out)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/query?query=ASK%7B%7D", 30, process, log)
        yield Endpoints(f"{base}/query", f"{base}/update", f"{base}/store")
    finally:
        stop(process)


def oxigraph(*args: str) -> subprocess.CompletedProcess[str]:
    """Run an offline ``oxigraph`` command (load, optimize, ...), failing loudly."""
    return subprocess.run([oxigraph_bin(), *args], check=True, capture_output=True, text=True, timeout=300)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def isql(port: int, statement: str) -> str:
    result = subprocess.run(["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
        raise RuntimeError(f"isql failed: {statement}: {result.stdout}{result.stderr}")
    return result.stdout


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[Endpoints]:
    """Debian's Virtuoso on loopback, its database in ``folder``; the SPARQL user may update."""
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http))
    log = folder / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=out, stderr=out)
    try:
        base = f"http://127.0.0.1:{http}"
        wait_for(f"{base}/sparql?query={urllib.parse.quote('ASK {}')}", 90, process, log)
        isql(sql, 'GRANT SPARQL_UPDATE TO "SPARQL"')
        # With the grant, the plain Graph Store endpoint accepts writes (the digest-authenticated one needs a
        # client that answers the challenge before sending the body).
        yield Endpoints(f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud")
    finally:
        stop(process, grace=30)


# --- comparing answers across engines --------------------------------------------------------------

def concatenated(query_text: str) -> set[str]:
    """The variables a query fills with GROUP_CONCAT: their order is the engine's to choose."""
    return set(re.findall(r"GROUP_CONCAT\s*\(.*?\)\s+AS\s+\?(\w+)", query_text, flags=re.S | re.I))


def canonical(result: QueryResult, query_text: str = "", separator: str = "、") -> list[tuple[tuple[str, str], ...]]:
    """Rows as sorted tuples of (variable, value), numbers compared as numbers, concatenations as sets."""
    concat = concatenated(query_text)
    rows = []
    for row in result.rows:
        items = []
        for name, term in row.items():
            value = str(term)
            datatype = str(getattr(term, "datatype", "") or "")
            if NUMERIC.search(datatype):
                with contextlib.suppress(InvalidOperation):
                    value = format(Decimal(value).normalize(), "f")
            if name in concat:
                value = separator.join(sorted(value.split(separator)))
            items.append((name, value))
        rows.append(tuple(sorted(items)))
    return sorted(rows)


PICKS = {"agencyType": "?s pk:agencyType ?x", "indicator": "?s pk:indicator ?x", "node": "?x pk:evidence ?e",
         "agency": "?x pk:agencyType ?t", "city": "?d pk:city ?c . ?c rdfs:label ?x"}
VARIANTS = {"year": ["2017", "2020"], "minCities": ["1", "2"], "text": ["合格率", "率"], "cited": ["纲要", "质量"]}


def named_query_cases(store: Store) -> list[tuple[str, dict[str, str]]]:
    """Each named query with its defaults, and with other real values taken from the embedded store."""
    from policykg import queries

    cases: list[tuple[str, dict[str, str]]] = []
    for q in queries.load_all():
        base: dict[str, str] = {}
        variants: list[dict[str, str]] = []
        for p in q.params:
            found = []
            if p.name in PICKS:
                result = store.query(f"{sparql_prefixes()} SELECT DISTINCT ?x WHERE {{ {PICKS[p.name]} }} "
                                     "ORDER BY ?x LIMIT 3")
                found = [str(r["x"]) for r in result.rows]
            if p.required:
                base[p.name] = found[0] if found else "https://w3id.org/policykg/id/none"
            variants += [{p.name: v} for v in found[1:] + VARIANTS.get(p.name, [])]
        cases.append((q.name, base))
        cases += [(q.name, {**base, **v}) for v in variants]
    return cases
