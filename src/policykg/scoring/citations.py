"""Citation identity: is each cited document one node, whatever the form and whichever plan cites it (issue 15)?

The labelled set is ``tests/fixtures/linkage/citations.tsv``: every cited document of the gold files of the held-out,
seed and unseen plans, with the document it names (labelled by hand). Each plan is extracted, each gold citation is
aligned with the citation node whose labels are most like it (as ``../shared/eval/score.py`` matches names, 0.8 at
least), and every pair of gold citations, within a plan and across plans, is judged: the pair names one document
(the labels) and the pipeline gives them one node (the IRIs). Precision is the share of one-node pairs that name
one document; recall the share of one-document pairs given one node (a citation that is not found counts as
missed). Self-citations are citation nodes that carry the plan's own title or 文号.

``python -m policykg.scoring.citations [SET...]`` prints the table (sets: heldout, seeds, unseen; all by default).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from policykg.ingest.emit.named import named_node
from policykg.ingest.pipeline import extract_file

from .goals import norm, similar

ROOT = Path(__file__).resolve().parents[3]
LABELS = ROOT / "tests" / "fixtures" / "linkage" / "citations.tsv"
FOLDERS = {"heldout": [ROOT / "tests" / "fixtures" / "heldout"], "seeds": [ROOT / "corpus" / "demo"],
           "unseen": [ROOT / "tests" / "fixtures" / "unseen", ROOT / "tests" / "fixtures" / "unseen_entities"]}
SUFFIXES = (".txt", ".html", ".docx", ".pdf")


@dataclass(frozen=True)
class Scores:
    pairs_predicted: int
    pairs_right: int
    pairs_gold: int
    citations: int
    found: int
    self_citations: int

    @property
    def precision(self) -> float:
        return self.pairs_right / self.pairs_predicted if self.pairs_predicted else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_right / self.pairs_gold if self.pairs_gold else 1.0


def labels(sets: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    rows = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("set\t") or not line.strip():
            continue
        row = tuple(line.split("\t"))
        if row[0] in sets:
            rows.append((row[0], row[1], row[2], row[3]))
    return rows


def _source(set_name: str, stem: str) -> Path:
    for folder in FOLDERS[set_name]:
        for suffix in SUFFIXES:
            if (folder / f"{stem}{suffix}").exists():
                return folder / f"{stem}{suffix}"
    raise FileNotFoundError(f"{set_name}/{stem}")


def score(sets: tuple[str, ...] = ("heldout", "seeds", "unseen")) -> Scores:
    rows = labels(sets)
    by_file: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for set_name, stem, cited, document in rows:
        by_file[(set_name, stem)].append((cited, document))
    entries: list[tuple[str, str | None]] = []      # (labelled document, node) per gold citation
    self_citations = 0
    for (set_name, stem), pairs in sorted(by_file.items()):
        ex = extract_file(_source(set_name, stem))
        nodes: dict[str, set[str]] = defaultdict(set)
        for m in ex.mentions:
            if m.kind == "citation":
                nodes[str(named_node(m))].update(v for v in (m.surface, m.attr("label"), m.attr("number")) if v)
        own = {norm(v) for v in (ex.meta.title, ex.meta.doc_number) if v}
        self_citations += sum(1 for names in nodes.values() if own & {norm(n) for n in names})
        for name, document in pairs:
            best = max(((max(similar(name, n) for n in names), node) for node, names in nodes.items()),
                       default=(0.0, ""))
            entries.append((document, best[1] if best[0] >= 0.8 else None))
    predicted = right = gold = 0
    for (doc_a, node_a), (doc_b, node_b) in combinations(entries, 2):
        same_node = node_a is not None and node_a == node_b
        same_doc = doc_a == doc_b
        predicted += same_node
        gold += same_doc
        right += same_node and same_doc
    return Scores(predicted, right, gold, len(entries), sum(1 for _, n in entries if n), self_citations)


def main(argv: list[str]) -> None:
    sets = tuple(argv) or ("heldout", "seeds", "unseen")
    print("| set | citations | found | one-node pairs | right | one-document pairs | precision | recall | self |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in (*sets, "all") if len(sets) > 1 else sets:
        s = score(sets if name == "all" else (name,))
        print(f"| {name} | {s.citations} | {s.found} | {s.pairs_predicted} | {s.pairs_right} | {s.pairs_gold} | "
              f"{s.precision:.1%} | {s.recall:.1%} | {s.self_citations} |")


if __name__ == "__main__":
    main(sys.argv[1:])
