"""C2PA Content Credentials: the manifest Assay signs, and a reader that summarises any manifest.

Signed manifest (c2pa.actions.v2):
- text-to-image: `c2pa.created` with digitalSourceType trainedAlgorithmicMedia;
- edit of an upload: `c2pa.opened` of the input, a `parentOf` ingredient (c2pa keeps the input's own
  manifest, if it has one, as the ingredient's manifest), then `c2pa.edited` with
  compositeWithTrainedAlgorithmicMedia.
Assay's `ai.assay.generation` assertion rides along (model, weights, settings, policy decisions, ids,
and the prompt only when the policy opts in), and the invisible watermark is recorded as a C2PA
`c2pa.soft-binding` assertion (`alg`: the method's name, one block whose `value` is the 48-bit watermark
id in hex, over the whole image), so that a C2PA-aware tool holding a stripped copy can decode the mark
and look the manifest up. The method is not on the C2PA soft-binding algorithm list, so its name is
entity-specific (`ai.assay.ss-tile.1`). The first method (`imwatermark.dwtDctSvd`, a variant that
imwatermark's own decoder cannot read) gets no soft binding; the `ai.assay.watermark` assertion
(algorithm, payload layout) records either, as it did before the soft binding existed.

Uploads are attacker-controlled, so neither signing (which reads the input's manifest) nor reading
fetches remote manifests or OCSP responses.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Mapping
from typing import Any, Literal

import c2pa

from foundation.images import JPEG_APP11, PNG_SIGNATURE, jpeg_segments, png_chunks, webp_chunks
from provenance.errors import ProvenanceError
from provenance.signers import SIGNER_EKUS, Signer
from provenance.xmp import COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA, TRAINED_ALGORITHMIC_MEDIA

GENERATION_LABEL = "ai.assay.generation"
WATERMARK_LABEL = "ai.assay.watermark"
SOFT_BINDING_LABEL = "c2pa.soft-binding"
Kind = Literal["created", "edited"]
_INPUT_INGREDIENT = "input"
_NO_FETCHING = {"remote_manifest_fetch": False, "ocsp_fetch": False}
# c2pa's trust settings take the accepted signer EKUs as OIDs, one a line.
_SIGNER_EKUS = "\n".join(oid.dotted_string for oid in SIGNER_EKUS)
# What c2pa adds to the claim itself from Assay's request; like Assay's own assertions (`build_manifest`),
# attributed to the signer (spec 10.2.2: created, not gathered; c2pa gathers what it is not told about).
_CREATED_BY_C2PA = ["c2pa.ingredient", "c2pa.thumbnail.claim", "c2pa.thumbnail.ingredient"]
THUMBNAIL_LONG_EDGE = 512


def digital_source_type(kind: Kind) -> str:
    return TRAINED_ALGORITHMIC_MEDIA if kind == "created" else COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA


def build_manifest(
    *,
    kind: Kind,
    title: str,
    generator: Mapping[str, str],
    generation: Mapping[str, Any],
    watermark: Mapping[str, Any] | None,
    soft_binding: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest definition c2pa's Builder takes (JSON-able); `soft_binding` from `soft_binding()`."""
    agent = dict(generator)
    if kind == "created":
        actions = [
            {"action": "c2pa.created", "digitalSourceType": digital_source_type(kind), "softwareAgent": agent}
        ]
    else:
        actions = [
            {"action": "c2pa.opened", "parameters": {"ingredientIds": [_INPUT_INGREDIENT]}},
            {"action": "c2pa.edited", "digitalSourceType": digital_source_type(kind), "softwareAgent": agent},
        ]
    # `created`: Assay makes these assertions and its signature vouches for them (spec 10.2.2); c2pa
    # lists an assertion without the flag as gathered, "not attributed to the signer".
    assertions: list[dict[str, Any]] = [
        {"label": "c2pa.actions.v2", "data": {"actions": actions}, "created": True},
        {"label": GENERATION_LABEL, "data": dict(generation), "created": True},
    ]
    if soft_binding is not None:
        assertions.append({"label": SOFT_BINDING_LABEL, "data": dict(soft_binding), "created": True})
    if watermark is not None:
        assertions.append({"label": WATERMARK_LABEL, "data": dict(watermark), "created": True})
    return {"claim_generator_info": [agent], "title": title, "assertions": assertions}


