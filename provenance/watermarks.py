"""The watermark methods Assay knows, by name: the policy picks one to mark with, verification tries all.

- `ai.assay.ss-tile.2` (provenance/watermark_ss.py): tiled spread spectrum in luminance; survives
  resizing, cropping, recompression, screenshots and tone changes (docs/watermark.md). Its id is
  checked by a CRC-32. The default.
- `ai.assay.ss-tile.1`: the same mark with a CRC-24 check, which let 1 in 12,000 unmarked copies read
  as marked. Kept so that images issued with it still verify, and selectable by policy.
- `imwatermark.dwtDctSvd` (provenance/watermark.py): Assay's first mark, QIM on chroma singular values;
  survives JPEG and brightness shifts, not resizing or cropping. Kept so that images issued with it
  still verify, and selectable by policy.

Both carry the same 48-bit watermark id, so the installation's record (image id -> job) is found the
same way whichever method matched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from provenance import watermark, watermark_ss


@dataclass(frozen=True)
class Reading:
    """One method's decode of an image. `confidence` is in [0, 1]; `details` is JSON-able."""

    algorithm: str
    found: bool
    watermark_id: str | None
    confidence: float
    details: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "found": self.found,
            "watermark_id": self.watermark_id,
            "confidence": self.confidence,
            **self.details,
        }


class Method(Protocol):
    name: str
    payload: str  # what the mark carries, in words (for the C2PA assertion)

    def unfit(self, width: int, height: int) -> str | None:
        """Why an image of this size cannot be marked (None when it can)."""

    def unreadable(self, width: int, height: int) -> str | None:
        """Why an image of this size cannot be read (None when it can)."""

    def embed(self, rgb: np.ndarray, watermark_id: str) -> np.ndarray: ...

    def embed_read_back(self, rgb: np.ndarray, watermark_id: str) -> tuple[np.ndarray, bool]:
        """`embed`, and `read_back` of what it marked (computed once where embedding already read it)."""
        ...

    def decode(self, rgb: np.ndarray) -> Reading: ...

    def read_back(self, rgb: np.ndarray, watermark_id: str) -> bool:
        """Whether `decode` would read `watermark_id` from an image this method has just marked: the
        check after embedding, at the geometry `embed` used (no search), so cheap where it fails."""
        ...


class SpreadSpectrum:
    """One version of the spread-spectrum mark (watermark_ss.VERSIONS)."""

    def __init__(self, version: watermark_ss.Version) -> None:
        self.version = version
        self.name = version.algorithm
        check = "CRC-24/OpenPGP" if version.crc_bits == 24 else "CRC-32/ISO-HDLC"
        self.payload = f"48-bit id + {check}, rate-1/3 convolutional code"

    def unfit(self, width: int, height: int) -> str | None:
        if min(width, height) < watermark_ss.MIN_SIDE:
            side = watermark_ss.MIN_SIDE
            return f"{width}x{height} is below the minimum of {side}x{side} pixels"
        return None

    def unreadable(self, width: int, height: int) -> str | None:
        if min(width, height) < watermark_ss.MIN_DECODE_SIDE:
            side = watermark_ss.MIN_DECODE_SIDE
            return f"{width}x{height} is below the watermark's minimum of {side}x{side} pixels"
        return None

    def embed(self, rgb: np.ndarray, watermark_id: str) -> np.ndarray:
        return watermark_ss.embed(rgb, watermark_id, self.version)

    def embed_read_back(self, rgb: np.ndarray, watermark_id: str) -> tuple[np.ndarray, bool]:
        marked, readable = watermark_ss.embed_checked(rgb, watermark_id, self.version)
        if readable is None:
            readable = watermark_ss.read_back(marked, watermark_id, self.version)
        return marked, readable

    def decode(self, rgb: np.ndarray) -> Reading:
        decoded = watermark_ss.decode(rgb, self.version)
        return Reading(
            algorithm=self.name,
            found=decoded.found,
            watermark_id=decoded.watermark_id,
            confidence=decoded.confidence,
            details={"agreement": decoded.agreement, "scale": decoded.scale},
        )

    def read_back(self, rgb: np.ndarray, watermark_id: str) -> bool:
        return watermark_ss.read_back(rgb, watermark_id, self.version)


_DWT_MIN_SIDE = 32


