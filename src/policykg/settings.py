"""Settings, read once from arguments and the environment into a frozen record."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(values.get("store"), str):
            values["store"] = Path(str(values["store"]))
        return cls(**values)  # type: ignore[arg-type]
