"""Regenerate the README's "## Querying" section from the demo corpus.

    .venv/bin/python scripts/readme_querying.py

It ingests corpus/demo into a temporary store, runs the worked research questions (through the real
`policykg` command) and the REST examples, and replaces the section between "## Querying" and the next
"## " heading. tests/test_readme_querying.py checks that the outputs shown are still the real ones.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = str(ROOT / ".venv" / "bin" / "policykg")

#: The worked research questions: title, introduction, named query, parameters.
QUESTIONS = (
    ("1. Which industries do several cities target?",
     "Industries are shared concepts, so the plans of different cities meet on them.",
     "shared-industries", {"minCities": "2"}),
    ("2. Which tasks were due by the end of 2017, and who leads them?",
     "Deadlines (完成时限) are kept as written; the query reads the first four-digit year out of each.",
     "tasks-due-by", {"year": "2017"}),
    ("3. How do cities set their 监督抽查合格率 targets?",
     "Targets whose indicator, as written, contains a phrase, with the city, comparator and figure, side by side.",
     "targets-matching", {"text": "监督抽查合格率"}),
    ("4. Which kinds of agency are held responsible for goals, city by city?",
     "Agencies of different cities meet on their agency type (`pk:agencyType`), so responsibility can be compared.",
     "agency-type-goals-per-city", {}),
)


def command(name: str, params: dict[str, str]) -> str:
    shown = "".join(f" --param {k}={v}" for k, v in params.items())
    return f"policykg query --store var/store --named {name}{shown} --format csv"


def sparql_of(name: str) -> str:
    from policykg import queries

    return "\n".join(line for line in queries.get(name).text.splitlines() if not line.startswith("PREFIX")).strip()


def question(store: Path, title: str, intro: str, name: str, params: dict[str, str]) -> str:
    args = [CLI, "query", "--store", str(store), "--named", name, "--format", "csv"]
    args += [x for k, v in params.items() for x in ("--param", f"{k}={v}")]
    output = subprocess.run(args, check=True, capture_output=True, text=True).stdout.rstrip("\n")
    return (f"### {title}\n\n{intro}\n\n```sh\n{command(name, params)}\n```\n\n"
            f"The query (`src/policykg/queries/{name}.rq`, prefixes omitted):\n\n```sparql\n{sparql_of(name)}\n```\n\n"
            f"Output on the seed corpus:\n\n```text\n{output}\n```\n")


def rest_examples(store: Path) -> tuple[str, list[str]]:
    from fastapi.testclient import TestClient

    from policykg.api.app import create_app
    from policykg.settings import Settings
    from policykg.store import OxigraphStore

    with TestClient(create_app(Settings(query_workers=1), store=OxigraphStore(store, read_only=True))) as c:
        search = c.get("/search", params={"q": "农产品抽查合格率", "limit": 2}).json()
        turtle = c.get("/id/doc/003_2335b28b753d4964-7d7be383", headers={"accept": "text/turtle"}).text.splitlines()
    return json.dumps(search, ensure_ascii=False, indent=1), turtle[:8]


def section(store: Path) -> str:
    from policykg import queries

    names = textwrap.fill(", ".join(f"`{q.name}`" for q in queries.load_all()), 118, break_on_hyphens=False)
    worked = "\n".join(question(store, *q) for q in QUESTIONS)
    search, turtle = rest_examples(store)
    turtle_text = "\n".join(turtle)
    return f"""## Querying

### Named queries

{len(queries.load_all())} parameterised queries live in `src/policykg/queries/*.rq`, each with a `# title:`,
`# description:` and typed `# param:` lines (`policykg queries` lists them with their parameters):

{names}.

Each is available three ways: as SPARQL text (`GET /queries/NAME/sparql`), as results
(`GET /queries/NAME?param=value`: SPARQL JSON, CSV or TSV by `Accept` or `?format=`, a table for a browser) and
from the command line (`policykg query --named NAME --param k=v`). Parameter values are bound as RDF terms, never
pasted into the query text: the embedded store substitutes them; a remote server receives them as an escaped
`VALUES` block.

