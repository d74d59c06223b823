"""An operator's CLIP or SigLIP model as a `best_of` scorer, loaded from a local folder with `transformers`.

The folder is what `save_pretrained` writes (config, safetensors weights, tokenizer and image processor
files). Nothing is fetched: `local_files_only=True` and safetensors only, as the diffusers backend loads
models. The score is the model's own image-text logit (`logits_per_image`): CLIP's scaled cosine, SigLIP's
scaled cosine plus bias; both rank the candidates of one prompt.

Worker-side only (imports torch and transformers).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import torch
from PIL import Image

from generation.scoring import ScorerUnavailable


class ClipScorer:
    def __init__(self, folder: str | Path) -> None:
        from transformers import AutoImageProcessor, AutoModel, AutoTokenizer

        path = Path(folder)
        self.name = f"clip:{path.name}"
        if not path.is_dir():
            raise ScorerUnavailable(
                f"The scorer folder {path} does not exist; give the local folder of a CLIP or SigLIP model "
                "saved with save_pretrained (nothing is downloaded).",
                param="scorer",
            )
        try:
            self.model = AutoModel.from_pretrained(path, local_files_only=True, use_safetensors=True)
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self.processor = AutoImageProcessor.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError, KeyError) as exc:
            raise ScorerUnavailable(
                f"The scorer folder {path} cannot be loaded as a CLIP or SigLIP model ({exc}); it needs "
                "config.json, *.safetensors weights, tokenizer files and preprocessor_config.json.",
                param="scorer",
            ) from exc
        if not hasattr(self.model, "get_image_features") or not hasattr(self.model, "get_text_features"):
            raise ScorerUnavailable(
                f"The model in {path} ({type(self.model).__name__}) is not an image-text model such as CLIP "
                "or SigLIP.",
                param="scorer",
            )
        self.model.eval().requires_grad_(False)
        # SigLIP was trained on text padded to its full length; CLIP pads to the longest.
        self.padding: str | bool = "max_length" if "siglip" in self.model.config.model_type else True

    @torch.no_grad()
    def score(self, prompt: str, images: Sequence[Image.Image]) -> list[float]:
        if not images:
            return []
        text = self.tokenizer([prompt], padding=self.padding, truncation=True, return_tensors="pt")
        pixels = self.processor(images=[im.convert("RGB") for im in images], return_tensors="pt")
        out = self.model(input_ids=text["input_ids"], pixel_values=pixels["pixel_values"])
        return [float(v) for v in out.logits_per_image[:, 0]]
