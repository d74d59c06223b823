"""The options of `assay model train-shapes` (torch-free, so the management command parses fast)."""

from __future__ import annotations

import argparse

from generation.shapes.recipe import PRESETS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="run folder (checkpoints/, model/)")
    parser.add_argument("--minutes", type=float, required=True, help="total training budget, both phases")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="cpu", help="full = the GPU recipe")
    parser.add_argument("--resume", action="store_true", help="continue from OUT/checkpoints/last.pt")
    parser.add_argument("--vae-steps", type=int, default=None, help="cap the VAE phase at this many steps")
    parser.add_argument("--unet-steps", type=int, default=None, help="cap the UNet phase at this many steps")
    parser.add_argument("--bank-size", type=int, default=None, help="override the preset's latent bank size")
    parser.add_argument(
        "--eval-prompts", type=int, default=None, help="held-out prompts scored per checkpoint"
    )
    parser.add_argument("--unet-lr", type=float, default=None, help="override the preset's peak UNet LR")
    parser.add_argument("--unet-batch", type=int, default=None, help="override the preset's UNet batch size")
    parser.add_argument(
        "--object-weight",
        type=float,
        default=None,
        help="loss weight of latent cells the object covers (background cells weigh 1)",
    )
    parser.add_argument(
        "--latent-stretch",
        type=float,
        default=None,
        help="stretch the latent's low-variance (colour) directions to unit variance, by at most this "
        "factor (1 = off); with --init-from the UNet is folded to match",
    )
    parser.add_argument(
        "--cross-attention",
        default=None,
        help="which UNet levels, highest resolution first, have cross-attention, as 0/1 flags (e.g. 0111); "
        "with --init-from, a level that gains it starts as the identity",
    )
    parser.add_argument(
        "--init-from",
        default=None,
        help="model folder whose VAE and UNet the UNet phase starts from (skips the VAE phase)",
    )
    parser.add_argument(
        "--compile",
        action="store_true",
        help="train the UNet through torch.compile (fewer, fused kernels: for a GPU, where the small UNet's "
        "step is bound by launches; the first steps pay the compilation)",
    )
    parser.add_argument("--device", default=None, help="cuda or cpu (default: cuda when available)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (1 on a shared machine)")
