"""Deployment files are well formed: the Dockerfile's instructions (docker itself cannot run here), the
README's docker and make-free lines, the data licence and the citation file."""

from __future__ import annotations

import json
import re
import shlex
import subprocess

from support import ROOT

INSTRUCTIONS = {"FROM", "ENV", "WORKDIR", "COPY", "RUN", "USER", "VOLUME", "EXPOSE", "CMD", "ARG", "LABEL",
                "ENTRYPOINT", "HEALTHCHECK"}


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) pairs, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        out.append((word, rest.strip()))
    return out


def test_dockerfile_is_well_formed_and_serves_on_8000() -> None:
    steps = dockerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    assert {word for word, _ in steps} <= INSTRUCTIONS
    for word, args in steps:
        if word == "COPY":
            *sources, _target = shlex.split(args)
            for source in sources:
                assert (ROOT / source).exists(), f"COPY names a missing path: {source}"
    assert ("EXPOSE", "8000") in steps
    assert any(word == "RUN" and "pip install ." in args for word, args in steps)
    cmd = json.loads(next(args for word, args in steps if word == "CMD"))
    script = cmd[-1]
    assert "policykg ingest" in script and "policykg serve" in script and "--host 0.0.0.0" in script
    assert "--port 8000" in script
    # The whole tree is copied, so every folder pyproject.toml maps in is there; .dockerignore trims it.
    assert ("COPY", ". .") in steps


def test_dockerignore_keeps_local_builds_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "node_modules", "var"} <= set(ignored)


def test_readme_has_a_docker_line_and_a_make_free_path() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"docker run --rm -p 8000:8000 policykg", readme)
    assert "pip install ." in readme and "Windows" in readme and "policykg serve" in readme


def test_make_run_needs_neither_root_nor_system_parts() -> None:
    plan = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "setup-system.sh" not in plan
    assert "apt-get" not in plan and "npm" not in plan
    assert "pip install --quiet -e ." in plan and "[dev]" not in plan
    test_plan = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout
    assert "setup-system.sh" in test_plan
