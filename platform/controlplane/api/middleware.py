from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.html import escape

from controlplane.api.errors import too_large_body


class ApiBodySizeLimitMiddleware(MiddlewareMixin):
    """Refuse oversized API and console bodies (ASSAY_MAX_REQUEST_BYTES) with 413 before anything reads
    them (Django's own check says 400, and does not count uploaded files). The API answers in its error
    shape; the console, whose uploads (verify) would otherwise spool to disk, in a plain page.
    (A MiddlewareMixin, so it runs in either mode and keeps the middleware above it asynchronous
    under the ASGI server.)"""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        api = request.path.startswith("/v1/")
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
