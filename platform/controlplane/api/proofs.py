"""GET /v1/images/{id}/proof: the tlog-proof that an image's generation record is in its tenant's log."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request

from audit.trust import trusted_public_keys
from controlplane.api.base import TenantAPIView
from controlplane.api.errors import NotFound
from controlplane.tenants.scopes import Scope
from generation import selectors
from generation.log_proofs import image_proof


class ImageProofView(TenantAPIView):
    # Whoever may read the image may prove it was logged; auditors hold `images:read` too.
    required_scopes = {"GET": Scope.IMAGES_READ}

    @extend_schema(
        responses={
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.STR,
                description="a c2sp.org/tlog-proof@v1 file (newest log checkpoint)",
            ),
            403: OpenApiResponse(description="the key lacks `images:read`"),
            404: OpenApiResponse(description="no image of that id in the tenant"),
            409: OpenApiResponse(
                description="`proof_not_ready`: no signed log checkpoint covers the image's generation event "
                "yet (run `assay audit checkpoint`); `audit_log_broken`: no log checkpoint verifies, or the "
                "stored hashes do not prove the event (the message says which; `assay audit verify`)"
            ),
        },
        summary="Prove that an image's generation record is in the tenant's transparency log",
    )
    def get(self, request: Request, image_id: str) -> HttpResponse:
        image = selectors.image_for_tenant(self.tenant, image_id)
        if image is None:
            raise NotFound("image", image_id)
        proof = image_proof(image, list(trusted_public_keys().keys.values()))
        response = HttpResponse(proof, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{image.public_id}.tlog-proof"'
        return response
