"""OpenAPI description of Assay's own pieces (served at /v1/openapi.json by drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "controlplane.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "An Assay API key: ask_<prefix>_<secret>"}


class AssayAutoSchema(AutoSchema):
    """Views are plain APIViews with nested Input serializers: where a method declares no response
    schema, it answers a JSON object; list endpoints get `_list` operation ids."""

    def _get_serializer(self) -> Any:
        view = self.view
        if hasattr(view, "get_serializer") or getattr(view, "serializer_class", None):
            return super()._get_serializer()
        return OpenApiTypes.OBJECT

    def get_operation_id(self) -> str:
        operation_id = super().get_operation_id()
        if self.method == "GET" and "{" not in self.path and operation_id.endswith("_retrieve"):
            return operation_id.removesuffix("_retrieve") + "_list"
        return operation_id
