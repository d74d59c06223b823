"""/v1/usage and /v1/quotas: what the tenant used (admins and auditors, `usage:read`) and its limits
(set by admins, `quotas:write`). Every change is audited by controlplane.quotas.services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError
from controlplane.api.images import WEBHOOK_URL_PATTERN
from controlplane.api.jobs import KEY_ID, KEY_PREFIX, JobListQuery
from controlplane.api.schema import documented
from controlplane.quotas import selectors, services
from controlplane.tenants.scopes import Scope
from foundation.network import UnsafeUrl, check_public_url, redacted_url


class UsageView(TenantAPIView):
    required_scopes = {"GET": Scope.USAGE_READ}

    @extend_schema_serializer(component_name="UsageQuery")
    class Query(serializers.Serializer):
        group_by = serializers.ChoiceField(list(selectors.GROUPS), default="day")
        since = serializers.DateField(required=False, default=None, help_text="inclusive (UTC day)")
        until = serializers.DateField(required=False, default=None, help_text="exclusive (UTC day)")

    @extend_schema(
        parameters=[Query], responses={200: OpenApiTypes.OBJECT}, summary="Usage per day, key, user or model"
    )
    def get(self, request: Request) -> Response:
        query = self.Query(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = selectors.usage(
            self.tenant, group_by=params["group_by"], since=params["since"], until=params["until"]
        )
        return Response({"object": "list", "group_by": params["group_by"], "data": rows})


_LIMIT = {
    "required": False,
    "allow_null": True,
    "min_value": 0,
    "max_value": 2**31 - 1,
}  # PositiveIntegerField


class QuotaListView(TenantAPIView):
    required_scopes = {"GET": Scope.USAGE_READ, "PUT": Scope.QUOTAS_WRITE}

    @extend_schema_serializer(component_name="QuotaLimitInput")
    class Input(serializers.Serializer):
        key = serializers.CharField(required=False, help_text="an API key's id or prefix (`ask_xxxxxxxx`)")
        end_user = serializers.CharField(
            required=False, max_length=256, help_text="`*` for each end user, or one end user's `user` value"
        )
        images_per_day = serializers.IntegerField(**_LIMIT)
        images_per_month = serializers.IntegerField(**_LIMIT)
        gpu_seconds_per_month = serializers.IntegerField(**_LIMIT)
        spend_per_month = serializers.FloatField(
            required=False, allow_null=True, min_value=0, max_value=1e12, help_text="in the currency"
        )
        concurrent_jobs = serializers.IntegerField(**_LIMIT)
        requests_per_minute = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=2**31 - 1
        )
        allowed_models = serializers.ListField(
            child=serializers.SlugField(max_length=100), required=False, max_length=100
        )
        # What URLField takes, as the webhook_url of an image request, or blank to remove it.
        alert_webhook_url = documented(serializers.URLField, pattern=f"^$|{WEBHOOK_URL_PATTERN}")(
            required=False, allow_blank=True, max_length=2000
        )
        currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            """Refuse a field this endpoint does not know: ignored, it would set nothing and answer 200."""
            sent = self.initial_data if isinstance(self.initial_data, Mapping) else {}
            for name in sent:
                if name not in self.fields:
                    raise serializers.ValidationError(
                        {name: f"unrecognized request argument; this endpoint takes {', '.join(self.fields)}"}
                    )
            return attrs

        def validate_alert_webhook_url(self, value: str) -> str:
            if value:
                try:
                    check_public_url(value, what="alert_webhook_url")
                except UnsafeUrl as exc:
                    raise serializers.ValidationError(str(exc)) from exc
            return value

    @extend_schema_serializer(component_name="QuotaListQuery")
    class Query(serializers.Serializer):
        key = documented(serializers.CharField, pattern=f"^(?:{KEY_ID}|{KEY_PREFIX})$")(
            required=False,
            default=None,
            help_text="only this API key's limits (its end users' included): its id (a UUID) or its prefix "
            "`ask_xxxxxxxx`",
        )
        end_user = serializers.CharField(
            required=False, default=None, max_length=256, help_text="only the limits of `*` or this end user"
        )

        # The same key filter as GET /v1/jobs: malformed is 400, a key the tenant lacks lists nothing.
        validate_key = JobListQuery.validate_key

    @extend_schema(
        parameters=[Query],
        responses={200: OpenApiTypes.OBJECT},
        summary="The limits of the tenant, its keys and end users, and what each used",
    )
    def get(self, request: Request) -> Response:
        query = self.Query(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        limits = selectors.limits_with_usage(
            self.tenant, end_user=params["end_user"], **(params["key"] or {})
        )
        if Scope.QUOTAS_WRITE not in self.principal.scopes:
            # The alert webhook's URL is its receiver's credential: a reader (an auditor, a developer's
            # usage:read) sees its scheme and host; who may change the limits sees it whole.
            for limit in limits:
                limit["alert_webhook_url"] = redacted_url(limit["alert_webhook_url"])
        return Response({"object": "list", "data": limits})

    @extend_schema(
        request=Input,
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="no such key in this tenant")},
        summary="Set the limits of the tenant, one key, or end users (null removes a limit)",
    )
    def put(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        api_key = None
        if "key" in values:
            reference = values.pop("key")
            api_key = selectors.api_key_by_reference(self.tenant, reference)
            if api_key is None:
                raise ApiError(
                    f"No API key {reference!r} in this tenant.",
                    status_code=404,
                    code="not_found",
                    param="key",
                )
        end_user = values.pop("end_user", "")
        if "spend_per_month" in values:
            spend = values.pop("spend_per_month")
            values["spend_micros_per_month"] = None if spend is None else round(spend * 1_000_000)
        limit = services.limit_set(
            tenant=self.tenant, api_key=api_key, end_user=end_user, values=values, actor=self.principal.actor
        )
        return Response(selectors.limit_to_dict(limit))


class _ClosedQuotaLimitInput(OpenApiSerializerExtension):
    """PUT /v1/quotas refuses a field it does not know (it would set nothing), so its document says so."""

    target_class = QuotaListView.Input

    def map_serializer(self, auto_schema: Any, direction: str) -> Any:
        return {**auto_schema._map_basic_serializer(self.target, direction), "additionalProperties": False}