def soft_binding(algorithm: str, watermark_id: str, payload: str) -> dict[str, Any]:
    """The C2PA soft-binding assertion of a watermark: its algorithm and its value over the whole image
    (an empty scope: the whole asset).

    Not quite spec 18.10.2's shape: `value` and the required `pad` are byte strings there, but c2pa's
    Builder turns a JSON definition into CBOR without byte strings (a list of ints becomes an array), and
    takes no assertion as raw CBOR; so `value` stays the id in hex text and `pad` is left out rather than
    written with the wrong type. `alg` is not on the soft binding algorithm list (9.3.2) either: no method
    there is Assay's, so the name is entity-specific."""
    return {
        "alg": algorithm,
        "blocks": [{"scope": {}, "value": watermark_id}],
        "name": f"Assay invisible watermark: {payload}",
    }


def _trust(trust_anchors_pem: bytes | None) -> dict[str, str]:
    trust = {"trust_config": _SIGNER_EKUS}
    if trust_anchors_pem:
        trust["user_anchors"] = trust_anchors_pem.decode()
    return trust


def _context(*, thumbnail: bool, trust_anchors_pem: bytes | None) -> c2pa.Context:
    # The default thumbnail is a 1024 px copy (~1 MB more on a WebP): off, or a small JPEG on request.
    if thumbnail:
        thumbnails = {"enabled": True, "format": "jpeg", "long_edge": THUMBNAIL_LONG_EDGE}
    else:
        thumbnails = {"enabled": False}
    # The trust settings serve c2pa's check of the new signature (the signer EKUs) and of the input's
    # manifest, whose validation it records in the ingredient: with the anchors `read()` uses, an
    # Assay-signed input is recorded as trusted, not as untrusted forever.
    builder = {"thumbnail": thumbnails, "created_assertion_labels": _CREATED_BY_C2PA}
    return c2pa.Context.from_dict(
        {"builder": builder, "verify": _NO_FETCHING, "trust": _trust(trust_anchors_pem)}
    )


def sign(
    manifest: Mapping[str, Any],
    *,
    signer: Signer,
    data: bytes,
    mime_type: str,
    input_image: bytes | None = None,
    input_mime_type: str | None = None,
    thumbnail: bool = False,
    trust_anchors_pem: bytes | None = None,
) -> tuple[bytes, str]:
    """`data` with the signed manifest embedded, and the manifest's label. Must be the last change.
    `trust_anchors_pem`: the roots the input's manifest is checked against (as by `read()`).

    The label is chosen here (c2pa keeps a definition's own `label`) rather than read back out of the
    signed bytes, which parsed the whole manifest store again per image."""
    label = f"urn:c2pa:{uuid.uuid4()}"
    try:
        with _context(thumbnail=thumbnail, trust_anchors_pem=trust_anchors_pem) as context:
            builder = c2pa.Builder({**manifest, "label": label}, context=context)
            if input_image is not None:
                ingredient = {"title": "input", "relationship": "parentOf", "label": _INPUT_INGREDIENT}
                builder.add_ingredient_from_stream(ingredient, input_mime_type or "", io.BytesIO(input_image))
            out = io.BytesIO()
            signer.sign(builder, mime_type, io.BytesIO(data), out)
    except c2pa.C2paError as exc:
        raise ProvenanceError(f"building the C2PA manifest failed: {exc}") from exc
    return out.getvalue(), label


def _signer(manifest: Mapping[str, Any]) -> dict[str, Any] | None:
    info = manifest.get("signature_info")
    if not info:
        return None
    return {
        "common_name": info.get("common_name"),
        "issuer": info.get("issuer"),
        "serial_number": info.get("cert_serial_number"),
        "alg": info.get("alg"),
        "time": info.get("time"),
    }


def _assertion(manifest: Mapping[str, Any], label: str) -> dict[str, Any] | None:
    for assertion in manifest.get("assertions", []):
        if assertion.get("label") == label:
            return assertion.get("data")
    return None


