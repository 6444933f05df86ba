"""policykg from a notebook: three analyses as pandas DataFrames. Each block is a notebook cell.

    pip install 'policykg[notebook]'
    policykg ingest corpus/demo --store var/store
    python docs/notebook.py --store var/store          # or --endpoint http://127.0.0.1:8000/sparql

``store.query_df(sparql)`` runs a query (the project's prefixes are declared for you) and returns a DataFrame
with typed columns: numbers are numbers, dates are dates, IRIs are strings, and of a label in several
languages the one in ``lang`` (default ``"zh"``) is kept. ``policykg.to_dataframe(result)`` does the same
for a result you already have. ``tests/test_notebook.py`` runs this file against the demo corpus.
"""

from __future__ import annotations

import argparse

import pandas as pd

from policykg.backends import open_store
from policykg.store import Store

#: Where a plan belongs: its prefecture-level city, else its province (a provincial plan has no pk:city),
#: with the GB/T 2260 code.
PLACE = """
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  OPTIONAL { ?doc pk:city ?city }
  OPTIONAL { ?doc pk:province ?province }
  BIND(COALESCE(?city, ?province) AS ?region)
  OPTIONAL { ?region rdfs:label ?place ; skos:notation ?placeCode }
"""


# %% Goals per place: how many goals each place's plans set, how many with a figure, and for which years.
def goals_per_place(store: Store) -> pd.DataFrame:
    goals = store.query_df(f"""
        SELECT ?place ?placeCode ?goal ?value ?year WHERE {{ {PLACE}
          ?goal a pk:Goal ; pk:inDocument ?doc .
          OPTIONAL {{ ?goal pk:targetValue ?value }}
          OPTIONAL {{ ?goal pk:targetYear ?year }}
        }}""")
    return (goals.groupby(["place", "placeCode"])
            .agg(goals=("goal", "nunique"), with_figure=("value", "count"),
                 first_year=("year", "min"), last_year=("year", "max"))
            .reset_index().sort_values("goals", ascending=False, ignore_index=True))


# %% Owners per agency type: distinct goals owned, the 2018 reform followed (质监局 counts as 市场监督管理).
def owners_per_agency_type(store: Store) -> pd.DataFrame:
    owners = store.query_df("""
        SELECT ?goal ?agency ?typeLabel WHERE {
          ?goal a pk:Goal ; pk:owner ?agency .
          ?agency pk:agencyType ?named .
          OPTIONAL { ?named pk:reformedInto+ ?successor FILTER NOT EXISTS { ?successor pk:reformedInto ?later } }
          BIND(COALESCE(?successor, ?named) AS ?type)
          ?type skos:prefLabel ?typeLabel .
        }""", lang="zh")
    return (owners.groupby("typeLabel")
            .agg(goals=("goal", "nunique"), agencies=("agency", "nunique"))
            .reset_index().rename(columns={"typeLabel": "agency_type"})
            .sort_values(["goals", "agency_type"], ascending=[False, True], ignore_index=True))


# %% A cross-city comparison: the headline target of each indicator that several places set, one column a place.
def comparison(store: Store, min_places: int = 3) -> pd.DataFrame:
    targets = store.query_df(f"""
        SELECT ?place ?indicator ?value ?unit WHERE {{ {PLACE}
          ?goal a pk:Goal ; pk:inDocument ?doc ; pk:indicator ?i ; pk:targetValue ?value .
          ?i skos:prefLabel ?indicator .
          OPTIONAL {{ ?goal pk:unit ?unit }}
        }}""", lang="zh")
    table = targets.pivot_table(index="indicator", columns="place", values="value", aggfunc="max")
    table = table[table.notna().sum(axis=1) >= min_places]
    table.columns.name = None
    return table.sort_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="embedded store folder")
    parser.add_argument("--endpoint", help="a SPARQL endpoint, e.g. http://127.0.0.1:8000/sparql")
    args = parser.parse_args()
    store = open_store(args.store, endpoint=args.endpoint, read_only=True)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    try:
        print("# goals per place")
        print(goals_per_place(store).to_string(index=False))
        print("\n# goals owned per agency type")
        print(owners_per_agency_type(store).head(10).to_string(index=False))
        print("\n# headline targets of indicators set by 3 or more places")
        print(comparison(store).to_string())
    finally:
        store.close()


if __name__ == "__main__":
    main()
