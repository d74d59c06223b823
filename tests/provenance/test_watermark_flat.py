"""The spread-spectrum mark on flat colour (issue 23): a fine, zero-mean grain that does not show as
blobs or shade the colour, and the decoder still reads marks made before the change (the full pattern
on flat colour)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from provenance import watermark_ss
from tests.provenance.conftest import SCENES, decode, encode, flat_scene, jpeg_q75

WATERMARK_ID = "5e1f00c0ffee"


def flat_change(original: np.ndarray, marked: np.ndarray) -> tuple[float, float, float]:
    """RMS, mottle (blurred by sigma 2 px) and mean of the change on the flat parts, in levels of the
    mean of R, G and B: bench/watermark_robustness.py's `flat_visibility`."""
    luma = cv2.cvtColor(original, cv2.COLOR_RGB2GRAY).astype(np.float64)
    mean = cv2.blur(luma, (9, 9))
    deviation = np.sqrt(np.maximum(cv2.blur(luma * luma, (9, 9)) - mean * mean, 0))
    flat = cv2.erode((deviation < 1.0).astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    change = (marked.astype(np.float64) - original).mean(axis=2)
    blurred = cv2.GaussianBlur(change, (0, 0), 2.0)
    mottle = float(np.sqrt(np.mean((blurred[flat] - blurred[flat].mean()) ** 2)))
    return float(np.sqrt(np.mean(change[flat] ** 2))), mottle, float(change[flat].mean())


@pytest.mark.parametrize("scene", SCENES, ids=[shape for _, _, shape in SCENES])
def test_flat_colour_gets_a_fine_zero_mean_grain_and_the_mark_still_reads(scene):
    pixels = flat_scene(*scene)
    marked = watermark_ss.embed(pixels, WATERMARK_ID)
    rms, mottle, mean = flat_change(pixels, marked)
    # Before issue 23 the shipped mark measured 1.55 / 0.99 / -0.02 on these scenes.
    assert rms <= 1.0 and mottle <= 0.5 and abs(mean) <= 0.3, (rms, mottle, mean)
    assert watermark_ss.decode(jpeg_q75(marked)).watermark_id == WATERMARK_ID


def test_a_saturated_background_is_left_alone_rather_than_shaded():
    """On pure white the grain could only subtract, which would shade it grey: it is clipped to each
    channel's headroom on both sides, so white stays white (the shape and its edges carry the mark)."""
    pixels = flat_scene((255, 255, 255), (40, 60, 170), "triangle")
    marked = watermark_ss.embed(pixels, WATERMARK_ID)
    white = np.all(pixels == 255, axis=2)
    white = cv2.erode(white.astype(np.uint8), np.ones((15, 15), np.uint8)).astype(bool)
    assert white.mean() > 0.3
    assert np.array_equal(marked[white], pixels[white])


def test_the_decoder_reads_the_full_pattern_that_flat_images_carried_before():
    """Images issued before issue 23 carry the full (not high-passed) tile on flat colour, raised to
    about 1.8 levels: the decoder's high-passed matched filter still reads them, as marked and after
    JPEG q75."""
    pixels = flat_scene(*SCENES[1])
    height, width = pixels.shape[:2]
    tile = watermark_ss._tile(WATERMARK_ID)
    pattern = np.tile(tile, (-(-height // watermark_ss.TILE), -(-width // watermark_ss.TILE)))[
        :height, :width
    ]
    legacy = np.clip(np.rint(pixels + 1.8 * pattern[:, :, None]), 0, 255).astype(np.uint8)
    assert watermark_ss.decode(legacy).watermark_id == WATERMARK_ID
    assert watermark_ss.decode(jpeg_q75(legacy)).watermark_id == WATERMARK_ID
    assert watermark_ss.read_back(legacy, WATERMARK_ID)


def test_a_flat_scene_reads_after_a_contrast_change_and_jpeg_q50():
    """Contrast x0.8 then JPEG q50 leaves this scene's pilot peak under the noise: the payload reads at
    one of the pilot's next peaks (`EXTRA_SHIFTS`), at the shift it was embedded at."""
    marked = watermark_ss.embed(flat_scene(*SCENES[2]), WATERMARK_ID)
    softer = np.clip(np.rint((marked.astype(np.float32) - 128) * 0.8 + 128), 0, 255).astype(np.uint8)
    decoded = watermark_ss.decode(decode(encode(softer, "JPEG", quality=50, subsampling="4:2:0")))
    assert decoded.watermark_id == WATERMARK_ID and decoded.shift == (0, 0), decoded
