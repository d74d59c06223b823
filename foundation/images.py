"""The one safe way to decode an image from bytes someone else chose: PNG, JPEG or WebP only, with one
pixel limit checked from the header before any pixel is decoded (a decompression bomb costs nothing),
and the file's chunks or segments counted before any parser sees them (`check_layout`)."""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from foundation.errors import ServiceError
from foundation.media import PILLOW_FORMATS

DEFAULT_MAX_PIXELS = 4096 * 4096

# Each chunk or segment of a file costs every parser time (Pillow, c2pa, the checksum scan below) whatever
# it holds: a 24 MB PNG of 2,000,000 empty chunks cost ~70 s of CPU and ~580 MB through /v1/verify. Real
# files hold a few dozen (metadata, a colour profile, a C2PA manifest in 64 KB segments).
MAX_CHUNKS = 256  # PNG chunks other than IDAT, JPEG marker segments (scans included), WebP chunks
# Image data may come in many IDAT chunks (some encoders write one per row), but not in many more than
# one per KiB it carries.
MAX_SMALL_IDAT_CHUNKS = 4096
IDAT_BYTES_PER_CHUNK = 1024
# Bytes between a JPEG's header segments that belong to none (Pillow skips them one at a time).
MAX_JPEG_JUNK_BYTES = 1024


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
    their first frame, and so does an MPO (a camera's JPEG with more pictures after it: a depth map, a
    preview), the picture every viewer shows. The mode is kept (a mask needs its alpha).
    """
    with _image_errors(max_pixels):
        img = _open_checked(data, max_pixels, first_picture=True)
        img.load()
    return ImageOps.exif_transpose(img)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def without_damaged_png_chunks(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """`data` without its PNG ancillary chunks whose checksum fails, and those chunks' types.

    Pillow refuses a whole PNG for one bad checksum, but a verifier must still read a signed file whose
    metadata (XMP, C2PA, text) was changed, and report that. Only ancillary chunks are dropped, the
    ones Pillow itself skips checking with `ImageFile.LOAD_TRUNCATED_IMAGES`, a process-wide flag a
    concurrent request must not see; a damaged critical chunk (header, palette, pixels) stays for the
    decoder to refuse. Other formats, chunks past a length that overruns the file, and a file
    `check_layout` refuses (not scanned: its caller refuses it when it opens it) are left as they are.
    """
    if not data.startswith(PNG_SIGNATURE) or _layout_problem(data) is not None:
        return data, ()
    kept, damaged = [data[: len(PNG_SIGNATURE)]], []
    offset = len(PNG_SIGNATURE)
    for kind, start, end in png_chunks(data):
        if end > len(data):
            break
        ancillary = kind[0] & 0x20  # lowercase first letter (PNG spec, 5.4)
        if ancillary and zlib.crc32(data[start + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
            damaged.append(kind.decode("latin-1"))
        else:
            kept.append(data[start:end])
        offset = end
    if not damaged:
        return data, ()
    kept.append(data[offset:])
    return b"".join(kept), tuple(damaged)


def png_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """Each chunk of a PNG: its type, and where it starts and ends (length, type, data and checksum), to
    the end of the file (parsers read past IEND too). The last one's end may overrun a cut-off file."""
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, offset)
        end = offset + 12 + length
        yield kind, offset, end
        offset = end


JPEG_SOS, JPEG_EOI, JPEG_APP11 = 0xDA, 0xD9, 0xEB
# A marker where a segment or a scan's data may end: 0xFF and a code, less a stuffed 0x00, a restart
# marker (inside a scan's data) and fill bytes (any number of 0xFF may precede a marker).
_JPEG_MARKER = re.compile(rb"\xff+([^\x00\xd0-\xd7\xff])")


