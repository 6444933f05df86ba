"""Run endpoint queries in worker processes that can be killed at the deadline.

pyoxigraph's ``Store.query`` has no timeout and no cancel, and a running query cannot be stopped from
another thread. So the endpoint never runs a query in the server process: a small pool of worker
processes (:mod:`.worker`) opens the store read-only (``Store.read_only``), each runs one query at a
time, and a worker still busy at the deadline is killed (SIGKILL) and replaced. The other workers go on
answering. Each worker also arms ``SIGALRM`` with its default action (terminate) a little past the
deadline, so it ends itself even if the server that started it is gone.

* A store on disk: workers open that folder read-only. They reopen it when its files change, so they
  see what was ingested after they started.
* An in-memory store (tests, ``policykg serve`` without ``--store``): at the first query it is copied
  into a temporary folder that the workers open read-only. Later writes to the in-memory store are not
  seen by ``/sparql`` until :meth:`ProcessExecutor.refresh` takes a new copy.
* Any other :class:`~policykg.store.Store` (a remote SPARQL server): :class:`ThreadExecutor` runs the
  query through the store in a thread and stops waiting at the deadline; the remote server enforces
  its own limits, and the request it was sent cannot be taken back.
"""

from __future__ import annotations

import os
import shutil
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

from .answer import Answer, capped, write_boolean, write_solutions, write_triples
from .worker import WORKER_MAIN, QueryJob


class Executor(Protocol):
    def run(self, job: QueryJob) -> Answer: ...

    def close(self) -> None: ...


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
        self._copies: list[Path] = []  # earlier copies of an in-memory source, removed at close
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
        """Let the next queries see the store as it is now: replace the idle workers and, for an
        in-memory store, take a new copy (the old one is removed at :meth:`close`)."""
        with self._lock:
            stale, self._idle = self._idle, []
            self._live -= len(stale)
            if isinstance(self._source, ox.Store) and self.path is not None:
                self._copies.append(self.path)
                self.path = None
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
        if isinstance(self._source, ox.Store):
            for copy in [*self._copies, *([self.path] if self.path else [])]:
                shutil.rmtree(copy, ignore_errors=True)


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
