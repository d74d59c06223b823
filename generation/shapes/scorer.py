"""`assay-shapes-1-scorer`: a small contrastive image-text model that scores how well an image of
`assay-shapes-1` fits its prompt (for `best_of`).

Text side: the packaged MiniLM (all-MiniLM-L6-v2, the model's own text encoder), frozen, mean-pooled over
the prompt's tokens as sentence-transformers pools it, then a small trained projection. Image side: a small
CNN on a 48x48 downscale with two coordinate channels (position is an attribute, so the last feature map
is flattened, not pooled) and a projection. Both land in one 128-d space; the score is the cosine
similarity times the learned temperature (a logit, higher = fits better). Trained with InfoNCE and hard
negatives by `generation.shapes.train_scorer`; the weights ship in `assay-shapes-1-scorer/` beside the
model (not inside it: the model's weights digest covers every safetensors file in its folder).

Worker-side only (imports torch and transformers).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

SCORER_DIR = Path(__file__).resolve().parent / "assay-shapes-1-scorer"
WEIGHTS_FILE = "scorer.safetensors"
CONFIG_FILE = "config.json"
IMAGE_SIZE = 48  # small shapes are ~10 px across: enough to tell a star from a circle
TEXT_DIM = 384  # MiniLM's hidden size
EMBED_DIM = 128


class ImageTower(nn.Module):
    """48x48 RGB (+ x, y coordinate maps) -> EMBED_DIM, L2-normalised."""

    def __init__(self, width: int = 16, embed_dim: int = EMBED_DIM) -> None:
        super().__init__()
        w = width
        # Four stride-2 convolutions, no normalisation layers: on a shared 2-core CPU a full-resolution
        # layer tripled the step time and GroupNorm doubled it, and Adam trains this depth without them.
        self.features = nn.Sequential(
            nn.Conv2d(5, w, 3, stride=2, padding=1),  # 24
            nn.SiLU(),
            nn.Conv2d(w, 2 * w, 3, stride=2, padding=1),  # 12
            nn.SiLU(),
            nn.Conv2d(2 * w, 4 * w, 3, stride=2, padding=1),  # 6
            nn.SiLU(),
            nn.Conv2d(4 * w, 8 * w, 3, stride=2, padding=1),  # 3
            nn.SiLU(),
        )
        side = IMAGE_SIZE // 16
        self.head = nn.Sequential(nn.Linear(8 * w * side * side, 256), nn.SiLU(), nn.Linear(256, embed_dim))
        ramp = torch.linspace(-1.0, 1.0, IMAGE_SIZE)
        coords = torch.stack([ramp.expand(IMAGE_SIZE, -1), ramp[:, None].expand(-1, IMAGE_SIZE)])
        self.register_buffer("coords", coords, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.cat([x, self.coords.expand(x.shape[0], -1, -1, -1)], dim=1)
        return F.normalize(self.head(self.features(x).flatten(1)), dim=-1)


class TextHead(nn.Module):
    """Frozen MiniLM sentence embedding (384) -> EMBED_DIM, L2-normalised."""

    def __init__(self, embed_dim: int = EMBED_DIM) -> None:
        super().__init__()
        self.proj = nn.Sequential(nn.Linear(TEXT_DIM, 256), nn.SiLU(), nn.Linear(256, embed_dim))

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.proj(t), dim=-1)


class ContrastiveScorer(nn.Module):
    def __init__(self, width: int = 16) -> None:
        super().__init__()
        self.image = ImageTower(width)
        self.text = TextHead()
        self.log_scale = nn.Parameter(torch.tensor(float(np.log(1 / 0.07))))

    def logits(self, image_emb: torch.Tensor, text_emb: torch.Tensor) -> torch.Tensor:
        return self.log_scale.clamp(max=float(np.log(100.0))).exp() * image_emb @ text_emb.T


def images_to_tensor(images: Sequence[Image.Image | np.ndarray]) -> torch.Tensor:
    """Images of any size as the tower's input: RGB, box-downscaled to 48x48, centred on 0."""
    arrays = []
    for image in images:
        im = image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image, dtype=np.uint8))
        im = im.convert("RGB")
        if im.size != (IMAGE_SIZE, IMAGE_SIZE):
            im = im.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BOX)
        arrays.append(np.asarray(im, dtype=np.float32))
    x = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2)
    return x / 255.0 - 0.5


class MiniLMSentences:
    """The packaged MiniLM as a sentence encoder: masked mean of the last hidden state, L2-normalised."""

    def __init__(self, path: str | None = None) -> None:
        from transformers import AutoModel, AutoTokenizer

        from generation.shapes.train import minilm_path

        folder = path or minilm_path()
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        self.model = AutoModel.from_pretrained(
            folder, local_files_only=True, use_safetensors=True, dtype=torch.float32
        )
        self.model.eval().requires_grad_(False)

    @torch.no_grad()
    def encode(self, texts: Sequence[str], batch: int = 256) -> torch.Tensor:
        out = []
        for i in range(0, len(texts), batch):
            tokens = self.tokenizer(
                list(texts[i : i + batch]), padding=True, truncation=True, return_tensors="pt"
            )
            hidden = self.model(**tokens)[0]
            mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            out.append(F.normalize(pooled, dim=-1))
        return torch.cat(out) if out else torch.zeros((0, TEXT_DIM))


def save(model: ContrastiveScorer, folder: Path, config: dict[str, Any]) -> Path:
    """Weights as fp16 safetensors (about half the size; scores differ from fp32 by < 1e-3) and a config."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items()}
    # Each file is written beside its place and renamed over it, so that a reader (a worker loading the
    # scorer, a test) never sees half a file.
    partial = folder / (WEIGHTS_FILE + ".partial")
    save_file(state, str(partial))
    os.replace(partial, folder / WEIGHTS_FILE)
    partial = folder / (CONFIG_FILE + ".partial")
    partial.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    os.replace(partial, folder / CONFIG_FILE)
    return folder / WEIGHTS_FILE


def load(folder: Path = SCORER_DIR) -> ContrastiveScorer:
    from safetensors.torch import load_file

    config = json.loads((folder / CONFIG_FILE).read_text())
    model = ContrastiveScorer(width=int(config.get("width", 16)))
    state = {k: v.float() for k, v in load_file(str(folder / WEIGHTS_FILE)).items()}
    model.load_state_dict(state)
    return model.eval().requires_grad_(False)


class ShapesScorer:
    """The own model's scorer: `score(prompt, images)` -> one logit per image (higher fits better)."""

    name = "assay-shapes-1-scorer"

    def __init__(self, folder: Path = SCORER_DIR, *, text: MiniLMSentences | None = None) -> None:
        self.model = load(folder)
        self.text = text or MiniLMSentences()

    @torch.no_grad()
    def score(self, prompt: str, images: Sequence[Image.Image]) -> list[float]:
        if not images:
            return []
        text_emb = self.model.text(self.text.encode([prompt]))
        image_emb = self.model.image(images_to_tensor(images))
        return [float(v) for v in self.model.logits(image_emb, text_emb)[:, 0]]
