"""ASGI middleware for what every response shares: size limits and the headers of HTML pages.

* :class:`Limits` refuses a request whose path and query string are longer than ``Settings.max_url``
  (414) and a body longer than ``Settings.max_body`` (413): at once when ``Content-Length`` says so,
  and otherwise as soon as the chunks read so far pass the limit (the rest is never read). Both answers
  are the one JSON error body.
* :class:`HtmlHeaders` sends ``X-Content-Type-Options: nosniff`` with every response, and a
  Content-Security-Policy with every HTML response that has none of its own (the network pages and the
  query page set theirs; the API docs get one that allows the CDN their script comes from).
* :func:`uvicorn_options`: uvicorn's own request-line limit (h11's 16 KiB) answers a long URL with plain
  text before the app sees it; the options raise it so that the app's 414 (JSON) answers instead.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from policykg.errors import PolicyKGError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: For HTML pages that set no policy of their own: no scripts, no network, inline styles only.
DEFAULT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
                  "form-action 'self'; frame-ancestors 'none'")
#: /docs runs Swagger UI from the package's own static files, started by an inline script: nothing from elsewhere.
DOCS_POLICY = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; connect-src 'self'; worker-src blob:; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs",)


class BodyTooLarge(PolicyKGError):
    code = "body_too_large"
    status = 413


def _error(code: str, message: str, status: int, detail: dict[str, object]) -> tuple[dict[str, Any], bytes]:
    body = json.dumps({"error": {"code": code, "message": message, "status": status, "detail": detail}}).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         (b"connection", b"close")]}
    return start, body


async def _send_error(send: Send, code: str, message: str, status: int, detail: dict[str, object]) -> None:
    start, body = _error(code, message, status, detail)
    await send(start)
    await send({"type": "http.response.body", "body": body})


class Limits:
    """Refuse long URLs (414) and large bodies (413) before the app reads them."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_url: int) -> None:
        self.app, self.max_body, self.max_url = app, max_body, max_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url = len(scope.get("raw_path") or scope.get("path", "").encode()) + len(scope.get("query_string", b""))
        if url > self.max_url:
            await _send_error(send, "uri_too_long", f"the request's URL is {url:,} bytes; at most {self.max_url:,} "
                              "are accepted (POST a long query as the request body)", 414,
                              {"bytes": url, "max_url": self.max_url})
            return
        declared = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length > self.max_body:
                await _send_error(send, BodyTooLarge.code, self._body_message(), 413,
                                  {"bytes": length, "max_body": self.max_body})
                return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    refused = True
                    raise BodyTooLarge(self._body_message(), detail={"bytes_read": seen, "max_body": self.max_body})
            return message

        async def closing(message: Message) -> None:
            if refused and message["type"] == "http.response.start":  # the server must not read the rest
                message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        await self.app(scope, counted, closing)

    def _body_message(self) -> str:
        return f"the request body is larger than the {self.max_body:,} bytes this server accepts"


class HtmlHeaders:
    """``nosniff`` on every response; a Content-Security-Policy on every HTML response without one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-content-type-options"]
                headers.append((b"x-content-type-options", b"nosniff"))
                names = {k.lower() for k, _v in headers}
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.lower().startswith(b"text/html") and b"content-security-policy" not in names:
                    policy = DOCS_POLICY if path in DOCS_PATHS or path.startswith("/docs/") else DEFAULT_POLICY
                    headers.append((b"content-security-policy", policy.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, headed)


H11_LIMIT = 4 << 20  # bytes of request line and headers uvicorn reads before it answers 400 itself


def uvicorn_options(max_url: int) -> dict[str, object]:
    """Options for ``uvicorn.run`` / ``uvicorn.Config`` so that the app, not h11, answers a long URL (up to
    4 MiB; past that uvicorn's plain-text 400 still answers, without reading more)."""
    return {"http": "h11", "h11_max_incomplete_event_size": max(max_url + (64 << 10), H11_LIMIT)}
