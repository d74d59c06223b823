"""One error shape for the whole API, OpenAI-style:

    {"error": {"message": "...", "type": "invalid_request_error", "code": "...", "param": null}}

Services raise `foundation.errors.ServiceError` (code, param, status), views raise `ApiError` for what
only HTTP knows (or DRF/Django exceptions); `api_exception_handler` renders them all, and the
Django-level handlers below cover what never reaches DRF (unknown URLs, crashes, 413).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from foundation.errors import ServiceError

logger = logging.getLogger(__name__)

_TYPE_BY_STATUS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "invalid_request_error",
    405: "invalid_request_error",
    409: "invalid_request_error",
    422: "invalid_request_error",
    413: "invalid_request_error",
    415: "invalid_request_error",
    429: "rate_limit_error",
}


def error_body(
    status_code: int,
    message: str,
    *,
    code: str | None,
    param: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`extra` adds fields beside OpenAI's four (e.g. `job_id`): the SDK keeps the whole `error` object
    as the exception's `body`, so code can read them there."""
    error_type = _TYPE_BY_STATUS.get(
        status_code, "server_error" if status_code >= 500 else "invalid_request_error"
    )
    return {"error": {"message": message, "type": error_type, "code": code, "param": param, **(extra or {})}}


class ApiError(exceptions.APIException):
    """An error a client can act on: the message says what to fix."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 400,
        code: str,
        param: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.error_code = code
        self.param = param
        self.extra = extra


class NotFound(ApiError):
    def __init__(self, what: str, identifier: str) -> None:
        super().__init__(f"No {what} found with id {identifier!r}.", status_code=404, code="not_found")


def _first_validation_error(detail: Any, path: str = "") -> tuple[str | None, str]:
    """The first field and message of a DRF validation error tree, for `param` and `message`."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            field = key if key != "non_field_errors" else ""
            return _first_validation_error(value, f"{path}.{field}".strip(".") if field else path)
    if isinstance(detail, list) and detail:
        return _first_validation_error(detail[0], path)
    return (path or None), str(detail)


# Answers the official SDKs must not send again on their own (they retry 408, 409, 429 and 5xx unless
# told `x-should-retry: false`, and a retry carries no Idempotency-Key): a conflict (a cancelled job, a
# reused idempotency key, a finished job) is the same conflict the second time, and a generation that
# ran out of time would run out of it again, on the GPU, as a new job. A quota refusal says it itself.
_NO_RETRY_CODES = frozenset({"generation_timeout"})


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    response = _error_response(exc)
    error = response.data.get("error", {}) if isinstance(response.data, dict) else {}
    # An answer that names its job (a job that failed, was rejected or is held) is about a job that
    # exists: the SDK's retry would make another one, and run it on the GPU again.
    if response.status_code == 409 or error.get("code") in _NO_RETRY_CODES or error.get("job_id"):
        response["x-should-retry"] = "false"
    return response


def _error_response(exc: Exception) -> Response:
    headers: dict[str, str] = {}
    if isinstance(exc, ServiceError):
        # A service error may carry HTTP headers (a rate limit's Retry-After and x-ratelimit-*).
        return Response(
            error_body(
                exc.status, str(exc), code=exc.code, param=exc.param, extra=getattr(exc, "extra", None)
            ),
            status=exc.status,
            headers=getattr(exc, "http_headers", None),
        )
    if isinstance(exc, ApiError):
        return Response(
            error_body(
                exc.status_code, str(exc.detail), code=exc.error_code, param=exc.param, extra=exc.extra
            ),
            status=exc.status_code,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        return Response(too_large_body(), status=413)
    elif isinstance(exc, SuspiciousOperation):
        # Django's own refusals of a request's shape (Django answers them 400 outside DRF too).
        message, code = _suspicious(exc)
        return Response(error_body(400, message, code=code), status=400)

    if isinstance(exc, exceptions.ValidationError):
        param, message = _first_validation_error(exc.detail)
        message = f"{param}: {message}" if param else message
        return Response(error_body(400, message, code="invalid_value", param=param), status=400)
    if isinstance(exc, exceptions.APIException):
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "invalid_request"
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return Response(
            error_body(exc.status_code, str(message), code=code), status=exc.status_code, headers=headers
        )

    logger.exception("Unhandled error in API view", exc_info=exc)
    return Response(
        error_body(500, "The server failed to handle this request; it has been logged.", code="server_error"),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def _suspicious(exc: SuspiciousOperation) -> tuple[str, str]:
    """(message, code) for a request Django refused to parse; never the exception's own text, which
    may name settings or internals."""
    from django.conf import settings

    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return f"The request has more than {limit} query parameters or form fields.", "too_many_fields"
    if isinstance(exc, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return f"The request has more than {limit} uploaded files.", "too_many_files"
    return "The request is malformed and could not be read.", "malformed_request"


def too_large_body() -> dict[str, Any]:
    from django.conf import settings

    limit = settings.ASSAY_MAX_REQUEST_BYTES
    return error_body(
        413, f"The request body is larger than the limit of {limit} bytes.", code="request_too_large"
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/v1/")


def json_error_response(status_code: int, message: str, code: str) -> JsonResponse:
    return JsonResponse(error_body(status_code, message, code=code), status=status_code)


def handler400(request: HttpRequest, exception: Exception) -> Any:
    """What Django refuses before any view: a Host not in ALLOWED_HOSTS (DisallowedHost), a malformed
    request. The SDK reads only the one error shape."""
    if _is_api(request):
        from django.core.exceptions import DisallowedHost

        if isinstance(exception, DisallowedHost):
            message = "The Host header names no host this server answers for: call it by its own name."
        else:
            message = "The request is malformed."  # Django's own message may name server settings
        return json_error_response(400, message, "bad_request")
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception) -> Any:
    if _is_api(request):
        return json_error_response(403, "This request is not allowed.", "forbidden")
    from django.views.defaults import permission_denied

    return permission_denied(request, exception)


def handler404(request: HttpRequest, exception: Exception) -> Any:
    if _is_api(request):
        return json_error_response(404, f"Unknown URL: {request.method} {request.path}", "unknown_url")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request: HttpRequest) -> Any:
    if _is_api(request):
        return json_error_response(
            500, "The server failed to handle this request; it has been logged.", "server_error"
        )
    from django.views.defaults import server_error

    return server_error(request)
