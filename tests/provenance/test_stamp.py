"""stamp(): label -> watermark -> XMP -> C2PA, read back with the development trust anchor."""

from __future__ import annotations

import io
import struct
import zlib

import c2pa
import numpy as np
import pytest
from PIL import Image

from provenance import manifest, xmp
from provenance.devca import build_chain
from provenance.errors import ProvenanceError
from provenance.services import StampRequest, new_watermark_id, stamp, verify
from provenance.signers import FileSigner
from tests.provenance.conftest import SCENES, decode, encode, flat_scene, jpeg_q75, photo

GENERATION = {
    "model": "assay-shapes-1",
    "weights_sha256": "ab" * 32,
    "backend": "diffusers",
    "seed": 7,
    "steps": 20,
    "guidance": 5.0,
    "scheduler": "ddim",
    "size": "512x512",
    "policy_version": 3,
    "decision_ids": ["dec_1", "dec_2"],
    "job_id": "job_123",
    "image_id": "img_456",
}
FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}


def request(mime_type: str = "image/png", pixels: np.ndarray | None = None, **fields) -> StampRequest:
    pixels = photo(512) if pixels is None else pixels
    values = {
        "image": encode(pixels, FORMATS.get(mime_type, "PNG")),
        "mime_type": mime_type,
        "watermark_id": new_watermark_id(),
        "assertion": GENERATION,
        "prompt": "a red circle",
    } | fields
    return StampRequest(**values)


@pytest.mark.parametrize("mime_type", list(FORMATS))
def test_a_generated_image_reads_back_trusted_with_everything(mime_type):
    stamped = stamp(request(mime_type))
    assert Image.open(io.BytesIO(stamped.data)).format == FORMATS[mime_type]
    result = verify(stamped.data)
    c2pa_result = result["c2pa"]
    assert c2pa_result["validation_state"] == "Trusted" and c2pa_result["verified"], c2pa_result
    assert c2pa_result["failures"] == []
    assert c2pa_result["actions"] == [
        {"action": "c2pa.created", "digitalSourceType": xmp.TRAINED_ALGORITHMIC_MEDIA}
    ]
    assert c2pa_result["assay"] == GENERATION  # no prompt: the policy did not opt in
    assert c2pa_result["watermark"]["algorithm"] == "ai.assay.ss-tile.2"
    assert c2pa_result["watermark"]["payload_id"] == stamped.watermark_id
    assert c2pa_result["soft_binding"]["alg"] == "ai.assay.ss-tile.2"
    assert c2pa_result["soft_binding"]["blocks"] == [{"scope": {}, "value": stamped.watermark_id}]
    assert "DEVELOPMENT" in c2pa_result["signer"]["common_name"]
    assert c2pa_result["manifest_label"] == stamped.record["c2pa"]["manifest_label"]
    assert result["xmp"]["digital_source_type"] == xmp.TRAINED_ALGORITHMIC_MEDIA
    assert result["xmp"]["creator_tool"].startswith("Assay")
    assert result["watermark"]["found"] and result["watermark"]["watermark_id"] == stamped.watermark_id
    assert result["watermark"]["algorithm"] == "ai.assay.ss-tile.2"
    assert result["trust_anchors"] == ["O=Assay development (not trusted),CN=Assay DEVELOPMENT Root CA"]

    record = stamped.record
    assert record["watermark"]["id"] == stamped.watermark_id and record["watermark"]["psnr_db"] >= 38
    assert record["xmp"] == {"digital_source_type": xmp.TRAINED_ALGORITHMIC_MEDIA}
    assert record["label_applied"] is False
    assert record["c2pa"]["alg"] == "es256" and record["c2pa"]["tsa"] is None
    assert "DEVELOPMENT" in record["c2pa"]["signer"]