def jpeg_segments(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """Each marker of a JPEG after SOI: its code, where it starts and ends (a scan's end is its header's,
    not its data's), and how many bytes were skipped before it (a scan's data, or junk). Up to EOI, or the
    end of the file (the last one's end may overrun it)."""
    offset = 2
    while (found := _JPEG_MARKER.search(data, offset)) is not None:
        start, marker = found.start(1) - 1, found[1][0]
        skipped = start - offset  # fill bytes (0xFF) included: Pillow reads them one by one too
        if marker in (JPEG_EOI, 0x01, 0xD8):  # no length: EOI, TEM, SOI
            yield marker, start, start + 2, skipped
            if marker == JPEG_EOI:
                return
            offset = start + 2
            continue
        if start + 4 > len(data):
            return
        end = start + 2 + int.from_bytes(data[start + 2 : start + 4], "big")
        yield marker, start, end, skipped
        offset = end


def webp_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """Each chunk of a WebP file: its type, start and end (padded to an even size); the last one's end may
    overrun a cut-off file."""
    offset = 12  # RIFF, size, WEBP
    while offset + 8 <= len(data):
        kind, length = struct.unpack_from("<4sI", data, offset)
        end = offset + 8 + length + (length & 1)
        yield kind, offset, end
        offset = end


def check_layout(data: bytes) -> None:
    """Refuse a PNG, JPEG or WebP file made of implausibly many chunks or segments, before Pillow or c2pa
    parse it (each costs them time, whatever it holds). Counts stop at the limit: cheap on any file."""
    problem = _layout_problem(data)
    if problem is not None:
        raise ImageInputError(f"{problem}; send the image re-encoded as a plain PNG, JPEG or WebP file")


def _layout_problem(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        chunks = idat_chunks = idat_bytes = 0
        for kind, start, end in png_chunks(data):
            if kind == b"IDAT":
                idat_chunks += 1
                idat_bytes += end - start - 12
                if idat_chunks > MAX_SMALL_IDAT_CHUNKS + len(data) // IDAT_BYTES_PER_CHUNK:
                    break
            else:
                chunks += 1
                if chunks > MAX_CHUNKS:
                    return f"the PNG has more than {MAX_CHUNKS} chunks besides its image data (IDAT)"
        if idat_chunks > MAX_SMALL_IDAT_CHUNKS + idat_bytes // IDAT_BYTES_PER_CHUNK:
            return (
                f"the PNG splits its image data into {idat_chunks:,} or more IDAT chunks of "
                f"{idat_bytes:,} bytes in all; at most {MAX_SMALL_IDAT_CHUNKS:,} plus one per "
                f"{IDAT_BYTES_PER_CHUNK:,} bytes are read"
            )
        return None
    if data.startswith(b"\xff\xd8"):
        junk = 0
        in_header = True
        for segments, (marker, _, _, skipped) in enumerate(jpeg_segments(data), start=1):
            if segments > MAX_CHUNKS:
                return f"the JPEG has more than {MAX_CHUNKS} marker segments (a photo has a few dozen)"
            if in_header:
                junk += skipped
                if junk > MAX_JPEG_JUNK_BYTES:
                    return f"the JPEG has more than {MAX_JPEG_JUNK_BYTES} bytes outside its header segments"
            in_header = in_header and marker != JPEG_SOS
        return None
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        for count, _ in enumerate(webp_chunks(data), start=1):
            if count > MAX_CHUNKS:
                return f"the WebP file has more than {MAX_CHUNKS} chunks"
    return None


def is_animated(image: Image.Image, data: bytes) -> bool:
    """Whether `image` (opened from `data`) is more than one still picture: several frames (an MPO, an
    animated WebP), or animation chunks, whose frames a viewer may show instead of the first one (an APNG
    whose default image is not one of its frames; an animated WebP of one frame)."""
    if getattr(image, "n_frames", 1) > 1:
        return True
    if image.format == "PNG":
        return any(kind in (b"acTL", b"fcTL", b"fdAT") for kind, _, _ in png_chunks(data))
    if image.format == "WEBP":
        return any(kind in (b"ANIM", b"ANMF") for kind, _, _ in webp_chunks(data))
    return False


# Bytes with no 0xFF (no marker) put before the EOI marker by `complete_jpeg`.
_JPEG_PADDING = bytes(range(0x20, 0x60)) * 2


def complete_jpeg(data: bytes) -> bytes | None:
    """`data` with its EOI marker, when it is a JPEG whose image data is whole and only that final marker
    is missing: viewers show it, Pillow calls it truncated. None for anything else.

    Pillow's `LOAD_TRUNCATED_IMAGES` would read it, but is process-wide (other requests' decodes would
    change). An EOI after a scan cut short decodes too (the rest grey), so the scan must be whole:
    bytes put before the EOI are skipped after a whole scan, and decoded as image data in a cut one, so
    the two decodes agree only when nothing was cut."""
    segments = list(jpeg_segments(data)) if data.startswith(b"\xff\xd8") else []
    if not segments or segments[-1][0] != JPEG_SOS or segments[-1][2] > len(data):
        return None  # not a JPEG whose file ends in a scan's data
    ended, padded = _jpeg_pixels(data + b"\xff\xd9"), _jpeg_pixels(data + _JPEG_PADDING + b"\xff\xd9")
    if ended is None or ended != padded:
        return None
    return data + b"\xff\xd9"


def _jpeg_pixels(data: bytes) -> bytes | None:
    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as image:
            image.load()
            return image.tobytes()
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
        return None


def is_opaque(image: Image.Image) -> bool:
    """Whether every pixel of `image` is fully opaque (no alpha channel, no transparent colour)."""
    if "A" not in image.getbands() and "transparency" not in image.info:
        return True
    return image.convert("RGBA").getchannel("A").getextrema()[0] == 255


def oriented(image: Image.Image) -> bool:
    """Whether `image` carries an EXIF orientation that turns or mirrors it for display."""
    return image.getexif().get(0x0112, 1) not in (0, 1)


def as_displayed(
    image: Image.Image, background: tuple[int, int, int] = (0, 0, 0), *, upright: bool = True
) -> Image.Image:
    """`image` in RGB as a viewer shows it: turned upright by its EXIF orientation (unless `upright` is
    False: as stored), and composited over `background` where it is not opaque (dropping alpha would show
    pixels a viewer does not)."""
    if upright:
        image = ImageOps.exif_transpose(image)
    if is_opaque(image):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (*background, 255)), rgba).convert("RGB")


