"""Run endpoint queries in worker processes that can be killed at the deadline.

pyoxigraph's ``Store.query`` has no timeout and no cancel, and a running query cannot be stopped from
another thread. So the endpoint never runs a query in the server process: a small pool of worker
processes opens the store read-only (``Store.read_only``), each runs one query at a time, and a worker
still busy at the deadline is killed (SIGKILL) and replaced. The other workers go on answering. Each
worker also arms ``SIGALRM`` with its default action (terminate) a little past the deadline, so it ends
itself even if the server that started it is gone.

* A store on disk: workers open that folder read-only. They reopen it when its files change, so they
  see what was ingested after they started.
* An in-memory store (tests, ``policykg serve`` without ``--store``): it is copied once, when the app
  starts, into a temporary folder that the workers open read-only. Writes to the in-memory store after
  that are not seen by ``/sparql`` (call :meth:`ProcessExecutor.refresh` to take a new copy).
* Any other :class:`~policykg.store.Store` (a remote SPARQL server): :class:`ThreadExecutor` runs the
  query through the store in a thread and stops waiting at the deadline; the remote server enforces
  its own limits, and the request it was sent cannot be taken back.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from policykg.errors import NotAcceptable, PolicyKGError, QuerySyntaxError, QueryTimeout, StoreError
from policykg.formats import BY_NAME
from policykg.store import OxigraphStore, Store, to_oxigraph

from .answer import Answer, answer, capped, write_boolean, write_solutions, write_triples

GRACE = 2.0  # seconds past the deadline at which a worker's own alarm ends it
STORAGE_ERRORS = ("Corruption", "IO error")  # RocksDB's words for a store file that changed under a reader


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
    own_dataset: bool = False             # the query has FROM / FROM NAMED: no union default graph then

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


class Executor(Protocol):
    def run(self, job: QueryJob) -> Answer: ...

    def close(self) -> None: ...


def syntax_error(message: str) -> QuerySyntaxError:
    """A 400 that names the parser's error and where it is (``error at LINE:COLUMN: ...``)."""
    import re

    found = re.search(r"at (\d+):(\d+)", message)
    where = {"line": int(found.group(1)), "column": int(found.group(2))} if found else {}
    return QuerySyntaxError(f"SPARQL syntax error: {message}", detail={"parser": message, **where})


def evaluate(store: ox.Store, job: QueryJob) -> Answer:
    """Run ``job`` on a pyoxigraph store and serialise its answer (in a worker, or in a benchmark)."""
    kwargs: dict[str, object] = {"base_iri": job.base_iri}
    if job.has_dataset:
        # The protocol's dataset replaces the query's own (FROM / FROM NAMED) and the union default.
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif not job.own_dataset:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **kwargs)  # type: ignore[arg-type]
        return answer(result, results_format=job.results_format, graph_format=job.graph_format,
                      max_rows=job.max_rows)
    except SyntaxError as exc:
        raise syntax_error(str(exc)) from None
    except ValueError as exc:  # an invalid IRI among the dataset graphs
        raise PolicyKGError(f"invalid request: {exc}") from None
    except RuntimeError as exc:
        if any(sign in str(exc) for sign in STORAGE_ERRORS):
            raise _EngineError(str(exc)) from exc
        # the engine cannot evaluate this query (e.g. an unsupported custom function)
        raise PolicyKGError(f"the query could not be evaluated: {exc}") from None
    except OSError as exc:
        raise StoreError(f"the store could not be read: {exc}") from None
    except PolicyKGError:
        raise
    except Exception as exc:  # the engine's own error types (e.g. RocksDB corruption on a vanished file)
        raise _EngineError(f"{type(exc).__name__}: {exc}") from exc


class _EngineError(Exception):
    """The engine failed in a way that is not the query's fault (reading the store)."""


# --- the worker process ----------------------------------------------------------------------------

def _signature(path: Path) -> tuple[int, int, int]:
    """Changes whenever the store's files do (new SST files, a growing write-ahead log)."""
    count = newest = size = 0
    with os.scandir(path) as entries:
        for entry in entries:
            st = entry.stat()
            count, newest, size = count + 1, max(newest, st.st_mtime_ns), size + st.st_size
    return count, newest, size


