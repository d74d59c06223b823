from __future__ import annotations

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from controlplane.api.errors import ApiError
from controlplane.tenants.services import Principal, api_key_authenticate


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer ask_...`, as the official openai SDK sends its api_key.

    `request.user` becomes the member behind the key (or None) and `request.auth` the Principal.
    """

    def authenticate(self, request: Request) -> tuple[object, Principal] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            raise ApiError(
                "Malformed Authorization header: send 'Authorization: Bearer <your Assay API key>'.",
                status_code=401,
                code="malformed_authorization_header",
            )
        principal = api_key_authenticate(credential.strip())  # ApiKeyRejected: 401/403, rendered as is
        return principal.user, principal

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="assay"'


class NotAuthenticated(exceptions.NotAuthenticated):
    default_detail = "No API key: send 'Authorization: Bearer <your Assay API key>'."
    default_code = "missing_api_key"
