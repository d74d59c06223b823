"""/v1/policy/schema, /v1/policies and /v1/moderations: the tenant's versioned prompt policy."""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError, NotFound
from controlplane.api.schema import VISIBLE, documented
from controlplane.review import selectors as review_selectors
from controlplane.tenants.scopes import Scope
from foundation.network import redacted_url
from foundation.text import blank
from generation.params import MAX_PROMPT_CHARS
from policy import decisions, replay, schema, selectors, services
from policy.models import PolicyVersion

MAX_PROMPTS = 100
DEFAULT_TIME_BUDGET_SECONDS = 10

# What `_prompts` takes: one prompt, or a list of 1 to MAX_PROMPTS; none of them blank.
_PROMPT = {"type": "string", "maxLength": MAX_PROMPT_CHARS, "pattern": VISIBLE}
PromptsField = documented(
    serializers.JSONField,
    oneOf=[_PROMPT, {"type": "array", "items": _PROMPT, "minItems": 1, "maxItems": MAX_PROMPTS}],
)
# A policy document: its JSON Schema is GET /v1/policy/schema (with rules across fields it cannot state,
# such as block_at >= review_at: a document that breaks one is a 400 `invalid_policy`).
PolicyDocumentField = documented(serializers.JSONField, type="object")


# The document's URLs that are their receiver's credential: a Slack-style hook's path, an HTTP
# moderator's `?code=` (it sends no other authentication). Only who may change the policy sees them.
SECRET_URL_FIELDS = (("moderation", "http", "url"), ("review", "escalation_webhook_url"))


def readable_document(document: Mapping[str, Any], *, scopes: Collection[str]) -> dict[str, Any]:
    """A policy document as a reader with `scopes` sees it: whole with `policy:write`; else with each of
    SECRET_URL_FIELDS cut to its scheme and host (`foundation.network.redacted_url`). Every place that
    shows a stored document (API and console) shows this."""
    if Scope.POLICY_WRITE in scopes:
        return dict(document)
    shown: dict[str, Any] = copy.deepcopy(dict(document))
    for *parents, field in SECRET_URL_FIELDS:
        node: Any = shown
        for name in parents:
            node = node.get(name) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get(field), str):
            node[field] = redacted_url(node[field])
    return shown


def _version_data(
    version: PolicyVersion, *, active_id: int | None, reader: Collection[str] | None = None
) -> dict[str, Any]:
    """A version as the API shows it; with its document (`readable_document`) when `reader`, the
    caller's scopes, is given."""
    data: dict[str, Any] = {
        "id": str(version.public_id),
        "object": "policy_version",
        "name": version.name,
        "version": version.version,
        "label": version.label,
        "sha256": version.sha256,
        "active": version.pk == active_id,
        "created_by": {"kind": version.created_by_kind, "id": version.created_by_id},
        "created_at": version.created_at.isoformat(),
    }
    if reader is not None:
        data["document"] = readable_document(version.document, scopes=reader)
    return data