def _open(path: str, attempts: int = 5) -> ox.Store:
    """Open read-only; a writer that is just opening or compacting the same folder may need a retry."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):  # RocksDB reports a file compacted away as "Corruption"
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def serve_jobs() -> None:
    """The worker process's main: ``python -c ... JOBS_FD ANSWERS_FD STORE_FOLDER``. Serves until EOF."""
    jobs_fd, answers_fd, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    jobs, answers = Connection(jobs_fd, writable=False), Connection(answers_fd, readable=False)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the backstop alarm terminates the process
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C in the server's terminal is the server's
    folder = Path(path)
    store, seen = _open(path), _signature(folder)
    while True:
        try:
            job: QueryJob = jobs.recv()
        except (EOFError, OSError):
            return
        signal.setitimer(signal.ITIMER_REAL, job.timeout + GRACE)
        try:
            now = _signature(folder)
            if now != seen:
                store, seen = _open(path), now
            try:
                answer_ = evaluate(store, job)
            except (StoreError, _EngineError):
                # A file went away under this read-only view (the server's writer compacted the store,
                # as RocksDB does just after opening it): reopen the store as it is now, and try again.
                store, seen = _open(path), _signature(folder)
                answer_ = evaluate(store, job)
            reply: tuple[str, object] = ("ok", answer_)
        except PolicyKGError as exc:
            reply = ("error", (type(exc).__name__, exc.message, exc.detail))
        except Exception as exc:  # any engine failure goes back to the caller as a 503
            reply = ("error", ("StoreError", f"the store could not answer: {exc}", {}))
        signal.setitimer(signal.ITIMER_REAL, 0)
        answers.send(reply)


WORKER_MAIN = "from policykg.api.executor import serve_jobs; serve_jobs()"


_ERRORS: dict[str, type[PolicyKGError]] = {cls.__name__: cls for cls in (
    PolicyKGError, QuerySyntaxError, StoreError, NotAcceptable, QueryTimeout)}


class _WorkerDied(Exception):
    """The worker process ended without answering."""


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    jobs: Connection
    answers: Connection

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.jobs.close()
        self.answers.close()


class ProcessExecutor:
    """A pool of query worker processes over one store folder, opened read-only.

    ``source`` is the folder, or an in-memory pyoxigraph store to copy into a temporary folder at the
    first query. Workers start on demand, up to ``workers`` (all at once with ``prestart``).
    """

    def __init__(self, source: Path | ox.Store, *, workers: int = 2, prestart: bool = False) -> None:
        self._source = source
        self.path: Path | None = source if isinstance(source, Path) else None
        self.size = max(1, workers)
        self._idle: list[_Worker] = []
        self._live = 0
        self._closed = False
        self._lock = threading.Condition()
        if prestart and self.path is not None:
            self._idle = [self._spawn() for _ in range(self.size)]
            self._live = self.size

    def _folder(self) -> Path:
        """The folder the workers open; an in-memory source is copied on first use (hold the lock)."""
        if self.path is None:
            assert isinstance(self._source, ox.Store)
            self.path = snapshot(self._source)
        return self.path

    def _spawn(self) -> _Worker:
        """Start one worker: a fresh interpreter (never a fork of the threaded server), talking over pipes."""
        jobs_r, jobs_w = os.pipe()
        answers_r, answers_w = os.pipe()
        try:
            process = subprocess.Popen([sys.executable, "-c", WORKER_MAIN, str(jobs_r), str(answers_w),
                                        str(self._folder())], pass_fds=(jobs_r, answers_w), stdin=subprocess.DEVNULL)
        except BaseException:
            for fd in (jobs_w, answers_r):
                os.close(fd)
            raise
        finally:
            os.close(jobs_r)
            os.close(answers_w)
        return _Worker(process, Connection(jobs_w, readable=False), Connection(answers_r, writable=False))

    def _acquire(self, deadline: float) -> _Worker:
        with self._lock:
            while not self._idle and self._live >= self.size:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise QueryTimeout(f"all {self.size} query workers stayed busy past the time limit; "
                                       "try again shortly", detail={"workers": self.size})
                self._lock.wait(left)
            if self._idle:
                return self._idle.pop()
            self._live += 1
            try:
                return self._spawn()  # under the lock: the first one may take the in-memory copy
            except BaseException:
                self._live -= 1
                raise

    def _release(self, worker: _Worker | None) -> None:
        with self._lock:
            if worker is not None and not self._closed and worker.alive():
                self._idle.append(worker)
            else:
                self._live -= 1
                if worker is not None:
                    worker.kill()
            self._lock.notify()

    def run(self, job: QueryJob) -> Answer:
        """Run one job, waiting at most ``job.timeout`` seconds in all. Thread-safe; blocks.

        A worker that dies without answering (it could not open the store, or ran out of memory) is
        replaced and the job tried once more, within the same deadline.
        """
        deadline = time.monotonic() + job.timeout
        try:
            return self._run_once(job, deadline)
        except _WorkerDied:
            if time.monotonic() >= deadline:
                raise QueryTimeout(f"the query ran past the {job.timeout:g} s time limit",
                                   detail={"timeout_s": job.timeout}) from None
        try:
            return self._run_once(job, deadline)
        except _WorkerDied:
            raise StoreError("the query worker stopped unexpectedly (out of memory?)") from None

    def _run_once(self, job: QueryJob, deadline: float) -> Answer:
        worker = self._acquire(deadline)
        healthy = False
        try:
            worker.jobs.send(job)
            if not worker.answers.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"the query ran past the {job.timeout:g} s time limit and was stopped",
                                   detail={"timeout_s": job.timeout})
            status, payload = worker.answers.recv()
            healthy = True
        except (EOFError, OSError):
            raise _WorkerDied from None
        finally:
            if not healthy:
                worker.kill()
            self._release(worker if healthy else None)
        if status == "ok":
            assert isinstance(payload, Answer)
            return payload
        name, message, detail = payload  # type: ignore[misc]
        raise _ERRORS.get(name, StoreError)(message, detail=detail)

    def refresh(self) -> None:
        """Replace the idle workers, so the next queries see the store as it is now."""
        with self._lock:
            stale, self._idle = self._idle, []
            self._live -= len(stale)
        for worker in stale:
            worker.kill()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            stale, self._idle = self._idle, []
            self._live -= len(stale)
            self._lock.notify_all()
        for worker in stale:
            worker.kill()
        if isinstance(self._source, ox.Store) and self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)


