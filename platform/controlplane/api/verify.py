"""POST /v1/verify: what an image carries (C2PA Content Credentials, invisible watermark, XMP) and
whether this installation generated it. Anyone may ask; an API key of the image's own tenant (with
`images:read`) also learns which image and job it is.

The watermark is read with every method Assay has issued (`watermark.tried`; `watermark.algorithm`
names the one that matched), so a copy whose manifest was stripped, and which was resized, cropped or
recompressed since, still leads to its record through the 48-bit id the mark carries."""

from __future__ import annotations

import ipaddress
import math
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from limits import RateLimitItemPerMinute
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.trust import trusted_public_keys
from controlplane.api.errors import ApiError
from controlplane.api.uploads import read_upload
from controlplane.console.throttle import client_address, hit_address
from controlplane.quotas.ratelimit import RateLimited
from controlplane.tenants.scopes import Scope
from controlplane.tenants.services import Principal
from foundation.images import ImageInputError, open_image, without_damaged_png_chunks
from generation.attribution import attribute, issued
from generation.log_proofs import verify_image_proof
from provenance.errors import ProvenanceError
from provenance.services import verify
from provenance.signers import published_signers_pem


def _registry(
    request: Request, watermark_id: str | None, data: bytes, c2pa: dict[str, Any]
) -> dict[str, Any]:
    """What the installation knows of the watermark id: a yes/no and a date for anyone, the ids for
    the owning tenant only (another tenant learns no more than the public). A mark can be copied onto
    another picture, so the yes needs the submitted pixels to resemble the released image on record,
    and a file whose own manifest shows an edit is not a yes (`generation.attribution`)."""
    attribution = attribute(watermark_id, data, c2pa=c2pa)
    image = attribution.image
    result: dict[str, Any] = {
        "generated_by_this_installation": attribution.confirmed,
        "created": image.created_at.date().isoformat() if attribution.confirmed and image else None,
        "content_matches_record": attribution.content_matches_record,
        "attribution": attribution.verdict.value,
    }
    if image is None or not attribution.confirmed:
        return result
    principal = request.auth
    if (
        isinstance(principal, Principal)
        and principal.tenant.pk == image.tenant_id
        and Scope.IMAGES_READ in principal.scopes
    ):
        result |= {
            "image_id": image.public_id,
            "job_id": image.job.public_id,
            "decision": image.decision,
            "created_at": image.created_at.isoformat(),
        }
    return result


# Verifying costs CPU with the pixels (measured: 2.4 s for 4096x4096, 0.3 s for 2000x2000, mostly the
# watermark read). Anyone may call this endpoint, so without a key an image is held to a smaller limit.
DEFAULT_VERIFY_MAX_PIXELS = 4_000_000


def _check_pixels(request: Request, data: bytes) -> None:
    """Refuse an image over the caller's pixel limit, from its header (nothing is decoded here).
    `data` is without damaged PNG chunks: a signed file whose metadata changed is verified, not refused."""
    try:
        image = open_image(data, max_pixels=settings.ASSAY_MAX_INPUT_PIXELS)
    except ImageInputError as exc:
        raise ImageInputError(f"image: {exc}", param="image") from exc
    if isinstance(request.auth, Principal):
        return
    limit = getattr(settings, "ASSAY_VERIFY_MAX_PIXELS", DEFAULT_VERIFY_MAX_PIXELS)
    if image.width * image.height > limit:
        raise ImageInputError(
            f"image: the image is {image.width}x{image.height} pixels; without an API key send at most "
            f"{limit:,} pixels (with one, up to {settings.ASSAY_MAX_INPUT_PIXELS:,})",
            param="image",
        )


