"""/v1/reviews: the review queue (list, claim, decide, release, an item's inputs) and /v1/jobs/{id}/appeal.

Reviewers (`review:write`) work the queue; a requester (`images:write`, the key or member that asked)
appeals a block. The rules (own requests, claims, four-eyes, appeals) live in controlplane.review.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError, NotFound
from controlplane.review import reveal as review_reveal
from controlplane.review import selectors, services
from controlplane.review.models import ReviewItem, ReviewKind, ReviewState
from controlplane.tenants.scopes import Scope
from foundation.cursors import InvalidCursor
from generation import selectors as generation_selectors
from policy.schema import BUILTIN_CATEGORIES, CATEGORY_NAME
from policy.types import CONDITION_CATEGORIES

# What a review item can be filed under: a policy's category, or a condition (an error, a language).
# `(?!\n)` because Python's `$` also matches before a final newline (ECMAScript's, in the schema, does not).
CATEGORY_FILTER = rf"^(?:{CATEGORY_NAME}|{'|'.join(CONDITION_CATEGORIES)})(?!\n)$"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class ReviewListView(TenantAPIView):
    required_scopes = {"GET": Scope.REVIEW_WRITE}

    @extend_schema_serializer(component_name="ReviewQuery")
    class Query(serializers.Serializer):
        state = serializers.ChoiceField(
            [*ReviewState.values, "all"], default=ReviewState.OPEN, help_text="default `open`; `all` for any"
        )
        kind = serializers.ChoiceField(ReviewKind.values, required=False, default=None)
        # A misspelt filter would list nothing and look like an empty queue: it is refused, and the
        # pattern is in the OpenAPI document.
        category = serializers.RegexField(
            CATEGORY_FILTER,
            trim_whitespace=False,  # "hate" followed by spaces is not a category either
            required=False,
            default=None,
            max_length=100,
            help_text="items with a reason in this category: a policy category (built-in or custom/<name>), "
            f"or one of {', '.join(CONDITION_CATEGORIES)}",
            error_messages={
                "invalid": f"unknown category: use one of {', '.join(BUILTIN_CATEGORIES)}, a custom/<name> "
                f"category, or one of {', '.join(CONDITION_CATEGORIES)}"
            },
        )
        escalated = serializers.BooleanField(
            required=False, default=None, allow_null=True, help_text="escalated by the SLA, or not"
        )
        job = serializers.CharField(required=False, default=None, max_length=40, help_text="one job's items")
        limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)
        after = serializers.CharField(
            required=False, default=None, max_length=200, help_text="`next_cursor` of the previous page"
        )

    @extend_schema(
        parameters=[Query],
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                description="`invalid_value`: a filter that names no state, kind or category, or a cursor "
                "this API did not return"
            ),
        },
        summary="The review queue, oldest first",
    )
    def get(self, request: Request) -> Response:
        query = self.Query(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items = selectors.items_for_tenant(
            self.tenant,
            state=None if params["state"] == "all" else params["state"],
            kind=params["kind"],
            category=params["category"],
            escalated=params["escalated"],
            job_id=params["job"],
        )
        try:
            page = selectors.item_page(
                items, tenant=self.tenant, after=params["after"], limit=params["limit"]
            )
        except InvalidCursor as exc:
            raise ApiError(
                "after is not a cursor this API returned; pass `next_cursor` as it came.",
                code="invalid_value",
                param="after",
            ) from exc
        return Response(
            {
                "object": "list",
                "data": [selectors.item_to_dict(item) for item in page.items],
                "has_more": page.has_more,
                "next_cursor": page.next_cursor,
            }
        )


class _ItemView(TenantAPIView):
    def item(self, review_id: str) -> ReviewItem:
        item = selectors.item_for_tenant(self.tenant, review_id)
        if item is None:
            raise NotFound("review", review_id)
        return item

    @property
    def reviewer(self) -> services.Reviewer:
        return services.Reviewer.from_principal(self.principal)


_ACTION_RESPONSES: dict[Any, Any] = {
    200: OpenApiTypes.OBJECT,
    403: OpenApiResponse(description="the key lacks `review:write`, or it is your own request (`own_job`)"),
    409: OpenApiResponse(
        description="`review_claimed` (another reviewer holds it), `review_closed` (already decided, or the "
        "job moved on), `already_voted` (four-eyes: a second reviewer must approve), `not_claimed`"
    ),
}


class ReviewDetailView(_ItemView):
    required_scopes = {"GET": Scope.REVIEW_WRITE}

    def get(self, request: Request, review_id: str) -> Response:
        return Response(selectors.item_to_dict(self.item(review_id)))


class ReviewInputView(_ItemView):
    """An item's input (the image or mask its job was asked to edit), under the quarantine's rules:
    blurred unless `reveal=true`, and a reveal is audited and never the requester's."""

    required_scopes = {"GET": Scope.REVIEW_WRITE}

    @extend_schema(
        parameters=[
            OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(review_reveal.INPUTS)),
            OpenApiParameter(
                "reveal",
                bool,
                description="`true`: the input as it is (audited as `image.revealed`); otherwise a blurred "
                "PNG preview",
            ),
        ],
        responses={
            (200, "image/*"): OpenApiTypes.BINARY,
            403: OpenApiResponse(
                description="the key lacks `review:write`, or a reveal of your own request (`own_job`)"
            ),
            404: OpenApiResponse(
                description="no such review, the job has no such input, or `input_missing`: its bytes are "
                "no longer stored"
            ),
        },
        summary="An item's input image or mask, blurred unless revealed",
    )
    def get(self, request: Request, review_id: str, name: str) -> HttpResponse:
        item = self.item(review_id)
        reveal = request.query_params.get("reveal", "false")
        if reveal not in ("true", "false"):
            raise ApiError("reveal must be true or false.", code="invalid_value", param="reveal")
        data, mime_type = review_reveal.item_input_read(
            item=item, name=name, reviewer=self.reviewer, reveal=reveal == "true"
        )
        response = HttpResponse(data, content_type=mime_type)
        response["Cache-Control"] = "no-store"  # withheld bytes are never cached anywhere
        return response


