"""Replay, for auditors: POST /v1/images/{id}/replay regenerates a local model's image from its audit
record on the model's pool; GET /v1/replays/{id} follows it. The work is generation.replay's."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import RateLimitedView, TenantAPIView
from controlplane.api.errors import NotFound
from controlplane.tenants.scopes import Scope
from generation import selectors
from generation.models import ReplayStatus
from generation.services import image_replay_request

_DONE = (ReplayStatus.COMPLETED, ReplayStatus.FAILED)


class ImageReplayView(RateLimitedView):
    """A replay is a generation: it counts against the requests-per-minute limits like one, and the
    tenant's replays in flight are capped (ASSAY_REPLAY_MAX_IN_FLIGHT). Asking again while the image's
    replay is queued or running answers that replay (202, the same id) instead of starting another."""

    required_scopes = {"POST": Scope.AUDIT_READ}

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="the replay, already finished (`failed` with `queue_unavailable` when the "
                "broker refused it: ask again)",
            ),
            202: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="the replay, queued on the model's pool: GET /v1/replays/{id}; while the "
                "image's replay is queued or running, asking again answers that one",
            ),
            403: OpenApiResponse(
                description="the key lacks `audit:read`, or `replay_forbidden`: the image's batch holds an "
                "image blocked for `sexual/minors`, which is never generated again"
            ),
            404: OpenApiResponse(description="no image of that id in the tenant (released or quarantined)"),
            409: OpenApiResponse(
                description="`replay_unsupported` (a provider model's image), `model_disabled` (the "
                "image's model is not enabled) or `replay_not_recorded` (made before pixel digests were "
                "recorded)"
            ),
            429: OpenApiResponse(
                description="`rate_limit_exceeded`: the tenant's or the key's requests per minute are "
                "spent, or the tenant has ASSAY_REPLAY_MAX_IN_FLIGHT replays queued or running; retry "
                "after `Retry-After` seconds"
            ),
        },
        summary="Regenerate a local model's image from its audit record and compare the pixels",
    )
    def post(self, request: Request, image_id: str) -> Response:
        image = selectors.image_for_tenant(self.tenant, image_id)
        if image is None:
            raise NotFound("image", image_id)
        replay = image_replay_request(tenant=self.tenant, image=image, actor=self.principal.actor)
        replay.refresh_from_db()  # a worker (or an eager run) may have finished it meanwhile
        answer = status.HTTP_200_OK if replay.status in _DONE else status.HTTP_202_ACCEPTED
        return Response(selectors.replay_to_dict(replay), status=answer)


class ReplayDetailView(TenantAPIView):
    required_scopes = {"GET": Scope.AUDIT_READ}

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="no such replay")})
    def get(self, request: Request, replay_id: str) -> Response:
        replay = selectors.replay_for_tenant(self.tenant, replay_id)
        if replay is None:
            raise NotFound("replay", replay_id)
        return Response(selectors.replay_to_dict(replay))
