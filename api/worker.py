"""The query worker process: it opens the store read-only, runs one job at a time, and answers.

Started by :class:`policykg.api.executor.ProcessExecutor` as a fresh interpreter
(``python -c WORKER_MAIN JOBS_FD ANSWERS_FD STORE_FOLDER``), never forked from the threaded server. It
talks over two pipes: pickled :class:`QueryJob` in, ``("ok", Answer)`` or ``("error", (class, message,
detail))`` out. It imports only pyoxigraph and the small core modules, so it starts in about 0.1 s.
"""

from __future__ import annotations

import re
import signal
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from policykg.errors import PolicyKGError, QuerySyntaxError, StoreError
from policykg.store import folder_signature, open_read_only

from .answer import Answer, answer

GRACE = 2.0  # seconds past the deadline at which a worker's own alarm ends it
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
    own_dataset: bool = False             # the query has FROM / FROM NAMED: no union default graph then

    @property
    def has_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


def syntax_error(message: str) -> QuerySyntaxError:
    """A 400 that names the parser's error and where it is (``error at LINE:COLUMN: ...``)."""
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

def serve_jobs() -> None:
    """The worker process's main: ``python -c ... JOBS_FD ANSWERS_FD STORE_FOLDER``. Serves until EOF."""
    jobs_fd, answers_fd, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    jobs, answers = Connection(jobs_fd, writable=False), Connection(answers_fd, readable=False)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the backstop alarm terminates the process
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C in the server's terminal is the server's
    folder = Path(path)
    store, seen = open_read_only(folder), folder_signature(folder)
    while True:
        try:
            job: QueryJob = jobs.recv()
        except (EOFError, OSError):
            return
        signal.setitimer(signal.ITIMER_REAL, job.timeout + GRACE)
        try:
            now = folder_signature(folder)
            if now != seen:
                store, seen = open_read_only(folder), now
            try:
                answer_ = evaluate(store, job)
            except (StoreError, _EngineError):
                # A file went away under this read-only view (the server's writer compacted the store,
                # as RocksDB does just after opening it): reopen the store as it is now, and try again.
                store, seen = open_read_only(folder), folder_signature(folder)
                answer_ = evaluate(store, job)
            reply: tuple[str, object] = ("ok", answer_)
        except PolicyKGError as exc:
            reply = ("error", (type(exc).__name__, exc.message, exc.detail))
        except Exception as exc:  # any engine failure goes back to the caller as a 503
            reply = ("error", ("StoreError", f"the store could not answer: {exc}", {}))
        signal.setitimer(signal.ITIMER_REAL, 0)
        answers.send(reply)
