"""A URLconf for the error-shape tests: views that fail the ways no real endpoint does on demand."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView


class ThrottledView(TenantAPIView):
    required_scopes = {"GET": None}

    def get(self, request: Request) -> Response:
        raise Throttled(wait=7)


class CrashingView(TenantAPIView):
    required_scopes = {"GET": None}

    def get(self, request: Request) -> Response:
        raise RuntimeError("boom")


def crashing_plain_view(request) -> HttpResponse:
    raise RuntimeError("boom outside DRF")


urlpatterns = [
    path("v1/test/throttled", ThrottledView.as_view()),
    path("v1/test/crash", CrashingView.as_view()),
    path("v1/test/plain-crash", crashing_plain_view),
    path("", include("controlplane.urls")),
]
handler404 = "controlplane.api.errors.handler404"
handler500 = "controlplane.api.errors.handler500"
