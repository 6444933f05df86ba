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
  query through the store in a thread with the deadline as the HTTP request's own timeout, so at the
  deadline the connection is closed and the remote server's request is abandoned.

Admission is bounded: :func:`submit` (on the event loop) takes a place among ``workers + queue`` at once or
answers :class:`Overloaded` (503 with ``Retry-After``) at once; nothing queues without bound. The same
pools build the CPU-bound pages (:class:`~.worker.CallJob`), so nothing heavy runs in the server process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol, TypeVar

import pyoxigraph as ox

from policykg.errors import (
    BadParameter,
    NotAcceptable,
    NotFound,
    PolicyKGError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    StoreError,
)
from policykg.formats import BY_NAME
from policykg.remote import RemoteStore
from policykg.store import OxigraphStore, Store, folder_signature, to_oxigraph

from .answer import Answer, capped, write_boolean, write_solutions, write_triples
from .guard import screen
from .worker import WORKER_MAIN, CallJob, QueryJob, Rendered, call

RETRY_AFTER_S = 2  # what a 503 from a full pool tells the client to wait


class Overloaded(StoreError):
    """Every worker is busy and the queue is full: try again shortly (503, ``Retry-After``)."""

    code = "overloaded"


class Executor(Protocol):
    size: int
    queue: int

    def run(self, job: QueryJob) -> Answer: ...

    def call(self, job: CallJob) -> Rendered: ...

    def admit(self) -> None: ...

    def done(self) -> None: ...

    def version(self) -> object: ...

    def close(self) -> None: ...


class _Admission:
    """At most ``size + queue`` jobs admitted at once; the rest are refused at once, never queued."""

    def __init__(self, size: int, queue: int) -> None:
        self.size, self.queue = size, max(0, queue)
        self._pending = 0
        self._admission = threading.Lock()

    def admit(self) -> None:
        with self._admission:
            if self._pending >= self.size + self.queue:
                raise Overloaded(f"all {self.size} workers are busy and {self.queue} requests are waiting; "
                                 f"try again in {RETRY_AFTER_S} s",
                                 detail={"workers": self.size, "queue": self.queue, "retry_after_s": RETRY_AFTER_S})
            self._pending += 1

    def done(self) -> None:
        with self._admission:
            self._pending = max(0, self._pending - 1)


async def submit(executor: Executor, job: QueryJob | CallJob) -> Answer | Rendered:
    """Run ``job`` from the event loop: admitted at once or refused at once (:class:`Overloaded`), then
    waited for in a thread (the loop stays free)."""
    from starlette.concurrency import run_in_threadpool

    executor.admit()
    try:
        if isinstance(job, CallJob):
            return await run_in_threadpool(executor.call, job)
        return await run_in_threadpool(executor.run, job)
    finally:
        executor.done()


_ERRORS: dict[str, type[PolicyKGError]] = {cls.__name__: cls for cls in (
    PolicyKGError, QuerySyntaxError, StoreError, NotAcceptable, QueryTimeout, QueryRefused, NotFound, BadParameter)}


T = TypeVar("T")
STARTUP_S = 30.0  # a worker that has not said "ready" by then is not coming


class _WorkerDied(Exception):
    """The worker process ended without answering."""


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    jobs: Connection
    answers: Connection
    isolated: bool = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.jobs.close()
        self.answers.close()


