"""The one rule for text that comes from outside (request bodies, query strings, URL paths, form fields):
no NUL character and no lone UTF-16 surrogate. And what counts as blank text (`blank`): white space and
invisible characters only.

Neither is meaningful in a prompt, an id or a name, and both fail far from where they entered: PostgreSQL
stores no NUL in text or `jsonb`, UTF-8 has no encoding for a lone surrogate (`"\\ud800"` in JSON), and
the audit log's canonical JSON refuses both. Refusing them at the door turns those late 500s into a 400
that names the field.
"""

from __future__ import annotations

import re
from typing import Any

from foundation.errors import ServiceError

# Code points, not bytes: a well-formed surrogate pair in JSON ("\ud83d\ude00") decodes to one astral
# character, so any code point left in D800-DFFF is a lone half.
_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


# Unicode's Default_Ignorable_Code_Point characters of the Basic Multilingual Plane (DerivedCoreProperties
# .txt): what a renderer shows nothing for. Zero-width spaces and joiners, the soft hyphen, bidirectional
# controls, variation selectors, Hangul fillers. Inclusive ranges. Left out, with the other planes' few:
# tag characters, which spell a hidden text that the moderators read (`policy.normalise`).
INVISIBLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0),
)  # fmt: skip
_INVISIBLE = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in INVISIBLE_RANGES) + "]")


# Tag characters spell ASCII (U+E0020-E007E); the others of their block (U+E0001, the cancel tag U+E007F)
# spell nothing.
_TAGS_SPELLING_NOTHING = re.compile("[\U000e0000-\U000e001f\U000e0020\U000e007f]")


def blank(value: str) -> bool:
    """Whether `value` shows nothing: white space (what `str.strip` removes: no-break and ideographic
    spaces too), invisible characters and tag characters that spell nothing but spaces only. Such a
    prompt asks for nothing; the moderators' reading of nothing is noise (the encoder read an empty
    prompt as `illicit` 0.94)."""
    return not _TAGS_SPELLING_NOTHING.sub("", _INVISIBLE.sub("", value)).strip()


class TextInputError(ServiceError):
    """Text holds a character that cannot be stored or encoded; `param` names the field."""

    code = "invalid_value"


def text_problem(value: str) -> str | None:
    """What is wrong with `value` ("contains a NUL character (U+0000); ..."), or None if nothing is."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character (U+0000); remove it"
    return (
        f"contains a lone surrogate (U+{ord(found.group()):04X}), which is not valid Unicode; "
        "send text as UTF-8, or escape a character outside the BMP as a complete \\ud8xx\\udcxx pair"
    )


def check_text(value: str, *, param: str | None, what: str | None = None) -> None:
    """Raise `TextInputError` if `value` breaks the rule; the message names `what` (default: `param`)."""
    problem = text_problem(value)
    if problem is not None:
        raise TextInputError(f"{what or param or 'The request'} {problem}.", param=param)


def check_json_text(value: Any, *, param: str | None = None) -> None:
    """Check every string and object key of a decoded JSON value, at any depth, in document order.

    Iterative (a deep value cannot exhaust the stack); `param` of an error is the dotted path of the
    value (`metadata.colour`, `prompts.2`), or of the object whose key is at fault.
    """
    # (path of the enclosing object, the key or index that leads here, the value); the root has no key.
    stack: list[tuple[str | None, str | None, Any]] = [(param, None, value)]
    while stack:
        parent, key, item = stack.pop()
        path = parent
        if key is not None:
            check_text(key, param=parent, what=f"A key of {parent or 'the request body'}")
            path = f"{parent}.{key}" if parent else key
        if isinstance(item, str):
            check_text(item, param=path, what=path or "The request body")
        elif isinstance(item, dict):
            stack.extend((path, str(k), child) for k, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((path, str(i), child) for i, child in reversed(list(enumerate(item))))
