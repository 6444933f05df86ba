"""The API docs at /docs: Swagger UI served from the package's own data, so the page works offline.

FastAPI's default /docs loads Swagger UI from a CDN and is blank without a network. The app turns that
off (``docs_url=None``) and this router serves the same page with ``swagger-ui-dist``'s files, which
``scripts/vendor-assets.sh`` copies into ``api/static/vendor/swagger-ui/`` (committed, with their licence).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from policykg.errors import NotFound

router = APIRouter(include_in_schema=False)

#: The Swagger UI files served, by name, with their media types.
ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}
#: A small inline icon, so the browser asks no favicon of anyone.
FAVICON = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3C/svg%3E"


def swagger_dir() -> Path:
    return Path(__file__).resolve().parent / "static" / "vendor" / "swagger-ui"


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    return get_swagger_ui_html(openapi_url=f"{root}{request.app.openapi_url}",
                               title=f"{request.app.title} · API docs",
                               swagger_js_url=f"{root}/static/swagger-ui/swagger-ui-bundle.js",
                               swagger_css_url=f"{root}/static/swagger-ui/swagger-ui.css",
                               swagger_favicon_url=FAVICON)


@router.get("/static/swagger-ui/{name}")
def swagger_asset(name: str) -> FileResponse:
    path = swagger_dir() / name
    if name not in ASSETS or not path.is_file():
        raise NotFound(f"no asset {name!r}: the API docs' assets are package data (scripts/vendor-assets.sh)")
    return FileResponse(path, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
