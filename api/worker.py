"""The worker process: it opens the store read-only, runs one job at a time, and answers.

Started by :class:`policykg.api.executor.ProcessExecutor` as a fresh interpreter
(``python -c WORKER_MAIN JOBS_FD ANSWERS_FD STORE_FOLDER ISOLATE``), never forked from the threaded
server. It talks over two pipes: first ``("ready", {"isolated": bool})`` out, then pickled
:class:`QueryJob` or :class:`CallJob` in, ``("ok", Answer | Rendered)`` or ``("error", (class, message,
detail))`` out. It imports only pyoxigraph and the small core modules, so it starts in about 0.1 s; a
:class:`CallJob` (a page, an analysis) imports what it needs on first use.

With ``ISOLATE`` = 1 the worker first moves itself into a new, empty network namespace (Linux
``unshare(CLONE_NEWNET)``, inside a new user namespace where the process is not root): from then on it
has no network interface but a loopback of its own that is down, so nothing it runs (``SERVICE`` in
the engine's own Rust HTTP client included) can reach any address. Where the kernel refuses both, the
worker says so in its ``ready`` message and the parse screen (:mod:`.guard`) is the only barrier.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import importlib
import os
import re
import signal
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from policykg.errors import PolicyKGError, QueryRefused, QuerySyntaxError, StoreError
from policykg.store import folder_signature, open_read_only

from .answer import Answer, answer
from .guard import MAX_DEPTH, SERVICE_REFUSED, screen

GRACE = 2.0  # seconds past the deadline at which a worker's own alarm ends it
NICENESS = 10  # workers yield the CPU to the server process
STORAGE_ERRORS = ("Corruption", "IO error")  # RocksDB's words for a store file that changed under a reader
WORKER_MAIN = "from policykg.api.worker import serve_jobs; serve_jobs()"


@dataclass(frozen=True)
class QueryJob:
    """One query for a worker, with its dataset, formats and limits."""

    query: str
    default_graphs: tuple[str, ...] = ()  # protocol default-graph-uri; none: the union of every graph
    named_graphs: tuple[str, ...] = ()    # protocol named-graph-uri
    results_format: str | None = "json"   # format name for SELECT / ASK, None if none is acceptable
    graph_format: str | None = "turtle"   # format name for CONSTRUCT / DESCRIBE
    max_rows: int = 10_000
    timeout: float = 10.0
    base_iri: str | None = None           # relative IRIs in the query resolve against it (the endpoint's URL)
    own_dataset: bool | None = None       # the query has FROM / FROM NAMED (None: the worker reads the query)
    allow_service: bool = False           # SERVICE federation (else refused by a real parse, see .guard)
    max_depth: int = MAX_DEPTH            # bracket nesting accepted (the engine's parser recurses)

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class Rendered:
    """A page or document built in a worker: what the server sends back. :func:`call` adds the gzip form
    and an ETag, so the server only picks one (no compression on the event loop)."""

    body: bytes
    media_type: str
    headers: Mapping[str, str] = field(default_factory=dict)
    gzipped: bytes | None = None
    etag: str | None = None


@dataclass(frozen=True)
class CallJob:
    """Build something CPU-bound (a network page, an analysis) in a worker, under a deadline.

    ``function`` is ``module:name`` under ``policykg.`` and is called as ``function(store, **kwargs)``
    with the worker's read-only :class:`~policykg.store.OxigraphStore`; it returns :class:`Rendered`.
    """

    function: str
    kwargs: Mapping[str, object]
    timeout: float = 10.0


def syntax_error(message: str) -> QuerySyntaxError:
    """A 400 that names the parser's error and where it is (``error at LINE:COLUMN: ...``)."""
    found = re.search(r"at (\d+):(\d+)", message)
    where = {"line": int(found.group(1)), "column": int(found.group(2))} if found else {}
    return QuerySyntaxError(f"SPARQL syntax error: {message}", detail={"parser": message, **where})


