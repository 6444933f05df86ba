"""Keep text from documents inert in the network pages.

Labels, quotes, titles and even node ids come from policy documents (or from whoever wrote the store), so
a page treats all of them as data: they travel as JSON inside a ``<script type="application/json">``
block with every ``<``, ``>`` and ``&`` escaped, the page's own script puts them on screen only through
``textContent`` (never ``innerHTML``), and the HTML around it is rendered by Jinja with autoescape on.
pyvis's own template is never used: it has no autoescape, writes the heading and the select-menu options
(node ids) raw, and switches every tooltip to ``innerHTML`` as soon as one title contains ``href``.

A Content-Security-Policy allows exactly the page's inline scripts (by hash), no other script, and no
network access at all, so even an escape that slipped through could neither run nor call home.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

_UNSAFE_IN_URL = re.compile(r"[\s\"'<>`\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]")


def clean(text: object, limit: int = 2000) -> str:
    """Text for display: NFC, without control or bidi-override characters, at most ``limit`` characters."""
    value = _CONTROL.sub("", unicodedata.normalize("NFC", str(text)))
    return value if len(value) <= limit else value[:limit - 1] + "…"


def shorten(text: str, limit: int = 12) -> str:
    """A short node label: the first ``limit`` characters and an ellipsis."""
    text = clean(text, 500).replace("\n", " ").strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def script_json(value: object) -> str:
    """JSON that can sit inside a ``<script>`` element: nothing in it can close the element or open a
    comment, whatever the strings hold."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def safe_href(url: str) -> str | None:
    """``url`` when it is a same-site path (``/id/...``) or an http(s) URL, else None (no ``javascript:``)."""
    if _UNSAFE_IN_URL.search(url):
        return None
    if url.startswith("/") and not url.startswith("//"):
        return url
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def base_url(url: str | None) -> str:
    """A base URL for a page's links: empty (same site) or an http(s) URL without a trailing slash."""
    if not url:
        return ""
    checked = safe_href(url)
    if checked is None or checked.startswith("/"):
        from policykg.errors import PolicyKGError

        raise PolicyKGError(f"a base URL is an http(s) URL such as http://127.0.0.1:8000, not {url!r}")
    return checked.rstrip("/")


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: Iterable[str], *, header: bool = False) -> str:
    """The policy for a page whose only scripts are ``scripts`` (their exact inline text).

    ``header=True`` adds the directives a ``<meta>`` tag may not carry (``frame-ancestors``)."""
    hashes = " ".join(script_hash(s) for s in scripts)
    policy = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
              "font-src data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")
    return policy + "; frame-ancestors 'self'" if header else policy


def security_headers(policy: str) -> dict[str, str]:
    """The HTTP headers sent with every network page."""
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}