def _actions(manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    data = _assertion(manifest, "c2pa.actions.v2") or _assertion(manifest, "c2pa.actions") or {}
    return [
        {key: action[key] for key in ("action", "digitalSourceType") if key in action}
        for action in data.get("actions", [])
    ]


def _failures(results: Mapping[str, Any], manifests: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The active manifest's failures, then its ingredients': c2pa reports a changed ingredient manifest
    (spec 15.11.3.3, `ingredient.manifest.mismatch` and the cause) apart, as that ingredient's delta.
    Each of those names its ingredient by title (or, failing that, by the ingredient assertion's URI)."""
    failures = [
        {"code": failure.get("code"), "explanation": failure.get("explanation")}
        for failure in (results.get("activeManifest") or {}).get("failure", [])
    ]
    for delta in results.get("ingredientDeltas") or []:
        uri = delta.get("ingredientAssertionURI") or ""
        # self#jumbf=/c2pa/<manifest label>/c2pa.assertions/<ingredient assertion label>
        manifest_label, _, assertion_label = uri.partition("/c2pa/")[2].partition("/c2pa.assertions/")
        ingredients = manifests.get(manifest_label, {}).get("ingredients", [])
        titles = [
            ingredient.get("title")
            for ingredient in ingredients
            if ingredient.get("label") == assertion_label
        ]
        name = next((title for title in titles if title), uri)
        failures += [
            {"code": failure.get("code"), "explanation": failure.get("explanation"), "ingredient": name}
            for failure in (delta.get("validationDeltas") or {}).get("failure", [])
        ]
    return failures


def carries_manifest(data: bytes) -> bool:
    """Whether `data` holds where c2pa embeds a manifest store, even cut short: a PNG `caBX` chunk, a JPEG
    APP11 segment of JUMBF (`jumb` boxes, which c2pa writes there), a WebP `C2PA` chunk."""
    if data.startswith(PNG_SIGNATURE):
        return any(kind == b"caBX" for kind, _, _ in png_chunks(data))
    if data.startswith(b"\xff\xd8"):
        segments = jpeg_segments(data)
        return any(marker == JPEG_APP11 and b"jumb" in data[start:end] for marker, start, end, _ in segments)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return any(kind == b"C2PA" for kind, _, _ in webp_chunks(data))
    return False


def read(data: bytes, mime_type: str, *, trust_anchors_pem: bytes | None) -> dict[str, Any]:
    """A JSON-able summary of `data`'s C2PA manifest; only `Trusted` means verified.

    `validation_state`: Trusted (valid, signed under one of the trust anchors), Valid (intact, but the
    signer is not trusted here), Invalid (something changed after signing, or the signature fails).
    """
    settings = {"verify": _NO_FETCHING, "trust": _trust(trust_anchors_pem)}
    try:
        with c2pa.Context.from_dict(settings) as context:
            reader = c2pa.Reader.try_create(mime_type, io.BytesIO(data), context=context)
            if reader is None:
                return {"present": False, "validation_state": None, "verified": False}
            with reader:
                store = json.loads(reader.json())
    except c2pa.C2paError as exc:
        # A file c2pa cannot parse (cut off, damaged) that shows no trace of a manifest never had one:
        # "Invalid" would tell the caller it changed after signing.
        if isinstance(exc, c2pa.C2paError.ManifestNotFound) or not carries_manifest(data):
            return {"present": False, "validation_state": None, "verified": False}
        return {
            "present": True,
            "validation_state": "Invalid",
            "verified": False,
            "failures": [{"code": "manifest.unreadable", "explanation": str(exc)}],
        }
    manifests = store.get("manifests", {})
    label = store.get("active_manifest")
    active = manifests.get(label, {})
    state = store.get("validation_state")
    ingredients = [
        {
            "title": ingredient.get("title"),
            "relationship": ingredient.get("relationship"),
            "format": ingredient.get("format"),
            "manifest_label": ingredient.get("active_manifest"),
            "signer": _signer(manifests.get(ingredient.get("active_manifest"), {})),
        }
        for ingredient in active.get("ingredients", [])
    ]
    return {
        "present": True,
        "validation_state": state,
        "verified": state == "Trusted",
        "failures": _failures(store.get("validation_results") or {}, manifests),
        "manifest_label": label,
        "claim_generator": [info.get("name") for info in active.get("claim_generator_info", [])],
        "signer": _signer(active),
        "actions": _actions(active),
        "ingredients": ingredients,
        "assay": _assertion(active, GENERATION_LABEL),
        "watermark": _assertion(active, WATERMARK_LABEL),
        "soft_binding": _assertion(active, SOFT_BINDING_LABEL),
    }