class ThreadExecutor:
    """For stores that are not the embedded engine: run through the store, wait until the deadline."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def run(self, job: QueryJob) -> Answer:
        if job.has_dataset:
            raise PolicyKGError("default-graph-uri / named-graph-uri are not supported with a remote engine; "
                                "use FROM and FROM NAMED in the query")
        outcome: list[Answer | BaseException] = []

        def work() -> None:
            try:
                outcome.append(self._answer(job))
            except BaseException as exc:
                outcome.append(exc)

        thread = threading.Thread(target=work, daemon=True, name="policykg-remote-query")
        thread.start()
        thread.join(job.timeout)
        if not outcome:
            raise QueryTimeout(f"the query ran past the {job.timeout:g} s time limit",
                               detail={"timeout_s": job.timeout})
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def _answer(self, job: QueryJob) -> Answer:
        result = self.store.query(job.query)
        fmt = job.results_format if result.kind in ("select", "ask") else job.graph_format
        if fmt is None:
            raise NotAcceptable("none of the media types in the Accept header can carry this result")
        media_type = BY_NAME[fmt].media_type
        if result.kind == "ask":
            return Answer("ask", media_type, write_boolean(bool(result.boolean), media_type), 1, False)
        if result.kind == "select":
            rows, truncated = capped(result.rows, job.max_rows)
            cells = [[to_oxigraph(r[v]) if v in r else None for v in result.variables] for r in rows]
            body = write_solutions(result.variables, cells, media_type)
            return Answer("select", media_type, body, len(rows), truncated)
        triples, truncated = capped(result.triples, job.max_rows)
        converted = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                     for s, p, o in triples]
        return Answer("graph", media_type, write_triples(converted, media_type), len(triples), truncated)

    def close(self) -> None:
        return None


def snapshot(store: ox.Store) -> Path:
    """Copy an in-memory store into a new temporary folder the workers can open read-only."""
    folder = Path(tempfile.mkdtemp(prefix="policykg-sparql-"))
    copy = ox.Store(str(folder))
    copy.bulk_extend(store)
    copy.flush()
    del copy  # releases the RocksDB lock
    return folder


def start_executor(store: Store, *, workers: int = 2) -> Executor:
    """The executor for ``store``: worker processes for the embedded engine, a thread otherwise."""
    if isinstance(store, OxigraphStore):
        if store.path is None:
            return ProcessExecutor(store.raw, workers=workers)
        if not store.read_only:
            store.raw.flush()  # what was written reaches the files the read-only workers open
        return ProcessExecutor(store.path, workers=workers, prestart=True)
    return ThreadExecutor(store)