def test_the_prompt_and_a_small_thumbnail_only_when_the_policy_asks():
    stamped = stamp(request(options={"include_prompt": True, "thumbnail": True}))
    assert verify(stamped.data)["c2pa"]["assay"]["prompt"] == "a red circle"
    with c2pa.Reader("image/png", io.BytesIO(stamped.data)) as reader:
        thumbnail = reader.get_active_manifest()["thumbnail"]
        out = io.BytesIO()
        reader.resource_to_stream(thumbnail["identifier"], out)
    assert thumbnail["format"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(out.getvalue())).size) <= 512

    with c2pa.Reader("image/png", io.BytesIO(stamp(request()).data)) as reader:
        assert "thumbnail" not in reader.get_active_manifest()


def test_the_visible_label_changes_the_corner_it_names():
    pixels = np.full((512, 512, 3), 235, np.uint8)
    stamped = stamp(request(pixels=pixels, options={"visible_label": True, "label_position": "top-left"}))
    assert stamped.record["label_applied"] is True
    out = decode(stamped.data).astype(np.int16)
    corner_change = np.abs(out[:40, :200] - 235).mean()
    opposite_change = np.abs(out[-40:, -200:] - 235).mean()
    assert corner_change > 20 > opposite_change


def test_a_small_image_is_signed_but_not_watermarked():
    stamped = stamp(request(pixels=np.full((100, 100, 3), 100, np.uint8)))
    assert stamped.watermark_id is None
    assert "below the minimum" in stamped.record["watermark"]["skipped"]
    result = verify(stamped.data)
    assert result["c2pa"]["validation_state"] == "Trusted" and result["c2pa"]["watermark"] is None
    assert result["watermark"]["found"] is False


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunks.append((kind, data[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(
        struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        for kind, payload in chunks
    )
    return b"\x89PNG\r\n\x1a\n" + body


def _map_png(data: bytes, kind: bytes, change) -> bytes:
    """`data` with the chunks of `kind` joined into one (image data spans several IDAT) and changed."""
    chunks = _png_chunks(data)
    joined = b"".join(payload for k, payload in chunks if k == kind)
    first = next(index for index, (k, _) in enumerate(chunks) if k == kind)
    kept = [(k, payload) for k, payload in chunks if k != kind]
    return _png([*kept[:first], (kind, change(joined)), *kept[first:]])


def _flip_pixel(payload: bytes) -> bytes:
    raw = bytearray(zlib.decompress(payload))
    row = 1 + 512 * 3  # each row of the 512 px RGB request: its filter byte, then the samples
    raw[256 * row + 1 + 3 * 256] ^= 0x01  # the red sample of the middle pixel
    return zlib.compress(bytes(raw))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda data: _map_png(data, b"IDAT", _flip_pixel), id="one pixel"),
        pytest.param(
            lambda data: _map_png(data, b"iTXt", lambda p: p.replace(b"Assay", b"Assaz")), id="metadata"
        ),
        pytest.param(
            lambda data: _map_png(data, b"IDAT", lambda p: zlib.compress(zlib.decompress(p), 1)),
            id="lossless re-encode",
        ),
    ],
)
def test_any_change_after_signing_makes_the_manifest_invalid(change):
    signed = stamp(request()).data
    assert verify(signed)["c2pa"]["validation_state"] == "Trusted"
    changed = change(signed)
    assert changed != signed
    result = verify(changed)["c2pa"]
    assert result["present"] and result["validation_state"] == "Invalid" and not result["verified"]
    assert any(failure["code"].startswith("assertion.") for failure in result["failures"]), result


def test_a_jpeg_byte_change_is_invalid_too():
    signed = stamp(request("image/jpeg")).data
    # A bit flipped inside the entropy-coded scan, after the manifest: at the first position from 100
    # bytes before the end where the image still decodes (the id, so the pixels, differ per stamp, and a
    # flip can break the Huffman stream: then there is no image to verify, only an error).
    for offset in range(100, 400):
        changed = bytearray(signed)
        changed[-offset] ^= 0x01
        try:
            Image.open(io.BytesIO(changed)).load()
        except OSError:
            continue
        break
    assert verify(bytes(changed))["c2pa"]["validation_state"] == "Invalid"


def _undecodable(data: bytes) -> bool:
    try:
        Image.open(io.BytesIO(data)).load()
    except OSError:
        return True
    return False


