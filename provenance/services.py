"""The two entry points: `stamp()` marks a released image, `verify()` reads what any image carries.

`stamp()` runs, in this order (C2PA signs the final bytes, so it must come last):
visible label (policy) -> invisible watermark -> encode in the same format with the XMP disclosure
(`mark()`) -> C2PA manifest signed by the configured signer (`seal()`). The two halves are separate so
that the pipeline can mark an image while screening still decides it, and sign only once it is
released. The caller picks the watermark id (`new_watermark_id()`) and guarantees it is unique (the
database's unique constraint); it stores `StampResult.record`.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal

import numpy as np
from django.core.exceptions import ImproperlyConfigured
from PIL import Image, ImageOps, UnidentifiedImageError

from foundation import media
from foundation.images import (
    ImageInputError,
    check_layout,
    complete_jpeg,
    is_animated,
    oriented,
    without_damaged_png_chunks,
)
from provenance import manifest, watermark, watermarks, xmp
from provenance.errors import ProvenanceError
from provenance.label import apply_label
from provenance.signers import (
    OwnSigners,
    configured_signer,
    own_signers,
    own_signers_from,
    signed_by,
    trust_anchor_subjects,
    trust_anchors_pem,
)
from provenance.watermark import new_watermark_id

__all__ = [
    "Marked",
    "ProvenanceError",
    "StampRequest",
    "StampResult",
    "mark",
    "new_watermark_id",
    "seal",
    "stamp",
    "verify",
]

MIME_TYPES = media.MIME_TYPES


@dataclass(frozen=True)
class StampRequest:
    """One released image to mark. `options` is the policy document's `provenance` section."""

    image: bytes
    mime_type: str
    watermark_id: str
    kind: Literal["created", "edited"] = "created"
    input_image: bytes | None = None
    input_mime_type: str | None = None
    # Generation facts for the `ai.assay.generation` assertion (JSON-able): model id and weights
    # sha256, backend, seed, steps, guidance, scheduler, size, policy version, decision ids, job and
    # image ids.
    assertion: Mapping[str, Any] = field(default_factory=dict)
    prompt: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    # `image` already decoded (exactly its pixels, as a lossless decode gives them), when the caller
    # holds it: stamping then skips decoding the file again. Never changed here.
    decoded: Image.Image | None = field(default=None, repr=False, compare=False)
    # The JPEG/WebP quality the caller asked for (OpenAI's `output_compression`), within
    # `xmp.lossy_quality`'s floor; None: 95.
    quality: int | None = None


@dataclass(frozen=True)
class StampResult:
    data: bytes  # the final, signed bytes, in the request's format
    watermark_id: str | None  # None when the image is too small to carry the watermark
    record: dict[str, Any]  # JSON-able: what was done, for the image row and the audit event


@functools.cache
def _generator_info() -> tuple[tuple[str, str], ...]:
    # Read once per process: importlib.metadata parses the package's METADATA file on every call.
    try:
        return (("name", "Assay"), ("version", version("assay")))
    except PackageNotFoundError:
        return (("name", "Assay"),)


def generator_info() -> dict[str, str]:
    return dict(_generator_info())


def _open(data: bytes, what: str) -> Image.Image:
    image, damage = _open_damaged(data, what)
    if damage is not None:
        raise ProvenanceError(f"{what} is not a readable PNG, JPEG or WebP image: {damage}")
    return image


def _open_damaged(data: bytes, what: str) -> tuple[Image.Image, str | None]:
    """The image and, when its header reads but its pixels do not decode (a damaged file: a flipped
    bit in a JPEG's entropy-coded data, a cut-off download), why. Its manifest is then still checked,
    and says the file changed after signing, as other C2PA verifiers do, instead of an error."""
    try:
        image = Image.open(io.BytesIO(data), formats=media.PILLOW_FORMATS)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ProvenanceError(f"{what} is not a readable PNG, JPEG or WebP image: {exc}") from exc
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        # A JPEG whose data is whole but ends without its EOI marker is shown by viewers: read it so.
        completed = complete_jpeg(data) if image.format == "JPEG" else None
        if completed is None:
            return image, str(exc) or type(exc).__name__
        image = Image.open(io.BytesIO(completed), formats=("JPEG",))
        image.load()
    return image, None


# Below this PSNR a mark visibly changes the picture. The new method's informed embedding can go below
# it on small textured photos (provenance/watermark_ss.py); where the earlier method fits, its mark is
# then preferred.
MARK_QUALITY_FLOOR_DB = 38.0


