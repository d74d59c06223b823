"""Verify an image: what its Content Credentials, watermark and this installation's records say, in words.

The checks are `provenance.services.verify` and `generation.attribution`, as POST /v1/verify runs them;
the registry answer reveals the image and job only to members of the image's own tenant who may read
images.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from controlplane.console.access import Member, console_page
from controlplane.console.forms import VerifyForm
from controlplane.tenants.scopes import Scope
from foundation.errors import ServiceError
from foundation.images import ImageInputError, open_image, without_damaged_png_chunks
from generation.attribution import attribute, issued
from provenance.errors import ProvenanceError
from provenance.services import verify

# What each C2PA validation state means, for someone who is not a C2PA specialist.
MANIFEST_MEANING = {
    "Trusted": (
        "good",
        "The Content Credentials are intact and signed with a certificate this installation trusts: "
        "nothing in the image changed since it was signed, and the signer is who the certificate says.",
    ),
    "Valid": (
        "warn",
        "The Content Credentials are intact (nothing changed since signing), but the signing certificate "
        "does not lead to any certificate authority this installation trusts. The content is unaltered; "
        "who signed it is not vouched for.",
    ),
    "Invalid": (
        "bad",
        "The Content Credentials do not check out: the image was changed after signing, or the signature "
        "is broken. Do not rely on what the credentials claim.",
    ),
}


def _registry(member: Member, watermark_id: str | None, data: bytes, c2pa: dict[str, Any]) -> dict[str, Any]:
    """The same attribution as POST /v1/verify (`generation.attribution`): "ours" only when the
    watermark names a record, the pixels match its released image and no manifest shows an edit."""
    attribution = attribute(watermark_id, data, c2pa=c2pa)
    image = attribution.image
    if not attribution.confirmed or image is None:
        return {"ours": False, "verdict": attribution.verdict.value}
    own = image.tenant_id == member.tenant.pk and member.can(Scope.IMAGES_READ)
    return {"ours": True, "created": image.created_at, "image": image if own else None}


@console_page()
def verify_image(request: HttpRequest, member: Member) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["image"]
        if upload.size > settings.ASSAY_MAX_INPUT_BYTES:
            form.add_error("image", f"The file is larger than {settings.ASSAY_MAX_INPUT_BYTES:,} bytes.")
        else:
            data = upload.read()
            # As the API does: a signed file whose metadata chunks changed is verified (and reported
            # Invalid), not refused; its pixels are read without the damaged chunks.
            readable, _ = without_damaged_png_chunks(data)
            try:
                open_image(readable, max_pixels=settings.ASSAY_MAX_INPUT_PIXELS)
                result = verify(data, issued)
            except (ImageInputError, ProvenanceError, ServiceError) as error:
                form.add_error("image", str(error))
    context: dict[str, Any] = {"form": form, "result": result}
    if result is not None:
        c2pa = result["c2pa"]
        context["manifest"] = MANIFEST_MEANING.get(c2pa.get("validation_state") or "")
        watermark_id = result["watermark"].get("watermark_id")
        context["registry"] = _registry(member, watermark_id, readable, c2pa)
    status = 400 if form.errors else 200
    return render(request, "console/verify.html", context, status=status)
