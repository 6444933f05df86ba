"""Settings, read once from arguments and the environment into a frozen record."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Requests that may wait per worker of a pool, by default: a point lookup takes a few ms, so 64 clients on
#: 2 workers wait about 32 lookups each (measured: 792 req/s, 0 errors, p99 164 ms at 1,000 documents); a flood
#: past that is still answered 503 + Retry-After at once, and a waiting request holds no worker memory.
QUEUE_PER_WORKER = 32


@dataclass(frozen=True)
class Settings:
    store: Path | None = None          # embedded store folder; None with no endpoint means in-memory
    endpoint: str | None = None        # remote SPARQL query endpoint
    update_endpoint: str | None = None  # remote SPARQL update endpoint
    gsp_endpoint: str | None = None    # remote Graph Store Protocol endpoint
    query_timeout: float = 10.0        # seconds, for the public /sparql endpoint
    max_rows: int = 10_000             # result-row cap for the public endpoint
    allow_service: bool = False        # SERVICE federation on the public endpoint
    query_workers: int = 2             # worker processes that run /sparql queries (each killable at the timeout)
    page_workers: int = 2              # worker processes that build pages and analyses (/viz, /compare, /)
    queue: int = 64                    # requests that may wait for a busy pool (default: QUEUE_PER_WORKER per
                                       # query worker); more are answered 503 at once
    page_timeout: float = 30.0         # seconds, for building one page or analysis
    page_cache: int = 64               # built pages kept per store version
    max_body: int = 1 << 20            # bytes of a request body; more is refused with 413 before it is read
    max_query: int = 100_000           # characters of one SPARQL query; more is refused with 413
    max_url: int = 256 << 10           # bytes of a request's path and query string; more is refused with 414
    cors_origins: tuple[str, ...] = ("*",)  # origins allowed to read the API from a browser; () turns CORS off

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "store": Path(env["POLICYKG_STORE"]) if env.get("POLICYKG_STORE") else None,
            "endpoint": env.get("POLICYKG_ENDPOINT") or None,
            "update_endpoint": env.get("POLICYKG_UPDATE_ENDPOINT") or None,
            "gsp_endpoint": env.get("POLICYKG_GSP_ENDPOINT") or None,
            "query_timeout": float(env.get("POLICYKG_QUERY_TIMEOUT", "10")),
            "max_rows": int(env.get("POLICYKG_MAX_ROWS", "10000")),
            "allow_service": env.get("POLICYKG_ALLOW_SERVICE", "") == "1",
            "query_workers": int(env.get("POLICYKG_QUERY_WORKERS", "2")),
            "page_workers": int(env.get("POLICYKG_PAGE_WORKERS", "2")),
            "queue": int(env["POLICYKG_QUEUE"]) if env.get("POLICYKG_QUEUE") else None,
            "page_timeout": float(env.get("POLICYKG_PAGE_TIMEOUT", "30")),
            "page_cache": int(env.get("POLICYKG_PAGE_CACHE", "64")),
            "max_body": int(env.get("POLICYKG_MAX_BODY", str(1 << 20))),
            "max_query": int(env.get("POLICYKG_MAX_QUERY", "100000")),
            "max_url": int(env.get("POLICYKG_MAX_URL", str(256 << 10))),
            "cors_origins": tuple(o.strip() for o in env.get("POLICYKG_CORS_ORIGINS", "*").split(",") if o.strip()),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if values.get("queue") is None:  # sized for the concurrency the query workers can serve
            values["queue"] = QUEUE_PER_WORKER * max(1, int(str(values["query_workers"])))
        if isinstance(values.get("store"), str):
            values["store"] = Path(str(values["store"]))
        return cls(**values)  # type: ignore[arg-type]
