"""generation.images: upload decoding and validation, encoding, masks, outpaint canvases, paste-back."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from foundation.images import ImageInputError, decode_image
from generation.images import (
    EDIT,
    KEEP,
    dilate_mask,
    encode_image,
    expand_canvas,
    mask_from_alpha,
    pad_to_multiple,
    paste_back,
    to_rgb,
)


def noise(width: int = 32, height: int = 24, mode: str = "RGB", seed: int = 0) -> Image.Image:
    channels = len(mode)
    arr = np.random.default_rng(seed).integers(0, 256, (height, width, channels), dtype=np.uint8)
    return Image.fromarray(arr if channels > 1 else arr[..., 0], mode)


def saved(img: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


# --- decode_image ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_decodes_the_allowed_formats(fmt):
    img = decode_image(saved(noise(), fmt), max_pixels=10_000)
    assert img.size == (32, 24)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 definitely not an image", "not a PNG, JPEG or WebP"),
        (saved(noise(), "GIF"), "not a PNG, JPEG or WebP"),
        (saved(noise(), "BMP"), "not a PNG, JPEG or WebP"),
        (saved(noise(), "PNG")[:60], "truncated or corrupt"),
        (saved(noise(), "JPEG")[:200], "truncated or corrupt"),
    ],
)
def test_refuses_what_is_not_a_complete_allowed_image(data, message):
    with pytest.raises(ImageInputError, match=message):
        decode_image(data, max_pixels=10_000)


def test_image_input_error_is_a_value_error():
    assert issubclass(ImageInputError, ValueError)


def test_refuses_too_many_pixels_before_decoding_them(monkeypatch):
    data = saved(noise(100, 100), "PNG")

    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", no_decoding)
    with pytest.raises(ImageInputError, match="100x100"):
        decode_image(data, max_pixels=5_000)


@pytest.mark.parametrize("limit", [1_000, 3_000])  # Pillow raises over twice its limit and warns under it
def test_pillows_own_decompression_bomb_guard_becomes_an_input_error(monkeypatch, limit):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    with pytest.raises(ImageInputError, match="too many pixels"):
        decode_image(saved(noise(64, 64), "PNG"), max_pixels=10**9)


def test_applies_exif_orientation():
    img = noise(32, 24)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90 degrees clockwise
    decoded = decode_image(saved(img, "JPEG", exif=exif), max_pixels=10_000)
    assert decoded.size == (24, 32)


def test_an_mpo_decodes_as_its_first_picture_and_its_limit_is_that_pictures():
    """A camera's JPEG with more pictures after it (Pillow's MPO): the first is what viewers show."""
    first, after = Image.new("RGB", (32, 24), (220, 30, 30)), Image.new("RGB", (200, 200), (30, 30, 220))
    data = saved(first, "MPO", save_all=True, append_images=[after])

    decoded = decode_image(data, max_pixels=32 * 24)

    assert decoded.size == (32, 24) and decoded.format is None
    red, _, blue = np.asarray(decoded, dtype=int).mean(axis=(0, 1))
    assert red > 200 and blue < 50
    with pytest.raises(ImageInputError, match="send at most 767 pixels"):
        decode_image(data, max_pixels=32 * 24 - 1)


def test_keeps_alpha_for_masks():
    assert decode_image(saved(noise(mode="RGBA"), "PNG"), max_pixels=10_000).mode == "RGBA"


@pytest.mark.parametrize("mode", ["RGBA", "LA", "L", "P", "CMYK", "I;16", "I"])
def test_to_rgb_handles_common_modes(mode):
    img = noise(8, 8, "RGB").convert(mode) if mode not in ("I;16", "I") else Image.new(mode, (8, 8), 40000)
    out = to_rgb(img)
    assert out.mode == "RGB" and out.size == (8, 8)


# --- encode_image ----------------------------------------------------------------------------


def test_png_is_lossless():
    img = noise()
    data = encode_image(img, "png")
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), np.asarray(img))


@pytest.mark.parametrize(("fmt", "pil_format"), [("jpeg", "JPEG"), ("webp", "WEBP")])
def test_lossy_formats_take_compression_as_quality(fmt, pil_format):
    img = noise(64, 64)
    low, high = encode_image(img, fmt, 10), encode_image(img, fmt, 95)
    assert Image.open(io.BytesIO(low)).format == pil_format
    assert len(low) < len(high)
    assert encode_image(img, fmt) == encode_image(img, fmt, 90)


def test_jpeg_drops_alpha():
    data = encode_image(noise(mode="RGBA"), "jpeg", 80)
    assert Image.open(io.BytesIO(data)).mode == "RGB"


def test_encoding_writes_no_metadata():
    img = noise()
    img.info["comment"] = b"secret"
    reread = Image.open(io.BytesIO(encode_image(img, "png")))
    assert "comment" not in reread.info and "exif" not in reread.info


@pytest.mark.parametrize(("fmt", "compression"), [("gif", None), ("jpeg", 101), ("webp", -1)])
def test_encoding_refuses_unknown_formats_and_qualities(fmt, compression):
    with pytest.raises(ValueError):
        encode_image(noise(), fmt, compression)


# --- masks -----------------------------------------------------------------------------------


def test_mask_from_alpha_marks_fully_transparent_pixels_for_editing():
    rgba = Image.new("RGBA", (4, 1))
    for x, alpha in enumerate([0, 1, 128, 255]):
        rgba.putpixel((x, 0), (9, 9, 9, alpha))
    mask = mask_from_alpha(rgba, (4, 1))
    assert mask.mode == "L" and np.asarray(mask).tolist() == [[EDIT, KEEP, KEEP, KEEP]]


def test_mask_from_a_palette_png_with_transparency():
    img = Image.new("P", (4, 4), 1)
    img.putpixel((0, 0), 0)
    img.info["transparency"] = 0
    decoded = decode_image(saved(img, "PNG", transparency=0), max_pixels=100)
    mask = mask_from_alpha(decoded, (4, 4))
    assert mask.getpixel((0, 0)) == EDIT and mask.getpixel((1, 1)) == KEEP


@pytest.mark.parametrize(
    ("mask", "message"),
    [
        (Image.new("RGBA", (8, 8), (0, 0, 0, 0)), "same size"),
        (Image.new("RGB", (16, 16)), "no alpha channel"),
        (Image.new("RGBA", (16, 16), (0, 0, 0, 255)), "nothing to edit"),
    ],
)
def test_mask_errors_say_what_to_send(mask, message):
    with pytest.raises(ImageInputError, match=message):
        mask_from_alpha(mask, (16, 16))


def test_dilate_mask_grows_a_pixel_into_a_square():
    mask = Image.new("L", (20, 16), KEEP)
    mask.putpixel((10, 8), EDIT)
    grown = np.asarray(dilate_mask(mask, 3))
    ys, xs = np.nonzero(grown)
    assert (xs.min(), xs.max(), ys.min(), ys.max()) == (7, 13, 5, 11)
    assert grown.shape == (16, 20) and set(np.unique(grown)) == {KEEP, EDIT}


# --- canvases and paste-back -----------------------------------------------------------------


def test_expand_canvas_places_the_original_and_masks_the_border():
    img = noise(10, 6)
    canvas, mask = expand_canvas(img, (2, 3, 4, 1))
    assert canvas.size == (16, 10) and mask.size == (16, 10)
    arr, m = np.asarray(canvas), np.asarray(mask)
    assert np.array_equal(arr[3:9, 2:12], np.asarray(img))
    assert (m[3:9, 2:12] == KEEP).all() and m.sum() == EDIT * (16 * 10 - 10 * 6)
    assert np.array_equal(arr[0, 2:12], np.asarray(img)[0])  # top border repeats the first row
    assert np.array_equal(arr[3:9, 0], np.asarray(img)[:, 0])  # left border repeats the first column


@pytest.mark.parametrize("expand", [(0, 0, 0, 0), (-1, 0, 2, 0), (1, 2, 3)])
def test_expand_canvas_refuses_bad_expand(expand):
    with pytest.raises(ImageInputError):
        expand_canvas(noise(), expand)


def test_pad_to_multiple_replicates_the_right_and_bottom_edges():
    img = noise(10, 6)
    padded = pad_to_multiple(img, 8)
    arr = np.asarray(padded)
    assert padded.size == (16, 8)
    assert np.array_equal(arr[:6, :10], np.asarray(img))
    assert np.array_equal(arr[:6, 15], np.asarray(img)[:, 9])
    assert pad_to_multiple(noise(16, 8), 8).size == (16, 8)


def test_paste_back_changes_nothing_outside_the_mask_and_feathers_only_inside():
    original, generated = noise(32, 32, seed=1), noise(32, 32, seed=2)
    mask = Image.new("L", (32, 32), KEEP)
    mask.paste(EDIT, (8, 8, 24, 24))
    out = np.asarray(paste_back(original, generated, mask, feather_px=3))
    inside = np.zeros((32, 32), dtype=bool)
    inside[8:24, 8:24] = True
    assert np.array_equal(out[~inside], np.asarray(original)[~inside])
    # From feather_px inside the edge on, the pixels are the generated ones exactly...
    assert np.array_equal(out[11:21, 11:21], np.asarray(generated)[11:21, 11:21])
    # ...and the band between blends the two.
    band = out[8:11, 12].astype(int)
    assert not np.array_equal(band, np.asarray(generated)[8:11, 12])
    assert not np.array_equal(band, np.asarray(original)[8:11, 12])


def test_paste_back_without_feather_is_a_hard_composite():
    original, generated = noise(8, 8, seed=1), noise(8, 8, seed=2)
    mask = Image.new("L", (8, 8), KEEP)
    mask.paste(EDIT, (0, 0, 4, 8))
    out = np.asarray(paste_back(original, generated, mask, feather_px=0))
    assert np.array_equal(out[:, :4], np.asarray(generated)[:, :4])
    assert np.array_equal(out[:, 4:], np.asarray(original)[:, 4:])


def test_paste_back_refuses_mismatched_sizes():
    with pytest.raises(ValueError, match="sizes differ"):
        paste_back(noise(8, 8), noise(8, 9), Image.new("L", (8, 8)), feather_px=1)
