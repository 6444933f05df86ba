"""The README's worked research questions show their real output on the seed corpus: each `policykg query
--named` command in the Querying section is run on the seed graph and must print what the README shows.
When extraction changes the answers, regenerate the section: `.venv/bin/python scripts/readme_querying.py`."""

from __future__ import annotations

import csv
import io
import re
import shlex

from policykg import queries, results
from policykg.store import OxigraphStore

from servers import concatenated
from support import ROOT

WORKED = re.compile(r"```sh\n(policykg query --store var/store --named [^\n]+)\n```.*?Output on the seed corpus:\n\n"
                    r"```text\n(.*?)\n```", re.S)


def rows(text: str, concat: set[str]) -> list[list[str]]:
    """CSV rows, GROUP_CONCAT cells as sorted lists (their order is the engine's to choose)."""
    table = list(csv.reader(io.StringIO(text)))
    head = table[0]
    return [head] + [["、".join(sorted(v.split("、"))) if head[i] in concat else v for i, v in enumerate(row)]
                     for row in table[1:]]


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Querying\n")
    end = text.find("\n## ", start + 5)
    return text[start:end if end >= 0 else None]


def test_worked_questions_show_real_output(seed_store: OxigraphStore) -> None:
    worked = WORKED.findall(section())
    assert len(worked) >= 3, "three worked research questions"
    for command, shown in worked:
        args = shlex.split(command)
        name = args[args.index("--named") + 1]
        params = dict(args[i + 1].split("=", 1) for i, a in enumerate(args) if a == "--param")
        assert args[args.index("--format") + 1] == "csv"
        real = results.render(queries.run(seed_store, name, params), "csv").rstrip("\n")
        concat = concatenated(queries.get(name).text)
        assert rows(real, concat) == rows(shown, concat), f"README output of {name!r} is stale: run " \
                                                          "scripts/readme_querying.py"
        assert f"src/policykg/queries/{name}.rq" in section()


def test_every_named_query_is_listed() -> None:
    listed = section()
    assert all(f"`{q.name}`" in listed for q in queries.load_all())
