"""Server-side SVG charts (heatmap, horizontal bars): hand-written SVG, no scripts, no CDN.

Every label and value is escaped; the charts size themselves from their labels (a CJK character counts
as one em, anything else as about half of one).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = 12
FONT_FAMILY = '"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif'
LOW, HIGH = (247, 251, 255), (8, 81, 156)     # white-blue scale
BAR = "#3b7dd8"


def text_width(text: str, size: int = FONT) -> float:
    """Roughly how wide ``text`` is at ``size`` px: one em per wide character, 0.6 em for the others."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def colour(share: float | None) -> str:
    """The scale's colour at ``share`` in [0, 1]; light grey for no value."""
    if share is None:
        return "#eeeeee"
    s = min(max(share, 0.0), 1.0)
    r, g, b = (round(lo + (hi - lo) * s) for lo, hi in zip(LOW, HIGH, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _svg(width: float, height: float, title: str, body: str) -> str:
    width = max(width, text_width(title) * 1.1 + 12)   # the bold title must fit
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" font-family=\'{FONT_FAMILY}\' font-size="{FONT}">'
            f"<title>{escape(title)}</title>"
            f'<text x="4" y="{FONT + 4}" font-weight="bold">{escape(title)}</text>{body}</svg>')


def scale_rows(values: Sequence[Sequence[float | None]]) -> list[list[float | None]]:
    """Each row's values scaled to [0, 1] between that row's minimum and maximum (1 when all are equal)."""
    out: list[list[float | None]] = []
    for row in values:
        present = [v for v in row if v is not None]
        lo, hi = (min(present), max(present)) if present else (0.0, 0.0)
        out.append([None if v is None else (1.0 if hi == lo else (v - lo) / (hi - lo)) for v in row])
    return out


def scale_all(values: Sequence[Sequence[float | None]]) -> list[list[float | None]]:
    """Every value scaled to [0, 1] by the largest value of the grid."""
    top = max((v for row in values for v in row if v is not None), default=0.0)
    return [[None if v is None else (v / top if top else 0.0) for v in row] for row in values]


def heatmap(rows: Sequence[str], cols: Sequence[str], shares: Sequence[Sequence[float | None]],
            texts: Sequence[Sequence[str]] | None = None, *, title: str, cell: tuple[int, int] = (0, 24)) -> str:
    """A grid: one row per ``rows`` label, one column per ``cols`` label, coloured by ``shares`` (0..1,
    None for an empty cell), each cell showing its ``texts`` entry (and as a tooltip)."""
    texts = texts or [["" for _ in cols] for _ in rows]
    left = max((text_width(r) for r in rows), default=0) + 12
    width_needed = max([text_width(c) + 10 for c in cols] + [text_width(t) + 10 for row in texts for t in row] + [40])
    cw, ch = cell[0] or min(width_needed, 160), cell[1]
    top = FONT * 2 + 16
    parts = []
    for j, col in enumerate(cols):
        x = left + j * cw + cw / 2
        parts.append(f'<text x="{x:.1f}" y="{top - 6}" text-anchor="middle">{escape(col)}</text>')
    for i, row in enumerate(rows):
        y = top + i * ch
        parts.append(f'<text x="{left - 6:.1f}" y="{y + ch * 0.65:.1f}" text-anchor="end">{escape(row)}</text>')
        for j, col in enumerate(cols):
            share = shares[i][j]
            text = texts[i][j]
            x = left + j * cw
            ink = "#ffffff" if share is not None and share > 0.55 else "#222222"
            tip = escape(f"{row} · {col}: {text}" if text else f"{row} · {col}")
            parts.append(f'<g><title>{tip}</title><rect x="{x:.1f}" y="{y}" width="{cw:.1f}" height="{ch}" '
                         f'fill="{colour(share)}" stroke="#ffffff"/>'
                         f'<text x="{x + cw / 2:.1f}" y="{y + ch * 0.65:.1f}" text-anchor="middle" fill="{ink}">'
                         f"{escape(text)}</text></g>")
    return _svg(left + len(cols) * cw + 8, top + len(rows) * ch + 8, title, "".join(parts))


def bars(labels: Sequence[str], values: Sequence[float], *, title: str, unit: str = "", width: int = 360) -> str:
    """Horizontal bars, one per label, longest for the largest value, each with its value written."""
    left = max((text_width(label) for label in labels), default=0) + 12
    top, bh = FONT * 2 + 8, 20
    peak = max(values, default=0.0) or 1.0
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * bh
        w = max(width * value / peak, 1.0)
        shown = (f"{value:g}" if value == int(value) else f"{value:.3f}") + unit
        parts.append(f'<g><title>{escape(f"{label}: {shown}")}</title>'
                     f'<text x="{left - 6:.1f}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{left:.1f}" y="{y + 3}" width="{w:.1f}" height="{bh - 6}" fill="{BAR}"/>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 14}">{escape(shown)}</text></g>')
    return _svg(left + width + 80, top + len(labels) * bh + 8, title, "".join(parts))
