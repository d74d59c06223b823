"""/v1/quarantine/images: held, blocked and unscreened images, for the tenant's reviewers and admins.

The images API never serves these; here they are listed with their reasons, and a key with
`review:write` sees them blurred, or as they are with `?reveal=true` (each reveal is audited).
Listed newest first, paged by cursor as GET /v1/jobs is. Deleted at the end of the policy's retention.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError, NotFound
from controlplane.api.schema import documented
from controlplane.review import services as review_services
from controlplane.tenants.scopes import Scope
from foundation.cursors import InvalidCursor
from generation import quarantine
from generation.models import GeneratedImage
from generation.selectors import image_to_dict

PAGE_SIZE = 100  # the most, and the default: what one page held before there were cursors


def _quarantined_dict(image: GeneratedImage) -> dict[str, Any]:
    return image_to_dict(image) | {
        "object": "quarantined_image",
        "purged_at": image.purged_at.isoformat() if image.purged_at else None,
    }


@extend_schema_serializer(component_name="QuarantineListQuery")
class QuarantineListQuery(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=list(quarantine.QUARANTINED),
        required=False,
        default=None,
        help_text="only images of this decision",
        error_messages={"invalid_choice": f"must be one of {', '.join(quarantine.QUARANTINED)}"},
    )
    limit = serializers.IntegerField(
        required=False, default=PAGE_SIZE, min_value=1, max_value=PAGE_SIZE, help_text="images per page"
    )
    after = serializers.CharField(
        required=False,
        default=None,
        help_text="the `next_cursor` of the previous page, unchanged; leave out to start at the newest image",
    )


QUARANTINE_LIST = inline_serializer(
    "QuarantineList",
    fields={
        "object": documented(serializers.CharField, enum=["list"])(),
        "data": serializers.ListField(
            child=serializers.DictField(), help_text="quarantined images, newest first"
        ),
        "has_more": serializers.BooleanField(),
        "next_cursor": serializers.CharField(
            allow_null=True, help_text="send as `after` for the next page; null on the last page"
        ),
    },
)


class QuarantineListView(TenantAPIView):
    required_scopes = {"GET": Scope.REVIEW_WRITE}

    @extend_schema(
        parameters=[QuarantineListQuery],
        responses={200: QUARANTINE_LIST},
        description="Newest first, paged by cursor as GET /v1/jobs is: an image made while a client "
        "pages never shifts or repeats a page. 400 `invalid_cursor` (`param`: `after`) for a cursor "
        "this listing did not return.",
    )
    def get(self, request: Request) -> Response:
        query = QuarantineListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        images = quarantine.quarantined_images_for_tenant(self.tenant)
        if params["decision"] is not None:
            images = images.filter(decision=params["decision"])
        try:
            page = quarantine.quarantined_image_page(
                images, tenant=self.tenant, after=params["after"], limit=params["limit"]
            )
        except InvalidCursor as exc:
            raise ApiError(
                "after: not a cursor this listing returned; send the `next_cursor` of the previous page "
                "unchanged, or leave `after` out to start at the newest image.",
                code="invalid_cursor",
                param="after",
            ) from exc
        return Response(
            {
                "object": "list",
                "data": [_quarantined_dict(image) for image in page.images],
                "has_more": page.has_more,
                "next_cursor": page.next_cursor,
            }
        )


class QuarantineDetailView(TenantAPIView):
    required_scopes = {"GET": Scope.REVIEW_WRITE}

    def get(self, request: Request, image_id: str) -> Response:
        image = quarantine.quarantined_image_for_tenant(self.tenant, image_id)
        if image is None:
            raise NotFound("quarantined image", image_id)
        return Response(_quarantined_dict(image))


class QuarantineContentView(TenantAPIView):
    required_scopes = {"GET": Scope.REVIEW_WRITE}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reveal",
                bool,
                description="`true`: the image as it is (audited as `image.revealed`); otherwise a blurred "
                "PNG preview",
            )
        ],
        responses={
            (200, "image/*"): OpenApiTypes.BINARY,
            410: OpenApiResponse(description="`image_purged`: deleted at the end of the policy's retention"),
        },
    )
    def get(self, request: Request, image_id: str) -> HttpResponse:
        image = quarantine.quarantined_image_for_tenant(self.tenant, image_id)
        if image is None:
            raise NotFound("quarantined image", image_id)
        reveal = request.query_params.get("reveal", "false")
        if reveal not in ("true", "false"):
            raise ApiError("reveal must be true or false.", code="invalid_value", param="reveal")
        if reveal == "true":
            review_services.check_may_reveal(
                image.job, review_services.Reviewer.from_principal(self.principal)
            )
        try:
            data, mime_type = quarantine.quarantined_image_read(
                image=image, actor=self.principal.actor, reveal=reveal == "true"
            )
        except FileNotFoundError as exc:
            raise ApiError(str(exc), status_code=410, code="image_purged") from exc
        response = HttpResponse(data, content_type=mime_type)
        response["Cache-Control"] = "no-store"  # quarantined bytes are never cached anywhere
        return response
