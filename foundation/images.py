"""The one safe way to decode an image from bytes someone else chose: PNG, JPEG or WebP only, with one
pixel limit checked from the header before any pixel is decoded (a decompression bomb costs nothing)."""

from __future__ import annotations

import io
import struct
import zlib
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


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def without_damaged_png_chunks(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """`data` without its PNG ancillary chunks whose checksum fails, and those chunks' types.

    Pillow refuses a whole PNG for one bad checksum, but a verifier must still read a signed file whose
    metadata (XMP, C2PA, text) was changed, and report that. Only ancillary chunks are dropped, the
    ones Pillow itself skips checking with `ImageFile.LOAD_TRUNCATED_IMAGES`, a process-wide flag a
    concurrent request must not see; a damaged critical chunk (header, palette, pixels) stays for the
    decoder to refuse. Other formats, and chunks past a length that overruns the file, are left as they are.
    """
    if not data.startswith(PNG_SIGNATURE):
        return data, ()
    kept, damaged = [data[: len(PNG_SIGNATURE)]], []
    offset = len(PNG_SIGNATURE)
    while offset + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, offset)
        end = offset + 12 + length
        if end > len(data):
            break
        ancillary = kind[0] & 0x20  # lowercase first letter (PNG spec, 5.4)
        if ancillary and zlib.crc32(data[offset + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
            damaged.append(kind.decode("latin-1"))
        else:
            kept.append(data[offset:end])
        offset = end
    if not damaged:
        return data, ()
    kept.append(data[offset:])
    return b"".join(kept), tuple(damaged)


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
