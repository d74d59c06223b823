"""The image-classifier protocol, its findings, and the one way screening decodes an image."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from foundation.images import (
    DEFAULT_MAX_PIXELS,
    WIDE_GREY_MODES,
    ImageInputError,
    decode_image,
    wide_grey_to_rgb,
)


class ClassifierError(Exception):
    """A classifier could not score the image (model missing, runtime failure): screening fails closed."""


class UnreadableImage(ClassifierError):
    """The bytes are not an image screening can read: never released, as if a classifier had failed."""


@dataclass(frozen=True)
class Finding:
    """One thing a classifier saw. A list rather than a {category: score} map, because one image can
    hold several faces, each matching a different gallery person."""

    category: str  # "sexual", "face", "likeness"
    score: float  # a probability; for "likeness" the face-embedding distance (lower is closer)
    evidence: str = ""
    person: str | None = None  # the matched gallery person's public id ("likeness" only)
    consenting: bool = False  # the matched person has consented, and the consent has not expired


class ImageClassifier(Protocol):
    name: str

    def classify(self, image: Image.Image) -> list[Finding]: ...


def decode(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """An RGB image from PNG, JPEG or WebP bytes (EXIF orientation applied), or `UnreadableImage`: as a
    viewer shows it (`views`' first)."""
    return views(data, max_pixels=max_pixels)[0]


def views(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> list[Image.Image]:
    """The RGB pictures an image's bytes stand for (EXIF orientation applied), or `UnreadableImage`: as a
    viewer shows it, transparent pixels on white; and, where it has an alpha channel, as a model reads it,
    the colour under the alpha with the alpha dropped (what the local pipeline and a provider may read).
    Screened as one, a photo under a nearly transparent layer passed as a white page and was edited as the
    photo. A 16-bit image is scaled to 8 bits (Pillow's own conversion clipped it to white)."""
    try:
        image = decode_image(data, max_pixels=max_pixels)
    except ImageInputError as exc:
        raise UnreadableImage(str(exc)) from None
    if image.mode == "RGB":
        return [image]
    if image.mode in WIDE_GREY_MODES:
        return [wide_grey_to_rgb(image)]
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        shown = Image.new("RGB", rgba.size, (255, 255, 255))
        shown.paste(rgba, mask=rgba.getchannel("A"))
        if rgba.getchannel("A").getextrema()[0] == 255:  # opaque: both are the same picture
            return [shown]
        return [shown, rgba.convert("RGB")]
    return [image.convert("RGB")]
