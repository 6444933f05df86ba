"""Cross-city analyses on the seed graph: real findings, the CLI, the /compare routes and the SVG charts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policykg.analysis import compare as cmp
from policykg.api.app import create_app
from policykg.cli import app
from policykg.ingest.pipeline import ingest_paths
from policykg.namespaces import PKR
from policykg.store import OxigraphStore
from policykg.viz import charts

from support import SEED_FILES

AGRI = str(PKR["indicator/agri-product-safety-pass-rate"])
MARKET = str(PKR["agency-type/market-regulation"])


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=seed_store)) as c:
        yield c


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compare") / "store"
    store = OxigraphStore(path)
    assert all(r.ok for r in ingest_paths(store, SEED_FILES))
    store.close()
    return path


# --- findings on the seeds ----------------------------------------------------------------------------

def test_china_quality_award_is_promoted_by_two_cities(seed_store: OxigraphStore) -> None:
    features = cmp.place_features(seed_store)
    promoting = {place for place, fs in features.items()
                 if any(f.facet == "awards" and f.label == "中国质量奖" for f in fs)}
    assert len(promoting) >= 2, promoting


def test_agricultural_pass_rate_is_compared_across_cities_with_targets_and_years(seed_store: OxigraphStore) -> None:
    result = cmp.compare_indicators(seed_store)
    row = result.row(AGRI)
    assert row is not None and row.label == "农产品质量安全监测合格率"
    complete = {place for place, targets in row.targets
                if any(t.value is not None and t.unit == "%" and (t.year or t.stated) for t in targets)}
    assert len(complete) >= 2, row.targets
    values = [cmp.headline(ts).value for _p, ts in row.targets]
    present = [v for v in values if v is not None]
    assert row.spread == pytest.approx(max(present) - min(present))
    assert all(80 <= v <= 100 for v in present)
    # Indicators shared by the most places come first.
    assert result.rows[0].places >= row.places - 1 and result.rows[0].places >= 3


def test_min_confidence_keeps_only_sure_links(seed_store: OxigraphStore) -> None:
    every = cmp.compare_indicators(seed_store)
    sure = cmp.compare_indicators(seed_store, min_confidence=0.95)
    count = lambda result: sum(len(ts) for r in result.rows for _p, ts in r.targets)  # noqa: E731
    assert 0 < count(sure) < count(every)
    assert all(t.confidence is not None and t.confidence >= 0.95 for r in sure.rows for _p, ts in r.targets for t in ts)


def test_market_regulation_owns_the_most_goals(seed_store: OxigraphStore) -> None:
    load = cmp.agency_load(seed_store)
    totals = load.totals()
    typed = [r for r in totals if r.agency_type]
    assert typed, "no owning agency has an agency type"
    assert typed[0].agency_type == MARKET and typed[0].label == "市场监督管理", typed[:3]
    assert typed[0].goals > (typed[1].goals if len(typed) > 1 else 0)
    # Without the 2018 lineage the 2017 plan's 质监局 is its own (dissolved) type.
    named = [r for r in cmp.agency_load(seed_store, lineage=False).totals() if r.agency_type]
    assert sum(r.goals for r in named if r.agency_type == MARKET) <= typed[0].goals


def test_unmatched_goals_are_under_ten_percent(seed_store: OxigraphStore) -> None:
    report = cmp.link_report(seed_store)
    assert len(report.goals) >= 100
    assert report.share_unmatched < 0.10, [g.label for g in report.unmatched]
    assert all(g.indicator is None for g in report.unmatched)


def test_city_similarity_is_a_weighted_jaccard(seed_store: OxigraphStore) -> None:
    result = cmp.compare_cities(seed_store)
    n = len(result.places)
    assert n >= 4 and len(result.pairs) == n * (n - 1) // 2
    features = cmp.place_features(seed_store)
    for pair in result.pairs:
        assert 0.0 <= pair.similarity <= 1.0
        assert set(pair.shared) == features[pair.a] & features[pair.b]
        assert pair.shared and pair.similarity > 0   # every two seed plans share something
    top = result.pairs[0]
    assert top.similarity == max(p.similarity for p in result.pairs)
    matrix = result.matrix()
    assert all(matrix[i][i] == 1.0 and matrix[i][j] == matrix[j][i] for i in range(n) for j in range(n))
    network = cmp.city_network(seed_store)
    assert any("similarity" in data for _a, _b, data in network.edges(data=True))


def test_city_similarity_equals_the_pairwise_weighted_jaccard(seed_store: OxigraphStore) -> None:
    """The pairs summed from per-place totals are the Jaccard of each pair's sets, as first written."""
    import math
    from collections import Counter

    from policykg.analysis.similarity import IDF_FACETS, _jaccard

    result = cmp.compare_cities(seed_store)
    features = cmp.place_features(seed_store)
    df = Counter(f for fs in features.values() for f in fs)
    idf = {f: math.log((len(features) + 1) / (df[f] + 1)) for f in df if f.facet in IDF_FACETS}
    weights = cmp.FACET_WEIGHTS
    for pair in result.pairs:
        fa, fb = features[pair.a], features[pair.b]
        assert pair.similarity == pytest.approx(round(_jaccard(fa, fb, weights, idf), 4), abs=1e-9)
        expected = tuple((facet, round(_jaccard({f for f in fa if f.facet == facet},
                                                {f for f in fb if f.facet == facet}, idf=idf), 3))
                         for facet in weights if any(f.facet == facet for f in fa | fb))
        assert [f for f, _j in pair.by_facet] == [f for f, _j in expected]
        assert [j for _f, j in pair.by_facet] == pytest.approx([j for _f, j in expected], abs=1e-9)
        assert pair.shared == tuple(sorted(fa & fb, key=lambda f: (-weights[f.facet] * idf.get(f, 1.0), df[f],
                                                                    f.facet, f.label, f.item)))
        assert result.pair(pair.b, pair.a) is pair


