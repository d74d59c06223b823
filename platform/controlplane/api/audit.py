"""/v1/audit: the tenant's audit log for auditors (scope `audit:read`); witnesses' cosignatures, attached by
its admins."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from audit.events import SUBJECT_KIND, EventType
from audit.log import log_resource
from audit.selectors import audit_events_for_tenant, event_to_dict
from audit.services import (
    AuditExport,
    AuditIntegrityError,
    CosignatureRefused,
    log_cosignature_add,
    start_audit_export,
)
from audit.verification import LOG_FOLDER
from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError, NotFound
from controlplane.api.schema import NOT_BLANK, WHITESPACE, documented
from controlplane.tenants.scopes import Scope

# A subject filter: `kind:id` with a kind as audit.events.SUBJECT_KIND, or a bare id (no colon), not
# blank; DRF strips the value before it is read.
_KIND = SUBJECT_KIND.pattern.removeprefix(r"\A").removesuffix(r"\Z")
SUBJECT_PATTERN = rf"^(?=[\s\S]*{NOT_BLANK})[{WHITESPACE}]*(?:[^:]*$|{_KIND}:)"


class TimeRange(serializers.Serializer):
    since = serializers.DateTimeField(required=False, default=None, help_text="inclusive, ISO 8601")
    until = serializers.DateTimeField(required=False, default=None, help_text="exclusive, ISO 8601")

    def validate(self, attrs: dict) -> dict:
        if attrs["since"] and attrs["until"] and attrs["since"] >= attrs["until"]:
            raise serializers.ValidationError({"until": "must be later than since"})
        return attrs


class AuditEventListView(TenantAPIView):
    required_scopes = {"GET": Scope.AUDIT_READ}

    @extend_schema_serializer(component_name="AuditEventQuery")
    class Input(TimeRange):
        type = serializers.ChoiceField(
            choices=[event.value for event in EventType], required=False, default=None
        )
        subject = documented(serializers.CharField, pattern=SUBJECT_PATTERN)(
            required=False, default=None, help_text="`kind:id` or a bare id"
        )
        actor = serializers.CharField(required=False, default=None, help_text="actor id")
        after = serializers.IntegerField(required=False, default=None, min_value=0, help_text="cursor: a seq")
        limit = serializers.IntegerField(required=False, default=100, min_value=1, max_value=1000)

    @extend_schema(parameters=[Input], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        query = self.Input(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            events = audit_events_for_tenant(
                self.tenant,
                event_type=params["type"],
                subject=params["subject"],
                actor_id=params["actor"],
                since=params["since"],
                until=params["until"],
                after_seq=params["after"],
                limit=params["limit"] + 1,  # one more tells whether another page exists
            )
        except ValueError as exc:  # a malformed subject filter
            raise ApiError(str(exc), code="invalid_value", param="subject") from exc
        page = events[: params["limit"]]
        return Response(
            {
                "object": "list",
                "data": [event_to_dict(event) for event in page],
                "has_more": len(events) > len(page),
                "next_cursor": page[-1].seq if len(events) > len(page) else None,
            }
        )


class _ZipStream:
    """A write-only file for zipfile that hands out what was written since the last drain."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        return len(data)

    def flush(self) -> None:
        pass

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def drain(self) -> bytes:
        chunk = bytes(self._buffer)
        self._buffer.clear()
        return chunk


def stream_export_zip(export: AuditExport) -> Iterator[bytes]:
    """The CLI export's files (events.jsonl, checkpoint.json, public_key.pem, and the tenant's
    transparency log as tlog-tiles under log/) as a streamed zip."""
    sink = _ZipStream()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("checkpoint.json", json.dumps(export.checkpoint_document, indent=2) + "\n")
        archive.writestr("public_key.pem", export.public_key_pem)
        yield sink.drain()
        with archive.open("events.jsonl", "w") as events:
            for line in export.lines():
                events.write(line)
                if sink.pending >= 64 * 1024:
                    yield sink.drain()
        for resource in export.log_files():
            archive.writestr(f"{LOG_FOLDER}/{resource.path}", resource.body)
            if sink.pending >= 64 * 1024:
                yield sink.drain()
    yield sink.drain()


