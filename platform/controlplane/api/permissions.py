from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework import permissions
from rest_framework.request import Request

from controlplane.api.authentication import NotAuthenticated
from controlplane.api.errors import ApiError
from controlplane.tenants.services import Principal

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.views import APIView


class HasRequiredScopes(permissions.BasePermission):
    """Every API view declares `required_scopes = {"GET": "keys:read", ...}`; a method it omits is closed."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        principal = request.auth
        if not isinstance(principal, Principal):
            raise NotAuthenticated()
        method = "GET" if request.method == "HEAD" else request.method
        if method == "OPTIONS" or not hasattr(view, method.lower()):
            return True  # OPTIONS only describes; DRF answers 405 for methods the view lacks
        required_scopes: dict[str, str | None] = getattr(view, "required_scopes", {})
        if method not in required_scopes:
            # A handler without a declared scope is a programming error: fail closed, loudly.
            raise ApiError(
                f"{method} {request.path} declares no scope.", status_code=403, code="scope_undeclared"
            )
        scope = required_scopes[method]
        if scope is not None and scope not in principal.scopes:
            raise ApiError(
                f"This API key lacks the scope '{scope}' needed for {request.method} {request.path}.",
                status_code=403,
                code="insufficient_scope",
            )
        return True
