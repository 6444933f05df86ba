"""Compare what extraction yields on an unseen fixture with the facts written for it beforehand.

Each fixture (``tests/fixtures/unseen/NAME.txt``) has ``NAME.gold.json`` in the shape of ../shared/eval/GUIDE.md, plus
``goal_owners`` (owners of goals stated outside tasks, by a duty). Matching follows ../shared/eval/score.py: a goal
matches on value, on year where the facts give one, and on an indicator label at least 0.4 alike (character
bigrams); agency names match at 0.95 (equal, or one inside the other).

Run as a script for a per-category table: ``python -m policykg.scoring.goals FILE...``.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.ingest.pipeline import extract_file
from policykg.ingest.records import Extraction, Goal

CATEGORIES = ("goals", "goals.comparator", "goals.owner", "tasks", "tasks.lead", "tasks.support", "agencies", "duties")
COMPARATORS = {">=": "AtLeast", ">": "MoreThan", "<=": "AtMost", "<": "LessThan", "=": "Exactly"}


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace() and ch not in "《》“”\"'「」")


def similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.9
    x = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    y = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(x & y) / (len(x) + len(y))


@dataclass
class Tally:
    matched_pred: int = 0
    pred: int = 0
    matched_gold: int = 0
    gold: int = 0

    def add(self, mp: int, n_pred: int, mg: int, n_gold: int) -> None:
        self.matched_pred += mp
        self.pred += n_pred
        self.matched_gold += mg
        self.gold += n_gold

    @property
    def precision(self) -> float:
        return self.matched_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, category: str, width: int = 18) -> str:
        """One report line: precision, recall, F1 and the counts behind them."""
        return (f"  {category:<{width}}P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"({self.matched_pred}/{self.pred}, {self.matched_gold}/{self.gold})")


def load(path: Path) -> tuple[Extraction, dict[str, Any], str]:
    ex = extract_file(path)
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    return ex, gold, ex.source.text


def names_match(gold: list[str], pred: list[set[str]]) -> tuple[int, int]:
    """(matched predictions, matched gold names); one prediction may carry several names (its aliases)."""
    hits = [[any(similar(g, label) >= 0.95 for label in labels) for labels in pred] for g in gold]
    return sum(any(row[p] for row in hits) for p in range(len(pred))), sum(any(row) for row in hits)


def goal_pairs(gold: list[dict[str, Any]], pred: list[Goal]) -> dict[int, int]:
    """Gold index → prediction index, greedy by label similarity among equal values (and years where given)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if p.value is None or abs(p.value - float(g["value"])) > 1e-6 * max(1.0, abs(p.value)):
                continue
            if g.get("year") and p.year != g["year"]:
                continue
            s = similar(g["indicator"], p.indicator)
            if s >= 0.4:
                pairs.append((s, gi, pi))
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g[gi] = pi
            used_p.add(pi)
    return used_g


def _dedup_goals(goals: list[Goal]) -> list[Goal]:
    seen: dict[tuple[str, float | None, int | None], Goal] = {}
    for g in goals:
        if g.value is not None:
            seen.setdefault((norm(g.indicator), g.value, g.year), g)
    return list(seen.values())


def task_owner_spans(gold: dict[str, Any], text: str) -> list[tuple[int, int, list[str]]]:
    spans, cursor = [], 0
    for task in gold["tasks"]:
        begin = text.find(task["text_start"], cursor)
        if begin < 0:
            continue
        words = ("责任单位", "牵头单位", "牵头", "负责)", "负责）")
        marks = [at for at in (text.find(w, begin) for w in words) if at > 0]
        spans.append((begin, min(marks) if marks else len(text), task["lead"]))
        cursor = begin + 1
    return spans


