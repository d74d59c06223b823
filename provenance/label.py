"""The visible "AI-generated" badge: text on a dark translucent box with a light outline, drawn into a
corner. White text on a dark box is legible on any background, light or dark, busy or plain."""

from __future__ import annotations

from typing import Literal

from PIL import Image, ImageDraw, ImageFont

Position = Literal["bottom-right", "bottom-left", "top-right", "top-left"]
POSITIONS: tuple[Position, ...] = ("bottom-right", "bottom-left", "top-right", "top-left")


def apply_label(
    image: Image.Image, text: str = "AI-generated", position: Position = "bottom-right"
) -> Image.Image:
    """A copy of `image` with the badge; its size follows the image (about 1/28 of the short edge)."""
    if position not in POSITIONS:
        raise ValueError(f"label position {position!r} must be one of {', '.join(POSITIONS)}")
    short_edge = min(image.size)
    font_size = max(10, short_edge // 28)
    font = ImageFont.load_default(size=font_size)
    base = image.convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    pad, margin = max(3, font_size // 3), max(4, short_edge // 64)
    box_w, box_h = right - left + 2 * pad, bottom - top + 2 * pad
    x = margin if position.endswith("left") else base.width - margin - box_w
    y = margin if position.startswith("top") else base.height - margin - box_h
    draw.rounded_rectangle(
        (x, y, x + box_w, y + box_h), radius=pad, fill=(0, 0, 0, 170), outline=(255, 255, 255, 200), width=1
    )
    draw.text((x + pad - left, y + pad - top), text, font=font, fill=(255, 255, 255, 255))
    labelled = Image.alpha_composite(base, overlay)
    return labelled if image.mode == "RGBA" else labelled.convert(image.mode if image.mode == "L" else "RGB")
