"""What a model says it knows: the words of its folder's `vocabulary.json`, and the prompt words outside it.

A model trained on a closed vocabulary (Assay's own `assay-shapes-1` knows eight colours, four shapes,
two sizes and nine positions) draws a confident wrong picture for a prompt outside it ("an orange heart",
"a photo of a cat"). Its folder may declare that vocabulary; admission (generation.services) then warns
about, or under the tenant's policy refuses, prompts with words outside it. A folder without the file
(a general model such as SD 1.5) declares nothing and gets no warnings.

The file (`VOCABULARY_FORMAT` 1):

    {"vocabulary_format": 1, "words": ["a", "background", "blue", ...], "categories": {...}}

`words` is what is checked; `categories` groups them for people (the README's list) and is optional.
Pure Python (the web process admits requests): no torch, no numpy.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VOCABULARY_FILE = "vocabulary.json"
VOCABULARY_FORMAT = 1
OUT_OF_VOCABULARY = "out_of_vocabulary"
# A word: letters and digits (any script), with inner apostrophes or hyphens ("don't", "top-left" is two
# words because the model's captions write "top left").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


class VocabularyError(ValueError):
    """A vocabulary.json that is not what this module reads."""


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]
    categories: dict[str, list[str]] = field(default_factory=dict, compare=False, hash=False)

    def unknown(self, text: str) -> list[str]:
        """The words of `text` (lowercased) that are not in the vocabulary, once each, in order."""
        seen: dict[str, None] = {}
        for match in _WORD.finditer(text.lower()):
            word = match.group()
            if word not in self.words:
                seen.setdefault(word, None)
        return list(seen)


def read_vocabulary(path: Path) -> Vocabulary:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VocabularyError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("vocabulary_format") != VOCABULARY_FORMAT:
        raise VocabularyError(f"{path}: not a vocabulary file of format {VOCABULARY_FORMAT}")
    words = data.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise VocabularyError(f"{path}: `words` must be a non-empty list of strings")
    categories = data.get("categories") or {}
    if not isinstance(categories, dict):
        raise VocabularyError(f"{path}: `categories` must be an object of word lists")
    return Vocabulary(
        words=frozenset(word.lower() for word in words),
        categories={str(name): [str(word) for word in group] for name, group in categories.items()},
    )


_cache: dict[Path, tuple[tuple[int, int], Vocabulary]] = {}
_cache_lock = threading.Lock()


def model_vocabulary(folder: Path) -> Vocabulary | None:
    """The vocabulary the model folder declares, None when it declares none. Read once per process and
    again when the file changes (its mtime or size)."""
    path = folder / VOCABULARY_FILE
    try:
        info = path.stat()
    except OSError:
        return None
    stamp = (info.st_mtime_ns, info.st_size)
    with _cache_lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    vocabulary = read_vocabulary(path)
    with _cache_lock:
        _cache[path] = (stamp, vocabulary)
    return vocabulary


def vocabulary_warnings(
    vocabulary: Vocabulary | None, *, model: str, texts: dict[str, str]
) -> list[dict[str, Any]]:
    """One warning per text (`prompt`, `negative_prompt`) that has words outside the vocabulary."""
    if vocabulary is None:
        return []
    warnings = []
    for param, text in texts.items():
        words = vocabulary.unknown(text) if text else []
        if words:
            quoted = ", ".join(repr(word) for word in words)
            warnings.append(
                {
                    "code": OUT_OF_VOCABULARY,
                    "param": param,
                    "words": words,
                    "message": f"{model} does not know the words {quoted} of the {param.replace('_', ' ')}; "
                    f"GET /v1/models/{model} lists its vocabulary.",
                }
            )
    return warnings