def _open_checked(data: bytes, max_pixels: int, *, first_picture: bool = False) -> Image.Image:
    """`first_picture`: an MPO is read for its first picture (its other frames are never decoded)."""
    if not data:
        raise ImageInputError("the image is empty; send a PNG, JPEG or WebP file")
    check_layout(data)
    img = Image.open(io.BytesIO(data), formats=PILLOW_FORMATS)
    if img.format not in PILLOW_FORMATS and not (first_picture and img.format == "MPO"):
        # Pillow's JPEG plugin opens a JPEG with more pictures after it (a camera's MPO) as "MPO".
        raise ImageInputError(f"the file is an {img.format} image; send a PNG, JPEG or WebP file")
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


# Grey images deeper than 8 bits (a 16-bit PNG, a float image): Pillow has no direct conversion to RGB,
# and `convert("RGB")` clips them, so a 16-bit photo would come out nearly white.
WIDE_GREY_MODES = frozenset({"I", "I;16", "I;16B", "I;16L", "F"})


def wide_grey_to_rgb(image: Image.Image) -> Image.Image:
    """A grey image of one of WIDE_GREY_MODES as 8-bit RGB, its range scaled: 16-bit (or an "I" image
    with values past 255) from 0-65535, others from 0-255. What the model draws from and what screening
    reads are the same picture."""
    pixels = np.asarray(image, dtype=np.float64)
    peak = 65535.0 if image.mode.startswith("I;16") or pixels.max() > 255 else 255.0
    scaled = np.clip(pixels / peak * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(scaled, "L").convert("RGB")