def _broken_scan(signed: bytes) -> bytes:
    """The first bit flip from 100 bytes before the end after which the image no longer decodes."""
    for offset in range(100, 2000):
        changed = bytearray(signed)
        changed[-offset] ^= 0x80
        if _undecodable(bytes(changed)):
            return bytes(changed)
    raise AssertionError("no flip broke the scan")


@pytest.mark.parametrize(
    ("mime_type", "damage"),
    [
        pytest.param("image/jpeg", _broken_scan, id="jpeg-broken-scan"),
        pytest.param("image/jpeg", lambda data: data[:-300], id="jpeg-cut-off"),
        pytest.param("image/png", lambda data: data[:-300], id="png-cut-off"),
    ],
)
def test_a_signed_file_too_damaged_to_decode_is_reported_invalid_not_refused(mime_type, damage):
    # Its header and manifest still read: the answer is the manifest's (the file changed after
    # signing), as another C2PA verifier's would be, and the mark is said to be unreadable.
    damaged = damage(stamp(request(mime_type)).data)
    assert _undecodable(damaged)
    result = verify(damaged)
    assert result["c2pa"]["present"] and result["c2pa"]["validation_state"] == "Invalid", result["c2pa"]
    assert not result["c2pa"]["verified"]
    assert result["watermark"]["found"] is False and result["watermark"]["tried"] == []
    assert "could not be decoded" in result["watermark"]["error"]


def test_a_file_that_is_not_an_image_is_still_refused():
    with pytest.raises(ProvenanceError, match="not a readable PNG, JPEG or WebP"):
        verify(b"GIF89a" + b"\0" * 64)


@pytest.mark.parametrize("pixels", [photo(512), flat_scene(*SCENES[2])], ids=["photo", "flat-256"])
def test_stripping_the_manifest_leaves_the_watermark(pixels):
    stamped = stamp(request(pixels=pixels))
    for stripped in (encode(decode(stamped.data)), encode(jpeg_q75(decode(stamped.data)))):
        result = verify(stripped)
        assert result["c2pa"]["present"] is False and result["xmp"] is None
        assert result["watermark"]["found"] and result["watermark"]["watermark_id"] == stamped.watermark_id


def test_an_unmarked_unsigned_image_has_nothing():
    result = verify(encode(photo(512)))
    assert result["c2pa"] == {
        "present": False,
        "validation_state": None,
        "verified": False,
        "own_signer": False,
    }
    assert result["watermark"] | {"tried": None} == {
        "found": False,
        "watermark_id": None,
        "algorithm": None,
        "confidence": 0.0,
        "tried": None,
    }
    tried = result["watermark"]["tried"]
    assert [(t["algorithm"], t["found"]) for t in tried] == [
        ("ai.assay.ss-tile.2", False),
        ("ai.assay.ss-tile.1", False),
        ("imwatermark.dwtDctSvd", False),
    ]


def _upstream_signed_jpeg() -> tuple[bytes, bytes]:
    """A JPEG signed by someone else (a second test CA), as gpt-image-1 output or a signed upload is."""
    chain = build_chain("Upstream Test")
    signer = FileSigner(chain.chain_pem, chain.key_pem)
    definition = {
        "claim_generator_info": [{"name": "Upstream generator"}],
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {
                    "actions": [
                        {"action": "c2pa.created", "digitalSourceType": xmp.TRAINED_ALGORITHMIC_MEDIA}
                    ]
                },
            }
        ],
    }
    data, _ = manifest.sign(
        definition, signer=signer, data=encode(photo(512), "JPEG", quality=90), mime_type="image/jpeg"
    )
    return data, chain.root_pem


