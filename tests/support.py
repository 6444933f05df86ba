"""Paths and helpers shared by the tests (import as `from support import ...`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpus" / "demo"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "gold"
SCORE = SHARED / "eval" / "score.py"
FIXTURES = ROOT / "tests" / "fixtures"
#: Held-out documents with hand-written facts: goals, tasks, agencies and duties (policykg.scoring.goals) ...
UNSEEN = FIXTURES / "unseen"
UNSEEN_FILES = sorted(UNSEEN.glob("*.txt"))
#: ... and metadata and named entities (policykg.scoring.entities).
ENTITY_FILES = sorted([*UNSEEN.glob("*.txt"), *(FIXTURES / "unseen_entities").glob("*.txt"),
                       *(FIXTURES / "unseen_entities").glob("*.html")])
W3C = SHARED / "w3c-rdf-tests"
SEED_FILES = sorted(DEMO.glob("*.txt"))
BIN = Path(sys.executable).parent

#: How to find each system part: the commands it provides.
SYSTEM_PARTS: dict[str, tuple[str, ...]] = {
    "chromium": ("chromium",),
    "oxigraph-server": ("oxigraph",),
    "virtuoso": ("virtuoso-t", "isql-vt"),
}
MISSING = "missing system part"


def part_available(part: str) -> bool:
    return all(shutil.which(c) or (BIN / c).exists() for c in SYSTEM_PARTS[part])


def seed(prefix: str) -> Path:
    """The demo-corpus file whose name starts with ``prefix`` (e.g. "003")."""
    return next(p for p in SEED_FILES if p.name.startswith(prefix))


def doc_id(path: Path) -> str:
    """The id a file gets when it is ingested (its stem and a hash of its folder and file name)."""
    from policykg.iris import document_id

    return document_id(path.name, path.parent.name)


def sample_params(store: Any, q: Any) -> dict[str, str]:
    """A real value for each required parameter, taken from the graph (or a harmless IRI)."""
    from policykg.namespaces import PK, PKR

    picks = {"agencyType": "?s pk:agencyType ?x", "indicator": "?s pk:indicator ?x", "node": "?x pk:evidence ?e",
             "agency": "?x a pk:Agency"}
    out = {}
    for p in q.params:
        if p.required:
            found = store.query(f"PREFIX pk: <{PK}> SELECT ?x WHERE {{ {picks[p.name]} }} ORDER BY ?x LIMIT 1")
            out[p.name] = str(found.rows[0]["x"]) if found.rows else f"{PKR}none"
    return out
