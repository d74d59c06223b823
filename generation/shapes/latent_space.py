"""Stretch the latent's colour directions so that diffusion noise does not drown them.

The shapes VAE's latent is almost one-dimensional: on stage 4 of assay-shapes-1 the covariance of latent
pixels (scaled as the pipeline scales them; 64 renders) has eigenvalues 3.76, 0.076, 0.017 and 0.003.
The big one is lightness; the colours live in the three small ones (std 0.06-0.27), against diffusion
noise of std 1. Red and purple are 0.63 apart, orange and yellow 0.87: the UNet settles the colour only
in its last, nearly noise-free steps, where a small error flips it, and on held-out scenes it drew purple
for red and red for purple (5 of its 7 wrong prompts).

`stretch_matrix` builds a symmetric map M that stretches every direction with variance under 1 to unit
variance, by at most `cap`, and leaves the others alone. It is folded into the model rather than into
the pipeline, so the folder stays a standard diffusers one: the VAE's `quant_conv` emits M z (the
decoder's `post_quant_conv` undoes it) and, when a trained UNet is continued, its `conv_in` reads
through M^-1 and its `conv_out` writes through M, so the folded UNet starts as the same function. Only
the noise differs: it stays isotropic in the new coordinates, so relative to the colours it is `cap`
times weaker, and the UNet has to be trained on for that.
"""

from __future__ import annotations

from typing import Any

import torch


def stretch_matrix(latents: torch.Tensor, cap: float) -> tuple[torch.Tensor, dict[str, Any]]:
    """M (4x4) for latents of shape (N, C, H, W), and a record of how it was made."""
    pixels = latents.detach().double().permute(0, 2, 3, 1).reshape(-1, latents.shape[1])
    eigenvalues, vectors = torch.linalg.eigh(torch.cov(pixels.T))
    scales = (1.0 / eigenvalues.clamp_min(1e-12).sqrt()).clamp(1.0, cap)
    matrix = vectors @ torch.diag(scales) @ vectors.T
    record = {
        "cap": cap,
        "eigenvalues": [round(v, 5) for v in eigenvalues.tolist()],
        "scales": [round(v, 3) for v in scales.tolist()],
        "matrix": [[round(v, 6) for v in row] for row in matrix.tolist()],
    }
    return matrix.float(), record


@torch.no_grad()
def fold_into_vae(vae: Any, matrix: torch.Tensor) -> None:
    """Latents come out of the encoder as M z and go into the decoder through M^-1."""
    c = matrix.shape[0]
    m = matrix.to(vae.quant_conv.weight)
    inverse = torch.linalg.inv(matrix.double()).to(m)
    q = vae.quant_conv  # 1x1 conv, 2C -> 2C: the first C outputs are the posterior mean
    q.weight[:c] = torch.einsum("ij,jkxy->ikxy", m, q.weight[:c])
    q.bias[:c] = m @ q.bias[:c]
    p = vae.post_quant_conv  # 1x1 conv, C -> C
    p.weight.copy_(torch.einsum("oixy,ij->ojxy", p.weight, inverse))


@torch.no_grad()
def fold_into_unet(unet: Any, matrix: torch.Tensor) -> None:
    """The UNet reads M z through M^-1 and writes its prediction (v, linear in z) through M."""
    m = matrix.to(unet.conv_in.weight)
    inverse = torch.linalg.inv(matrix.double()).to(m)
    unet.conv_in.weight.copy_(torch.einsum("oixy,ij->ojxy", unet.conv_in.weight, inverse))
    unet.conv_out.weight.copy_(torch.einsum("ij,jkxy->ikxy", m, unet.conv_out.weight))
    unet.conv_out.bias.copy_(m @ unet.conv_out.bias)
