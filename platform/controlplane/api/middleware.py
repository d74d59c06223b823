from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from controlplane.api.errors import too_large_body


class ApiBodySizeLimitMiddleware:
    """Refuse oversized API bodies with 413 before anything reads them (Django's own check says 400)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/v1/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.ASSAY_MAX_REQUEST_BYTES:
                return JsonResponse(too_large_body(), status=413)
        return self.get_response(request)
