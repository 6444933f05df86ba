"""The W3C SPARQL 1.1 Query test suite (328 tests), run end to end through /sparql over HTTP.

Read from the pinned suite in ../shared/w3c-rdf-tests (never copied here). Every data file of every test
is loaded once into one store, as a named graph named by the file's IRI; each test then names its own
dataset with the protocol's ``default-graph-uri`` / ``named-graph-uri`` (the query's own ``FROM`` when
it has one), sends its query with ``BASE <query file>`` in front, and compares the answer with the
expected results, blank nodes up to renaming. Syntax tests expect 200 (positive) or 400 (negative).

Known failures are listed in ``tests/w3c_expected_failures.txt`` (one test id a line, with the reason):
they are expected to fail (strictly, so a fixed one must leave the list), and any other failure fails.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from policykg.api.app import create_app
from policykg.api.guard import declares_dataset
from policykg.settings import Settings
from policykg.store import OxigraphStore

from support import ROOT, W3C

SUITE = W3C / "sparql" / "sparql11"
MANIFEST = SUITE / "manifest-sparql11-query.ttl"
EXPECTED_FAILURES = ROOT / "tests" / "w3c_expected_failures.txt"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
EMPTY_GRAPH = "urn:policykg:w3c:no-default-graph"  # named in no test: an empty default graph
RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
RESULT_FORMATS = {"srx": ox.QueryResultsFormat.XML, "srj": ox.QueryResultsFormat.JSON,
                  "tsv": ox.QueryResultsFormat.TSV}

pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason=f"W3C suite not found at {MANIFEST}")


@dataclass(frozen=True)
class Case:
    id: str                      # "functions/strlang03"
    kind: str                    # QueryEvaluationTest, PositiveSyntaxTest11, NegativeSyntaxTest11
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Path | None = None


def _path(node: object) -> Path:
    return Path(unquote(str(node).removeprefix("file://")))


def load_cases() -> list[Case]:
    if not MANIFEST.exists():
        return []
    root = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    cases = []
    for include in (i for lst in root.objects(None, MF.include) for i in Collection(root, lst)):
        g = Graph().parse(_path(include), format="turtle", publicID=str(include))
        for lst in g.objects(None, MF.entries):
            for entry in Collection(g, lst):
                kind = str(g.value(entry, RDF.type)).rsplit("#", 1)[1]
                action = g.value(entry, MF.action)
                query = g.value(action, QT.query) or action
                result = g.value(entry, MF.result)
                cases.append(Case(
                    id=f"{_path(include).parent.name}/{str(entry).rsplit('#', 1)[1]}", kind=kind, query=_path(query),
                    data=tuple(sorted(_path(d) for d in g.objects(action, QT.data))),
                    graph_data=tuple(sorted(_path(d) for d in g.objects(action, QT.graphData))),
                    result=_path(result) if result is not None else None))
    return cases


def expected_failures() -> dict[str, str]:
    known = {}
    for line in EXPECTED_FAILURES.read_text(encoding="utf-8").splitlines():
        test_id, _, reason = line.partition("#")
        if test_id.strip():
            known[test_id.strip()] = reason.strip()
    return known


CASES = load_cases()
KNOWN = expected_failures()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = OxigraphStore()
    files = {f for case in CASES for f in (*case.data, *case.graph_data)}
    for path in sorted(files):
        store.raw.load(path=str(path), format=RDF_FORMATS[path.suffix.lstrip(".")], base_iri=path.as_uri(),
                       to_graph=ox.NamedNode(path.as_uri()))
    with TestClient(create_app(Settings(query_workers=2, max_rows=100_000), store=store)) as c:
        yield c


# --- comparison, blank nodes up to a consistent renaming ------------------------------------------------------

Row = tuple[object, ...]
XSD = "http://www.w3.org/2001/XMLSchema#"
DECIMALS = {XSD + t for t in ("decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt",
                              "unsignedLong", "unsignedShort", "unsignedByte")}
FLOATS = {XSD + "double", XSD + "float"}
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def canonical(term: object) -> object:
    """Numeric and boolean literals compare by value within their datatype ("1.0" = "1" as xsd:decimal,
    "0" = "false" as xsd:boolean): the store keeps such values in canonical form."""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "boolean" and term.value in BOOLEANS:
        return ("boolean", BOOLEANS[term.value])
    if isinstance(term, ox.Literal) and term.datatype.value in DECIMALS | FLOATS:
        try:
            number = Decimal(term.value) if term.datatype.value in DECIMALS else float(term.value)
        except (InvalidOperation, ValueError):
            return term
        return ("number", term.datatype.value, number)
    return term


def _canonical_rows(rows: Sequence[Row]) -> list[Row]:
    return [tuple(canonical(t) for t in row) for row in rows]


def _bnodes(row: Row) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in row)


def _extend(mapping: dict[object, object], back: dict[object, object], exp: Row, act: Row) -> list[object] | None:
    """Bind exp's blank nodes to act's; the keys newly added, or None if the rows cannot match."""
    added: list[object] = []
    for e, a in zip(exp, act, strict=True):
        if isinstance(e, ox.BlankNode) and isinstance(a, ox.BlankNode):
            if mapping.get(e, a) != a or back.get(a, e) != e:
                break
            if e not in mapping:
                mapping[e], back[a] = a, e
                added.append(e)
        elif e != a:
            break
    else:
        return added
    for e in added:
        del back[mapping.pop(e)]
    return None


def same_rows(expected: Sequence[Row], actual: Sequence[Row]) -> bool:
    expected, actual = _canonical_rows(expected), _canonical_rows(actual)
    if len(expected) != len(actual):
        return False
    if Counter(r for r in expected if not _bnodes(r)) != Counter(r for r in actual if not _bnodes(r)):
        return False
    exp = [r for r in expected if _bnodes(r)]
    act = [r for r in actual if _bnodes(r)]
    mapping: dict[object, object] = {}
    back: dict[object, object] = {}
    used = [False] * len(act)

    def search(i: int) -> bool:
        if i == len(exp):
            return True
        for j, row in enumerate(act):
            if used[j]:
                continue
            added = _extend(mapping, back, exp[i], row)
            if added is None:
                continue
            used[j] = True
            if search(i + 1):
                return True
            used[j] = False
            for e in added:
                del back[mapping.pop(e)]
        return False

    return search(0)


def solution_rows(solutions: ox.QuerySolutions) -> tuple[list[str], list[Row]]:
    names = sorted(v.value for v in solutions.variables)
    return names, [tuple(s[n] for n in names) for s in solutions]


def expected_answer(case: Case) -> object:
    """bool, (variables, rows) or a list of triples."""
    assert case.result is not None
    ext = case.result.suffix.lstrip(".")
    if ext in RESULT_FORMATS:
        parsed = ox.parse_query_results(path=str(case.result), format=RESULT_FORMATS[ext])
        return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else solution_rows(parsed)
    triples = [(q.subject, q.predicate, q.object)
               for q in ox.parse(path=str(case.result), format=RDF_FORMATS[ext], base_iri=case.result.as_uri())]
    if any(p == ox.NamedNode(str(RDF.type)) and o == ox.NamedNode(str(RS.ResultSet)) for _, p, o in triples):
        return _result_set(triples)
    return triples


def _result_set(triples: list[tuple[object, object, object]]) -> tuple[list[str], list[Row]]:
    """A SELECT result written in the DAWG result-set vocabulary (rs:)."""
    by_subject: dict[object, dict[str, list[object]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(str(p.value), []).append(o)  # type: ignore[attr-defined]
    sets = [s for s, props in by_subject.items() if str(RS.ResultSet) in [str(t.value) for t in  # type: ignore[attr-defined]
                                                                              props.get(str(RDF.type), [])]]
    props = by_subject[sets[0]]
    names = sorted(str(v.value) for v in props.get(str(RS.resultVariable), []))  # type: ignore[attr-defined]
    rows = []
    for solution in props.get(str(RS.solution), []):
        values: dict[str, object] = {}
        for binding in by_subject.get(solution, {}).get(str(RS.binding), []):
            b = by_subject[binding]
            values[str(b[str(RS.variable)][0].value)] = b[str(RS.value)][0]  # type: ignore[attr-defined]
        rows.append(tuple(values.get(n) for n in names))
    return names, rows


def run(client: TestClient, case: Case) -> tuple[int, bytes, str]:
    text = case.query.read_text(encoding="utf-8")
    params: list[tuple[str, str]] = []
    if not declares_dataset(text):
        params += [("default-graph-uri", p.as_uri()) for p in case.data] or [("default-graph-uri", EMPTY_GRAPH)]
        params += [("named-graph-uri", p.as_uri()) for p in case.graph_data]
    body = f"BASE <{case.query.as_uri()}>\n{text}".encode()
    response = client.post("/sparql", params=params, content=body,
                           headers={"content-type": "application/sparql-query",
                                    "accept": "application/sparql-results+json, application/n-triples;q=0.9"})
    return response.status_code, response.content, response.headers.get("content-type", "").split(";")[0]


def passes(client: TestClient, case: Case) -> tuple[bool, str]:
    status, body, media_type = run(client, case)
    syntax_error = status == 400 and json.loads(body)["error"]["code"] == "query_syntax"
    if case.kind == "NegativeSyntaxTest11":
        return syntax_error, f"status {status}: {body[:300]!r}"
    if case.kind == "PositiveSyntaxTest11":  # the parser must accept it; evaluating it is not the test
        return status == 200 or (400 <= status < 500 and not syntax_error), f"status {status}: {body[:300]!r}"
    if status != 200:
        return False, f"status {status}: {body[:300]!r}"
    expected = expected_answer(case)
    if media_type == "application/n-triples":
        got: object = [(q.subject, q.predicate, q.object) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        ok = isinstance(expected, list) and same_rows(expected, got)  # type: ignore[arg-type]
    else:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            got = bool(parsed)
            ok = got == expected
        else:
            got = solution_rows(parsed)
            ok = (isinstance(expected, tuple) and expected[0] == got[0]  # type: ignore[index]
                  and same_rows(expected[1], got[1]))  # type: ignore[index]
    return ok, f"expected {expected!r:.600}\n got {got!r:.600}"


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=KNOWN[c.id], strict=True)] if c.id in KNOWN else [])
    for c in CASES])
def test_w3c_query_case(client: TestClient, case: Case) -> None:
    ok, why = passes(client, case)
    assert ok, why


def test_suite_size_and_pass_floor() -> None:
    assert len(CASES) == 328
    assert set(KNOWN) <= {c.id for c in CASES}, "the expected-failures list names a test the suite lacks"
    assert len(CASES) - len(KNOWN) >= 318
