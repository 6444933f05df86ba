"""The distribution: one import root, mapped subpackages, typed, with its data files."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from support import DEMO, SEEDS


@pytest.mark.parametrize("name", ["policykg.ingest", "policykg.api", "policykg.viz", "policykg.analysis",
                                  "policykg.ontology", "policykg.store", "policykg.namespaces", "policykg.settings",
                                  "policykg.cli"])
def test_subpackages_import_under_one_root(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__name__.startswith("policykg")


def test_no_generic_top_level_packages(tmp_path: Path) -> None:
    # Run from an empty folder, so that only what is installed can be imported.
    names = "('api', 'ingest', 'viz', 'analysis', 'ontology')"
    code = f"import importlib.util as u; print([n for n in {names} if u.find_spec(n)])"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_py_typed_ships() -> None:
    import policykg

    assert (Path(policykg.__file__).parent / "py.typed").exists()


def test_demo_corpus_is_byte_identical_to_the_seeds() -> None:
    if not SEEDS.exists():
        pytest.skip("../shared/corpus/seeds is not beside this checkout")
    for seed in sorted(SEEDS.glob("*.txt")):
        assert (DEMO / seed.name).read_bytes() == seed.read_bytes(), seed.name
    assert (DEMO / "SOURCES.md").exists()