def compare(ex: Extraction, gold: dict[str, Any], text: str) -> tuple[dict[str, Tally], dict[str, list[Any]]]:
    """Per-category tallies for one document, and what was missed or spurious."""
    tally = {c: Tally() for c in CATEGORIES}
    detail: dict[str, list[Any]] = {"missed goals": [], "spurious goals": [], "tasks": [], "agencies missed": [],
                                    "agencies spurious": [], "owners": [], "comparators": [], "duties missed": []}
    gold_goals: dict[tuple[str, float, Any], dict[str, Any]] = {}
    for g in gold["goals"]:
        gold_goals.setdefault((norm(g["indicator"]), float(g["value"]), g.get("year")), g)
    ggoals = list(gold_goals.values())
    pgoals = _dedup_goals(list(ex.goals))
    pairs = goal_pairs(ggoals, pgoals)
    tally["goals"].add(len(pairs), len(pgoals), len(pairs), len(ggoals))
    detail["missed goals"] = [g["quote"] for gi, g in enumerate(ggoals) if gi not in pairs]
    used = set(pairs.values())
    detail["spurious goals"] = [(p.indicator, p.value, p.unit, p.year, p.evidence.quote)
                                for pi, p in enumerate(pgoals) if pi not in used]
    for gi, pi in pairs.items():
        want = COMPARATORS[ggoals[gi]["comparator"]]
        ok = pgoals[pi].comparator == want or (want == "Exactly" and ggoals[gi].get("value_max") is not None)
        tally["goals.comparator"].add(int(ok), 1, int(ok), 1)
        if not ok:
            detail["comparators"].append((ggoals[gi]["quote"], want, pgoals[pi].comparator))
    # Owners: goals stated inside a task belong to its leads; goal_owners name those owned by a duty.
    spans = task_owner_spans(gold, text)
    owned: list[tuple[dict[str, Any], list[str]]] = []
    for g in ggoals:
        at = text.find(g["quote"])
        while at >= 0:
            inside = [lead for a, b, lead in spans if a <= at < b]
            if inside:
                owned.append((g, inside[-1]))
                break
            at = text.find(g["quote"], at + 1)
    by_quote = {o["quote"]: o["owners"] for o in gold.get("goal_owners", [])}
    owned += [(g, by_quote[g["quote"]]) for g in ggoals if g["quote"] in by_quote]
    index = {id(g): gi for gi, g in enumerate(ggoals)}
    for g, names in owned:
        gi = index[id(g)]
        owners = [{o} for o in pgoals[pairs[gi]].owners] if gi in pairs else []
        mp, mg = names_match(names, owners)
        tally["goals.owner"].add(mp, len(owners), mg, len(names))
        if mp < len(owners) or mg < len(names):
            detail["owners"].append((g["quote"], names, [sorted(o) for o in owners]))
    # Tasks: numbers, then lead and support units per task.
    pred_tasks = {norm(t.number): t for t in ex.tasks}
    gold_numbers = {norm(t["number"]) for t in gold["tasks"]}
    found = gold_numbers & set(pred_tasks)
    tally["tasks"].add(len(found), len(pred_tasks), len(found), len(gold_numbers))
    for task in gold["tasks"]:
        got = pred_tasks.get(norm(task["number"]))
        for role in ("lead", "support"):
            names = task[role]
            units = [{u} for u in (getattr(got, role) if got else ())]
            mp, mg = names_match(names, units)
            tally[f"tasks.{role}"].add(mp, len(units), mg, len(names))
            if mp < len(units) or mg < len(names):
                detail["tasks"].append((task["number"], role, names, [sorted(u) for u in units]))
    for number in set(pred_tasks) - gold_numbers:
        t = pred_tasks[number]
        tally["tasks.lead"].add(0, len(t.lead), 0, 0)
        tally["tasks.support"].add(0, len(t.support), 0, 0)
        detail["tasks"].append((t.number, "unexpected", t.lead, t.support))
    # Agencies: every body named; a node matches by its full name or any surface form.
    nodes = [{a.full_name, *a.surfaces} for a in ex.agencies]
    mp, mg = names_match(gold["agencies"], nodes)
    tally["agencies"].add(mp, len(nodes), mg, len(gold["agencies"]))
    detail["agencies missed"] = [n for n in gold["agencies"]
                                 if not any(similar(n, s) >= 0.95 for ns in nodes for s in ns)]
    detail["agencies spurious"] = [sorted(ns) for ns in nodes
                                   if not any(similar(n, s) >= 0.95 for n in gold["agencies"] for s in ns)]
    # Duties: the agency and a quote overlapping the stated one.
    duties = [(d.agency, d.evidence.quote) for d in ex.duties]
    hit_pred: set[int] = set()
    hits = 0
    for d in gold["agency_duties"]:
        match = next((i for i, (agency, quote) in enumerate(duties) if similar(d["agency"], agency) >= 0.95
                      and (d["quote"] in quote or quote in d["quote"]) and i not in hit_pred), None)
        if match is None:
            detail["duties missed"].append((d["agency"], d["quote"]))
        else:
            hit_pred.add(match)
            hits += 1
    tally["duties"].add(len(hit_pred), len(duties), hits, len(gold["agency_duties"]))
    return tally, detail


def report(paths: list[Path]) -> str:
    total = {c: Tally() for c in CATEGORIES}
    lines = []
    for path in paths:
        ex, gold, text = load(path)
        tally, detail = compare(ex, gold, text)
        lines.append(f"# {path.name}")
        for cat, t in tally.items():
            total[cat].add(t.matched_pred, t.pred, t.matched_gold, t.gold)
            lines.append(t.line(cat))
        for key, items in detail.items():
            for item in items:
                lines.append(f"  - {key}: {item}")
    lines.append("# all fixtures")
    for cat, t in total.items():
        lines.append(t.line(cat))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report([Path(p) for p in sys.argv[1:]]))
