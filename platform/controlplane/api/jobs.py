"""GET /v1/jobs: the tenant's jobs, newest first, filtered and paged by cursor, so reviewers and teams
can find held work and build their own tools (scope `images:read`)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError
from controlplane.api.schema import WHITESPACE, documented
from controlplane.tenants.scopes import Scope
from foundation.cursors import InvalidCursor
from generation import selectors
from generation.models import JobStatus

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

# What each filter accepts, once for the validators and the OpenAPI document (ECMA-262 and Python read
# these the same way). DRF strips a value before it is validated; the schema says so (AssayAutoSchema).
_STATUS = "(?:" + "|".join(JobStatus.values) + ")"
_SEPARATOR = f"[{WHITESPACE}]*,[{WHITESPACE}]*"
STATUSES = f"{_STATUS}(?:{_SEPARATOR}{_STATUS})*"
KEY_ID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
KEY_PREFIX = "ask_([a-z0-9]{8})"
EMAIL = f"[^@{WHITESPACE}]+@[^@{WHITESPACE}]+"


def _anchored(pattern: str) -> str:
    return f"^(?:{pattern})$"


@extend_schema_serializer(component_name="JobListQuery")
class JobListQuery(serializers.Serializer):
    status = documented(serializers.CharField, pattern=_anchored(STATUSES))(
        required=False,
        default=None,
        help_text=f"one or several job statuses, comma-separated: {', '.join(JobStatus.values)}",
    )
    model = serializers.CharField(required=False, default=None, help_text="a model name, e.g. assay-tiny")
    key = documented(serializers.CharField, pattern=_anchored(f"{KEY_ID}|{KEY_PREFIX}"))(
        required=False,
        default=None,
        help_text="the API key that submitted the job: its id (a UUID) or its prefix `ask_xxxxxxxx`",
    )
    user = documented(serializers.CharField, pattern=_anchored(EMAIL))(
        required=False, default=None, help_text="the e-mail of the member who created the submitting key"
    )
    created_after = serializers.DateTimeField(
        required=False,
        default=None,
        help_text="inclusive; an ISO 8601 datetime, or a date (midnight UTC); no offset means UTC",
    )
    created_before = serializers.DateTimeField(
        required=False,
        default=None,
        help_text="exclusive; an ISO 8601 datetime, or a date (midnight UTC); no offset means UTC",
    )
    prompt = serializers.CharField(
        required=False,
        default=None,
        allow_blank=True,
        max_length=1000,
        help_text="text the prompt contains, case-insensitively (a blank value means no filter)",
    )
    limit = serializers.IntegerField(
        required=False, default=DEFAULT_LIMIT, min_value=1, max_value=MAX_LIMIT, help_text="jobs per page"
    )
    after = serializers.CharField(
        required=False,
        default=None,
        help_text="the `next_cursor` of the previous page, unchanged; leave out to start at the newest job",
    )

    # DRF runs these on the defaults too: None is "not sent".

    def validate_status(self, value: str | None) -> list[str] | None:
        if value is None:
            return None
        statuses = [part.strip() for part in value.split(",")]
        for status in statuses:
            if status not in JobStatus.values:
                raise serializers.ValidationError(
                    f"{status!r} is not a job status; send one or several of "
                    f"{', '.join(JobStatus.values)}, separated by commas"
                )
        return statuses

    def validate_key(self, value: str | None) -> dict[str, Any] | None:
        if value is None:
            return None
        if re.fullmatch(KEY_ID, value):
            return {"api_key_public_id": uuid.UUID(value)}
        if match := re.fullmatch(KEY_PREFIX, value):
            return {"api_key_prefix": match.group(1)}
        # The value is not repeated: it may be a whole secret key pasted by mistake.
        raise serializers.ValidationError(
            "send the key's id (a UUID) or its prefix `ask_` followed by 8 lowercase letters or digits "
            "(never the secret key itself)"
        )

    def validate_prompt(self, value: str | None) -> str | None:
        return (value or "").strip() or None

    def validate_user(self, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(EMAIL, value):
            raise serializers.ValidationError("send the e-mail address of a member, e.g. dev@example.com")
        return value


JOB_LIST = inline_serializer(
    "JobList",
    fields={
        "object": documented(serializers.CharField, enum=["list"])(),
        "data": serializers.ListField(
            child=serializers.DictField(),
            help_text="jobs as GET /v1/jobs/{job_id} answers them, newest first",
        ),
        "has_more": serializers.BooleanField(),
        "next_cursor": serializers.CharField(
            allow_null=True, help_text="send as `after` for the next page; null on the last page"
        ),
    },
)


class JobListView(TenantAPIView):
    required_scopes = {"GET": Scope.IMAGES_READ}

    @extend_schema(
        parameters=[JobListQuery],
        responses={200: JOB_LIST},
        summary="List the tenant's jobs, newest first",
        description="Filters combine (all must hold). Paged by cursor: a job submitted while a client "
        "pages never shifts or repeats a page. 400 `invalid_cursor` (`param`: `after`) for a cursor "
        "this listing did not return.",
    )
    def get(self, request: Request) -> Response:
        query = JobListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        jobs = selectors.jobs_for_tenant(
            self.tenant,
            statuses=params["status"],
            model=params["model"],
            user_email=params["user"],
            created_after=params["created_after"],
            created_before=params["created_before"],
            prompt=params["prompt"],
            **(params["key"] or {}),
        )
        try:
            page = selectors.job_page(jobs, tenant=self.tenant, after=params["after"], limit=params["limit"])
        except InvalidCursor as exc:
            raise ApiError(
                "after: not a cursor this listing returned; send the `next_cursor` of the previous page "
                "unchanged, or leave `after` out to start at the newest job.",
                code="invalid_cursor",
                param="after",
            ) from exc
        return Response(
            {
                "object": "list",
                "data": [selectors.job_to_dict(job) for job in page.jobs],
                "has_more": page.has_more,
                "next_cursor": page.next_cursor,
            }
        )
