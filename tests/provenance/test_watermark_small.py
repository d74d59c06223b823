"""Small photos (128-255 px) under ai.assay.ss-tile.2: with one or two tile copies to fold, a photo's
texture outweighs the plain mark; `embed` then marks it again with informed embedding (more strength on
the chips the host works against), so that the unchanged decoder reads it, also after JPEG q75.

The photos here are scikit-image pictures the margins were not tuned on (tuned on astronaut, coffee
and chelsea)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from skimage import data
from skimage.metrics import structural_similarity

from provenance import watermark_ss
from tests.provenance.conftest import jpeg_q75, photo

WATERMARK_ID = "5a11c0ffee42"
HELD_OUT = ["hubble_deep_field", "immunohistochemistry", "retina", "cat", "grass", "gravel"]


def square(name: str, side: int) -> np.ndarray:
    pixels = getattr(data, name)()
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=2)
    height, width = pixels.shape[:2]
    edge = min(height, width)
    top, left = (height - edge) // 2, (width - edge) // 2
    crop = Image.fromarray(np.ascontiguousarray(pixels[top : top + edge, left : left + edge, :3]))
    return np.asarray(crop.resize((side, side), Image.Resampling.LANCZOS))


@pytest.mark.parametrize("side", [128, 160])
def test_small_photos_read_back_plain_and_after_jpeg(side):
    """Whether a hard texture reads at 128 px depends on the id: over 10 ids and the bench's 12 held-out
    photos, version 2 read 107 of 120 at 128 px (version 1: 105), gravel missing 2 of the 10. So one
    miss among these six is allowed (with this id: gravel at 128 px)."""
    plain_reads = 0
    misses = []
    for name in HELD_OUT:
        pixels = square(name, side)
        marked = watermark_ss.embed(pixels, WATERMARK_ID)
        if watermark_ss.decode(marked).watermark_id != WATERMARK_ID:
            misses.append(name)
        elif watermark_ss.decode(jpeg_q75(marked)).watermark_id != WATERMARK_ID:
            misses.append(f"{name} after JPEG q75")
        plain, _ = watermark_ss._embed_plain(pixels, WATERMARK_ID)
        plain_reads += watermark_ss.decode(plain).watermark_id == WATERMARK_ID
        similarity = structural_similarity(pixels, marked, channel_axis=2, data_range=255)
        # Version 2's CRC-32 adds 24 coded bits on the same chips: the hardest (cat at 128 px) needs a
        # larger margin than under version 1, which kept it above 0.93 (0.928 here).
        assert similarity >= 0.92, (name, similarity)
    assert len(misses) <= 1, misses
    # Without the informed pass most of them would be issued with a mark nobody reads.
    assert plain_reads <= len(HELD_OUT) // 2


def test_a_small_image_whose_plain_mark_survives_keeps_it():
    pixels = square("rocket", 128)
    plain, _ = watermark_ss._embed_plain(pixels, WATERMARK_ID)
    assert watermark_ss._survives(plain, WATERMARK_ID)
    assert np.array_equal(watermark_ss.embed(pixels, WATERMARK_ID), plain)


def test_large_images_get_the_plain_mark():
    pixels = photo(512)
    assert pixels.shape[0] * pixels.shape[1] > watermark_ss.INFORMED_MAX_AREA
    plain, _ = watermark_ss._embed_plain(pixels, WATERMARK_ID)
    assert np.array_equal(watermark_ss.embed(pixels, WATERMARK_ID), plain)


def test_informed_embedding_strengthens_the_chips_the_host_works_against():
    pixels = square("cat", 128)
    plain, amplitude = watermark_ss._embed_plain(pixels, WATERMARK_ID)
    signs = watermark_ss._chip_signs(WATERMARK_ID)
    before = watermark_ss._chip_responses(plain) * signs
    informed = watermark_ss._informed(pixels, plain, amplitude, WATERMARK_ID, margin=1.0)
    after = watermark_ss._chip_responses(informed) * signs
    weakest = np.argsort(before)[:100]
    assert np.mean(after[weakest]) > np.mean(before[weakest])
    assert np.mean(after < 0) < np.mean(before < 0)


def test_a_brick_wall_reads_back_once_its_regular_lines_are_clipped():
    """brick's mortar lines repeat every ~10 px, in the mark's band, and outvoted the mark from 128 to
    192 px: no margin of informed embedding read back, for any of 10 ids. The decoder clips the fold's
    spectral peaks (`_folded_fft`); then 4, 4 and 9 of the 10 ids read at 128, 160 and 192 px
    (bench/watermark_robustness.py's squaring). Here: 192 px, five ids, read after JPEG q75. (Without
    the clipping none read with the decoder of then; its matched filter is high-passed since issue 23's
    flat-colour change, which takes out the host's low frequencies too: without the clipping all
    five read as marked now.)"""
    pixels = square("brick", 192)
    rng = np.random.default_rng(192)
    reads = 0
    for watermark_id in [rng.bytes(6).hex() for _ in range(5)]:
        marked = watermark_ss.embed(pixels, watermark_id)
        reads += watermark_ss.decode(jpeg_q75(marked)).watermark_id == watermark_id
    assert reads >= 3


def test_peak_clipping_removes_a_regular_pattern_and_keeps_a_random_one():
    rng = np.random.default_rng(5)
    noise = rng.standard_normal((128, 128)).astype(np.float32)
    columns = np.arange(128, dtype=np.float32)
    lines = 8 * np.cos(2 * np.pi * columns / 10.0)[None, :].repeat(128, axis=0)
    clipped = np.fft.ifft2(watermark_ss._folded_fft(noise + lines)).real
    kept = np.fft.ifft2(watermark_ss._folded_fft(noise)).real
    # The lines (RMS 5.7) are gone, and what is left of the noise still matches it closely.
    assert np.std(clipped - noise) < 0.6
    assert np.corrcoef(kept.ravel(), noise.ravel())[0, 1] > 0.95
