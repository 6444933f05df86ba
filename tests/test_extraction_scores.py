"""The extraction quality floor: the seeds, exported and scored by ../shared/eval/score.py.

Fails when any category's F1 drops below 0.90, or when a single evidence quote is not verbatim at its offsets.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policykg.store import OxigraphStore

from support import GOLD, SCORE, SEEDS

FLOOR = 0.90
CATEGORIES = ("goals", "goals.owner", "tasks.lead", "tasks.support", "agencies")


def table(data: Path) -> tuple[dict[str, tuple[float, float, float]], str]:
    out = subprocess.run([sys.executable, str(SCORE), "--data", str(data), "--gold", str(GOLD), "--corpus", str(SEEDS)],
                         capture_output=True, text=True, check=True, timeout=300)
    rows: dict[str, tuple[float, float, float]] = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0][0].isalpha() and parts[1].replace(".", "").isdigit():
            rows[parts[0]] = (float(parts[1]), float(parts[2]), float(parts[3]))
        if line.startswith("evidence quotes exact"):
            rows["evidence"] = (float(parts[3]), 0.0, 0.0)
    return rows, out.stdout


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval is not beside this checkout")
def test_every_category_scores_at_least_the_floor(tmp_path: Path, seed_store: OxigraphStore) -> None:
    data = tmp_path / "seeds.nq"
    data.write_bytes(seed_store.dump("nquads"))
    rows, report = table(data)
    assert set(CATEGORIES) <= set(rows), report
    low = {name: f1 for name, (_, _, f1) in rows.items() if name != "evidence" and f1 < FLOOR}
    assert not low, f"F1 below {FLOOR}: {low}\n{report}"
    assert rows["evidence"][0] == 1.0, report