def test_an_edit_keeps_the_input_and_its_upstream_manifest_as_ingredient():
    upstream, _upstream_root = _upstream_signed_jpeg()
    upstream_label = verify(upstream)["c2pa"]["manifest_label"]
    stamped = stamp(
        request(
            "image/png",
            pixels=photo(512)[::-1],
            kind="edited",
            input_image=upstream,
            input_mime_type="image/jpeg",
        )
    )
    result = verify(stamped.data)
    c2pa_result = result["c2pa"]
    assert c2pa_result["validation_state"] == "Trusted", c2pa_result
    assert c2pa_result["actions"] == [
        {"action": "c2pa.opened"},
        {"action": "c2pa.edited", "digitalSourceType": xmp.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA},
    ]
    [ingredient] = c2pa_result["ingredients"]
    assert ingredient["relationship"] == "parentOf" and ingredient["format"] == "image/jpeg"
    assert ingredient["manifest_label"] == upstream_label
    assert ingredient["signer"]["common_name"] == "Upstream Test Content Credentials Signer"
    assert result["xmp"]["digital_source_type"] == xmp.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA
    assert stamped.record["xmp"]["digital_source_type"] == xmp.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA


def test_an_edit_of_an_unsigned_upload_has_an_ingredient_without_manifest():
    stamped = stamp(request(kind="edited", input_image=encode(photo(512), "WEBP")))
    [ingredient] = verify(stamped.data)["c2pa"]["ingredients"]
    assert ingredient["format"] == "image/webp" and ingredient["manifest_label"] is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"mime_type": "image/gif"}, "cannot stamp 'image/gif'"),
        ({"kind": "edited"}, "needs the input image"),
        ({"watermark_id": "nothex"}, "12 hex characters"),
        ({"image": b"not an image"}, "not a readable PNG, JPEG or WebP"),
    ],
)
def test_bad_requests_raise_a_clear_provenance_error(fields, message):
    with pytest.raises(ProvenanceError, match=message):
        stamp(request(**fields))


def test_the_generator_is_read_from_the_package_metadata_once_per_process(monkeypatch):
    from provenance import services

    reads: list[str] = []
    real_version = services.version
    monkeypatch.setattr(services, "version", lambda name: reads.append(name) or real_version(name))
    services._generator_info.cache_clear()
    first, second = stamp(request(pixels=photo(256))), stamp(request(pixels=photo(256)))
    assert reads == ["assay"]
    claims = [verify(stamped.data)["c2pa"]["claim_generator"] for stamped in (first, second)]
    assert claims[0] == claims[1] == ["Assay"]


def test_an_image_handed_over_decoded_is_stamped_exactly_as_its_bytes_are(monkeypatch):
    """The generation worker hands over the pixels it encoded (PNG: lossless); stamping them gives the
    same pixels, watermark and record as decoding the file would, and decodes nothing."""
    from provenance import services

    pixels = photo(256)
    watermark_id = new_watermark_id()
    from_bytes = stamp(request(pixels=pixels, watermark_id=watermark_id))
    opened: list[bytes] = []
    real_open = services._open
    monkeypatch.setattr(services, "_open", lambda data, what: opened.append(data) or real_open(data, what))
    decoded = Image.fromarray(pixels)
    handed = stamp(request(pixels=pixels, watermark_id=watermark_id, decoded=decoded))
    assert opened == []
    assert np.array_equal(decode(handed.data), decode(from_bytes.data))
    assert np.array_equal(np.asarray(decoded), pixels)  # the caller's image is left as it was
    volatile = {"c2pa"}  # the manifest's label is unique per signature
    assert {k: v for k, v in handed.record.items() if k not in volatile} == {
        k: v for k, v in from_bytes.record.items() if k not in volatile
    }
    assert handed.record["c2pa"]["manifest_label"].startswith("urn:c2pa:")
    assert verify(handed.data)["c2pa"]["manifest_label"] == handed.record["c2pa"]["manifest_label"]


def test_a_file_signer_signs_many_images_with_one_c2pa_signer():
    chain = build_chain("Reused Signer")
    signer = FileSigner(chain.chain_pem, chain.key_pem)
    labels = set()
    for _ in range(3):
        data, label = manifest.sign(
            manifest.build_manifest(
                kind="created", title="x.png", generator={"name": "Assay"}, generation={}, watermark=None
            ),
            signer=signer,
            data=encode(photo(64)),
            mime_type="image/png",
        )
        labels.add(label)
        result = manifest.read(data, "image/png", trust_anchors_pem=chain.root_pem)
        assert result["validation_state"] == "Trusted" and result["manifest_label"] == label
    assert len(labels) == 3
