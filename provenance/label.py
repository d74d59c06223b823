"""The visible "AI-generated" badge: text on a dark translucent box with a light outline, drawn into a
corner. White text on a dark box is legible on any background, light or dark, busy or plain."""

from __future__ import annotations

import logging
from typing import Literal

from PIL import Image, ImageDraw

from foundation.typeface import label_font, undrawable

logger = logging.getLogger(__name__)
DEFAULT_TEXT = "AI-generated"

Position = Literal["bottom-right", "bottom-left", "top-right", "top-left"]
POSITIONS: tuple[Position, ...] = ("bottom-right", "bottom-left", "top-right", "top-left")


def apply_label(
    image: Image.Image, text: str = DEFAULT_TEXT, position: Position = "bottom-right"
) -> Image.Image:
    """A copy of `image` with the badge; its size follows the image (about 1/28 of the short edge), and a
    text too long for one line is wrapped at white space, or made smaller, to fit the image's width."""
    if position not in POSITIONS:
        raise ValueError(f"label position {position!r} must be one of {', '.join(POSITIONS)}")
    if missing := undrawable(text):
        # New policy versions refuse such text; one stored before that check still gets a legible badge.
        logger.warning("label text %r has characters the label font cannot draw (%r)", text, missing)
        text = DEFAULT_TEXT
    short_edge = min(image.size)
    font_size = max(10, short_edge // 28)
    base = image.convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    margin = max(4, short_edge // 64)
    while True:
        # A word wider than the image (a URL, or a small image) makes the text smaller, down to 6 px.
        font, pad = label_font(font_size), max(3, font_size // 3)
        width = base.width - 2 * (margin + pad)
        lines = _wrapped(draw, text, font, width)
        if font_size <= 6 or max(draw.textlength(line, font=font) for line in lines) <= width:
            break
        font_size -= 1
    text = "\n".join(lines)
    left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=font)
    box_w, box_h = right - left + 2 * pad, bottom - top + 2 * pad
    x = margin if position.endswith("left") else base.width - margin - box_w
    y = margin if position.startswith("top") else base.height - margin - box_h
    draw.rounded_rectangle(
        (x, y, x + box_w, y + box_h), radius=pad, fill=(0, 0, 0, 170), outline=(255, 255, 255, 200), width=1
    )
    draw.multiline_text((x + pad - left, y + pad - top), text, font=font, fill=(255, 255, 255, 255))
    labelled = Image.alpha_composite(base, overlay)
    return labelled if image.mode == "RGBA" else labelled.convert(image.mode if image.mode == "L" else "RGB")


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: object, width: int) -> list[str]:
    """The lines of `text`, broken at white space so that each fits `width` pixels where a word does."""
    lines: list[str] = []
    for word in " ".join(text.split()).split(" "):
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
