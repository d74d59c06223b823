"""The spread-spectrum watermark (ai.assay.ss-tile.2; .1 where they differ): payload and code, survival
of a small sample of the bench's attacks (bench/watermark_robustness.py has the whole suite), "no
watermark" on unmarked images, the smallest image, and the method registry the policy chooses from."""

from __future__ import annotations

import subprocess
import sys
import typing

import numpy as np
import pytest
from PIL import Image

from policy.schema import Provenance
from provenance import watermark_ss, watermarks
from tests.provenance.conftest import SCENES, flat_scene, jpeg_q75, photo

WATERMARK_ID = "5e1f00c0ffee"


def resize(pixels: np.ndarray, factor: float, *, back: bool = False) -> np.ndarray:
    height, width = pixels.shape[:2]
    image = Image.fromarray(pixels).resize(
        (round(width * factor), round(height * factor)), Image.Resampling.BICUBIC
    )
    if back:
        image = image.resize((width, height), Image.Resampling.BICUBIC)
    return np.asarray(image)


def crop_sides(pixels: np.ndarray, share: float = 0.1) -> np.ndarray:
    height, width = pixels.shape[:2]
    dy, dx = round(height * share), round(width * share)
    return pixels[dy : height - dy, dx : width - dx]


ATTACKS = {
    "resize 0.5x": lambda p: resize(p, 0.5),
    "resize 0.5x and back": lambda p: resize(p, 0.5, back=True),
    "crop 10% each side": crop_sides,
    "jpeg q75": jpeg_q75,
}
IMAGES = {"photo": lambda: photo(512), "flat scene": lambda: flat_scene(*SCENES[1])}


@pytest.mark.parametrize(
    ("version", "crc", "coded_bits"),
    [(watermark_ss.V2, "c80f1d8a", 258), (watermark_ss.V1, "3bec1d", 234)],
    ids=["v2-crc32", "v1-crc24"],
)
def test_payload_is_48_bit_id_plus_its_crc_and_the_code_corrects_errors(version, crc, coded_bits):
    bits = watermark_ss.payload_bits("00112233aabb", version)
    assert bits.shape == (48 + version.crc_bits,)
    assert np.packbits(bits).tobytes().hex() == "00112233aabb" + crc
    coded = watermark_ss.conv_encode(bits)
    assert coded.shape == (version.coded_bits,) == (coded_bits,)
    soft = (2.0 * coded - 1) * np.where(np.arange(coded.size) % 9 == 0, -1.0, 1.0)  # every 9th bit wrong
    assert np.array_equal(watermark_ss.viterbi(soft), bits)
    with pytest.raises(watermark_ss.WatermarkError, match="12 hex characters"):
        watermark_ss.payload_bits("xyz", version)


@pytest.mark.parametrize("kind", list(IMAGES))
def test_round_trip(kind):
    pixels = IMAGES[kind]()
    marked = watermark_ss.embed(pixels, WATERMARK_ID)
    decoded = watermark_ss.decode(marked)
    assert decoded.found and decoded.watermark_id == WATERMARK_ID
    assert decoded.scale == 1.0 and decoded.shift == (0, 0)
    assert decoded.confidence > 0.999
    assert watermark_ss.ALGORITHM == "ai.assay.ss-tile.2"


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("kind", list(IMAGES))
def test_survives_a_sample_of_single_attacks(kind, attack):
    marked = watermark_ss.embed(IMAGES[kind](), WATERMARK_ID)
    decoded = watermark_ss.decode(ATTACKS[attack](marked))
    assert decoded.found, decoded
    assert decoded.watermark_id == WATERMARK_ID


def test_a_crop_is_found_at_its_shift_and_a_resize_at_its_scale():
    marked = watermark_ss.embed(photo(512), WATERMARK_ID)
    cropped = watermark_ss.decode(marked[37:, 90:])
    # The shift is where a tile starts in the copy: the crop's offset, counted back from a tile.
    assert cropped.watermark_id == WATERMARK_ID and cropped.shift == (128 - 37, 128 - 90)
    shrunk = watermark_ss.decode(resize(marked, 0.75))
    assert shrunk.watermark_id == WATERMARK_ID and abs(shrunk.scale - 0.75) < 0.01


def test_quality_on_a_photo():
    pixels = photo(512)
    marked = watermark_ss.embed(pixels, WATERMARK_ID)
    mse = np.mean((marked.astype(np.float64) - pixels) ** 2)
    assert 10 * np.log10(255**2 / mse) >= 40


