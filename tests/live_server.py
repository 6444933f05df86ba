"""A real uvicorn server for the reliability tests on 127.0.0.1, with the options ``policykg.api.app.serve``
uses: in a thread of the test process (:func:`live`), or in a process of its own over a store folder
(:func:`live_process`, where timings must not share the test's interpreter); and a loopback canary that
counts the HTTP requests it receives."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import uvicorn

from policykg.api.app import create_app
from policykg.api.limits import uvicorn_options
from policykg.settings import Settings
from policykg.store import Store

from servers import free_port, stop, wait_for

SERVE = "import sys; from policykg.api.app import serve; from policykg.settings import Settings; " \
        "serve(Settings.from_env(), port=int(sys.argv[1]))"


@contextmanager
def live_process(store: Path, log: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """``serve`` the store folder in a process of its own (settings from ``POLICYKG_*`` in ``env``)."""
    port = free_port()
    environment = {**os.environ, "POLICYKG_STORE": str(store), **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], stdout=out, stderr=out, env=environment)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def disk_copy(store: Store, folder: Path) -> Path:
    """Copy an in-memory store's quads into a store folder (closed again), for :func:`live_process`."""
    import pyoxigraph as ox

    from policykg.store import OxigraphStore

    assert isinstance(store, OxigraphStore)
    copy = ox.Store(str(folder))
    copy.bulk_extend(store.raw)
    copy.flush()
    del copy
    return folder


@contextmanager
def live(settings: Settings, store: Store) -> Iterator[str]:
    """Serve ``store`` with ``settings``; yields the base URL."""
    port = free_port()
    config = uvicorn.Config(create_app(settings, store=store), host="127.0.0.1", port=port, log_level="warning",
                            **uvicorn_options(settings.max_url))  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name="policykg-test-server")
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


class Canary:
    """A loopback HTTP server that records every request it gets (answering with an empty SPARQL result)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                canary.requests.append(f"{self.command} {self.path}")
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Canary:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
