"""IPTC disclosure in XMP: `Iptc4xmpExt:DigitalSourceType` and the generating system.

Written into PNG (an uncompressed iTXt chunk `XML:com.adobe.xmp`: Pillow 13 ignores `xmp=` for PNG),
JPEG (APP1) and WebP (XMP chunk) while the image is encoded, before C2PA signs the bytes. Read back with
defusedxml, since verification parses uploads from anyone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree
from PIL import Image, PngImagePlugin

from foundation import media

IPTC_SOURCE_TYPES = "http://cv.iptc.org/newscodes/digitalsourcetype/"
TRAINED_ALGORITHMIC_MEDIA = IPTC_SOURCE_TYPES + "trainedAlgorithmicMedia"
COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA = IPTC_SOURCE_TYPES + "compositeWithTrainedAlgorithmicMedia"

_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
_XMP_BASIC = "http://ns.adobe.com/xap/1.0/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PNG_KEY = "XML:com.adobe.xmp"
# zlib level of released PNGs. Pillow's default, 6, costs ~440 ms CPU for a 1024 px image; 3 takes
# ~155 ms for a file ~10 % larger (1 takes ~75 ms, but ~20-30 % larger: this file is what users keep).
PNG_COMPRESS_LEVEL = 3


@dataclass(frozen=True)
class Disclosure:
    digital_source_type: str
    creator_tool: str


def packet(disclosure: Disclosure) -> bytes:
    """A minimal XMP packet with the two fields."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{_RDF}">'
        f'<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="{_IPTC_EXT}" xmlns:xmp="{_XMP_BASIC}"'
        f" Iptc4xmpExt:DigitalSourceType={quoteattr(disclosure.digital_source_type)}"
        f" xmp:CreatorTool={quoteattr(disclosure.creator_tool)}/>"
        "</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


# A JPEG or WebP is encoded at the quality the caller asked for (OpenAI's `output_compression`), but not
# below this one: the invisible watermark is measured to read after JPEG and WebP at 50
# (bench/watermark_robustness.py), so a mark that must survive later re-encodes is not spent here.
DEFAULT_QUALITY = 95
MIN_QUALITY = 50


def lossy_quality(asked: int | None) -> int:
    """The JPEG/WebP quality an image is encoded at when `asked` (0-100, None: not asked)."""
    return DEFAULT_QUALITY if asked is None else max(MIN_QUALITY, min(100, asked))


def encode(
    image: Image.Image, mime_type: str, disclosure: Disclosure, *, quality: int | None = None
) -> bytes:
    """`image` encoded as `mime_type` with the disclosure: PNG lossless, JPEG (4:4:4) and WebP at
    `lossy_quality(quality)` (95 unless asked)."""
    xmp = packet(disclosure)
    out = io.BytesIO()
    if mime_type == "image/png":
        info = PngImagePlugin.PngInfo()
        info.add_itxt(_PNG_KEY, xmp.decode(), zip=False)
        image.save(out, "PNG", pnginfo=info, compress_level=PNG_COMPRESS_LEVEL)
    elif mime_type == "image/jpeg":
        # 4:4:4 keeps the chroma the watermark lives in; a third party's 4:2:0 re-encode still reads.
        image.convert("RGB").save(out, "JPEG", quality=lossy_quality(quality), subsampling=0, xmp=xmp)
    elif mime_type == "image/webp":
        image.save(out, "WEBP", quality=lossy_quality(quality), method=4, xmp=xmp)
    else:
        raise ValueError(f"{mime_type!r} is not one of {', '.join(media.MIME_TYPES)}")
    return out.getvalue()


def read(data: bytes) -> Disclosure | None:
    """The disclosure in `data`'s XMP, or None when there is no XMP or it names no source type."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            raw = image.info.get("xmp") or image.info.get(_PNG_KEY)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if not raw:
        return None
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    start, end = text.find("<x:xmpmeta"), text.rfind("</x:xmpmeta>")
    if start < 0 or end < 0:
        return None
    try:
        root = ElementTree.fromstring(text[start : end + len("</x:xmpmeta>")])
    except ElementTree.ParseError:
        return None
    source_type = creator_tool = None
    for description in root.iter(f"{{{_RDF}}}Description"):
        source_type = source_type or description.get(f"{{{_IPTC_EXT}}}DigitalSourceType")
        creator_tool = creator_tool or description.get(f"{{{_XMP_BASIC}}}CreatorTool")
        # Other writers use child elements instead of attributes.
        for child in description:
            if child.tag == f"{{{_IPTC_EXT}}}DigitalSourceType" and child.text:
                source_type = source_type or child.text.strip()
            if child.tag == f"{{{_XMP_BASIC}}}CreatorTool" and child.text:
                creator_tool = creator_tool or child.text.strip()
    if source_type is None:
        return None
    return Disclosure(digital_source_type=source_type, creator_tool=creator_tool or "")
