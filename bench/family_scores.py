"""Per-family F1 over held-out documents: ``python -m bench.family_scores DATA.nq [BEFORE.nq] [--set heldout2]``.

The held-out files are named ``place_year_family.ext`` (tests/fixtures/heldout/README.md lists the families: pdf,
docx, html, opinion, county, district, traditional, annual, plan). For each family, the shared scorer
(``../shared/eval/score.py``) is run on that family's gold files only, and the F1 of every category is printed as
a Markdown table (with ``before → after`` cells when a second export is given).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
ROW = re.compile(r"^(?P<cat>[a-z_.]+)\s+[\d.]+\s+[\d.]+\s+(?P<f1>[\d.]+)\s")


def families(gold_dir: Path = HELDOUT) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = defaultdict(list)
    for gold in sorted(gold_dir.glob("*.gold.json")):
        out[gold.name.removesuffix(".gold.json").rsplit("_", 1)[-1]].append(gold)
    return dict(out)


def score(data: Path, golds: list[Path], corpus: Path = HELDOUT) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        for gold in golds:
            shutil.copy(gold, tmp)
        run = subprocess.run([sys.executable, str(SCORER), "--data", str(data), "--gold", tmp, "--corpus", str(corpus)],
                             capture_output=True, text=True, check=True)
    out = {m.group("cat"): float(m.group("f1")) for line in run.stdout.splitlines() if (m := ROW.match(line))}
    ev = re.search(r"evidence quotes exact\s+([\d.]+)", run.stdout)
    if ev:
        out["evidence"] = float(ev.group(1))
    return out


def table(after: Path, before: Path | None = None, folder: Path = HELDOUT) -> str:
    groups = {**families(folder), "all": sorted(folder.glob("*.gold.json"))}
    scores = {name: score(after, golds, folder) for name, golds in groups.items()}
    earlier = {name: score(before, golds, folder) for name, golds in groups.items()} if before else {}
    cats = sorted({c for s in scores.values() for c in s})
    lines = ["| family (docs) | " + " | ".join(cats) + " | worst |", "|---" * (len(cats) + 2) + "|"]
    for name, golds in groups.items():
        cells = []
        for cat in cats:
            now = scores[name].get(cat)
            was = earlier.get(name, {}).get(cat)
            text = "–" if now is None else f"{now:.2f}"
            if was is not None and now is not None and abs(was - now) >= 0.005:
                text = f"{was:.2f}→{now:.2f}"
            cells.append(text)
        worst = min((v for c, v in scores[name].items() if c != "evidence"), default=1.0)
        was_worst = min((v for c, v in earlier.get(name, {}).items() if c != "evidence"), default=None)
        cells.append(f"{was_worst:.2f}→{worst:.2f}" if was_worst is not None else f"{worst:.2f}")
        lines.append(f"| {name} ({len(golds)}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="per-family F1 of an export over a folder of gold files")
    ap.add_argument("data", type=Path)
    ap.add_argument("before", type=Path, nargs="?")
    ap.add_argument("--set", default="heldout", help="the folder under tests/fixtures (heldout, heldout2)")
    args = ap.parse_args()
    print(table(args.data, args.before, ROOT / "tests" / "fixtures" / args.set))
