"""The README's set-up commands and command-line examples are true: the lines are run as written."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from support import BIN, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(heading: str) -> list[str]:
    """The lines of the first ```sh block in the section under ``heading``."""
    section = README[README.index(heading):]
    match = re.search(r"```sh\n(.*?)\n```", section, re.S)
    assert match, f"no sh block under {heading}"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_two_commands_are_make_targets_and_ci_runs_the_test_one() -> None:
    commands = [line.split("#")[0].strip() for line in block_after("## Two commands")]
    assert commands == ["make run", "make test"]
    plan = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "policykg ingest corpus/demo" in plan
    assert "policykg serve" in plan
    assert "127.0.0.1" in plan
    test_plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for part in ("ruff check", "typecheck.sh", "pytest"):
        assert part in test_plan
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


def test_command_line_examples_run(tmp_path: Path) -> None:
    lines = block_after("## Command line")
    assert len(lines) >= 6
    for line in lines:
        args = shlex.split(line.replace("var/store", str(tmp_path / "store")))
        args = [str(tmp_path / a) if a.startswith("export.") else a for a in args]
        assert args[0] == "policykg"
        done = subprocess.run([str(BIN / "policykg"), *args[1:]], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"
        if args[1] == "query":
            assert done.stdout.splitlines()[0] == "city,goals"
            assert "鄂州市" in done.stdout
        if args[1] == "validate":
            assert "conforms" in done.stdout
    assert (tmp_path / "export.nq").stat().st_size > 100_000
    assert (tmp_path / "export.ttl").read_text(encoding="utf-8").startswith("@prefix")