#: The facets query as first written: one query, each row's label looked up on the row (minutes at 1,000 plans).
_FACETS_AT_ONCE = """
SELECT DISTINCT ?doc ?facet ?item ?label WHERE {
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  { ?g pk:inDocument ?doc ; pk:indicator ?item . BIND("indicators" AS ?facet) }
  UNION { ?doc pk:usesInstrument ?item . BIND("instruments" AS ?facet) }
  UNION { ?t pk:inDocument ?doc ; pk:instrument ?item . BIND("instruments" AS ?facet) }
  UNION { ?doc pk:promotesAward ?item . BIND("awards" AS ?facet) }
  UNION { ?doc pk:pursuesDesignation ?item . BIND("designations" AS ?facet) }
  UNION { ?doc pk:targetsIndustry ?item . BIND("industries" AS ?facet) }
  UNION { ?doc pk:cites ?item . BIND("citations" AS ?facet) }
  UNION { ?doc pk:mentionsAgency ?agency . %s BIND(?type AS ?item) FILTER(BOUND(?type))
          BIND("agency types" AS ?facet) }
  OPTIONAL { ?item skos:prefLabel ?pl FILTER(lang(?pl) = "zh" || lang(?pl) = "") }
  OPTIONAL { ?item dcterms:title|pk:docNumber|rdfs:label ?tl }
  BIND(COALESCE(?pl, ?tl, STR(?item)) AS ?label)
}
"""


def test_place_features_are_those_of_the_one_query_with_labels_per_row(seed_store: OxigraphStore) -> None:
    from policykg.analysis.plans import CURRENT_TYPE, select

    by_doc = cmp.plans(seed_store)
    rows = select(seed_store, _FACETS_AT_ONCE % CURRENT_TYPE)
    labels: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (str(r["facet"]), str(r["item"]))
        labels[key] = min(labels.get(key, str(r["label"])), str(r["label"]))
    expected: dict[str, set[cmp.Feature]] = {p.place_label: set() for p in by_doc.values()}
    for r in rows:
        if str(r["doc"]) in by_doc:
            key = (str(r["facet"]), str(r["item"]))
            expected[by_doc[str(r["doc"])].place_label].add(cmp.Feature(key[0], key[1], labels[key]))
    assert cmp.place_features(seed_store) == expected and any(expected.values())


def test_betweenness_is_exact_on_small_graphs_and_sampled_with_a_seed_above_the_threshold() -> None:
    import networkx as nx

    from policykg.analysis import centrality

    small = nx.path_graph(10)
    exact, note = centrality.betweenness(small)
    assert note == "" and exact == nx.betweenness_centrality(small)
    large = nx.path_graph(centrality.EXACT_BETWEENNESS_NODES + 1)
    large.graph["view"] = "ownership"
    first, note = centrality.betweenness(large)
    assert f"{centrality.BETWEENNESS_SAMPLES} source nodes" in note and "ownership graph" in note
    assert first == centrality.betweenness(large)[0]   # the same numbers every build (fixed seed)
    assert first != nx.betweenness_centrality(large)


