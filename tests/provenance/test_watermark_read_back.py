"""The read-back right after embedding (`read_back`): the mark at the geometry `embed` used, no resync
search. It must say what the full decoder would say on a freshly marked image, and cost one read."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from provenance import watermark_ss, watermarks
from tests.provenance.conftest import SCENES, flat_scene, photo

WATERMARK_ID = "7ead0bac0123"
OTHER_ID = "7ead0bac0124"


def sized(pixels: np.ndarray, width: int, height: int) -> np.ndarray:
    return np.asarray(Image.fromarray(pixels).resize((width, height), Image.Resampling.LANCZOS))


# Sizes whose centre window does not start on a tile boundary (1000x900, 1300x900) as well as ones
# that do, and a 128 px photo, which the full decoder cannot read either.
CASES = {
    "photo 1024": lambda: photo(1024),
    "photo 1000x900": lambda: sized(photo(512), 1000, 900),
    "photo 1300x900": lambda: sized(photo(512), 1300, 900),
    "photo 333x200": lambda: sized(photo(512), 333, 200),
    "photo 128": lambda: photo(128),
    "flat scene 256": lambda: flat_scene(*SCENES[2]),
    "flat scene 128": lambda: sized(flat_scene(*SCENES[0]), 128, 128),
}


@pytest.mark.parametrize("case", list(CASES))
def test_read_back_says_what_the_full_decoder_says_on_a_fresh_mark(case):
    marked = watermark_ss.embed(CASES[case](), WATERMARK_ID)
    decoded = watermark_ss.decode(marked)
    assert watermark_ss.read_back(marked, WATERMARK_ID) == (decoded.watermark_id == WATERMARK_ID)


def test_read_back_finds_the_mark_where_the_decoder_does():
    for pixels in (sized(photo(512), 1000, 900), flat_scene(*SCENES[1])):
        marked = watermark_ss.embed(pixels, WATERMARK_ID)
        assert watermark_ss.read_back(marked, WATERMARK_ID)


def test_read_back_rejects_another_id_and_an_unmarked_image():
    pixels = sized(photo(512), 1000, 900)
    marked = watermark_ss.embed(pixels, WATERMARK_ID)
    assert not watermark_ss.read_back(marked, OTHER_ID)
    assert not watermark_ss.read_back(pixels, WATERMARK_ID)


def test_read_back_does_not_accept_a_mark_moved_off_the_embedding_grid():
    """It checks the geometry embed used: a copy cropped by a few pixels is the full decoder's job."""
    marked = watermark_ss.embed(photo(512), WATERMARK_ID)
    shifted = np.ascontiguousarray(marked[7:, 5:])
    assert watermark_ss.decode(shifted).watermark_id == WATERMARK_ID
    assert not watermark_ss.read_back(shifted, WATERMARK_ID)


def test_read_back_runs_one_viterbi_where_the_decoder_runs_every_attempt(monkeypatch):
    """The cost where no mark reads back (the case the pipeline pays for): count the Viterbi
    decodes, each one a read of the folded tile, instead of timing on a shared machine."""
    calls = []
    real = watermark_ss.viterbi

    def counting(soft: np.ndarray) -> np.ndarray:
        calls.append(1)
        return real(soft)

    monkeypatch.setattr(watermark_ss, "viterbi", counting)
    # No mark to find (as where the embedded one is hidden): the decoder goes through every attempt.
    unreadable = photo(1024)
    decoded = watermark_ss.decode(unreadable)
    decode_calls = len(calls)
    calls.clear()
    assert not watermark_ss.read_back(unreadable, WATERMARK_ID)
    assert decoded.watermark_id is None
    assert decode_calls == decoded.attempts > 1
    assert len(calls) <= 1


def test_every_registered_method_reads_its_own_fresh_mark_back():
    pixels = flat_scene(*SCENES[1])
    for method in watermarks.METHODS.values():
        marked = method.embed(pixels, WATERMARK_ID)
        assert method.read_back(marked, WATERMARK_ID), method.name
        assert not method.read_back(marked, OTHER_ID), method.name
        assert not method.read_back(pixels, WATERMARK_ID), method.name
        again, reads = method.embed_read_back(pixels, WATERMARK_ID)
        assert reads and np.array_equal(again, marked), method.name


def test_embedding_with_its_read_back_reads_no_mark_a_third_time(monkeypatch):
    """The stamp asks for the mark and its read-back together: on a small image, embedding has read
    it (plain, then after JPEG) and that answer is reused, not read a third time; a large image, which
    embedding does not read, is read once."""
    calls = []
    real = watermark_ss.read_back

    def counted(rgb, watermark_id, version=watermark_ss.LATEST):
        calls.append(rgb.shape[:2])
        return real(rgb, watermark_id, version)

    monkeypatch.setattr(watermark_ss, "read_back", counted)
    method = watermarks.method(watermarks.DEFAULT_METHOD)
    small = flat_scene(*SCENES[1])
    assert small.shape[0] * small.shape[1] <= watermark_ss.INFORMED_MAX_AREA
    marked, reads = method.embed_read_back(small, WATERMARK_ID)
    assert reads and len(calls) == 2  # as marked and after JPEG q75, inside embed
    assert real(marked, WATERMARK_ID)

    calls.clear()
    large = sized(small, 640, 640)
    marked, reads = method.embed_read_back(large, WATERMARK_ID)
    assert reads and len(calls) == 1
    assert real(marked, WATERMARK_ID)


def test_the_first_method_cannot_read_back_below_its_minimum():
    first = watermarks.method("imwatermark.dwtDctSvd")
    small = sized(flat_scene(*SCENES[1]), 128, 128)
    assert first.unreadable(128, 128) is not None
    assert not first.read_back(small, WATERMARK_ID)
