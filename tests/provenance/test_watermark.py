"""The dwtDctSvd watermark: payload with CRC, robustness, PSNR, and agreement with imwatermark."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from provenance import watermark
from tests.provenance.conftest import SCENES, brighter, flat_scene, jpeg_q75, photo


def bit_accuracy(decoded: watermark.Decoded, watermark_id: str) -> float:
    return float(np.mean(np.array(decoded.bits) == watermark.payload_bits(watermark_id)))


@pytest.mark.parametrize("scene", SCENES, ids=[f"{shape}-on-{bg}" for bg, _, shape in SCENES])
def test_survives_jpeg_and_brightness_on_flat_256px_scenes(scene):
    pixels = flat_scene(*scene)
    watermark_id = watermark.new_watermark_id()
    marked = watermark.embed(pixels, watermark_id)
    assert watermark.psnr(pixels, marked) >= 38
    for changed in (
        jpeg_q75(marked),
        brighter(marked, 20),
        brighter(marked, -20),
        jpeg_q75(brighter(marked, 15)),
    ):
        decoded = watermark.decode(changed)
        assert bit_accuracy(decoded, watermark_id) >= 0.97
        assert decoded.crc_ok and decoded.watermark_id == watermark_id


def test_survives_jpeg_and_brightness_on_a_1024px_photo():
    pixels = photo(1024)
    watermark_id = watermark.new_watermark_id()
    marked = watermark.embed(pixels, watermark_id)
    assert watermark.psnr(pixels, marked) >= 38
    for changed in (jpeg_q75(marked), brighter(marked, 20), brighter(marked, -20)):
        decoded = watermark.decode(changed)
        assert bit_accuracy(decoded, watermark_id) >= 0.97
        assert decoded.watermark_id == watermark_id


@pytest.mark.parametrize("pixels", [photo(512), flat_scene(*SCENES[0]), np.full((300, 300, 3), 90, np.uint8)])
def test_an_unmarked_image_has_no_watermark(pixels):
    decoded = watermark.decode(pixels)
    assert not decoded.crc_ok
    assert decoded.watermark_id is None


def test_payload_is_48_bit_id_plus_crc():
    bits = watermark.payload_bits("00112233aabb")
    assert bits.shape == (64,)
    assert np.packbits(bits[:48]).tobytes().hex() == "00112233aabb"
    assert len(watermark.new_watermark_id()) == 12
    with pytest.raises(watermark.WatermarkError, match="12 hex characters"):
        watermark.payload_bits("xyz")


def test_images_below_the_minimum_are_refused():
    with pytest.raises(watermark.WatermarkError, match="below the watermark's minimum"):
        watermark.embed(np.zeros((200, 300, 3), np.uint8), watermark.new_watermark_id())


def _reference():
    """imwatermark's own dwtDctSvd module, loaded by path: its package imports torch, this file does not."""
    spec = importlib.util.find_spec("imwatermark")
    if spec is None or spec.origin is None:
        pytest.skip("invisible-watermark (a dev dependency) is not installed")
    path = Path(spec.origin).parent / "dwtDctSvd.py"
    module_spec = importlib.util.spec_from_file_location("_imwatermark_dwtdctsvd", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.EmbedDwtDctSvd


@pytest.mark.parametrize("scene", SCENES, ids=[f"{shape}-on-{bg}" for bg, _, shape in SCENES])
def test_better_quality_than_imwatermark_at_the_same_scale_and_at_least_its_robustness(scene):
    pixels = flat_scene(*scene)
    reference = _reference()
    scales = [0, int(watermark.SCALE), 0]
    # A fixed id: the PSNR gap depends on the payload's bits (on the ellipse scene it ranged 0.4-2.8 dB
    # over 600 random ids, so a random id failed the 0.5 dB margin about once in 600 runs).
    watermark_id = "a1b2c3d4e5f6"
    bits = watermark.payload_bits(watermark_id)
    ours = watermark.embed(pixels, watermark_id)
    # imwatermark works on BGR arrays.
    theirs = reference(watermarks=list(bits), wmLen=64, scales=scales).encode(
        np.ascontiguousarray(pixels[:, :, ::-1])
    )[:, :, ::-1]
    theirs_after_jpeg = reference(wmLen=64, scales=scales).decode(
        np.ascontiguousarray(jpeg_q75(theirs)[:, :, ::-1])
    )
    ours_after_jpeg = watermark.decode(jpeg_q75(ours))
    assert bit_accuracy(ours_after_jpeg, watermark_id) >= float(np.mean(theirs_after_jpeg == bits))
    assert watermark.psnr(pixels, ours) >= watermark.psnr(pixels, theirs) + 0.5  # measured: +1 to +4.5 dB


def test_the_module_does_not_import_torch():
    """The web process verifies uploads with this module; imwatermark would drag in torch (~750 MB)."""
    code = "import sys, provenance.watermark; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
