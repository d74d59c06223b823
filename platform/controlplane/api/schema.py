"""OpenAPI description of Assay's own pieces (served at /v1/openapi.json by drf-spectacular).

`AssayAutoSchema` states once what every view shares: the error statuses each operation can answer,
all with the one error shape of `controlplane.api.errors`, and the rules DRF's own fields apply but do
not describe. Views annotate only what is theirs: success codes, binary or multipart bodies, and the
error statuses only they return (409, 410, a failed job's 5xx), which get the error body from here.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance, is_basic_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from controlplane.api.base import TenantAPIView
from foundation.text import INVISIBLE_RANGES


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "controlplane.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "An Assay API key: ask_<prefix>_<secret>"}


# Rules the validators apply that DRF's fields do not describe -------------------------------------

F = TypeVar("F", bound=serializers.Field)

# What Python's str.strip() removes, spelled out: `\s` differs between Python and ECMA-262 (the dialect
# of OpenAPI's `pattern`). DRF strips a CharField's value before it validates it.
WHITESPACE = r"\t-\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A value that is not blank once stripped (`pattern` matches anywhere in the value).
NOT_BLANK = f"[^{WHITESPACE}]"
# A prompt shows something: a character that is neither white space nor invisible (`foundation.text.blank`).
_INVISIBLE = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in INVISIBLE_RANGES)
VISIBLE = f"[^{WHITESPACE}{_INVISIBLE}]"


def documented(field_class: type[F], **keywords: Any) -> type[F]:
    """`field_class` with JSON Schema keywords (`minimum`, `pattern`, `oneOf`, ...) that state a rule its
    view enforces in code (a `validate_<field>` method, a service); a keyword given as None is removed.
    Only the OpenAPI document changes: the subclass validates exactly as `field_class` does."""
    return type(field_class.__name__, (field_class,), {"schema_keywords": keywords})


# The error shape -----------------------------------------------------------------------------------

ERROR_TYPES = (
    "invalid_request_error",
    "authentication_error",
    "permission_error",
    "rate_limit_error",
    "server_error",
)


@extend_schema_serializer(component_name="ErrorDetail")
class ErrorDetailSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="what went wrong and what to change")
    type = documented(serializers.CharField, enum=list(ERROR_TYPES))()
    code = serializers.CharField(allow_null=True, help_text="stable and machine-readable")
    param = serializers.CharField(allow_null=True, help_text="the request field at fault, if one is")


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """Every error Assay answers, whatever the status (OpenAI's shape)."""

    error = ErrorDetailSerializer()


# What each status means wherever it is not described by the view that returns it.
ERROR_DESCRIPTIONS = {
    400: "Invalid request: `error.param` names the field at fault (NUL and lone surrogates are refused in "
    "every text, path and query parameter)",
    401: "No API key, or one that is malformed, unknown, revoked or expired",
    403: "The key lacks the scope this operation needs (`insufficient_scope`), may not do this, or its "
    "tenant is deactivated",
    404: "Not found (another tenant's objects are never found)",
    406: "The Accept header names no media type this operation answers with",
    409: "Conflicts with the current state",
    410: "Gone",
    413: "The body is larger than ASSAY_MAX_REQUEST_BYTES, or an uploaded file than ASSAY_MAX_INPUT_BYTES",
    415: "The Content-Type is not one this operation reads",
    500: "An unexpected error; it has been logged",
    502: "The model provider answered badly",
    503: "The model provider is unavailable",
    504: "The generation timed out",
}


class AssayAutoSchema(AutoSchema):
    """Views are plain APIViews with nested Input serializers: where a method declares no response
    schema, it answers a JSON object; list endpoints get `_list` operation ids; every operation lists
    the error statuses it can answer, with the one error body."""

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

    # Requests ----------------------------------------------------------------------------------------

    def map_parsers(self) -> list[Any]:
        """A JSON body is documented as JSON only: DRF would also parse it from a form, but Assay's
        bodies nest (policy documents, metadata) and are not meant to be sent as forms. Multipart
        uploads declare their media type on the view."""
        media_types = super().map_parsers()
        return ["application/json"] if "application/json" in media_types else media_types

    def _get_request_for_media_type(self, serializer: Any, direction: str = "request") -> Any:
        """PATCH bodies are validated whole (no view passes `partial=True`): document them as such."""
        method = self.method
        if method == "PATCH":
            self.method = "PUT"
        try:
            return super()._get_request_for_media_type(serializer, direction)
        finally:
            self.method = method

    def _process_override_parameters(self, direction: str = "request") -> dict[Any, Any]:
        """Query parameters read through a serializer: an optional one sent empty (`?until=`) is read as
        not sent, as DRF reads form data; say so (`allowEmptyValue`) rather than let it look invalid."""
        result = super()._process_override_parameters(direction)
        for parameter in self.get_override_parameters():
            if not is_basic_serializer(parameter):
                continue
            for name, field in force_instance(parameter).fields.items():
                mapped = result.get((name, "query"))
                if mapped and not field.required and not getattr(field, "allow_blank", False):
                    mapped["allowEmptyValue"] = True
        return result

    def _map_basic_serializer(self, serializer: Any, direction: str) -> Any:
        """Each field's `documented` keywords, applied last (after those of DRF's validators). A request's
        text is stripped before it is validated, so: a value of white space only is blank (`NOT_BLANK`),
        an anchored pattern allows white space around the value, and a `minLength: 1` or a `default`
        that the pattern refuses goes (a default is what the server uses when the field is left out)."""
        schema = super()._map_basic_serializer(serializer, direction)
        for name, field in serializer.fields.items():
            mapped = schema.get("properties", {}).get(name)
            if not isinstance(mapped, dict):
                continue
            for keyword, value in (getattr(type(field), "schema_keywords", None) or {}).items():
                if value is None:
                    mapped.pop(keyword, None)
                else:
                    mapped[keyword] = value
            if direction == "request" and mapped.get("type") == "string":
                self._stripped_text_rules(field, mapped)
        return schema

    @staticmethod
    def _stripped_text_rules(field: Any, mapped: dict[str, Any]) -> None:
        """A CharField's value is stripped before it is validated (DRF's `trim_whitespace`)."""
        if not isinstance(field, serializers.CharField) or not field.trim_whitespace:
            return
        pattern = mapped.get("pattern")
        if pattern is None and not field.allow_blank:
            pattern = NOT_BLANK
        elif pattern and pattern.startswith("^") and pattern.endswith("$"):
            pattern = f"^[{WHITESPACE}]*(?:{pattern[1:-1]})[{WHITESPACE}]*$"
        if pattern is None:
            return
        mapped["pattern"] = pattern
        if mapped.get("minLength") == 1 and not re.search(pattern, ""):
            del mapped["minLength"]
        if isinstance(mapped.get("default"), str) and not re.search(pattern, mapped["default"]):
            del mapped["default"]

    # Responses ---------------------------------------------------------------------------------------

    def _error_statuses(self) -> set[int]:
        """The statuses any operation of this kind can answer, whatever its view does."""
        statuses = {406, 500}  # DRF's content negotiation; an unhandled error
        if self.view.get_authenticators():
            statuses |= {401, 403}  # a key that does not work; a scope it lacks, a deactivated tenant
        if isinstance(self.view, TenantAPIView):
            statuses.add(400)  # every path and query parameter is checked as text
        if "{" in self.path:
            statuses.add(404)
        if self.method in ("POST", "PUT", "PATCH") and self._get_request_body() is not None:
            statuses |= {400, 413, 415}
        return statuses

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status in self._error_statuses():
            responses.setdefault(str(status), {})
        error = self.resolve_serializer(ErrorSerializer, direction).ref
        for code, response in responses.items():
            if int(code) >= 400:
                # Whatever a view declared for an error status, its body is the one error shape.
                response["content"] = {"application/json": {"schema": error}}
                response["description"] = response.get("description") or ERROR_DESCRIPTIONS.get(
                    int(code), "Error"
                )
        return dict(sorted(responses.items()))
