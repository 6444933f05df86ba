"""A second `policykg serve` on a store that is being served, or on a port that is taken, stops with one
line naming the running server; the record goes when the server stops, and a stale one is ignored."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from policykg.ingest.pipeline import ingest_paths
from policykg.serving import RECORD, running_server
from policykg.store import OxigraphStore

from servers import free_port, stop, wait_for
from support import BIN, seed


def serve(store: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([str(BIN / "policykg"), "serve", "--store", str(store), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=out)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    s = OxigraphStore(path)
    assert all(r.ok for r in ingest_paths(s, [seed("003")]))
    s.close()
    del s
    return path


@pytest.fixture
def running(store: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    log = tmp_path / "first.log"
    process = serve(store, port, log)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process, log)
        yield process, port
    finally:
        stop(process)


def second(store: Path, port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "policykg"), "serve", "--store", str(store), "--host", "127.0.0.1",
                           "--port", str(port)], capture_output=True, text=True, timeout=60)


def test_a_second_serve_names_the_running_server(store: Path, running: tuple[subprocess.Popen[bytes], int]) -> None:
    process, port = running
    record = json.loads((store / RECORD).read_text(encoding="utf-8"))
    assert record["pid"] == process.pid and record["url"] == f"http://127.0.0.1:{port}"
    for other_port in (free_port(), port):
        done = second(store, other_port)
        assert done.returncode == 1
        lines = done.stderr.strip().splitlines()
        assert lines == [f"error: store {store} is already served by pid {process.pid} at http://127.0.0.1:{port}"]
        assert "Traceback" not in done.stderr + done.stdout


def test_a_taken_port_is_one_line(tmp_path: Path, running: tuple[subprocess.Popen[bytes], int]) -> None:
    _process, port = running
    other = tmp_path / "other"
    OxigraphStore(other).close()
    done = second(other, port)
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: port {port} on 127.0.0.1 is already in use by another program: " \
                                  "choose another with --port"


def test_the_record_goes_with_the_server_and_a_stale_one_is_ignored(store: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "server.log"
    process = serve(store, port, log)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process, log)
        assert running_server(store) is not None
    finally:
        stop(process)
    assert not (store / RECORD).exists()
    # A record left by a server that died without cleaning up (its pid is gone) does not block serving.
    gone = subprocess.Popen(["true"])
    gone.wait()
    (store / RECORD).write_text(json.dumps({"pid": gone.pid, "url": "http://127.0.0.1:1", "hostname":
                                            __import__("socket").gethostname(), "started": "x"}), encoding="utf-8")
    assert running_server(store) is None
    process = serve(store, port, log)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process, log)
    finally:
        stop(process)
