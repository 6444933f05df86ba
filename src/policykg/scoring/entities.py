"""Compare document metadata and named entities extracted from unseen documents with the facts written for them.

Fixtures are ``tests/fixtures/unseen/*.txt`` (H7's, whose gold also holds metadata and entities) and
``tests/fixtures/unseen_entities/*`` (.txt and .html, written for this scorer), each with ``NAME.gold.json`` in
the shape of ../shared/eval/GUIDE.md; seed paths take their facts from a gold folder (../shared/eval/gold).

Matching follows ../shared/eval/score.py: a named node carries every label the graph gives it (its vocabulary
concept's labels, the surface forms), and matches a gold name at 0.9 (award programmes) or 0.8 (industries,
designations, cited documents) character-bigram similarity, a name inside a longer label counting 0.9; a node
may match several gold names. The ``.exact`` rows ask for the name itself among a node's labels, so "推动现代物流"
for 现代物流 counts there as a miss and a spurious node. Metadata fields are scored as score.py does (title at
least 0.8 alike, the rest equal), plus the issue date at full precision, the issuers, the document type and the
plan's level. Stated rewards are scored per gold award that names one.

Run as a script for a per-category table and what was missed: ``python -m policykg.scoring.entities FILE...``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from policykg.ingest.emit.named import named_node
from policykg.ingest.link.vocabulary import packaged
from policykg.ingest.pipeline import extract_file
from policykg.ingest.records import Extraction

from .goals import Tally, norm, similar

META = ("metadata.title", "metadata.city", "metadata.province", "metadata.year", "metadata.doc_number",
        "metadata.issued", "metadata.issuers", "metadata.doc_type", "metadata.level")
NAMED = {"award_programs": ("award", 0.9), "industries": ("industry", 0.8), "designations": ("designation", 0.8),
         "cited_documents": ("citation", 0.8)}
CATEGORIES = (*META, *NAMED, *(f"{c}.exact" for c in NAMED), "award_programs.reward")


def load(path: Path, gold_dir: Path | None = None) -> tuple[Extraction, dict[str, Any]]:
    """One document and its facts: NAME.gold.json beside it, else in ``gold_dir`` (../shared/eval/gold for the
    seeds)."""
    name = path.name.rsplit(".", 1)[0] + ".gold.json"
    beside = path.with_name(name)
    where = beside if beside.exists() or gold_dir is None else gold_dir / name
    gold = json.loads(where.read_text(encoding="utf-8"))
    return extract_file(path), gold


def nodes(ex: Extraction, kind: str) -> list[set[str]]:
    """The labels of each node of one kind, as the graph would hold them."""
    vocab = packaged()
    concepts = {str(c.iri): c for c in (*vocab.awards, *vocab.designations, *vocab.industries)}
    labels: dict[str, set[str]] = defaultdict(set)
    for m in ex.mentions:
        if m.kind != kind:
            continue
        node = labels[str(named_node(m))]
        concept = concepts.get(m.attr("concept") or "")
        node.update(concept.labels if concept else ())
        if not (kind == "citation" and m.attr("untitled")):
            node.add(m.surface)
        node.update(v for v in (m.attr("label"), m.attr("number")) if v)
    return list(labels.values())


def match(gold: list[str], pred: list[set[str]], threshold: float) -> tuple[int, int, list[str], list[set[str]]]:
    """(matched predictions, matched gold names, missed names, spurious nodes); a node may match several names."""
    hits = [[max((similar(g, label) for label in labels), default=0.0) >= threshold for labels in pred] for g in gold]
    missed = [g for g, row in zip(gold, hits, strict=True) if not any(row)]
    spurious = [labels for pi, labels in enumerate(pred) if not any(row[pi] for row in hits)]
    return len(pred) - len(spurious), len(gold) - len(missed), missed, spurious


def _issuers_match(ex: Extraction, want: list[str]) -> bool:
    """Each issuer as written or by the full name of its agency node (市政府 → 许昌市人民政府), as the graph has it;
    names match as agencies do in score.py (equal, or one inside the other)."""
    full = {i: {i, *(a.full_name for a in ex.agencies if i in a.surfaces or i == a.full_name)} for i in ex.meta.issuers}
    return len(want) == len(full) and all(any(similar(w, n) >= 0.9 for names in full.values() for n in names)
                                          for w in want)


def _meta_checks(ex: Extraction, gold: dict[str, Any]) -> dict[str, tuple[Any, Any, bool]]:
    want, got = gold["metadata"], ex.meta
    issued = got.issued or ""
    return {
        "title": (want.get("title"), got.title, bool(got.title and similar(want.get("title") or "", got.title) >= 0.8)),
        "city": (want.get("city"), got.city, norm(want.get("city")) == norm(got.city)),
        "province": (want.get("province"), got.province, norm(want.get("province")) == norm(got.province)),
        "year": (str(want["issued"])[:4] if want.get("issued") else None, issued[:4] or None,
                 str(want.get("issued"))[:4] == issued[:4]),
        "doc_number": (want.get("doc_number"), got.doc_number, norm(want.get("doc_number")) == norm(got.doc_number)),
        "issued": (want.get("issued"), got.issued, want.get("issued") == got.issued),
        "issuers": (want.get("issuers") or None, list(got.issuers), _issuers_match(ex, want.get("issuers") or [])),
        "doc_type": (want.get("doc_type"), got.doc_type, want.get("doc_type") == got.doc_type),
        "level": (want.get("level"), got.level, want.get("level") == got.level),
    }


def compare(ex: Extraction, gold: dict[str, Any]) -> tuple[dict[str, Tally], list[str]]:
    tally = {c: Tally() for c in CATEGORIES}
    problems: list[str] = []
    for key, (want, got, ok) in _meta_checks(ex, gold).items():
        if want is None:  # the facts leave this field open: not scored (as score.py)
            continue
        wrong = int(bool(got) and not ok)
        tally[f"metadata.{key}"].add(int(ok), int(ok) + wrong, int(ok), 1)
        if not ok:
            problems.append(f"metadata.{key}: want {want!r}, got {got!r}")
    for category, (kind, threshold) in NAMED.items():
        names = [a["name"] for a in gold[category]] if category == "award_programs" else list(gold.get(category, []))
        pred = nodes(ex, kind)
        mp, mg, missed, spurious = match(names, pred, threshold)
        tally[category].add(mp, len(pred), mg, len(names))
        problems += [f"{category} missed: {n}" for n in missed]
        problems += [f"{category} spurious: {sorted(labels)}" for labels in spurious]
        mp, mg, missed, spurious = match(names, pred, 1.0)  # the name exactly, not merely inside a longer one
        tally[f"{category}.exact"].add(mp, len(pred), mg, len(names))
        problems += [f"{category}.exact missed: {n}" for n in missed]
        problems += [f"{category}.exact spurious: {sorted(labels)}" for labels in spurious]
    award_nodes = nodes(ex, "award")
    for award in gold["award_programs"]:
        if award.get("reward_wan_yuan") is None:
            continue
        amounts = [i.amount_yuan for i in ex.incentives  # the incentive's award node, with all its labels
                   if any(similar(award["name"], label) >= 0.9 for labels in award_nodes if i.award in labels
                          for label in labels)]
        ok = any(abs(a - award["reward_wan_yuan"] * 1e4) < 1 for a in amounts)
        tally["award_programs.reward"].add(int(ok), 1, int(ok), 1)
        if not ok:
            problems.append(f"reward: {award['name']} {award['reward_wan_yuan']}万元, got {amounts}")
    return tally, problems


def report(paths: list[Path]) -> str:
    total = {c: Tally() for c in CATEGORIES}
    lines: list[str] = []
    for path in paths:
        ex, gold = load(path)
        tally, problems = compare(ex, gold)
        lines.append(f"# {path.name}")
        for cat, t in tally.items():
            total[cat].add(t.matched_pred, t.pred, t.matched_gold, t.gold)
        lines += [f"  - {p}" for p in problems]
    lines.append("# all fixtures")
    for cat, t in total.items():
        lines.append(t.line(cat, 22))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report([Path(p) for p in sys.argv[1:]]))
