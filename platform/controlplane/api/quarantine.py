"""/v1/quarantine/images: held, blocked and unscreened images, for the tenant's reviewers and admins.

The images API never serves these; here they are listed with their reasons, and a key with
`review:write` sees them blurred, or as they are with `?reveal=true` (each reveal is audited).
Deleted at the end of the policy's retention.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError, NotFound
from controlplane.review import services as review_services
from controlplane.tenants.scopes import Scope
from generation import quarantine
from generation.models import GeneratedImage
from generation.selectors import image_to_dict

PAGE_SIZE = 100


def _quarantined_dict(image: GeneratedImage) -> dict[str, Any]:
    return image_to_dict(image) | {
        "object": "quarantined_image",
        "purged_at": image.purged_at.isoformat() if image.purged_at else None,
    }


class QuarantineListView(TenantAPIView):
    required_scopes = {"GET": Scope.REVIEW_WRITE}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "decision", str, enum=list(quarantine.QUARANTINED), description="only images of this decision"
            )
        ]
    )
    def get(self, request: Request) -> Response:
        images = quarantine.quarantined_images_for_tenant(self.tenant)
        decision = request.query_params.get("decision")
        if decision is not None:
            if decision not in quarantine.QUARANTINED:
                raise ApiError(
                    f"decision must be one of {', '.join(quarantine.QUARANTINED)}.",
                    code="invalid_value",
                    param="decision",
                )
            images = images.filter(decision=decision)
        return Response({"object": "list", "data": [_quarantined_dict(i) for i in images[:PAGE_SIZE]]})


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
