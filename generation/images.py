"""Image helpers shared by the API (upload validation) and the diffusers backend: Pillow and numpy only.

Masks follow OpenAI's convention on input (a PNG whose alpha 0 pixels are the ones to edit) and are
turned into Pillow "L" masks where 255 means "edit" and 0 means "keep".
"""

from __future__ import annotations

import hashlib
import io

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image, ImageChops, ImageFilter

from foundation.images import WIDE_GREY_MODES, ImageInputError, wide_grey_to_rgb
from foundation.media import OUTPUT_FORMATS

DEFAULT_QUALITY = 90
# zlib level of the PNGs a local model's images are stored as before provenance re-encodes the released
# ones (provenance.xmp): level 1 encodes a 1024 px image in ~75 ms CPU instead of ~440 ms at Pillow's
# default 6, for a ~15-30 % larger file.
PNG_COMPRESS_LEVEL = 1
EDIT = 255
KEEP = 0


def to_rgb(img: Image.Image) -> Image.Image:
    """The image as 8-bit RGB (alpha dropped: a transparent image's mask is read separately)."""
    if img.mode == "RGB":
        return img
    if img.mode in WIDE_GREY_MODES:
        return wide_grey_to_rgb(img)
    return img.convert("RGB")


def pixels_sha256(img: Image.Image) -> str:
    """The identity of an image's pixels before they are encoded (and before provenance marks them):
    SHA-256 over `<mode> <width>x<height>\n` and the raw pixel bytes. A replay compares this, not the
    file's sha256, so that neither the encoder nor the watermark stands between two runs of the model."""
    digest = hashlib.sha256(f"{img.mode} {img.width}x{img.height}\n".encode())
    digest.update(img.tobytes())
    return digest.hexdigest()


def encode_image(img: Image.Image, fmt: str, compression: int | None = None) -> bytes:
    """PNG (lossless; `compression` ignored, as in OpenAI's API) or JPEG/WebP at quality `compression`.

    Nothing but pixels is written: no EXIF, ICC or text chunks (provenance adds its own metadata later).
    """
    fmt = fmt.lower()
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; use one of {', '.join(OUTPUT_FORMATS)}")
    quality = DEFAULT_QUALITY if compression is None else compression
    if not 0 <= quality <= 100:
        raise ValueError(f"output compression {quality} is outside 0-100")
    buf = io.BytesIO()
    if fmt == "png":
        img.save(buf, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    elif fmt == "jpeg":
        # JPEG has no alpha; "L" and "RGB" are written as they are.
        img = img if img.mode in ("RGB", "L") else to_rgb(img)
        img.save(buf, "JPEG", quality=quality)
    else:
        img.save(buf, "WEBP", quality=quality)
    return buf.getvalue()


def mask_from_alpha(mask_img: Image.Image, size: tuple[int, int]) -> Image.Image:
    """An "L" mask (255 = edit) from a mask image whose alpha 0 pixels mark the area to edit."""
    if mask_img.size != tuple(size):
        raise ImageInputError(
            f"the mask is {mask_img.width}x{mask_img.height} but the image is {size[0]}x{size[1]}; "
            "send a mask the same size as the image"
        )
    if not mask_img.has_transparency_data:
        raise ImageInputError(
            "the mask has no alpha channel; send a PNG whose fully transparent pixels mark the area to edit"
        )
    alpha = mask_img.convert("RGBA").getchannel("A")
    mask = alpha.point([EDIT] + [KEEP] * 255)
    if mask.getextrema()[1] != EDIT:
        raise ImageInputError(
            "the mask has no fully transparent pixel, so there is nothing to edit; "
            "make the area to edit transparent (alpha 0)"
        )
    return mask


def expand_canvas(img: Image.Image, expand: tuple[int, int, int, int]) -> tuple[Image.Image, Image.Image]:
    """A bigger RGB canvas with `img` at offset (left, top) and its edges replicated into the border.

    Returns (canvas, mask) where the mask is 255 on the new border. Replicated edges give the denoiser
    colours that continue the picture, rather than a flat fill it would have to paint over.
    """
    if len(expand) != 4 or any(not isinstance(v, int) or v < 0 for v in expand):
        raise ImageInputError("expand must be four non-negative integers: left, top, right, bottom")
    left, top, right, bottom = expand
    if left + top + right + bottom == 0:
        raise ImageInputError("expand adds no pixels; give at least one side a positive width")
    arr = np.asarray(to_rgb(img))
    canvas = np.pad(arr, ((top, bottom), (left, right), (0, 0)), mode="edge")
    mask = np.full(canvas.shape[:2], EDIT, dtype=np.uint8)
    mask[top : top + img.height, left : left + img.width] = KEEP
    return Image.fromarray(canvas, "RGB"), Image.fromarray(mask, "L")


def pad_to_multiple(img: Image.Image, multiple: int) -> Image.Image:
    """`img` with its right and bottom edges replicated up to the next multiple of `multiple`."""
    arr = np.asarray(img)
    pad_w = -img.width % multiple
    pad_h = -img.height % multiple
    if not pad_w and not pad_h:
        return img
    widths = ((0, pad_h), (0, pad_w)) + ((0, 0),) * (arr.ndim - 2)
    return Image.fromarray(np.pad(arr, widths, mode="edge"), img.mode)


def paste_back(
    original: Image.Image, generated: Image.Image, mask: Image.Image, feather_px: int
) -> Image.Image:
    """`generated` inside the mask, `original` everywhere else, pixel for pixel.

    The seam is softened over `feather_px` pixels on the masked side only: the blend weight is
    min(mask, box-blurred mask), which is 0 wherever the mask is 0 (no pixel outside the mask changes)
    and 255 from `feather_px` pixels inside the edge on (the generated pixels are kept exactly there).
    """
    if not original.size == generated.size == mask.size:
        raise ValueError(
            f"sizes differ: original {original.size}, generated {generated.size}, mask {mask.size}"
        )
    weight = mask.convert("L")
    if feather_px > 0:
        weight = ImageChops.darker(weight, weight.filter(ImageFilter.BoxBlur(feather_px)))
    w = np.asarray(weight, dtype=np.float32)[..., None] / 255.0
    orig = np.asarray(to_rgb(original), dtype=np.float32)
    gen = np.asarray(to_rgb(generated), dtype=np.float32)
    out = np.where(w > 0, np.rint(orig + (gen - orig) * w), orig)
    return Image.fromarray(out.astype(np.uint8), "RGB")


def dilate_mask(mask: Image.Image, px: int) -> Image.Image:
    """`mask` grown by `px` pixels in every direction (a square max filter, separable, in numpy)."""
    if px <= 0:
        return mask
    arr = np.pad(np.asarray(mask.convert("L")), px)
    window = 2 * px + 1
    arr = sliding_window_view(arr, window, axis=1).max(axis=-1)
    arr = sliding_window_view(arr, window, axis=0).max(axis=-1)
    return Image.fromarray(np.ascontiguousarray(arr), "L")
