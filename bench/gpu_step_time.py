"""Where a shapes training step's time goes on a lent GPU: ms per step by batch size, and a profile.

The GPU continuation of session 36 ran 8.3 steps/s at batch 1024, against 7.5 at batch 256 in session 11:
four times the batch for nearly the same step time, so the step is bound by something other than
arithmetic. This measures the step time at several batch sizes on a small bank and prints the profiler's
top operators by CPU and by GPU time, so the next lent GPU can pick its batch and know what to fix.

Session 36 (H200, torch 2.11, bf16 autocast, fused AdamW, foreach EMA), ms per step / samples per s:
batch 256 103 / 2,480; 1024 106 / 9,627; 2048 191 / 10,749; 4096 365 / 11,224. Up to 1024 the step is
bound by the host (~2,200 kernel launches a step, ~100 ms of CPU); past it by the GPU, at ~11k samples/s.
The GPU's own time at 1024 (~86 ms) is spread over copies (14%, mostly autocast casting the fp32 weights
every step), convolution backward (13%), attention backward (9%) and group norm (8% + 5%): fusing
(torch.compile) or keeping bf16 weights is what is left to win, at most ~2x. `--compile` measures the
compiled step (`train --compile`; each batch size compiles anew, and the warm-up steps pay for it: give
--warmup 3 at least); not yet run on a GPU.

    Here, once:   .venv/bin/python bench/gpu_prepare_shapes.py
    Device tool:  run(carry=["var/gpu-carry"], timeout_s=200, command=
                    "mkdir -p /tmp/site && tar -xzf var/gpu-carry/diffusers.tar.gz -C /tmp/site"
                    " && tar -xzf var/gpu-carry/minilm.tar.gz -C /tmp && PYTHONPATH=/tmp/site:$PWD/"
                    "var/gpu-carry/site:$PWD HF_HUB_OFFLINE=1 ASSAY_MINILM_DIR=/tmp/minilm"
                    " python3 bench/gpu_step_time.py")
    Dry run here: .venv/bin/python bench/gpu_step_time.py --batches 2 4 --steps 2 --bank 64
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch

from generation.shapes.train import Trainer

ROOT = Path(__file__).resolve().parents[1]


def _sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def step_ms(trainer: Trainer, batch: int, steps: int, warmup: int) -> float:
    """Mean ms per step over `steps` steps after `warmup` ones, at `batch`."""
    trainer.config = replace(trainer.config, unet_batch=batch)
    trainer.step_caps["unet"] = trainer.step + warmup
    trainer.train_unet(math.inf, lambda: None)
    _sync(trainer.device)
    started = time.perf_counter()
    trainer.step_caps["unet"] = trainer.step + steps
    trainer.train_unet(math.inf, lambda: None)
    _sync(trainer.device)
    return (time.perf_counter() - started) * 1000 / steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, nargs="+", default=[256, 1024, 2048, 4096])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--bank", type=int, default=4096)
    parser.add_argument("--profile-batch", type=int, default=1024)
    parser.add_argument(
        "--compile", action="store_true", help="the UNet through torch.compile (train --compile)"
    )
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        trainer = Trainer(
            Path(out),
            minutes=60,
            seed=0,
            preset="cpu",
            init_from=ROOT / "generation" / "shapes" / "assay-shapes-1",
            bank_size=args.bank,
            unet_steps=0,
            compile_unet=args.compile,
            log=lambda line: None,
        )
        trainer._build_bank()
        for batch in args.batches:
            try:
                ms = step_ms(trainer, batch, args.steps, args.warmup)
            except torch.OutOfMemoryError:
                print(f"batch {batch}: out of memory", flush=True)
                break
            print(f"batch {batch}: {ms:.1f} ms/step, {batch / ms * 1000:.0f} samples/s", flush=True)
        if args.no_profile:
            return
        activities = [torch.profiler.ProfilerActivity.CPU]
        if trainer.device == "cuda":
            activities.append(torch.profiler.ProfilerActivity.CUDA)
        with torch.profiler.profile(activities=activities) as prof:
            step_ms(trainer, args.profile_batch, max(2, args.steps // 6), 1)
        for key in ("self_cpu_time_total", "self_cuda_time_total" if trainer.device == "cuda" else None):
            if key:
                print(prof.key_averages().table(sort_by=key, row_limit=15, max_name_column_width=40))


if __name__ == "__main__":
    main()
