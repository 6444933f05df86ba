"""Pages and analyses built in the worker pool, cached per store version.

A built page carries its gzip form and an ETag (both made in the worker): a client that accepts gzip
gets it (a 1.2 MB ownership page is sent as about a tenth of that), and one that names the ETag in
``If-None-Match`` gets 304.

:func:`built` is what a route awaits: the key is the store's version (its folder and files, see
:meth:`.executor.ProcessExecutor.version`), the builder's name and its arguments. A page already built
for this version comes from the cache; one being built is awaited by every request that asks for it
(sixteen requests for the same page build it once); otherwise it is built by a worker
(:class:`~.worker.CallJob`), under ``Settings.page_timeout``, admitted or refused at once like a query.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from policykg.settings import Settings

from .executor import Executor, start_executor, submit
from .worker import CallJob, Rendered


class PageCache:
    """At most ``size`` built pages, least recently used dropped first; concurrent builds of one key merged."""

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._built: OrderedDict[Hashable, Rendered] = OrderedDict()
        self._building: dict[Hashable, asyncio.Future[Rendered]] = {}
        self.builds = 0  # how many builds ran (the tests read it)

    async def get(self, key: Hashable, build: Callable[[], Awaitable[Rendered]]) -> Rendered:
        if key in self._built:
            self._built.move_to_end(key)
            return self._built[key]
        task = self._building.get(key)
        if task is None:  # a task of its own: a client that goes away does not cancel the others' page
            task = self._building[key] = asyncio.ensure_future(self._build(key, build))
        return await asyncio.shield(task)

    async def _build(self, key: Hashable, build: Callable[[], Awaitable[Rendered]]) -> Rendered:
        try:
            self.builds += 1
            page = await build()
        finally:
            self._building.pop(key, None)
        if self.size:
            self._built[key] = page
            while len(self._built) > self.size:
                self._built.popitem(last=False)
        return page


def pages_pool(request: Request) -> Executor:
    state = request.app.state
    if getattr(state, "pages", None) is None:
        settings: Settings = state.settings
        state.pages = start_executor(state.store, workers=settings.page_workers, queue=settings.queue,
                                     isolate=not settings.allow_service, prestart=False)
    pool: Executor = state.pages
    return pool


def _frozen(value: object) -> Hashable:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    assert isinstance(value, Hashable)
    return value


async def built(request: Request, function: str, **kwargs: object) -> Response:
    """The response for ``function(store, **kwargs)`` (a ``policykg.`` builder returning ``Rendered``)."""
    settings: Settings = request.app.state.settings
    pool = pages_pool(request)
    if getattr(request.app.state, "page_cache", None) is None:
        request.app.state.page_cache = PageCache(settings.page_cache)
    cache: PageCache = request.app.state.page_cache
    job = CallJob(function, kwargs, timeout=settings.page_timeout)

    async def build() -> Rendered:
        page = await submit(pool, job)
        assert isinstance(page, Rendered)
        return page

    version = await run_in_threadpool(pool.version)
    if version is None:
        page = await build()
    else:
        page = await cache.get((version, function, _frozen(kwargs)), build)
    headers = {**page.headers, "Vary": "Accept, Accept-Encoding"}
    if page.etag:
        headers["ETag"] = page.etag
        if page.etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
    if page.gzipped is not None and "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        return Response(page.gzipped, media_type=page.media_type, headers=headers)
    return Response(page.body, media_type=page.media_type, headers=headers)