class DwtDctSvd:
    name = watermark.ALGORITHM
    payload = "48-bit id + CRC-16/CCITT-FALSE"

    def unfit(self, width: int, height: int) -> str | None:
        return self.unreadable(width, height)

    def unreadable(self, width: int, height: int) -> str | None:
        if width * height < watermark.MIN_PIXELS:
            return f"{width}x{height} is below the watermark's minimum of {watermark.MIN_PIXELS} pixels"
        # Its 4x4 blocks over the wavelet's half-size approximation: a strip narrower than this (1x65536
        # has the pixels) has no block to read, and the wavelet transform fails on it.
        if min(width, height) < _DWT_MIN_SIDE:
            return f"{width}x{height} is narrower than the watermark's minimum side of {_DWT_MIN_SIDE} pixels"
        return None

    def embed(self, rgb: np.ndarray, watermark_id: str) -> np.ndarray:
        return watermark.embed(rgb, watermark_id)

    def embed_read_back(self, rgb: np.ndarray, watermark_id: str) -> tuple[np.ndarray, bool]:
        marked = self.embed(rgb, watermark_id)
        return marked, self.read_back(marked, watermark_id)

    def decode(self, rgb: np.ndarray) -> Reading:
        decoded = watermark.decode(rgb)
        return Reading(
            algorithm=self.name,
            found=decoded.crc_ok,
            watermark_id=decoded.watermark_id,
            confidence=decoded.confidence,
            details={},
        )

    def read_back(self, rgb: np.ndarray, watermark_id: str) -> bool:
        # Its decode reads at the one geometry it embeds at (no search): the same check, no cheaper.
        if self.unreadable(rgb.shape[1], rgb.shape[0]) is not None:
            return False
        return watermark.decode(rgb).watermark_id == watermark_id


# Verification tries them in this order and stops at the first that finds a mark: the least likely to
# match by chance first (CRC-32, then CRC-24, then CRC-16). The two spread-spectrum versions differ only
# in the payload's check: a mark of one passes the other's only by chance, like an unmarked image.
METHODS: dict[str, Method] = {
    method.name: method
    for method in (SpreadSpectrum(watermark_ss.V2), SpreadSpectrum(watermark_ss.V1), DwtDctSvd())
}
DEFAULT_METHOD = watermark_ss.ALGORITHM


# If a method cannot read its own mark back from an image (pure noise, as an untrained model draws, is
# the one case seen), the image is marked with the earlier method instead of being issued unreadable.
FALLBACK = {watermark_ss.V2.algorithm: watermark.ALGORITHM, watermark_ss.V1.algorithm: watermark.ALGORITHM}

# Methods kept for images issued before, whose shorter checks an unmarked image passes by chance far
# more often than the default's CRC-32: CRC-24 about 3e-7 per image (~6 checks), CRC-16 1.5e-5.
LEGACY = frozenset({watermark_ss.V1.algorithm, watermark.ALGORITHM})


class UnknownMethod(ValueError):
    pass


def method(name: str) -> Method:
    try:
        return METHODS[name]
    except KeyError:
        raise UnknownMethod(f"unknown watermark method {name!r}: use one of {', '.join(METHODS)}") from None


def read(
    rgb: np.ndarray, issued: Callable[[str], bool] | None = None
) -> tuple[Reading | None, list[dict[str, Any]]]:
    """The first method's reading that found a mark (None if none did), and what each method said.

    `issued`, when given, says whether this installation issued a watermark id. A `LEGACY` method's
    reading then counts only when its id was issued; otherwise `tried` lists it as not found, with the
    id as `unconfirmed_id`, and the next method is tried. Images issued with a legacy method keep
    verifying; an unmarked image reads as marked through a legacy method's shorter check only if the
    chance id is also one issued here (issued ids / 2^48 on top of the check's own rate).
    """
    height, width = rgb.shape[:2]
    tried: list[dict[str, Any]] = []
    for candidate in METHODS.values():
        reason = candidate.unreadable(width, height)
        if reason is not None:
            tried.append({"algorithm": candidate.name, "found": False, "skipped": reason})
            continue
        reading = candidate.decode(rgb)
        if _unconfirmed(reading, issued):
            unconfirmed = {"found": False, "watermark_id": None, "confidence": 0.0}
            tried.append(reading.as_dict() | unconfirmed | {"unconfirmed_id": reading.watermark_id})
            continue
        tried.append(reading.as_dict())
        if reading.found:
            return reading, tried
    return None, tried


def _unconfirmed(reading: Reading, issued: Callable[[str], bool] | None) -> bool:
    """A legacy method's find whose id this installation did not issue (only when `issued` is given)."""
    if issued is None or not reading.found or reading.watermark_id is None:
        return False
    return reading.algorithm in LEGACY and not issued(reading.watermark_id)
