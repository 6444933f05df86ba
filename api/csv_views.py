"""``?format=csv`` on the REST list views (``/documents``, ``/goals``, ``/agencies``, ``/cities``), one flat
row per item, so that ``pandas.read_csv("http://127.0.0.1:8000/goals?format=csv")`` reads a view directly.

Nested fields are flattened: a node becomes ``field_iri`` and ``field_label``, a list of nodes the same
columns with values joined by ``"; "``, evidence ``evidence_quote``/``evidence_start``/``evidence_end``.
RFC 4180: UTF-8, CRLF line ends, a header row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from .negotiate import negotiate

JOIN = "; "


def wants_csv(request: Request) -> bool:
    if request.query_params.get("format") == "csv":
        return True
    accept = request.headers.get("accept")
    if not accept or "text/csv" not in accept:
        return False
    chosen = negotiate(accept, {"results"}, default="json")
    return chosen is not None and chosen.media_type == "text/csv"


def _cell(value: Any) -> str | int | float | bool | None:
    if isinstance(value, list):
        return JOIN.join("" if v is None else str(v) for v in value) if value else None
    return value  # type: ignore[no-any-return]


def flatten(item: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One flat row: nested objects' fields become ``field_sub``; lists of objects, one column per field."""
    row: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            row.update(flatten(value, f"{name}_"))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            keys = list(dict.fromkeys(k for v in value for k in v))
            for sub in keys:
                parts = [v.get(sub) for v in value]
                if all(not isinstance(p, Mapping | list) for p in parts):
                    row[f"{name}_{sub}"] = _cell(parts)
        elif isinstance(value, list) and any(isinstance(v, Mapping | list) for v in value):
            continue  # deeper structures (a document's goal list) belong to their own view
        else:
            row[name] = _cell(value)
    return row


def to_csv(rows: Iterable[Mapping[str, Any]], *, bom: bool = False) -> bytes:
    rows = list(rows)
    header = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow(["" if r.get(k) is None else r.get(k) for k in header])
    return ("\ufeff" if bom else "").encode("utf-8") + out.getvalue().encode("utf-8")


def csv_response(items: Iterable[BaseModel], name: str) -> Response:
    rows = [flatten(i.model_dump(mode="json")) for i in items]
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{name}.csv"'})