def test_diffusion_orders_adopters_by_year(seed_store: OxigraphStore) -> None:
    plans = cmp.plans(seed_store)
    years = {p.place_label: p.year for p in plans.values()}
    assert sum(1 for y in years.values() if y) >= 3, years
    result = cmp.diffusion(seed_store)
    agri = next(d for d in result.rows if d.item == AGRI)
    dated = [y for p, y in years.items() if y and (p in agri.first or p in dict(agri.later))]
    assert agri.first_year == min(dated)
    assert all(y is None or y > agri.first_year for _p, y in agri.later)
    assert any(d.kind == "instrument" and d.places >= 2 for d in result.rows)
    assert {d.kind for d in cmp.diffusion(seed_store, kind="instrument").rows} == {"instrument"}


def test_diffusion_is_from_first_mentions_with_quotes_and_undated_plans_apart(seed_store: OxigraphStore) -> None:
    # issue 15: the first document that states it, by issue date, with the quote; the undated plan (浙江省) apart
    result = cmp.diffusion(seed_store)
    agri = next(d for d in result.rows if d.item == AGRI)
    assert agri.first_date == "2011-06-28" and agri.first == ("温州市",) and "农产品" in agri.quote
    assert "浙江省" in agri.undated and "浙江省" not in agri.first + tuple(p for p, _ in agri.later_issued)
    assert [d for _p, d in agri.later_issued] == sorted(d for _p, d in agri.later_issued)
    kinds = {d.kind for d in result.rows}
    assert {"indicator", "instrument", "award", "designation"} <= kinds
    assert all(d.quote for d in result.rows if d.first_date and d.kind != "indicator")


def test_instrument_links_carry_evidence_and_common_instruments_weigh_nothing(seed_store: OxigraphStore) -> None:
    rows = seed_store.query("""
        PREFIX pk: <https://w3id.org/policykg/ontology#>
        SELECT ?doc ?instrument ?quote WHERE {
          ?doc pk:usesInstrument ?instrument .
          OPTIONAL { ?m a pk:Mention ; pk:inDocument ?doc ; pk:mentionOf ?instrument ; pk:evidence/pk:quote ?quote }
        }""").rows
    assert rows and all(r.get("quote") is not None for r in rows)
    features = cmp.place_features(seed_store)
    everywhere = set.intersection(*({f for f in fs if f.facet == "instruments"} for fs in features.values()))
    assert everywhere, "some instrument is named by every seed plan"
    pair = cmp.compare_cities(seed_store).pairs[0]
    shared = [f for f in pair.shared if f in everywhere]
    assert all(pair.shared.index(f) >= len(pair.shared) - len(shared) for f in shared)   # ranked last: weight 0


def test_central_nodes(seed_store: OxigraphStore) -> None:
    result = cmp.central_nodes(seed_store)
    owners = [r for r in result.rows if r.graph == "ownership" and r.kind == "agency_type"]
    assert owners and owners[0].degree == max(r.degree for r in owners)
    # Market regulation owns the most goals and links the most functions.
    broker = max(owners, key=lambda r: r.betweenness)
    assert broker.node == MARKET and owners[0].node == MARKET
    assert result.top("instruments", "instrument")
    assert all(0 <= r.betweenness <= 1 for r in result.rows)


