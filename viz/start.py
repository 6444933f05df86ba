"""The starting page: every network view (with each city and document), the query page and the API docs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from policykg.namespaces import PKR, sparql_prefixes
from policykg.store import Store

from . import safety

_DOCUMENTS = """
SELECT ?doc ?file (SAMPLE(?t) AS ?title) (SAMPLE(?cl) AS ?city) WHERE {
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  OPTIONAL { ?doc dcterms:title ?t }
  OPTIONAL { ?doc pk:city|pk:province ?c . ?c rdfs:label ?cl }
} GROUP BY ?doc ?file ORDER BY ?file
"""


@lru_cache(maxsize=1)
def _template() -> Any:
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")), autoescape=True)
    return env.get_template("start.html")


def start_policy() -> str:
    """The start page has no script at all."""
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'self'")


def start_page(store: Store) -> str:
    documents = []
    cities: set[str] = set()
    for row in store.query(sparql_prefixes() + _DOCUMENTS).rows:
        doc = str(row["doc"])
        doc_id = doc[len(f"{PKR}doc/"):] if doc.startswith(f"{PKR}doc/") else doc
        city = safety.clean(row.get("city", ""), 100)
        if city:
            cities.add(city)
        documents.append({"title": safety.clean(row.get("title") or row["file"], 200), "city": city,
                          "href": f"/viz/document/{quote(doc_id, safe='')}",
                          "own": f"/viz/ownership?{urlencode({'document': doc_id})}"})
    city_links = [{"name": c, "href": f"/viz/ownership?{urlencode({'city': c})}"} for c in sorted(cities)]
    return str(_template().render(documents=documents, cities=city_links))
