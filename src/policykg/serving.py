"""Who is serving a store: `policykg serve` records itself in the store folder while it runs.

A second `policykg serve` on the same store, or on a port already taken, is refused with one line that names
the running server (``store var/store is already served by pid 4242 at http://127.0.0.1:8000``) instead of
a traceback from the engine's lock or the socket. The record is ``serve.json`` in the store folder; it is
removed when the server stops, and a record whose process is gone is ignored.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType

from .errors import PolicyKGError

RECORD = "serve.json"


class AlreadyServed(PolicyKGError):
    code = "already_served"
    status = 409


@dataclass(frozen=True)
class ServeRecord:
    pid: int
    url: str
    hostname: str
    started: str


def record_path(store: Path) -> Path:
    return store / RECORD


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def running_server(store: Path) -> ServeRecord | None:
    """The server recorded as serving ``store``, if its process is still alive (on this machine)."""
    try:
        data = json.loads(record_path(store).read_text(encoding="utf-8"))
        record = ServeRecord(pid=int(data["pid"]), url=str(data["url"]), hostname=str(data["hostname"]),
                             started=str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if record.hostname == socket.gethostname() and not pid_alive(record.pid):
        return None  # a stale record: that server is gone
    return record


def port_in_use(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)  # noqa: S104
    return f"http://{shown}:{port}"


class Serving(contextlib.AbstractContextManager["Serving"]):
    """Check that ``store`` is not served already and ``host:port`` is free (else raise one clear
    :class:`AlreadyServed`), then record this process as its server until the ``with`` block ends."""

    def __init__(self, store: Path | None, host: str, port: int) -> None:
        self.store = store
        self.url = url_for(host, port)
        if store is not None:
            running = running_server(store)
            if running is not None:
                raise AlreadyServed(f"store {store} is already served by pid {running.pid} at {running.url}",
                                    detail=asdict(running))
        if port_in_use(host, port):
            raise AlreadyServed(f"port {port} on {host} is already in use by another program: "
                                f"choose another with --port")

    def __enter__(self) -> Serving:
        if self.store is not None and self.store.is_dir():
            record = ServeRecord(pid=os.getpid(), url=self.url, hostname=socket.gethostname(),
                                 started=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
            with contextlib.suppress(OSError):  # a folder we may not write: serve all the same
                record_path(self.store).write_text(json.dumps(asdict(record)) + "\n", encoding="utf-8")
            # uvicorn re-raises the SIGTERM it handled once it has shut down; take the record away then.
            signal.signal(signal.SIGTERM, self._terminated)
        return self

    def _terminated(self, signum: int, _frame: object) -> None:
        self.release()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()

    def release(self) -> None:
        if self.store is None:
            return
        running = running_server(self.store)
        if running is not None and running.pid == os.getpid():
            with contextlib.suppress(OSError):
                record_path(self.store).unlink()