# --- command line -------------------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["indicators", "cities", "agencies", "diffusion", "central"])
def test_cli_compare_formats(store_dir: Path, what: str) -> None:
    runner = CliRunner()
    as_json = runner.invoke(app, ["compare", what, "--store", str(store_dir), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data
    as_csv = runner.invoke(app, ["compare", what, "--store", str(store_dir), "--format", "csv"])
    assert as_csv.exit_code == 0 and len(as_csv.stdout.splitlines()) > 1
    bad = runner.invoke(app, ["compare", what, "--store", str(store_dir), "--format", "xml"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_cli_compare_one_indicator(store_dir: Path) -> None:
    result = CliRunner().invoke(app, ["compare", "indicators", "--store", str(store_dir), "--format", "json",
                                      "--indicator", "农产品质量安全监测合格率"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert {r["indicator"] for r in rows} == {AGRI}
    # a provincial plan's province-wide figure is not set beside the cities' (issue 15): one row per tier
    local = next(r for r in rows if r["tier"] == "local")
    assert len(local["targets"]) >= 2 and "浙江省" not in local["targets"]


def test_cli_link_unmatched(store_dir: Path) -> None:
    result = CliRunner().invoke(app, ["link", "--unmatched", "--store", str(store_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["goals"] >= 100 and data["unmatched"] == len(data["rows"]) < 0.1 * data["goals"]


# --- HTTP ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["indicators", "cities", "agencies", "diffusion", "central"])
def test_compare_routes_json_and_html(client: TestClient, what: str) -> None:
    data = client.get(f"/compare/{what}").json()
    assert data and any(isinstance(v, list) and v for v in data.values())
    page = client.get(f"/compare/{what}", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<svg" in page.text and "<table>" in page.text and "http://" not in page.text.replace(
        "http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize(("what", "key"), [("indicators", "rows"), ("cities", "pairs"), ("agencies", "rows"),
                                           ("diffusion", "rows"), ("central", "rows")])
def test_compare_pages_page_their_tables_and_json_pages_on_request(client: TestClient, what: str, key: str) -> None:
    whole = client.get(f"/compare/{what}").json()
    assert "total" not in whole and len(whole[key]) > 2
    part = client.get(f"/compare/{what}", params={"offset": 1, "limit": 2}).json()
    assert part["total"] == len(whole[key]) and (part["offset"], part["limit"]) == (1, 2)
    assert part[key] == whole[key][1:3]
    page = client.get(f"/compare/{what}", params={"limit": 2}, headers={"accept": "text/html"}).text
    rows = len(whole[key]) + len(whole.get("totals", []))   # the agencies' page lists the totals first
    assert f"showing 1–2 of {rows:,}" in page and "offset=2&amp;limit=2" in page and "previous" not in page
    assert page.split("<tbody>", 1)[1].count("<tr>") == 2
    later = client.get(f"/compare/{what}", params={"offset": 2, "limit": 2}, headers={"accept": "text/html"}).text
    assert "offset=0&amp;limit=2\">previous" in later


def test_indicator_page_lists_at_most_a_few_places_per_row(seed_store: OxigraphStore,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from policykg.api import compare

    result = cmp.compare_indicators(seed_store)
    monkeypatch.setattr(compare, "MAX_ROW_PLACES", 1)
    table = compare.indicators_table(result)
    assert table.head[:3] == ("indicator", "domain", "places") and len(table.rows) == len(result.rows)
    wide = next(i for i, r in enumerate(result.rows) if r.places > 1)
    row = table.rows[wide]
    assert row[2] == str(result.rows[wide].places) and row[3].startswith(result.rows[wide].targets[0][0] + ": ")
    assert f"and {result.rows[wide].places - 1:,} more places" in row[3]


def test_diffusion_page_names_a_few_later_adopters(seed_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from policykg.api import compare

    result = cmp.diffusion(seed_store)
    assert compare.diffusion_table(result) == result.table()   # the seeds' rows are short: unchanged
    monkeypatch.setattr(compare, "MAX_LATER", 1)
    many = next(d for d in result.rows if len(d.later_issued) > 1)
    row = compare.diffusion_table(result).rows[result.rows.index(many)]
    place, date = many.later_issued[0]
    assert row[5] == f"{place} ({date}) … and {len(many.later_issued) - 1:,} more (JSON has all)"


def test_compare_index_lists_the_analyses(client: TestClient) -> None:
    hrefs = [a["href"] for a in client.get("/compare").json()["analyses"]]
    assert hrefs == [f"/compare/{w}" for w in ("indicators", "cities", "agencies", "diffusion", "central")]
    assert all(client.get(h).status_code == 200 for h in hrefs)


def test_compare_route_errors_use_the_one_error_body(client: TestClient) -> None:
    bad = client.get("/compare/diffusion", params={"kind": "agency"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_parameter"


# --- charts -------------------------------------------------------------------------------------------

def test_charts_escape_labels() -> None:
    svg = charts.heatmap(["<script>alert(1)</script>"], ['a"b'], [[0.5]], [["&"]], title="t<")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;" in svg and 'a"b' not in svg
    bars = charts.bars(["x<y"], [2.0], title="bars")
    assert "x&lt;y" in bars and bars.startswith("<svg")
    assert charts.colour(None) == "#eeeeee" and charts.colour(0.0) != charts.colour(1.0)
