"""The one safe way to decode an image from bytes someone else chose: PNG, JPEG or WebP only, with one
pixel limit checked from the header before any pixel is decoded (a decompression bomb costs nothing)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageOps, UnidentifiedImageError

from foundation.errors import ServiceError
from foundation.media import PILLOW_FORMATS

DEFAULT_MAX_PIXELS = 4096 * 4096


class ImageInputError(ServiceError, ValueError):
    """An image cannot be used; the message says what to send instead."""

    code = "invalid_image"


def open_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Identify PNG, JPEG or WebP bytes and check `max_pixels` from the header; no pixel is decoded yet.

    For a caller that decodes the bytes itself later (verification reads them once, not twice).
    """
    with _image_errors(max_pixels):
        return _open_checked(data, max_pixels)


def decode_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Decode PNG, JPEG or WebP bytes, refusing anything else and anything over `max_pixels`.

    EXIF orientation is applied (a mask is drawn on the image as the user sees it). Animated images give
    their first frame. The mode is kept (a mask needs its alpha).
    """
    with _image_errors(max_pixels):
        img = _open_checked(data, max_pixels)
        img.load()
    return ImageOps.exif_transpose(img)


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    if not data:
        raise ImageInputError("the image is empty; send a PNG, JPEG or WebP file")
    img = Image.open(io.BytesIO(data), formats=PILLOW_FORMATS)
    width, height = img.size
    if width * height > max_pixels:
        raise ImageInputError(f"the image is {width}x{height} pixels; send at most {max_pixels:,} pixels")
    return img


@contextmanager
def _image_errors(max_pixels: int) -> Iterator[None]:
    """Pillow's failures as `ImageInputError`s that say what to send instead."""
    try:
        yield
    except ImageInputError:
        raise
    except UnidentifiedImageError:
        raise ImageInputError("the file is not a PNG, JPEG or WebP image") from None
    # Pillow's own bomb guard (its global MAX_IMAGE_PIXELS) fires in Image.open, before our check;
    # its warning is a RuntimeWarning that test settings turn into an exception.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageInputError(f"the image has too many pixels; send at most {max_pixels:,} pixels") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageInputError(f"the image is truncated or corrupt ({exc}); send a complete file") from None