class AuditExportView(TenantAPIView):
    required_scopes = {"GET": Scope.AUDIT_READ}

    @extend_schema(
        parameters=[TimeRange],
        responses={(200, "application/zip"): OpenApiTypes.BINARY, 409: OpenApiTypes.OBJECT},
        description="409 `audit_log_broken` when the tenant's audit chain (or the checkpoints) do not "
        "verify: the message names the first broken seq, and nothing is exported or signed.",
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        query = TimeRange(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            export = start_audit_export(
                tenant=self.tenant, actor=self.principal.actor, **query.validated_data
            )
        except AuditIntegrityError as exc:
            # Nothing was signed: an export must not vouch for a log that does not verify.
            raise ApiError(str(exc), status_code=409, code="audit_log_broken") from exc
        filename = f"assay-audit-{self.tenant.slug}-{timezone.now():%Y%m%dT%H%M%SZ}.zip"
        response = StreamingHttpResponse(stream_export_zip(export), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AuditLogView(TenantAPIView):
    """The tenant's transparency log, read-only, as C2SP tlog-tiles lays it out under `/v1/audit/log/<log>/`:
    `checkpoint` (the newest signed checkpoint), `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`.
    `<log>` is the tenant's public id (the last part of the log's origin) or its slug."""

    required_scopes = {"GET": Scope.AUDIT_READ}
    # Tiles and entry bundles never change at their path; the checkpoint moves with each new one and
    # gains witnesses' cosignatures, so it is cached a few seconds at most (as C2SP tlog-tiles asks).
    IMMUTABLE = "private, max-age=31536000, immutable"
    CHECKPOINT = "private, max-age=5"

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: OpenApiTypes.OBJECT}
    )
    def get(self, request: Request, log: str, resource: str) -> HttpResponse:
        if log not in (str(self.tenant.public_id), self.tenant.slug):
            raise NotFound("audit log", log)
        try:
            found = log_resource(self.tenant, resource)
        except LookupError as exc:
            raise ApiError(f"No {resource!r} in this log: {exc}.", status_code=404, code="not_found") from exc
        response = HttpResponse(found.body, content_type=found.content_type)
        response["Cache-Control"] = self.IMMUTABLE if found.immutable else self.CHECKPOINT
        return response


class AuditLogCosignatureView(TenantAPIView):
    """Attach a witness's cosignature to the tenant's log checkpoint it cosigned: the body holds what
    `assay witness cosign` writes (the log's signed checkpoint with the witness's `cosignature/v1` line)
    and the witness's cosignature verifier key, as `assay audit add-cosignature` takes them. The served
    checkpoint and every later proof carry the line. Admins (or an operator key) only: whose
    cosignatures a log shows is the tenant's call, as its webhook secret is."""

    required_scopes = {"POST": Scope.KEYS_WRITE}

    class Input(serializers.Serializer):
        note = serializers.CharField(
            max_length=65536, trim_whitespace=False, help_text="the cosigned checkpoint, a signed note"
        )
        witness_key = serializers.CharField(
            max_length=1000, help_text="the witness's verifier key: `<name>+<hex key ID>+<base64 key>`"
        )

    @extend_schema(
        request=Input,
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                description="`cosignature_refused`: not a checkpoint this installation signed for the log, "
                "or no valid cosignature under the witness's key (recorded as `audit.cosignature_refused`)"
            ),
            403: OpenApiResponse(
                description="the key lacks `keys:write`, or is neither an admin's nor the operator's "
                "(`admin_only`)"
            ),
            404: OpenApiResponse(description="`<log>` is not this tenant's log"),
        },
    )
    def post(self, request: Request, log: str) -> Response:
        if not self.principal.manages_tenant:
            raise ApiError(
                "Only the tenant's admins (or an operator key) can attach witnesses' cosignatures.",
                status_code=403,
                code="admin_only",
            )
        if log not in (str(self.tenant.public_id), self.tenant.slug):
            raise NotFound("audit log", log)
        body = self.Input(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            added = log_cosignature_add(
                tenant=self.tenant,
                cosigned_note=body.validated_data["note"],
                witness_key=body.validated_data["witness_key"],
                actor=self.principal.actor,
            )
        except CosignatureRefused as exc:
            raise ApiError(str(exc), code="cosignature_refused", param="note") from exc
        return Response(
            {
                "object": "log_cosignature",
                "witness": added.witness,
                "key_id": added.key_id,
                "size": added.checkpoint.size,
                "created_at": added.created_at,
            }
        )
