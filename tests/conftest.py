"""Shared fixtures, and the one pattern for tests that need a system part.

Mark such a test ``@pytest.mark.system("chromium")`` (or "oxigraph-server", "virtuoso"). Without the part
it is skipped with the reason named; under CI (CI=true) any such skip fails the run, because
``scripts/setup-system.sh`` must have installed everything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from policykg.ingest.pipeline import ingest_paths
from policykg.store import OxigraphStore

from support import MISSING, SEED_FILES, part_available


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "system(part): needs a system part installed by scripts/setup-system.sh")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("system"):
        for part in marker.args:
            if not part_available(part):
                pytest.skip(f"{MISSING} {part!r}: run `make system` (scripts/setup-system.sh)")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    missing = [r for r in skipped if MISSING in str(getattr(r, "longrepr", ""))]
    if missing:
        print(f"\nCI: {len(missing)} test(s) skipped for a missing system part; CI must install every part")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def seed_store() -> Iterator[OxigraphStore]:
    """The four seed documents ingested into an in-memory store, once per session. Read-only use."""
    store = OxigraphStore()
    reports = ingest_paths(store, SEED_FILES)
    assert all(r.ok for r in reports), [r.error for r in reports if not r.ok]
    return store


@pytest.fixture
def memory_store() -> OxigraphStore:
    return OxigraphStore()
