"""The latent stretch is folded into the VAE and the UNet exactly: the folder stays a standard one."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("diffusers")

from generation.shapes import latent_space  # noqa: E402
from generation.shapes.recipe import PRESETS  # noqa: E402
from generation.shapes.train import build_unet, build_vae  # noqa: E402


def _skewed_latents() -> torch.Tensor:
    """Latents shaped like the shapes VAE's: one direction with variance ~3, three small ones."""
    gen = torch.Generator().manual_seed(0)
    rotation, _ = torch.linalg.qr(torch.randn(4, 4, generator=gen))
    pixels = torch.randn(4096, 4, generator=gen) * torch.tensor([1.8, 0.27, 0.13, 0.06])
    return (pixels @ rotation.T).reshape(4, 32, 32, 4).permute(0, 3, 1, 2)


def test_stretches_only_the_small_directions_and_at_most_by_the_cap():
    latents = _skewed_latents()
    matrix, record = latent_space.stretch_matrix(latents, cap=4.0)
    stretched = torch.einsum("ij,bjhw->bihw", matrix, latents)
    before = torch.linalg.eigvalsh(torch.cov(latents.permute(0, 2, 3, 1).reshape(-1, 4).T.double())).tolist()
    after = torch.linalg.eigvalsh(torch.cov(stretched.permute(0, 2, 3, 1).reshape(-1, 4).T.double())).tolist()
    assert record["scales"][-1] == 1.0  # the big (lightness) direction is left alone
    assert after[-1] == pytest.approx(before[-1], rel=1e-3)
    assert after[2] == pytest.approx(1.0, rel=0.05)  # std 0.27 -> 1: stretched 3.7x, under the cap
    assert after[1] == pytest.approx(16 * before[1], rel=1e-3)  # std 0.13 -> 0.52: capped at 4x
    assert after[0] == pytest.approx(16 * before[0], rel=1e-3)  # std 0.06 -> 0.24: capped at 4x
    assert torch.allclose(matrix, matrix.T)


@torch.no_grad()
def test_the_folded_vae_round_trips_as_before_and_encodes_m_z():
    config = PRESETS["tiny"]
    vae = build_vae(config).eval()
    matrix, _ = latent_space.stretch_matrix(_skewed_latents(), cap=4.0)
    images = torch.rand(2, 3, 32, 32) * 2 - 1
    z = vae.encode(images).latent_dist.mean
    recon = vae.decode(z).sample
    latent_space.fold_into_vae(vae, matrix)
    z_folded = vae.encode(images).latent_dist.mean
    assert torch.allclose(z_folded, torch.einsum("ij,bjhw->bihw", matrix, z), atol=1e-5)
    assert torch.allclose(vae.decode(z_folded).sample, recon, atol=1e-5)
    assert not torch.allclose(z_folded, z, atol=1e-2)  # the latent did change


@torch.no_grad()
def test_the_folded_unet_is_the_same_function_in_the_new_coordinates():
    config = PRESETS["tiny"]
    unet = build_unet(config).eval()
    matrix, _ = latent_space.stretch_matrix(_skewed_latents(), cap=4.0)
    latents, text = torch.randn(1, 4, 8, 8), torch.randn(1, 5, 384)
    before = unet(latents, 500, text).sample
    latent_space.fold_into_unet(unet, matrix)
    after = unet(torch.einsum("ij,bjhw->bihw", matrix, latents), 500, text).sample
    assert torch.allclose(after, torch.einsum("ij,bjhw->bihw", matrix, before), atol=1e-4)
