"""One shape for every error the project raises on purpose."""

from __future__ import annotations


class PolicyKGError(Exception):
    """A user-facing error: one clear line, no traceback needed.

    ``code`` is a stable machine-readable slug (the API puts it in its JSON error body).
    """

    code = "error"
    status = 400

    def __init__(self, message: str, *, detail: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or {}


class StoreError(PolicyKGError):
    code = "store_error"
    status = 503


class QuerySyntaxError(PolicyKGError):
    code = "query_syntax"
    status = 400


class QueryRefused(PolicyKGError):
    code = "query_refused"
    status = 403


class QueryTimeout(PolicyKGError):
    code = "query_timeout"
    status = 503


class NotFound(PolicyKGError):
    code = "not_found"
    status = 404


class NotAcceptable(PolicyKGError):
    """No media type the client accepts can carry this result (HTTP content negotiation)."""

    code = "not_acceptable"
    status = 406


class UnsupportedMediaType(PolicyKGError):
    """A request body in a media type the route does not take."""

    code = "unsupported_media_type"
    status = 415


class BadParameter(PolicyKGError):
    """A named query's parameter is missing, unknown, or not of its kind."""

    code = "bad_parameter"
    status = 400


class IngestError(PolicyKGError):
    """A file could not be ingested. Names the file, and the position where one is known."""

    code = "ingest_error"
    status = 422

    def __init__(self, file: str, message: str, *, position: int | None = None) -> None:
        where = f"{file}" if position is None else f"{file}:{position}"
        super().__init__(f"{where}: {message}", detail={"file": file, "position": position})
        self.file = file
        self.position = position