def evaluate(store: ox.Store, job: QueryJob) -> Answer:
    """Screen ``job`` (:func:`.guard.screen`), run it on a pyoxigraph store and serialise its answer (in a
    worker, or in a benchmark)."""
    found = screen(job.query, allow_service=job.allow_service, max_depth=job.max_depth)
    own_dataset = "FROM" in found.words if job.own_dataset is None else job.own_dataset
    kwargs: dict[str, object] = {"base_iri": job.base_iri}
    if job.has_dataset:
        # The protocol's dataset replaces the query's own (FROM / FROM NAMED) and the union default.
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif not own_dataset:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **kwargs)  # type: ignore[arg-type]
        return answer(result, results_format=job.results_format, graph_format=job.graph_format,
                      max_rows=job.max_rows)
    except SyntaxError as exc:
        raise syntax_error(str(exc)) from None
    except ValueError as exc:  # an invalid IRI among the dataset graphs
        raise PolicyKGError(f"invalid request: {exc}") from None
    except OSError as exc:
        if any(sign in str(exc) for sign in _NO_NETWORK):  # SERVICE, stopped by the worker's lack of network
            raise QueryRefused(SERVICE_REFUSED + " (the query workers have no network)",
                               detail={"refused": "service"}) from None
        raise StoreError(f"the store could not be read: {exc}") from None
    except RuntimeError as exc:
        if any(sign in str(exc) for sign in STORAGE_ERRORS):
            raise _EngineError(str(exc)) from exc
        # the engine cannot evaluate this query (e.g. an unsupported custom function)
        raise PolicyKGError(f"the query could not be evaluated: {exc}") from None
    except PolicyKGError:
        raise
    except Exception as exc:  # the engine's own error types (e.g. RocksDB corruption on a vanished file)
        raise _EngineError(f"{type(exc).__name__}: {exc}") from exc


_NO_NETWORK = ("Network is unreachable", "failed to lookup address", "Temporary failure in name resolution")


def call(store: object, job: CallJob) -> Rendered:
    """Run a :class:`CallJob` (only functions of this project's modules)."""
    module, _, name = job.function.partition(":")
    if not module.startswith("policykg.") or not name:
        raise PolicyKGError(f"not a function a worker runs: {job.function!r}")
    function = getattr(importlib.import_module(module), name)
    result = function(store, **job.kwargs)
    if not isinstance(result, Rendered):
        raise TypeError(f"{job.function} returned {type(result).__name__}, not Rendered")
    import gzip
    import hashlib

    return dataclasses.replace(result, gzipped=gzip.compress(result.body, compresslevel=6, mtime=0),
                               etag='"' + hashlib.sha256(result.body).hexdigest()[:32] + '"')


class _EngineError(Exception):
    """The engine failed in a way that is not the query's fault (reading the store)."""


# --- the worker process ----------------------------------------------------------------------------

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


def isolate_network() -> bool:
    """Move this (single-threaded) process into a new network namespace with no interfaces up.

    Tried as it is (root, or CAP_SYS_ADMIN), then inside a new user namespace (an unprivileged user
    where the kernel allows user namespaces). False where neither is allowed or this is not Linux.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    return any(libc.unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))


def serve_jobs() -> None:
    """The worker process's main: ``python -c ... JOBS_FD ANSWERS_FD STORE_FOLDER ISOLATE``. Serves until EOF."""
    jobs_fd, answers_fd, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    isolated = len(sys.argv) > 4 and sys.argv[4] == "1" and isolate_network()  # before any thread starts
    with contextlib.suppress(OSError):
        os.nice(NICENESS)  # the server process (routing, /health) comes first when CPUs are short
    jobs, answers = Connection(jobs_fd, writable=False), Connection(answers_fd, readable=False)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the backstop alarm terminates the process
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C in the server's terminal is the server's
    folder = Path(path)
    store, seen = open_read_only(folder), folder_signature(folder)
    answers.send(("ready", {"isolated": isolated}))
    wrapped: object = None  # the project's Store over the same folder, for CallJobs (opened on first use)
    while True:
        try:
            job: QueryJob | CallJob = jobs.recv()
        except (EOFError, OSError):
            return
        signal.setitimer(signal.ITIMER_REAL, job.timeout + GRACE)
        try:
            now = folder_signature(folder)
            if now != seen:
                store, seen, wrapped = open_read_only(folder), now, None
            if isinstance(job, CallJob):
                if wrapped is None:
                    from policykg.store import OxigraphStore

                    wrapped = OxigraphStore(folder, read_only=True)
                reply: tuple[str, object] = ("ok", call(wrapped, job))
            else:
                try:
                    answer_ = evaluate(store, job)
                except (StoreError, _EngineError):
                    # A file went away under this read-only view (the server's writer compacted the store,
                    # as RocksDB does just after opening it): reopen the store as it is now, and try again.
                    store, seen = open_read_only(folder), folder_signature(folder)
                    answer_ = evaluate(store, job)
                reply = ("ok", answer_)
        except PolicyKGError as exc:
            reply = ("error", (type(exc).__name__, exc.message, exc.detail))
        except Exception as exc:  # any engine failure goes back to the caller as a 503
            reply = ("error", ("StoreError", f"the store could not answer: {exc}", {}))
        signal.setitimer(signal.ITIMER_REAL, 0)
        answers.send(reply)