def _embed_readable(
    rgb: np.ndarray, watermark_id: str, method: watermarks.Method
) -> tuple[np.ndarray, watermarks.Method, dict[str, Any]]:
    """Mark `rgb` and read the mark back. If it does not read back, or reads back only at a cost in
    quality below `MARK_QUALITY_FLOOR_DB`, mark with the fallback method where that fits and reads back;
    a readable mark of the first method is kept over none. The notes carry the mark's PSNR."""
    marked, readable = method.embed_read_back(rgb, watermark_id)
    quality = watermark.psnr(rgb, marked)
    if readable and quality >= MARK_QUALITY_FLOOR_DB:
        return marked, method, {"psnr_db": round(quality, 2)}
    fallback_name = watermarks.FALLBACK.get(method.name)
    if fallback_name is not None:
        fallback = watermarks.method(fallback_name)
        if fallback.unfit(rgb.shape[1], rgb.shape[0]) is None:
            other, other_reads = fallback.embed_read_back(rgb, watermark_id)
            if other_reads:
                why = "could not be read back from" if not readable else "would have cost too much quality in"
                note = f"{method.name} {why} this image; marked with {fallback.name}"
                return other, fallback, {"psnr_db": round(watermark.psnr(rgb, other), 2), "fallback": note}
    notes = {"psnr_db": round(quality, 2)}
    return marked, method, notes if readable else notes | {"read_back": False}


def _watermark(
    image: Image.Image, watermark_id: str, method: watermarks.Method
) -> tuple[Image.Image, dict[str, Any], watermarks.Method]:
    """The watermarked image, the record's `watermark` entry and the method that marked it."""
    reason = method.unfit(image.width, image.height)
    if reason is not None:
        return image, {"algorithm": method.name, "id": None, "skipped": reason}, method
    alpha = image.getchannel("A") if image.mode == "RGBA" else None
    rgb = np.asarray(image.convert("RGB"))
    marked, used, notes = _embed_readable(rgb, watermark_id, method)
    record = {"algorithm": used.name, "id": watermark_id}
    out = Image.fromarray(marked, "RGB")
    if alpha is not None:
        out.putalpha(alpha)
    return out, record | notes, used


def _watermark_method(options: Mapping[str, Any]) -> watermarks.Method:
    try:
        return watermarks.method(str(options.get("watermark", watermarks.DEFAULT_METHOD)))
    except watermarks.UnknownMethod as exc:
        raise ProvenanceError(str(exc)) from exc