class ReviewClaimView(_ItemView):
    required_scopes = {"POST": Scope.REVIEW_WRITE}

    @extend_schema(request=None, responses=_ACTION_RESPONSES, summary="Claim an item (a lock that expires)")
    def post(self, request: Request, review_id: str) -> Response:
        item = services.item_claim(item=self.item(review_id), reviewer=self.reviewer)
        return Response(selectors.item_to_dict(item))


class ReviewReleaseView(_ItemView):
    required_scopes = {"POST": Scope.REVIEW_WRITE}

    @extend_schema(request=None, responses=_ACTION_RESPONSES, summary="Give a claim back")
    def post(self, request: Request, review_id: str) -> Response:
        item = services.item_release(item=self.item(review_id), reviewer=self.reviewer)
        return Response(selectors.item_to_dict(item))


class ReviewDecideView(_ItemView):
    required_scopes = {"POST": Scope.REVIEW_WRITE}

    @extend_schema_serializer(component_name="ReviewDecision")
    class Input(serializers.Serializer):
        decision = serializers.ChoiceField(["approve", "reject"], help_text="`reject` denies an appeal")
        # Blank is accepted here so that the one rule (controlplane.review.services.rejection_reason)
        # answers for every caller with the same message.
        note = serializers.CharField(
            required=False,
            default="",
            allow_blank=True,
            max_length=2000,
            help_text="the reason; required to reject (or deny an appeal), optional to approve",
        )

    @extend_schema(
        request=Input,
        responses=_ACTION_RESPONSES
        | {
            400: OpenApiResponse(
                description="`invalid_value` with `param` `note`: a rejection needs a reason"
            )
        },
        summary="Approve or reject an item",
    )
    def post(self, request: Request, review_id: str) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.item_decide(
            item=self.item(review_id),
            reviewer=self.reviewer,
            approve=data.validated_data["decision"] == "approve",
            note=data.validated_data["note"],
        )
        return Response(selectors.item_to_dict(item))


class OverturnedView(TenantAPIView):
    required_scopes = {"GET": Scope.POLICY_READ}

    @extend_schema(
        parameters=[OpenApiParameter("policy", str, description="a version label, e.g. standard@v1")],
        summary="Which rules' blocks were overturned on appeal, per policy version",
    )
    def get(self, request: Request) -> Response:
        rows = selectors.overturned_blocks(self.tenant, policy_name=request.query_params.get("policy"))
        return Response({"object": "list", "data": rows})


class JobAppealView(TenantAPIView):
    """The requester appeals a block of their job (at the prompt stage, or of one image at the output
    stage); it becomes a review item."""

    required_scopes = {"POST": Scope.IMAGES_WRITE}

    @extend_schema_serializer(component_name="JobAppeal")
    class Input(serializers.Serializer):
        justification = serializers.CharField(max_length=4000, help_text="why the block is wrong")
        image_id = serializers.CharField(
            required=False,
            default=None,
            max_length=40,
            help_text="the blocked image appealed, for an output-stage block; may be left out when the job "
            "has one blocked image",
        )

    @extend_schema(
        request=Input,
        responses={
            201: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                description="`invalid_value`: no `justification`, or `image_id` missing (several blocked "
                "images) or not an image of this job"
            ),
            403: OpenApiResponse(description="`not_requester`: only the key or member that asked may appeal"),
            404: OpenApiResponse(description="no such job, or no such image in the tenant"),
            409: OpenApiResponse(
                description="`not_appealable` (neither blocked at the prompt stage nor a blocked image of a "
                "completed job; a `sexual/minors` block; the image's retention ended), `already_appealed`"
            ),
        },
        summary="Appeal a block",
    )
    def post(self, request: Request, job_id: str) -> Response:
        job = generation_selectors.job_for_tenant(self.tenant, job_id)
        if job is None:
            raise NotFound("job", job_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        image_id = data.validated_data["image_id"]
        image = None
        if image_id is not None:
            image = generation_selectors.image_for_tenant(self.tenant, image_id)
            if image is None:
                raise NotFound("image", image_id)
        item = services.appeal_file(
            job=job,
            principal=self.principal,
            justification=data.validated_data["justification"],
            image=image,
        )
        return Response(selectors.item_to_dict(item), status=status.HTTP_201_CREATED)
