"""Each request's id and latency.

Sync and async capable: under ASGI the request stays on the event loop through this middleware (a
sync-only one would hold a thread for every sync image request's wait), and under WSGI it runs as
plain Django middleware.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase
from prometheus_client import Gauge

from controlplane import logs
from controlplane.observability import metrics

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept when it is a plausible one (a proxy's UUID or trace id); anything else, which
# would land verbatim in every log line of the request, is replaced by our own.
_CALLER_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def _request_id(request: HttpRequest) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _CALLER_ID.match(given) else uuid.uuid4().hex


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None and match.route else "unmatched"


class RequestObservabilityMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(
        self, get_response: Callable[[HttpRequest], HttpResponseBase | Awaitable[HttpResponseBase]]
    ) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if iscoroutinefunction(self):
            return self._acall(request)
        started = self._start(request)
        try:
            response = self.get_response(request)
        finally:
            self._in_progress(request).dec()
        return self._finish(request, response, started)  # type: ignore[arg-type]

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        started = self._start(request)
        try:
            response = await self.get_response(request)  # type: ignore[misc]
        finally:
            self._in_progress(request).dec()
        return self._finish(request, response, started)

    def _start(self, request: HttpRequest) -> float:
        # Not reset when the request ends: Django logs a response's warnings, and the server its access
        # line, after this middleware returns. The next request in this thread or task sets its own.
        logs.request_id.set(_request_id(request))
        logs.job_id.set(None)
        self._in_progress(request).inc()
        return time.perf_counter()

    def _in_progress(self, request: HttpRequest) -> Gauge:
        return metrics.HTTP_REQUESTS_IN_PROGRESS.labels(method=metrics.method_label(request.method))

    def _finish(self, request: HttpRequest, response: HttpResponseBase, started: float) -> HttpResponseBase:
        metrics.observe_request(
            request.method or "", _route(request), response.status_code, time.perf_counter() - started
        )
        response[REQUEST_ID_HEADER] = logs.request_id.get()
        return response
