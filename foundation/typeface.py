"""The visible AI-disclosure label's typeface: DejaVu Sans, shipped in `foundation/fonts/` with its licence.

It draws Latin (with accents), Greek, Cyrillic and many other alphabets, not Chinese, Japanese, Korean or
emoji. Pillow's built-in font drew only ASCII, so a label such as "Généré par IA" came out with empty
boxes. Two stages need the same answer: the policy refuses label text the typeface cannot draw, and the
provenance stage draws with it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
_PROBE_SIZE = 16
_NO_GLYPH = "\uffff"  # a noncharacter: drawn as the font's "missing glyph" box


@cache
def label_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size)


def _drawn(char: str) -> tuple[tuple[int, int], bytes] | None:
    try:
        mask = label_font(_PROBE_SIZE).getmask(char)
    except (OSError, RuntimeError, ValueError):  # a control character Pillow's layout refuses
        return None
    return mask.size, bytes(mask)


@cache
def _drawable(char: str) -> bool:
    if char.isspace() or unicodedata.category(char) == "Cf":
        # White space (line breaks included) is where the label wraps; invisible format characters draw
        # nothing.
        return True
    drawn = _drawn(char)
    return drawn is not None and drawn != _drawn(_NO_GLYPH)


def undrawable(text: str) -> list[str]:
    """The characters of `text` the label's typeface has no glyph for, each once, in order."""
    return list(dict.fromkeys(char for char in text if not _drawable(char)))
