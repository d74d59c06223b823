"""The image-classifier protocol, its findings, and the one way screening decodes an image."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from foundation.images import DEFAULT_MAX_PIXELS, ImageInputError, decode_image


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
    """An RGB image from PNG, JPEG or WebP bytes (EXIF orientation applied), or `UnreadableImage`."""
    try:
        image = decode_image(data, max_pixels=max_pixels)
    except ImageInputError as exc:
        raise UnreadableImage(str(exc)) from None
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent pixels are screened as if shown on white (how viewers usually show them).
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