@pytest.mark.parametrize(
    "pixels",
    [
        photo(512),
        flat_scene(*SCENES[0]),
        np.full((300, 300, 3), 90, np.uint8),
        resize(photo(1024)[100:700, 200:900], 0.8),
    ],
    ids=["photo", "flat-scene", "grey", "photo-crop-resized"],
)
def test_an_unmarked_image_has_no_watermark(pixels):
    decoded = watermark_ss.decode(pixels)
    assert not decoded.found
    assert decoded.watermark_id is None and decoded.confidence == 0.0
    assert decoded.attempts <= watermark_ss.MAX_ATTEMPTS


def test_a_decoy_pilot_at_another_shift_does_not_hide_the_mark():
    """The pilot alone, added again at another shift, outvotes the mark's own pilot peak: the decoder
    reads the pilot's next peaks too (`EXTRA_SHIFTS`), and the payload at the true shift still reads
    (as a weak, WebP'd flat picture's does when noise outvotes its pilot)."""
    layout = watermark_ss._layout(watermark_ss.LATEST.coded_bits)
    pilot = np.fft.ifft2(np.conj(layout.pilot_fft_conj)).real
    pilot = np.roll(pilot / np.sqrt(np.mean(pilot**2)), (40, 70), axis=(0, 1))
    for pixels in (photo(512), flat_scene(*SCENES[0])):
        marked = watermark_ss.embed(pixels, WATERMARK_ID)
        height, width = marked.shape[:2]
        decoy = np.tile(pilot, (-(-height // 128), -(-width // 128)))[:height, :width]
        copy = np.clip(np.rint(marked + 2.0 * decoy[:, :, None]), 0, 255).astype(np.uint8)
        decoded = watermark_ss.decode(copy)
        assert decoded.watermark_id == WATERMARK_ID and decoded.shift == (0, 0), decoded
        assert decoded.attempts <= watermark_ss.MAX_ATTEMPTS


def test_another_ids_mark_is_not_read_as_this_one():
    marked = watermark_ss.embed(photo(512), "000000000001")
    assert watermark_ss.decode(marked).watermark_id == "000000000001"


def test_a_128px_image_is_marked_and_a_smaller_one_is_refused():
    pixels = flat_scene(*SCENES[2])[64:192, 64:192]
    marked = watermark_ss.embed(pixels, WATERMARK_ID)
    assert watermark_ss.decode(marked).watermark_id == WATERMARK_ID
    with pytest.raises(watermark_ss.WatermarkError, match="below the watermark's minimum of 128x128"):
        watermark_ss.embed(pixels[:127], WATERMARK_ID)
    with pytest.raises(watermark_ss.WatermarkError, match="8-bit"):
        watermark_ss.embed(pixels.astype(np.float32), WATERMARK_ID)


def test_the_policy_offers_only_registered_methods_and_the_registry_defaults_to_the_newest():
    # policy/schema.py offers ai.assay.ss-tile.2 (and defaults to it) once the lead applies
    # the schema patch of issue 23; until then the policy keeps ai.assay.ss-tile.1.
    choices = typing.get_args(Provenance.model_fields["watermark"].annotation)
    assert set(choices) <= set(watermarks.METHODS)
    assert Provenance().watermark in watermarks.METHODS
    assert watermarks.DEFAULT_METHOD == watermark_ss.ALGORITHM == watermark_ss.LATEST.algorithm
    with pytest.raises(watermarks.UnknownMethod, match="use one of"):
        watermarks.method("lsb")


def test_read_tries_every_method_and_names_the_one_that_matched():
    pixels = photo(512)
    old = watermarks.method("imwatermark.dwtDctSvd").embed(pixels, WATERMARK_ID)
    reading, tried = watermarks.read(old)
    assert reading is not None and reading.algorithm == "imwatermark.dwtDctSvd"
    assert reading.watermark_id == WATERMARK_ID
    assert [(t["algorithm"], t["found"]) for t in tried] == [
        ("ai.assay.ss-tile.2", False),
        ("ai.assay.ss-tile.1", False),
        ("imwatermark.dwtDctSvd", True),
    ]
    new = watermarks.method("ai.assay.ss-tile.2").embed(pixels, WATERMARK_ID)
    reading, tried = watermarks.read(resize(new, 0.6))
    assert reading is not None and reading.algorithm == "ai.assay.ss-tile.2" and len(tried) == 1


def test_the_module_does_not_import_torch():
    """The web process verifies uploads with it."""
    code = "import sys, provenance.watermark_ss, provenance.watermarks; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
