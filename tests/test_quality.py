"""The quality check (issue 10): 0 suspicious facts on the seeds; each check fires on what it names."""

from __future__ import annotations

import pytest

from policykg.ingest.pipeline import ingest_paths
from policykg.quality import FRAGMENT, counts, review
from policykg.store import OxigraphStore


def test_no_suspicious_facts_on_the_seeds(seed_store: OxigraphStore) -> None:
    flags = review(seed_store)
    assert flags == [], flags[:5]
    assert counts(flags) == {"agency-label": 0, "agency-type": 0, "goal-year": 0, "task-lead": 0}


@pytest.mark.parametrize(("label", "suspicious"), [
    ("市市场监管局", False), ("市住房和城乡建设局", False), ("各县(市、区)人民政府", False),
    ("市工信局(牵头)", True), ("推进质量提升的市质监局", True), ("2025年市质监局", True), ("市质监局,市商务局", True),
])
def test_agency_labels(label: str, suspicious: bool) -> None:
    assert bool(FRAGMENT.search(label)) is suspicious


def test_a_plan_with_a_period_flags_goals_without_a_year(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "plan.txt"
    path.write_text("某某市质量提升行动方案(2023—2025年)\n一、主要目标\n制造业产品质量合格率达到95%。\n"
                    "每年新增注册商标1000件。\n", encoding="utf-8")
    store = OxigraphStore()
    assert all(r.ok for r in ingest_paths(store, [path]))
    flagged = [f for f in review(store) if f.check == "goal-year"]
    assert [f.label for f in flagged] == ["制造业产品质量合格率"]          # 每年… is set for every year
