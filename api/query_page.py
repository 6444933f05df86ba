"""The query page at /sparql for browsers: YASGUI, served from the package's own data (no CDN, no npm).

The root ``package.json`` pins ``@zazuko/yasgui``; ``scripts/vendor-assets.sh`` copies its built JS and CSS
into ``api/static/vendor/yasgui/`` (committed, with its licence), so an installed wheel serves them under
``/static/yasgui/``. The editor starts with the project's prefixes filled in, and the named research
queries as tabs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from policykg.errors import NotFound
from policykg.namespaces import sparql_prefixes
from policykg.settings import Settings

router = APIRouter(tags=["sparql"])

#: The YASGUI build files served, by name, with their media types.
ASSETS = {"yasgui.min.js": "text/javascript", "yasgui.min.css": "text/css"}
STARTER = """{prefixes}
# Documents in the graph, with their city and title
SELECT ?doc ?city ?title WHERE {{
  ?doc a pk:PolicyDocument ; pk:sourceFile ?file .
  OPTIONAL {{ ?doc pk:city/rdfs:label ?city }}
  OPTIONAL {{ ?doc dcterms:title ?title }}
}}
ORDER BY ?file
LIMIT 100
"""


def yasgui_dir() -> Path:
    """Where the YASGUI build lives: the package's vendored copy (``scripts/vendor-assets.sh``)."""
    return Path(__file__).resolve().parent / "static" / "vendor" / "yasgui"


def example_tabs() -> list[dict[str, str]]:
    """The starter query, then one tab per named research query, its parameters' defaults bound."""
    from policykg.queries import load_all

    tabs = [{"name": "policykg", "query": STARTER.format(prefixes=sparql_prefixes())}]
    tabs.extend({"name": query.title, "query": query.example()} for query in load_all())
    return tabs


@lru_cache(maxsize=1)
def _template() -> str:
    return resources.files("policykg.api").joinpath("static/query.html").read_text(encoding="utf-8")


def render(settings: Settings) -> str:
    config = json.dumps({"tabs": example_tabs()}, ensure_ascii=False).replace("<", "\\u003c")
    return (_template().replace("__CONFIG__", config)
            .replace("__TIMEOUT__", f"{settings.query_timeout:g}")
            .replace("__MAX_ROWS__", f"{settings.max_rows:,}"))


def policy(html: str) -> str:
    """The page's Content-Security-Policy: its own inline script by hash, YASGUI from /static, queries to
    this server only."""
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    return (f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


def page(settings: Settings) -> HTMLResponse:
    html = render(settings)
    return HTMLResponse(html, headers={"Vary": "Accept", "Content-Security-Policy": policy(html)})


@router.get("/static/yasgui/{name}", include_in_schema=False)
def yasgui_asset(name: str) -> FileResponse:
    path = yasgui_dir() / name
    if name not in ASSETS or not path.is_file():
        raise NotFound(f"no asset {name!r}: the query page's assets are package data "
                       "(scripts/vendor-assets.sh)")
    return FileResponse(path, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