def _sniff_mime(data: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            found = media.BY_PILLOW.get(image.format or "")
            return found.mime if found else None
    except (UnidentifiedImageError, OSError, ValueError):
        return None


@dataclass(frozen=True)
class Marked:
    """An image's pixels marked (label, watermark) and encoded with its XMP disclosure, not yet signed:
    `mark()`'s answer, which `seal()` signs. Depends only on the pixels, the watermark id and the
    policy's options, so that a caller can mark while it still decides whether to release."""

    data: bytes  # encoded, with the XMP disclosure; what the C2PA manifest will be embedded in
    watermark_record: dict[str, Any]
    method: watermarks.Method
    label_applied: bool
    source_type: str


def _check(request: StampRequest) -> None:
    if request.mime_type not in MIME_TYPES:
        raise ProvenanceError(f"cannot stamp {request.mime_type!r}; one of {', '.join(MIME_TYPES)}")
    if request.kind not in ("created", "edited"):
        raise ProvenanceError(f"kind {request.kind!r} must be 'created' or 'edited'")
    if request.kind == "edited" and request.input_image is None:
        raise ProvenanceError("an edit needs the input image: it becomes the manifest's parent ingredient")
    try:
        watermark.payload_bits(request.watermark_id)
    except watermark.WatermarkError as exc:
        raise ProvenanceError(str(exc)) from exc


def mark(request: StampRequest) -> Marked:
    """The first part of `stamp()`: visible label (policy), invisible watermark, encoding with the XMP
    disclosure. Pure CPU work on the request's pixels (no database, no signer): safe in another thread.
    `request.assertion` is not read here (only by `seal`)."""
    _check(request)
    options = request.options
    method = _watermark_method(options)
    image = request.decoded if request.decoded is not None else _open(request.image, "the generated image")
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")

    label_applied = bool(options.get("visible_label", False))
    if label_applied:
        try:
            image = apply_label(
                image,
                str(options.get("label_text") or "AI-generated"),
                options.get("label_position", "bottom-right"),
            )
        except ValueError as exc:
            raise ProvenanceError(str(exc)) from exc
    image, watermark_record, method = _watermark(image, request.watermark_id, method)

    source_type = manifest.digital_source_type(request.kind)
    disclosure = xmp.Disclosure(
        digital_source_type=source_type, creator_tool=" ".join(generator_info().values())
    )
    return Marked(
        data=xmp.encode(image, request.mime_type, disclosure, quality=request.quality),
        watermark_record=watermark_record,
        method=method,
        label_applied=label_applied,
        source_type=source_type,
    )


def seal(request: StampRequest, marked: Marked) -> StampResult:
    """The last part of `stamp()`: the C2PA manifest (with `request.assertion`) signed into the marked
    bytes by the configured signer. `marked` is `mark(request)`'s answer for this same request."""
    _check(request)
    options = request.options
    watermark_record, method = marked.watermark_record, marked.method
    generation = dict(request.assertion)
    if options.get("include_prompt", False) and request.prompt is not None:
        generation["prompt"] = request.prompt
    watermark_assertion = soft_binding = None
    if watermark_record["id"] is not None:
        watermark_assertion = {
            "algorithm": method.name,
            "payload_id": watermark_record["id"],
            "payload": method.payload,
        }
        if method.name == watermark.ALGORITHM:
            watermark_assertion["variant"] = watermark.VARIANT
        else:
            soft_binding = manifest.soft_binding(method.name, watermark_record["id"], method.payload)
    image_id = str(generation.get("image_id") or "image")
    definition = manifest.build_manifest(
        kind=request.kind,
        title=f"{image_id}.{media.BY_MIME[request.mime_type].extension}",
        generator=generator_info(),
        generation=generation,
        watermark=watermark_assertion,
        soft_binding=soft_binding,
    )
    signer = configured_signer()
    input_mime = request.input_mime_type
    if request.input_image is not None and input_mime is None:
        input_mime = _sniff_mime(request.input_image)
    signed, manifest_label = manifest.sign(
        definition,
        signer=signer,
        data=marked.data,
        mime_type=request.mime_type,
        input_image=request.input_image if request.kind == "edited" else None,
        input_mime_type=input_mime,
        thumbnail=bool(options.get("thumbnail", False)),
        trust_anchors_pem=trust_anchors_pem(),
    )
    record = {
        "watermark": watermark_record,
        "xmp": {"digital_source_type": marked.source_type},
        "label_applied": marked.label_applied,
        "c2pa": {
            "manifest_label": manifest_label,
            "signer": signer.subject,
            "alg": signer.alg,
            "tsa": signer.tsa_url,
            "development_credentials": signer.development,
        },
    }
    return StampResult(data=signed, watermark_id=watermark_record["id"], record=record)


def _own_signer(data: bytes, mime_type: str, read: dict[str, Any], own: OwnSigners, anchors: bytes) -> bool:
    """Whether an intact manifest was signed by one of `own`'s leaves (`signers.signed_by`): read again
    with only the installation's issuing CAs as anchors, unless those were the anchors already."""
    if read["validation_state"] != "Trusted" or not own.issuers_pem:
        return False
    state = read["validation_state"]
    if anchors != own.issuers_pem:
        state = manifest.read(data, mime_type, trust_anchors_pem=own.issuers_pem)["validation_state"]
    return signed_by(read.get("signer"), state, own)


def stamp(request: StampRequest) -> StampResult:
    """Label, watermark, disclose and sign one image; raises ProvenanceError with what went wrong."""
    return seal(request, mark(request))


def verify(
    data: bytes, issued: Callable[[str], bool] | None = None, *, signer_chain_pem: bytes | None = None
) -> dict[str, Any]:
    """What `data` carries: C2PA manifest, invisible watermark and XMP disclosure (JSON-able).

    `c2pa.own_signer`: the manifest is Trusted and its signer is this installation's (one of its signing
    certificates, issued by its own issuing CA: `signers.signed_by`). Only such a manifest's
    `ai.assay.generation` assertion is Assay's word: a manifest signed by anyone else, even under a
    trust anchor that also certifies Assay (a public CA's root), may carry a copy of it.
    `signer_chain_pem` (an offline verifier's copy of the installation's published certificates, GET
    /v1/verify/signing-chain): its leaves are the ones pinned, under its own issuers instead of the
    configured trust anchors.

    Every watermark method is tried (the current one first) until one finds a mark; `watermark`
    names the one that matched. With `issued` (whether this installation issued an id), a legacy
    method's find counts only for an issued id (`watermarks.read`): their shorter checks pass on
    unmarked images by chance far more often than the default's.

    The caller limits the upload's size; this reads only embedded data (no remote manifest, no OCSP).
    Refused (ProvenanceError): a file of implausibly many chunks or segments (`images.check_layout`),
    a format other than PNG, JPEG or WebP (an MPO), and several frames (an animation).
    """
    try:
        check_layout(data)  # before Pillow or c2pa parse a file of millions of chunks
    except ImageInputError as exc:
        raise ProvenanceError(f"the uploaded file is refused: {exc}") from exc
    # The pixels and XMP are read without PNG metadata chunks damaged since (their checksum fails);
    # the manifest is checked against the file as it came, so that it says what changed.
    readable, damaged_chunks = without_damaged_png_chunks(data)
    image, damage = _open_damaged(readable, "the uploaded file")
    media_type = media.BY_PILLOW.get(image.format or "")
    if media_type is None:  # an MPO: a JPEG with more pictures after it
        raise ProvenanceError(f"the uploaded file is an {image.format} image; send a PNG, JPEG or WebP image")
    # Refused rather than verified: Assay releases still pictures only, and which of several frames a
    # viewer shows (an APNG's animation over its default image, an animated WebP's frame after a 1 ms
    # first one) is not the first frame decoded here, so no answer about one frame would be honest.
    if is_animated(image, readable):
        raise ProvenanceError(
            "the uploaded file holds several frames (an animation or a multi-picture file); "
            "send the one still picture to verify as a PNG, JPEG or WebP image"
        )
    mime_type = media_type.mime
    if signer_chain_pem is None:
        own, anchors = own_signers(), trust_anchors_pem()
    else:
        try:
            own = own_signers_from(signer_chain_pem, "the signing chain")
        except ImproperlyConfigured as exc:
            raise ProvenanceError(str(exc)) from exc
        anchors = own.issuers_pem
    c2pa_result = manifest.read(data, mime_type, trust_anchors_pem=anchors)
    if damaged_chunks and c2pa_result["present"]:
        # A chunk failing its checksum changed after the file was written, even where the manifest's
        # own checks miss it (a flip in bytes the claim does not hash).
        c2pa_result["failures"].append(
            {
                "code": "assay.pngChunk.checksumMismatch",
                "explanation": f"PNG chunk {', '.join(damaged_chunks)} fails its checksum: changed after "
                "the file was written",
            }
        )
        c2pa_result |= {"validation_state": "Invalid", "verified": False}
    c2pa_result["own_signer"] = _own_signer(data, mime_type, c2pa_result, own, anchors)
    if damage is None:
        # As stored, then upright where an EXIF orientation turns it for display (a released image
        # carries none; a copy rotated in its pixels may, to show upright, and a tag added to the released
        # pixels must not hide their mark). Transparency is not composited here: the mark of a released
        # transparent image is in all its RGB; attribution compares the picture as shown.
        reading, tried = watermarks.read(np.asarray(image.convert("RGB")), issued)
        if reading is None and oriented(image):
            reading, upright_tried = watermarks.read(
                np.asarray(ImageOps.exif_transpose(image).convert("RGB")), issued
            )
            tried += [{**entry, "upright": True} for entry in upright_tried]
    else:
        reading, tried = None, []
    watermark_result: dict[str, Any] = {
        "found": reading is not None,
        "watermark_id": reading.watermark_id if reading else None,
        # The method that matched (None when none did); `tried` says what each method read.
        "algorithm": reading.algorithm if reading else None,
        "confidence": reading.confidence if reading else 0.0,
        "tried": tried,
    }
    if damage is not None:
        watermark_result["error"] = f"the image's pixels could not be decoded, so no mark was read: {damage}"
    disclosure = xmp.read(readable)
    return {
        "format": mime_type,
        "c2pa": c2pa_result,
        "watermark": watermark_result,
        "xmp": None
        if disclosure is None
        else {"digital_source_type": disclosure.digital_source_type, "creator_tool": disclosure.creator_tool},
        "trust_anchors": trust_anchor_subjects(),
    }