def _counted_as(address: str) -> str:
    """The client an address counts as: an IPv6 address by its /64 (one subscriber's network holds 2^64
    addresses to rotate through), any other as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def _count_anonymous(request: Request) -> None:
    """Without an API key, at most ASSAY_VERIFY_ANONYMOUS_PER_MINUTE verifications per minute from one
    client address: each costs up to seconds of CPU, and anyone may send them. Key holders are counted
    by nothing here (their key can be revoked)."""
    per_minute = settings.ASSAY_VERIFY_ANONYMOUS_PER_MINUTE
    if isinstance(request.auth, Principal) or per_minute == 0:
        return
    wait = hit_address(
        "verify-address", _counted_as(client_address(request)), RateLimitItemPerMinute(per_minute)
    )
    if wait:
        retry_after = math.ceil(wait)
        raise RateLimited(
            f"Without an API key, {per_minute} verifications per minute are allowed from one address; "
            f"retry after {retry_after} s, or send an API key.",
            retry_after=retry_after,
            headers={},
        )


class VerifyView(APIView):
    # Verification is public (anyone holding an image may check it); a key, when sent, must be valid
    # and only widens what the registry answer reveals.
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "VerifyRequest",
                fields={
                    "image": serializers.FileField(help_text="a PNG, JPEG or WebP image"),
                    "proof": serializers.FileField(
                        required=False,
                        help_text="the image's tlog-proof (GET /v1/images/{id}/proof): `log_proof` in the "
                        "answer says whether its generation record is in its log",
                    ),
                },
            )
        },
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                description="no `image`, or one that is not a readable PNG, JPEG or WebP, or larger than the "
                "caller's pixel limit (`invalid_image`)"
            ),
            401: OpenApiResponse(description="an API key was sent and does not work (none is needed)"),
            429: OpenApiResponse(
                description="without an API key, more than ASSAY_VERIFY_ANONYMOUS_PER_MINUTE verifications "
                "a minute from one address (`rate_limit_exceeded`, with `Retry-After`)"
            ),
        },
        summary="Verify an image's Content Credentials, invisible watermark and origin",
    )
    def post(self, request: Request) -> Response:
        """Anonymous callers may send at most ASSAY_VERIFY_MAX_PIXELS pixels (4,000,000 by default),
        key holders ASSAY_MAX_INPUT_PIXELS; a larger image is a 400 `invalid_image` naming the limit.
        Without a key, one address may verify ASSAY_VERIFY_ANONYMOUS_PER_MINUTE images a minute (30 by
        default), then 429 `rate_limit_exceeded` with `Retry-After`.

        The answer's `watermark` says whether a mark was found, by which method (`algorithm`:
        `ai.assay.ss-tile.2`, or `ai.assay.ss-tile.1` and `imwatermark.dwtDctSvd` for images issued
        before it), its id and confidence, and what each method read (`tried`); `registry` is what
        this installation knows of that id.

        A watermark can be lifted from one image and added to another, so the registry confirms it
        against the record: the released image the id names is compared with the submitted pixels
        (robust to resizing, cropping to half the area, recompression, tone changes and a screenshot's
        border). `content_matches_record` is true when they match, false when they do not, null when
        the record's bytes are gone or no record was named. Only a match reports
        `generated_by_this_installation: true` (and, to the owning tenant, the image and job ids).
        `attribution` says which case it is: `confirmed`, `watermark_only_content_differs` (the mark
        names an image of this installation but the picture is a different one: a possible forgery),
        `derived_edited_after_signing` (the picture resembles a released image, but the file carries a
        C2PA manifest that is not this installation's intact one: it changed after Assay signed it, and
        a local edit such as a pasted face is not a global difference),
        `watermark_only_record_unavailable`, or `none` (no mark of this installation).

        `c2pa.own_signer` is true when the manifest is Trusted and signed by this installation's
        signing certificate; only then is its `assay` assertion Assay's word. With a `proof` part,
        `log_proof` checks that, then the log position the assertion names (`assay audit
        verify-proof` does the same offline, with the chain from GET /v1/verify/signing-chain)."""
        _count_anonymous(request)
        upload = request.FILES.get("image")
        if upload is None:
            raise ApiError(
                "Send the image to verify as the multipart field 'image'.",
                code="invalid_value",
                param="image",
            )
        data = read_upload(upload, "image")
        readable, _ = without_damaged_png_chunks(data)
        _check_pixels(request, readable)
        try:
            result = verify(data, issued)
        except ProvenanceError as exc:
            raise ApiError(f"image: {exc}", code="invalid_image", param="image") from exc
        watermark_id = result["watermark"].get("watermark_id")
        # The registry compares pixels, so it reads them as verify did.
        registry = _registry(request, watermark_id, readable, result["c2pa"])
        answer = {"object": "verification", **result, "registry": registry}
        proof = request.FILES.get("proof")
        if proof is not None:
            # Checked against this installation's trusted log keys, as `assay audit verify-proof` does
            # offline with the published one.
            proof_text = read_upload(proof, "proof").decode("utf-8", errors="replace")
            keys = list(trusted_public_keys().keys.values())
            answer["log_proof"] = verify_image_proof(result["c2pa"], proof_text, keys).as_dict()
        return Response(answer)


class SigningChainView(APIView):
    """The certificates this installation signs Content Credentials with, for verifiers offline."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={
            (200, "application/x-pem-file"): OpenApiTypes.STR,
            404: OpenApiResponse(description="no signing chain is configured"),
        },
        summary="The C2PA signing chain (PEM, leaf first), to pin the signer offline",
    )
    def get(self, request: Request) -> HttpResponse:
        """Public certificates only: the signing chain (leaf first), then those of signers before a
        rotation. `assay audit verify-proof IMAGE PROOF --key LOGKEY --signer CHAIN` checks that an
        image's manifest was signed by one of these leaves: a manifest signed by anyone else may carry
        a copy of Assay's assertion, log position included."""
        chain = published_signers_pem()
        if chain is None:
            raise ApiError("No C2PA signing chain is configured here.", status_code=404, code="not_found")
        return HttpResponse(chain, content_type="application/x-pem-file")