class ProcessExecutor(_Admission):
    """A pool of query worker processes over one store folder, opened read-only.

    ``source`` is the folder, or an in-memory pyoxigraph store to copy into a temporary folder at the
    first query. Workers start on demand, up to ``workers`` (all at once with ``prestart``); with
    ``isolate`` they have no network (see :func:`.worker.isolate_network`).
    """

    def __init__(self, source: Path | ox.Store | ProcessExecutor, *, workers: int = 2, prestart: bool = False,
                 queue: int = 8, isolate: bool = True) -> None:
        super().__init__(max(1, workers), queue)
        self._follow = source if isinstance(source, ProcessExecutor) else None  # share its folder (and copy)
        own: Path | ox.Store = source.source if isinstance(source, ProcessExecutor) else source
        self._source: Path | ox.Store = own
        self.path: Path | None = own if isinstance(own, Path) else None
        self.isolate = isolate
        self.isolated: bool | None = None  # what the last worker started said: None before any
        self._idle: list[_Worker] = []
        self._live = 0
        self._closed = False
        self._copies: list[Path] = []  # earlier copies of an in-memory source, removed at close
        self._lock = threading.Condition()
        if prestart and self.path is not None:
            self._idle = [self._spawn() for _ in range(self.size)]
            self._live = self.size

    @property
    def source(self) -> Path | ox.Store:
        return self._source

    def _folder(self) -> Path:
        """The folder the workers open; an in-memory source is copied on first use (hold the lock)."""
        if self._follow is not None:
            with self._follow._lock:
                folder = self._follow._folder()
            if folder != self.path:  # the followed pool took a new copy: these workers are stale
                stale, self._idle = self._idle, []
                self._live -= len(stale)
                for worker in stale:
                    worker.kill()
                self.path = folder
            return folder
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
                                        str(self._folder()), "1" if self.isolate else "0"],
                                       pass_fds=(jobs_r, answers_w), stdin=subprocess.DEVNULL)
        except BaseException:
            for fd in (jobs_w, answers_r):
                os.close(fd)
            raise
        finally:
            os.close(jobs_r)
            os.close(answers_w)
        worker = _Worker(process, Connection(jobs_w, readable=False), Connection(answers_r, writable=False))
        try:
            if not worker.answers.poll(STARTUP_S):
                raise StoreError(f"a query worker did not start within {STARTUP_S:g} s")
            kind, about = worker.answers.recv()
        except (EOFError, OSError):
            worker.kill()
            raise StoreError("a query worker stopped while starting (could it open the store?)") from None
        except BaseException:
            worker.kill()
            raise
        worker.isolated = bool(kind == "ready" and about.get("isolated"))
        self.isolated = worker.isolated
        return worker

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

    def version(self) -> object:
        """Changes whenever what the workers read changes: the folder and its files (a page-cache key)."""
        with self._lock:
            folder = self._folder()
        return (str(folder), folder_signature(folder))

    def call(self, job: CallJob) -> Rendered:
        """Build a page in a worker (see :meth:`run`)."""
        out = self.run(job)  # type: ignore[arg-type]
        assert isinstance(out, Rendered)
        return out

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

    def _run_once(self, job: QueryJob | CallJob, deadline: float) -> Answer:
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
            assert isinstance(payload, Answer | Rendered)
            return payload  # type: ignore[return-value]
        name, message, detail = payload  # type: ignore[misc]
        raise _ERRORS.get(name, StoreError)(message, detail=detail)

    def refresh(self) -> None:
        """Let the next queries see the store as it is now: replace the idle workers and, for an
        in-memory store, take a new copy (the old one is removed at :meth:`close`)."""
        with self._lock:
            stale, self._idle = self._idle, []
            self._live -= len(stale)
            if isinstance(self._source, ox.Store) and self.path is not None and self._follow is None:
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
        if isinstance(self._source, ox.Store) and self._follow is None:
            for copy in [*self._copies, *([self.path] if self.path else [])]:
                shutil.rmtree(copy, ignore_errors=True)


class ThreadExecutor(_Admission):
    """For stores that are not the embedded engine: run through the store, wait until the deadline."""

    def __init__(self, store: Store, *, workers: int = 2, queue: int = 8) -> None:
        super().__init__(max(1, workers), queue)
        self.store = store

    def version(self) -> object:
        return None  # a remote store changes without telling: nothing is cached

    def call(self, job: CallJob) -> Rendered:
        return self._in_thread(lambda: call(self.store, job), job.timeout)

    def run(self, job: QueryJob) -> Answer:
        if job.has_dataset:
            raise PolicyKGError("default-graph-uri / named-graph-uri are not supported with a remote engine; "
                                "use FROM and FROM NAMED in the query")
        return self._in_thread(lambda: self._answer(job), job.timeout)

    def _in_thread(self, work: Callable[[], T], timeout: float) -> T:
        outcome: list[T | BaseException] = []

        def target() -> None:
            try:
                outcome.append(work())
            except BaseException as exc:
                outcome.append(exc)

        thread = threading.Thread(target=target, daemon=True, name="policykg-remote-query")
        thread.start()
        thread.join(timeout)
        if not outcome:
            raise QueryTimeout(f"the query ran past the {timeout:g} s time limit",
                               detail={"timeout_s": timeout})
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def _answer(self, job: QueryJob) -> Answer:
        screen(job.query, allow_service=job.allow_service, max_depth=job.max_depth)
        if isinstance(self.store, RemoteStore):  # the connection closes just past the deadline: the request ends
            result = self.store.query(job.query, timeout=job.timeout + 1)
        else:
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
            body = write_solutions(result.variables, cells, media_type, cap=job.max_rows if truncated else None)
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


def start_executor(store: Store, *, workers: int = 2, queue: int = 8, isolate: bool = True,
                   prestart: bool = True, follow: Executor | None = None) -> Executor:
    """The executor for ``store``: worker processes for the embedded engine, a thread otherwise. With
    ``follow`` (another pool over the same store), the new pool's workers open the same folder."""
    if isinstance(follow, ProcessExecutor):
        return ProcessExecutor(follow, workers=workers, queue=queue, isolate=isolate, prestart=prestart)
    if isinstance(store, OxigraphStore):
        if store.path is None:
            return ProcessExecutor(store.raw, workers=workers, queue=queue, isolate=isolate)
        if not store.read_only:
            store.raw.flush()  # what was written reaches the files the read-only workers open
        return ProcessExecutor(store.path, workers=workers, prestart=prestart, queue=queue, isolate=isolate)
    return ThreadExecutor(store, workers=workers, queue=queue)
