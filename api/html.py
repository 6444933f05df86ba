"""Plain offline HTML for the REST views: any JSON-shaped value rendered as definition lists and tables.

Instance IRIs become links to their ``/id/...`` page; a ``{"iri": ..., "label": ...}`` reference becomes
one link with the label as its text. No scripts, no CDN.
"""

from __future__ import annotations

from html import escape

from policykg.namespaces import PKR

STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:2em auto;max-width:72em;padding:0 1em;
color:#222;line-height:1.5}
h1{font-size:1.4em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;
vertical-align:top;text-align:left}th{background:#f3f3f3}dt{font-weight:bold;margin-top:.6em}dd{margin-left:1.5em}
nav a{margin-right:1em}.muted{color:#777}
"""
NAV = ("/documents", "/agencies", "/goals", "/cities", "/queries", "/search", "/map", "/sparql", "/docs")


def link(iri: str, text: str | None = None) -> str:
    """An anchor: to the /id/ page for an instance IRI, else to the IRI itself."""
    href = "/id/" + iri[len(str(PKR)):] if iri.startswith(str(PKR)) else iri
    return f'<a href="{escape(href)}">{escape(text or iri)}</a>'


def value(v: object) -> str:
    if v is None:
        return '<span class="muted">—</span>'
    if isinstance(v, dict):
        if "iri" in v and isinstance(v["iri"], str) and set(v) <= {"iri", "label", "id", "jurisdiction"}:
            text = str(v.get("label") or v["iri"])
            extra = f' <span class="muted">({escape(str(v["jurisdiction"]))})</span>' if v.get("jurisdiction") else ""
            return link(v["iri"], text) + extra
        return "<dl>" + "".join(f"<dt>{escape(str(k))}</dt><dd>{value(x)}</dd>" for k, x in v.items()) + "</dl>"
    if isinstance(v, list):
        if not v:
            return '<span class="muted">none</span>'
        if all(isinstance(x, dict) for x in v):
            return table(v)
        return "<ul>" + "".join(f"<li>{value(x)}</li>" for x in v) + "</ul>"
    text = str(v)
    if text.startswith(("https://", "http://")):
        return link(text)
    return escape(text)


def table(rows: list[dict[str, object]]) -> str:
    keys: list[str] = []
    for row in rows:
        keys.extend(k for k in row if k not in keys)
    head = "".join(f"<th>{escape(k)}</th>" for k in keys)
    body = "".join("<tr>" + "".join(f"<td>{value(row.get(k))}</td>" for k in keys) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, data: object, *, intro: str = "") -> str:
    nav = "".join(f'<a href="{p}">{p[1:]}</a>' for p in NAV)
    return (f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{escape(title)} · policykg'
            f"</title><style>{STYLE}</style></head><body><nav>{nav}</nav><h1>{escape(title)}</h1>{intro}"
            f"{value(data)}</body></html>")
