from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.html import escape

from controlplane.api.errors import too_large_body

GetResponse = Callable[[HttpRequest], HttpResponseBase | Awaitable[HttpResponseBase]]


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/v1/")


async def _answered(response: HttpResponseBase) -> HttpResponseBase:
    return response


class ApiBodySizeLimitMiddleware:
    """Refuse oversized API and console bodies (ASSAY_MAX_REQUEST_BYTES) with 413 before anything reads
    them (Django's own check says 400, and does not count uploaded files). The API answers in its error
    shape; the console, whose uploads (verify) would otherwise spool to disk, in a plain page.
    Sync and async capable, and it only reads a header: under the ASGI server it runs on the event loop
    (a sync middleware would cost every request a hop to a thread and back)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        refusal = self._refusal(request)
        if refusal is None:
            return self.get_response(request)
        return _answered(refusal) if iscoroutinefunction(self) else refusal

    @staticmethod
    def _refusal(request: HttpRequest) -> HttpResponse | None:
        api = is_api(request)
        if not api and not request.path.startswith("/console/"):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.ASSAY_MAX_REQUEST_BYTES:
            return None
        if api:
            return JsonResponse(too_large_body(), status=413)
        message = too_large_body()["error"]["message"]
        return HttpResponse(f"<!doctype html><title>Too large</title><p>{escape(message)}</p>", status=413)