{worked}
### REST views

`policykg serve --store var/store` serves, besides `/sparql`: `/queries`, `/documents`, `/documents/{{id}}` (goals,
tasks, agencies and evidence), `/agencies`, `/agencies/{{id}}` (goals owned, tasks led and supported, equivalents in
other cities through `pk:agencyType`), `/goals?city=&indicator=&year=&agencyType=`, `/cities`, `/cities/{{id}}`,
`/search?q=` (Chinese text over labels, titles, indicators and evidence quotes: substring plus jieba tokens, ranked)
and `/id/...`, where every instance IRI under `https://w3id.org/policykg/id/` resolves as Turtle, JSON-LD or an HTML
page by `Accept`. Views answer JSON, and HTML to a browser; the OpenAPI description with examples is at `/docs`.
Every error has one body: `{{"error": {{"code", "message", "status", "detail"}}}}`.

```sh
curl -s 'http://127.0.0.1:8000/queries/tasks-due-by?year=2017' -H 'Accept: text/csv'   # as the CLI above
curl -sG http://127.0.0.1:8000/search --data-urlencode 'q=农产品抽查合格率' -d limit=2
```

```json
{search}
```

```sh
curl -s http://127.0.0.1:8000/id/doc/003_2335b28b753d4964-7d7be383 -H 'Accept: text/turtle' | head -8
```

```turtle
{turtle_text}
```

### Remote engine mode

With `--endpoint URL` in place of `--store`, `ingest`, `query` (named queries too), `export`, `stats` and `serve`
work against an existing SPARQL server: queries through SPARQLWrapper, writes through the SPARQL 1.1 Graph Store
Protocol (`--gsp-endpoint`: one `PUT ?graph=` per document, so re-ingesting replaces a document's graph in one
request) or, without one, one SPARQL Update request (`--update-endpoint`). The server must query the union of its
named graphs by default, as the embedded store does.

```sh
oxigraph serve --location var/oxigraph --bind 127.0.0.1:7878 --union-default-graph &
policykg ingest corpus/demo --endpoint http://127.0.0.1:7878/query --gsp-endpoint http://127.0.0.1:7878/store
policykg query --endpoint http://127.0.0.1:7878/query --named tasks-due-by --param year=2017
policykg serve --endpoint http://127.0.0.1:7878/query --port 8000
```

For Virtuoso, grant updates once (`isql-vt 1111 dba dba 'exec=GRANT SPARQL_UPDATE TO "SPARQL"'`) and use
`--endpoint http://HOST:8890/sparql --gsp-endpoint http://HOST:8890/sparql-graph-crud`. The tests start both servers
on loopback and run every named query on them: Oxigraph agrees on all; Virtuoso 7.2.5 agrees on all but three, which
differ only because it writes `GROUP_CONCAT`'s Chinese separator `、` as `?`. Its known bugs with `*` property paths
and with `REGEX`/`REPLACE`/`SUBSTR` on Chinese text are probed and recorded in [docs/engines.md](docs/engines.md);
timings of every named query on the three engines are in [docs/benchmarks.md](docs/benchmarks.md).

"""


def main() -> None:
    store = Path(tempfile.mkdtemp()) / "store"
    subprocess.run([CLI, "ingest", str(ROOT / "corpus" / "demo"), "--store", str(store)], check=True,
                   capture_output=True)
    new = section(store)
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.find("## Querying\n")
    if start >= 0:
        end = text.find("\n## ", start + 5)
        text = text[:start] + new + (text[end + 1:] if end >= 0 else "")
    else:
        anchor = text.find("## Tests and tooling")
        text = text[:anchor] + new + text[anchor:]
    readme.write_text(text, encoding="utf-8")
    print(f"README.md: the Querying section is rewritten ({len(new):,} characters)")


if __name__ == "__main__":
    main()
