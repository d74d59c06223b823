"""provenance.resemblance: a genuine copy of an image (resized, cropped, recompressed, retoned, framed
by a screenshot) resembles its original; a different picture, or one carrying a copied mark, does not."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter
from skimage import data

from provenance.resemblance import resemblance


def shapes(background: tuple[int, int, int], colour: tuple[int, int, int], shape: str) -> Image.Image:
    image = Image.new("RGB", (256, 256), background)
    draw = ImageDraw.Draw(image)
    if shape == "ellipse":
        draw.ellipse((60, 50, 190, 180), fill=colour)
    else:
        draw.rectangle((90, 80, 220, 210), fill=colour)
    return image.filter(ImageFilter.GaussianBlur(2))


def photo(name: str) -> Image.Image:
    return Image.fromarray(getattr(data, name)()).convert("RGB").resize((512, 512))


def recompressed(image: Image.Image, fmt: str, quality: int) -> Image.Image:
    out = io.BytesIO()
    image.save(out, fmt, quality=quality)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def toned(image: Image.Image, gain: float, gamma: float) -> Image.Image:
    pixels = (np.asarray(image).astype(np.float32) / 255 * gain) ** gamma
    return Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8))


def screenshot(image: Image.Image) -> Image.Image:
    frame = Image.new("RGB", (image.width + 90, image.height + 70), (240, 240, 240))
    frame.paste(image.resize((image.width * 9 // 10, image.height * 9 // 10)), (50, 40))
    return frame


def shrunk_corner(image: Image.Image) -> Image.Image:
    """0.7x, then its bottom-left 72% x 72% (about half the area)."""
    small = image.resize((image.width * 7 // 10, image.height * 7 // 10))
    return small.crop((0, small.height * 28 // 100, small.width * 72 // 100, small.height))


GENUINE = {
    "half size, JPEG": lambda im: recompressed(im.resize((im.width // 2, im.height // 2)), "JPEG", 70),
    "1.5x, WebP": lambda im: recompressed(im.resize((im.width * 3 // 2, im.height * 3 // 2)), "WEBP", 75),
    "half the area, off-centre": lambda im: im.crop((im.width // 4, 0, im.width * 3 // 4 + 10, im.height)),
    "0.7x then corner crop": lambda im: shrunk_corner(im),
    "brighter, gamma": lambda im: toned(im, 1.15, 0.8),
    "darker, contrast": lambda im: toned(im, 0.8, 1.3),
    "screenshot": screenshot,
}
ORIGINALS = {
    "astronaut": lambda: photo("astronaut"),
    "coffee": lambda: photo("coffee"),
    "flat red circle": lambda: shapes((135, 180, 215), (220, 40, 40), "ellipse"),
}


@pytest.mark.parametrize("original", ORIGINALS)
@pytest.mark.parametrize("handling", GENUINE)
def test_a_genuine_copy_matches(original, handling):
    source = ORIGINALS[original]()
    result = resemblance(GENUINE[handling](source), source)
    assert result.matched is True, result


@pytest.mark.parametrize(
    ("submitted", "original"),
    [
        (lambda: photo("chelsea"), lambda: photo("astronaut")),
        (lambda: photo("rocket"), lambda: photo("coffee")),
        (
            lambda: shapes((135, 180, 215), (40, 60, 170), "ellipse"),
            lambda: shapes((135, 180, 215), (220, 40, 40), "ellipse"),
        ),
        (
            lambda: shapes((135, 180, 215), (220, 40, 40), "rectangle"),
            lambda: shapes((135, 180, 215), (220, 40, 40), "ellipse"),
        ),
        (lambda: shapes((135, 180, 215), (220, 40, 40), "ellipse"), lambda: photo("astronaut")),
    ],
    ids=[
        "another photo",
        "another photo 2",
        "same shape other colour",
        "same colour other shape",
        "flat vs photo",
    ],
)
def test_a_different_picture_does_not_match(submitted, original):
    result = resemblance(recompressed(submitted(), "JPEG", 85), original())
    assert result.matched is False, result


def test_an_unmarked_photo_with_a_copied_residual_does_not_match():
    """The attack: the victim's fine detail folded onto a 128 px tile and added to another photo."""
    victim = np.asarray(photo("astronaut")).astype(np.float32)
    residual = victim - np.asarray(photo("astronaut").filter(ImageFilter.GaussianBlur(2))).astype(np.float32)
    tile = residual.reshape(4, 128, 4, 128, 3).mean(axis=(0, 2))
    target = np.asarray(photo("chelsea")).astype(np.float32) + np.tile(tile, (4, 4, 1)) * 4
    forged = Image.fromarray(np.clip(target, 0, 255).astype(np.uint8))
    assert resemblance(forged, photo("astronaut")).matched is False
    assert resemblance(forged, photo("chelsea")).matched is True  # the picture itself is untouched


def test_a_solid_colour_matches_its_own_colour_and_not_another():
    """A solid picture (a provider's flat fill, a plain background) has no pattern to correlate: its
    colour decides, through a recompression and a slight noise such as a watermark's."""
    rng = np.random.default_rng(0)
    original = Image.new("RGB", (512, 512), (120, 40, 200))
    marked = np.clip(np.asarray(original, float) + rng.normal(0, 1.5, (512, 512, 3)), 0, 255)
    copy = recompressed(Image.fromarray(marked.astype(np.uint8)), "JPEG", 80)
    assert resemblance(copy, original).matched is True
    assert resemblance(Image.new("RGB", (512, 512), (40, 160, 90)), original).matched is False
