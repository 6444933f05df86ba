"""/map: the choropleth of plans by place (:mod:`policykg.viz.maps`), built in the pages worker pool and cached
per store version; ``?format=json`` gives the data it colours."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from policykg.errors import BadParameter
from policykg.store import Store
from policykg.viz import maps, safety

from .pagecache import built
from .worker import Rendered

router = APIRouter(tags=["map"])


def build_map(store: Store, *, counties: str | None, format: str) -> Rendered:
    if format == "json":
        body = json.dumps(maps.map_data(store), ensure_ascii=False, separators=(",", ":"))
        return Rendered(body.encode(), "application/json")
    return Rendered(maps.map_page(store, counties=counties).encode(), "text/html; charset=utf-8",
                    safety.security_headers(maps.map_policy(header=True)))


@router.get("/map", response_class=HTMLResponse, summary="Map: which places have plans, indicator targets, first "
            "adoption", description="An offline choropleth of China's provinces and prefectures (counties of one "
            "province on demand). Click a place to list its plans. format=json gives the data.")
async def map_route(request: Request,
                    counties: Annotated[str | None, Query(pattern=r"^(\d{6})?$",
                                                          description="a province's GB/T 2260 code: draw its "
                                                                      "counties", examples=["420000"])] = None,
                    format: Annotated[str, Query(pattern="^(html|json)$")] = "html") -> Response:
    if counties and counties not in maps.county_provinces():
        raise BadParameter(f"counties: no county boundaries for {counties!r}",
                           detail={"counties": counties, "allowed": maps.county_provinces()})
    return await built(request, f"{__name__}:build_map", counties=counties or None, format=format)
