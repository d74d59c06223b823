from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from controlplane.quotas import ratelimit
from controlplane.tenants.models import Tenant
from controlplane.tenants.services import Principal
from foundation.text import check_text


def check_url_text(request: Request, path_params: Mapping[str, object]) -> None:
    """The URL's path parameters (`job_id`, ...) and query parameters under `foundation.text`'s rule.

    Django decodes `%00` in a path or query string to a NUL that PostgreSQL cannot take in a lookup;
    bodies are checked by the parsers (controlplane.api.parsers).
    """
    for name, value in path_params.items():
        check_text(str(value), param=name)
    for name, values in request.query_params.lists():
        check_text(name, param=None, what="A query parameter name")
        for value in values:
            check_text(value, param=name)


class TenantAPIView(APIView):
    """Base of every tenant API view: the tenant comes from the key, never from the URL or body.

    Subclasses declare `required_scopes` per HTTP method and read through selectors that take
    `self.tenant` first, so another tenant's object can only ever be "not found".
    """

    required_scopes: dict[str, str | None] = {}

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        self.principal: Principal = request.auth
        self.tenant: Tenant = self.principal.tenant
        # After authentication and scopes, as any validation: a caller without a key learns nothing.
        check_url_text(request, kwargs)


class RateLimitedView(TenantAPIView):
    """A view whose POSTs start work on a worker (a generation, an edit, a replay): each counts against
    the tenant's and the key's requests per minute, and the answer carries OpenAI's x-ratelimit-* headers.
    """

    rate_limited_methods = frozenset({"POST"})

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # Counted after the key and its scope are checked, and only for a method that starts work: a
        # refused key, an OPTIONS or a 405 spends nothing (the scope check lets those two through).
        if request.method in self.rate_limited_methods and hasattr(self, request.method.lower()):
            self.allowance = ratelimit.hit(tenant=self.tenant, api_key_id=self.principal.api_key.pk)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "allowance", None) is not None:
            for name, value in self.allowance.headers().items():
                response[name] = value
        return response
