from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.html import escape

from controlplane.api.errors import too_large_body

GetResponse = Callable[[HttpRequest], HttpResponseBase | Awaitable[HttpResponseBase]]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
AsgiApp = Callable[[Message, Receive, Send], Awaitable[None]]


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
        return too_large_response(api)


def too_large_response(api: bool) -> HttpResponse:
    """The 413 for a body over ASSAY_MAX_REQUEST_BYTES: the API's error shape, elsewhere a plain page."""
    if api:
        return JsonResponse(too_large_body(), status=413)
    message = too_large_body()["error"]["message"]
    return HttpResponse(f"<!doctype html><title>Too large</title><p>{escape(message)}</p>", status=413)


class RequestSizeLimit:
    """ASGI wrapper around Django's application: a body over ASSAY_MAX_REQUEST_BYTES gets 413 as soon as
    more than the limit has arrived, on every path. Django's ASGI handler reads the whole body into a
    temporary file (on disk past FILE_UPLOAD_MAX_MEMORY_SIZE) before any middleware runs, so the check
    above comes after the bytes are on disk, and a chunked body declares no length at all.
    A declared length over the limit is refused before any body is read; otherwise the bytes are
    counted as Django receives them, whatever the header said. (Under WSGI the body is read lazily,
    after the middleware, and only up to its Content-Length: the middleware's check suffices.)"""

    def __init__(self, app: AsgiApp) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit: int = settings.ASSAY_MAX_REQUEST_BYTES
        if _declared_length(scope) > limit:
            await _send_too_large(scope, send)
            return
        received = 0

        async def counting_receive() -> Message:
            """The client's messages, until the body passes the limit: then a disconnect, on which
            Django drops what it spooled and answers nothing (ASGIHandler.read_body)."""
            nonlocal received
            if received > limit:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counting_receive, send)
        if received > limit:
            await _send_too_large(scope, send)


def _declared_length(scope: Message) -> int:
    """The request's Content-Length; 0 when absent or not a number (the server frames the body)."""
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


async def _send_too_large(scope: Message, send: Send) -> None:
    """Answer 413 (the API's shape on /v1/) and close the connection: the server then stops reading the
    body that nobody will read, rather than discarding it for keep-alive."""
    response = too_large_response(scope["path"].startswith("/v1/"))
    response["Content-Length"] = str(len(response.content))
    response["Connection"] = "close"
    headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in response.items()]
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": response.content})