def _prompts(value: Any, field: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or len(items) > MAX_PROMPTS:
        raise ApiError(f"{field} must hold 1 to {MAX_PROMPTS} strings.", code="invalid_value", param=field)
    for index, item in enumerate(items):
        if not isinstance(item, str) or len(item) > MAX_PROMPT_CHARS:
            raise ApiError(
                f"{field} must be a string or a list of strings of at most {MAX_PROMPT_CHARS} characters.",
                code="invalid_value",
                param=field,
            )
        if blank(item):
            # As /v1/images/generations refuses a blank prompt: there is nothing to moderate.
            where = f"{field}[{index}]" if isinstance(value, list) else field
            raise ApiError(
                f"{where}: This field may not be blank (white space or invisible characters only).",
                code="invalid_value",
                param=field,
            )
    return items


class PolicySchemaView(TenantAPIView):
    required_scopes = {"GET": None}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(schema.json_schema())


class PolicyListView(TenantAPIView):
    required_scopes = {"GET": Scope.POLICY_READ, "POST": Scope.POLICY_WRITE}

    @extend_schema_serializer(component_name="PolicyVersionCreate")
    class Input(serializers.Serializer):
        document = PolicyDocumentField(help_text="the policy document (GET /v1/policy/schema)")
        activate = serializers.BooleanField(default=False)

    def get(self, request: Request) -> Response:
        active = services.policy_ensure_active(tenant=self.tenant)
        versions = selectors.policy_versions_for_tenant(self.tenant)
        return Response({"object": "list", "data": [_version_data(v, active_id=active.pk) for v in versions]})

    @extend_schema(
        request=Input,
        responses={
            201: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                description="invalid request, or the document is not a valid policy (`invalid_policy`)"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.policy_version_create(
            tenant=self.tenant,
            document=data.validated_data["document"],
            actor=self.principal.actor,
            activate=data.validated_data["activate"],
        )
        active = selectors.active_policy_version(self.tenant)
        return Response(
            _version_data(version, active_id=active.pk if active else None, reader=self.principal.scopes),
            status=status.HTTP_201_CREATED,
        )


class _VersionView(TenantAPIView):
    def _get_version(self, policy_id: str) -> PolicyVersion:
        version = selectors.policy_version_for_tenant(self.tenant, policy_id)
        if version is None:
            raise NotFound("policy version", policy_id)
        return version


class PolicyDetailView(_VersionView):
    required_scopes = {"GET": Scope.POLICY_READ}

    def get(self, request: Request, policy_id: str) -> Response:
        version = self._get_version(policy_id)
        active = selectors.active_policy_version(self.tenant)
        return Response(
            _version_data(version, active_id=active.pk if active else None, reader=self.principal.scopes)
        )


class PolicyActivateView(_VersionView):
    required_scopes = {"POST": Scope.POLICY_WRITE}

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request, policy_id: str) -> Response:
        version = services.policy_activate(
            tenant=self.tenant, version=self._get_version(policy_id), actor=self.principal.actor
        )
        return Response(_version_data(version, active_id=version.pk, reader=self.principal.scopes))


def _time_budget() -> float:
    """Seconds simulate and replay may spend deciding prompts in one request (a web thread)."""
    return float(getattr(settings, "ASSAY_POLICY_TIME_BUDGET_SECONDS", DEFAULT_TIME_BUDGET_SECONDS))


def _budget_fields(evaluated: int, not_evaluated: int) -> dict[str, Any]:
    return {
        "complete": not_evaluated == 0,
        "evaluated": evaluated,
        "not_evaluated": not_evaluated,
        "time_budget_seconds": _time_budget(),
    }


class PolicySimulateView(TenantAPIView):
    """Evaluate a draft document (or the active one) on prompts; nothing is stored.

    Moderators may be slow (an `http` or `openai` moderator waits up to its timeout per prompt), so a
    request spends at most ASSAY_POLICY_TIME_BUDGET_SECONDS (10 by default) deciding prompts, plus at
    most one prompt's moderator timeouts. Prompts left when the budget is spent are not evaluated: the
    answer is still 200, with `results` for the first `evaluated` prompts in order, `"complete": false`
    and `not_evaluated` saying how many were left out; send those again (or fewer at a time).
    """

    required_scopes = {"POST": Scope.POLICY_READ}

    @extend_schema_serializer(component_name="PolicySimulate")
    class Input(serializers.Serializer):
        document = PolicyDocumentField(
            required=False, default=None, help_text="a draft document; the active policy when left out"
        )
        prompts = PromptsField(help_text=f"a prompt, or a list of 1 to {MAX_PROMPTS}")

    @extend_schema(
        request=Input,
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                description="invalid request, or the draft is not a valid policy (`invalid_policy`)"
            ),
            403: OpenApiResponse(
                description="the key lacks `policy:read`, or the draft has an `http` moderator and the key "
                "lacks `policy:write`"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        prompts = _prompts(data.validated_data["prompts"], "prompts")
        raw = data.validated_data["document"]
        if raw is None:
            version = services.policy_ensure_active(tenant=self.tenant)
            document, name, version_id = (
                schema.validate_document(version.document),
                version.label,
                str(version.public_id),
            )
        else:
            document = schema.validate_document(raw)
            name, version_id = f"{document.name}@draft", None
            if "http" in document.moderation.moderators and Scope.POLICY_WRITE not in self.principal.scopes:
                # A draft's HTTP moderator makes this server call a URL of the caller's choosing.
                raise ApiError(
                    f"A draft with an http moderator can be simulated only with the scope "
                    f"'{Scope.POLICY_WRITE}'; simulate it without that moderator, or with an admin's key.",
                    status_code=403,
                    code="insufficient_scope",
                    param="document.moderation.moderators",
                )
        results = decisions.simulate(
            document=document, prompts=prompts, name=name, version_id=version_id, time_budget=_time_budget()
        )
        return Response(
            {
                "object": "policy_simulation",
                "policy": name,
                "results": results,
                **_budget_fields(len(results), len(prompts) - len(results)),
            }
        )


class PolicyReplayView(TenantAPIView):
    """What a draft would have decided on the tenant's last N prompts (from the audit log), and what
    changes. Reads the prompt history in bulk, so it takes policy:write and is itself audited.

    The same time budget as simulate applies, newest prompt first: when it is spent the older prompts
    are not evaluated, and the 200 answer says `"complete": false` with their count in `not_evaluated`
    (`prompts`, `changed` and `transitions` cover the evaluated ones; a smaller `limit` completes).
    """

    required_scopes = {"POST": Scope.POLICY_WRITE}

    @extend_schema_serializer(component_name="PolicyReplay")
    class Input(serializers.Serializer):
        document = PolicyDocumentField(help_text="the draft document (GET /v1/policy/schema)")
        limit = serializers.IntegerField(min_value=1, max_value=replay.MAX_REPLAY, default=100)

    @extend_schema(
        request=Input,
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                description="invalid request, or the draft is not a valid policy (`invalid_policy`)"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        document = schema.validate_document(data.validated_data["document"])
        outcome = replay.policy_replay(
            tenant=self.tenant,
            document=document,
            limit=data.validated_data["limit"],
            actor=self.principal.actor,
            time_budget=_time_budget(),
        )
        return Response(
            {
                "object": "policy_replay",
                "policy": f"{document.name}@draft",
                "prompts": len(outcome.prompts),
                "changed": sum(item.changed for item in outcome.prompts),
                "transitions": outcome.transitions,
                "results": [item.as_dict() for item in outcome.prompts],
                # What people said about the blocks so far: the rules whose blocks appeals overturned.
                "overturned_on_appeal": review_selectors.overturned_blocks(self.tenant),
                **_budget_fields(len(outcome.prompts), outcome.not_evaluated),
            }
        )


class ModerationView(TenantAPIView):
    """OpenAI's moderation shape under the tenant's active policy, plus Assay's decision and reasons."""

    required_scopes = {"POST": Scope.IMAGES_WRITE}

    @extend_schema_serializer(component_name="ModerationCreate")
    class Input(serializers.Serializer):
        input = PromptsField(help_text=f"a prompt, or a list of 1 to {MAX_PROMPTS}")
        model = serializers.CharField(required=False, default="")

    @extend_schema(request=Input, responses={200: OpenApiTypes.OBJECT})
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        prompts = _prompts(data.validated_data["input"], "input")
        version = services.policy_ensure_active(tenant=self.tenant)
        budget = settings.ASSAY_POLICY_TIME_BUDGET_SECONDS
        return Response(decisions.moderate(version=version, prompts=prompts, time_budget=budget))
