from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.deprecation import MiddlewareMixin

from controlplane.api.errors import too_large_body


class ApiBodySizeLimitMiddleware(MiddlewareMixin):
    """Refuse oversized API bodies with 413 before anything reads them (Django's own check says 400).
    (A MiddlewareMixin, so it runs in either mode and keeps the middleware above it asynchronous
    under the ASGI server.)"""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if request.path.startswith("/v1/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.ASSAY_MAX_REQUEST_BYTES:
                return JsonResponse(too_large_body(), status=413)
        return None
