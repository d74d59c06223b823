"""The `assay-shapes-1` recipe: VAE, UNet, scheduler and training settings, as named presets.

Served size is 256x256, trained natively at 256 (no upscaler to ship). The VAE downsamples 8x to
32x32x4 latents: a 4x VAE would give 64x64 latents and about 4x the UNet cost per step, which breaks the
<= 1.5 s per image budget on a 2-core CPU (measured there: a 7 M UNet at 32x32 latents takes ~1.45 s
for 20 steps with guidance). Four latent channels keep the folder usable by diffusers' inpainting pipeline
(which accepts 4 or 9 UNet input channels). The colour drift seen with the feasibility VAE is fought
with a low-frequency colour loss, and then by refining the decoder alone on whole renders with the
encoder frozen (`refine.py`): that took the VAE round trip's object colour from 93% to 100% without
changing a single latent. A 16x VAE (16x16 latents: 2.6x the UNet's samples per second on one core)
was tried and not pursued on the CPU: it needs a VAE trained from scratch (11 dB after its first 300
steps), which a continuation of the shipped model does not.

Presets: "full" is the recipe for a GPU (a few minutes on an H100), "cpu" a smaller one for background
training on a 2-core CPU, "tiny" exists for tests.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

IMAGE_SIZE = 256
CROSS_ATTENTION_DIM = 384  # MiniLM's hidden size
DEFAULT_STEPS = 20
# Chosen on training-split validation prompts (bench/eval_shapes_model.py --validation): at 3 both
# assay-shapes-1 and its diverse continuation get all attributes right more often than at 5.
DEFAULT_GUIDANCE = 3.0

# DDIM with v-prediction, zero terminal SNR and trailing timesteps: at the last training timestep the
# latent is pure noise, so sampling starts from what training saw (Lin et al. 2023, "Common Diffusion
# Noise Schedules and Sample Steps are Flawed").
SCHEDULER_CONFIG: dict[str, Any] = {
    "num_train_timesteps": 1000,
    "beta_start": 0.00085,
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "clip_sample": False,
    "set_alpha_to_one": False,
    "steps_offset": 1,
    "prediction_type": "v_prediction",
    "rescale_betas_zero_snr": True,
    "timestep_spacing": "trailing",
}


@dataclass(frozen=True)
class VaeConfig:
    block_out_channels: tuple[int, ...] = (32, 64, 128, 128)
    layers_per_block: int = 1
    latent_channels: int = 4
    # Few groups: GroupNorm removes each group's mean, and on flat-colour images that mean *is* the
    # colour; with one channel per group the feasibility VAE lost colours (measured).
    norm_num_groups: int = 8

    def kwargs(self) -> dict[str, Any]:
        n = len(self.block_out_channels)
        return {
            "in_channels": 3,
            "out_channels": 3,
            "latent_channels": self.latent_channels,
            "block_out_channels": self.block_out_channels,
            "layers_per_block": self.layers_per_block,
            "norm_num_groups": self.norm_num_groups,
            "down_block_types": ("DownEncoderBlock2D",) * n,
            "up_block_types": ("UpDecoderBlock2D",) * n,
            "sample_size": IMAGE_SIZE,
            "mid_block_add_attention": False,
        }


@dataclass(frozen=True)
class UnetConfig:
    block_out_channels: tuple[int, ...] = (32, 64, 128, 128)
    # Which levels (from the highest resolution) have cross-attention.
    cross_attention: tuple[bool, ...] = (False, False, True, True)
    layers_per_block: int = 1
    attention_head_dim: int = 8
    norm_num_groups: int = 16
    # Caption pooled into the timestep embedding (diffusers' `addition_embed_type="text"`), so every
    # ResNet block sees the whole caption, not only the cross-attention levels. Colour, background and
    # size are global facts of the scene; this is how a class-conditional model gets them cheaply.
    text_time_embedding: bool = False

    def kwargs(self, latent_channels: int, latent_size: int) -> dict[str, Any]:
        down = tuple("CrossAttnDownBlock2D" if a else "DownBlock2D" for a in self.cross_attention)
        up = tuple("CrossAttnUpBlock2D" if a else "UpBlock2D" for a in reversed(self.cross_attention))
        return {
            "sample_size": latent_size,
            "in_channels": latent_channels,
            "out_channels": latent_channels,
            "layers_per_block": self.layers_per_block,
            "block_out_channels": self.block_out_channels,
            "down_block_types": down,
            "up_block_types": up,
            "cross_attention_dim": CROSS_ATTENTION_DIM,
            "attention_head_dim": self.attention_head_dim,
            "norm_num_groups": self.norm_num_groups,
        } | (
            {"addition_embed_type": "text", "addition_embed_type_num_heads": CROSS_ATTENTION_DIM // 64}
            if self.text_time_embedding
            else {}
        )


@dataclass(frozen=True)
class TrainConfig:
    vae: VaeConfig = field(default_factory=VaeConfig)
    unet: UnetConfig = field(default_factory=UnetConfig)
    image_size: int = IMAGE_SIZE
    vae_share: float = 0.25  # fraction of the time budget spent on the VAE
    vae_crop: int = 128  # the VAE is convolutional: it trains on random crops of 256 px renders
    vae_batch: int = 32
    vae_lr: float = 1e-3
    vae_kl_weight: float = 1e-6
    vae_colour_weight: float = 4.0  # MSE between 8x8-pooled input and output: keeps flat colours exact
    scale_samples: int = 64  # renders encoded to measure the latent scaling factor
    bank_size: int = 8192  # training scenes encoded once to latents + caption embeddings
    unet_batch: int = 64
    unet_lr: float = 1e-3
    min_lr_ratio: float = 0.1
    warmup_steps: int = 200
    weight_decay: float = 0.01
    ema_decay: float = 0.999
    cfg_dropout: float = 0.1  # captions replaced by "" so guidance has an unconditional model
    # Diffusion loss weight of latent cells covered by the object (background cells weigh 1). The object
    # is 4-16% of the image, so a plain MSE spends most of its gradient on backgrounds the model already
    # draws right, while the object's colour is what it gets wrong.
    object_weight: float = 1.0
    # Cap of the stretch of the latent's colour directions (`latent_space.py`; 1 = none). The 8x VAE's
    # latent is nearly one-dimensional (lightness); its colour directions have std 0.06-0.27 against
    # diffusion noise of std 1, and the UNet confused red with purple on held-out scenes.
    latent_stretch: float = 1.0
    grad_clip: float = 1.0
    checkpoint_minutes: float = 10.0
    eval_prompts: int = 8  # held-out prompts scored at each checkpoint (1 seed each)
    eval_steps: int = DEFAULT_STEPS

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


PRESETS: dict[str, TrainConfig] = {
    "full": TrainConfig(
        vae=VaeConfig(block_out_channels=(32, 64, 128, 128), layers_per_block=2, norm_num_groups=8),
        unet=UnetConfig(
            block_out_channels=(64, 128, 160, 160),  # 13.6 M params, 27 MB fp16
            cross_attention=(False, True, True, True),
            layers_per_block=1,
            text_time_embedding=True,
        ),
        vae_share=0.25,
        vae_crop=256,
        vae_batch=32,
        vae_lr=1e-3,
        bank_size=65536,
        unet_batch=256,
        unet_lr=5e-4,
        ema_decay=0.9995,
        latent_stretch=4.0,
        checkpoint_minutes=2.0,
        eval_prompts=24,
    ),
    "cpu": TrainConfig(
        vae=VaeConfig(block_out_channels=(16, 32, 64, 64), layers_per_block=1, norm_num_groups=4),
        unet=UnetConfig(
            block_out_channels=(32, 64, 128, 128),
            # Cross-attention at 16x16 too (added in stage 5): with it only at 8x8 and 4x4 the model got
            # held-out colours wrong in a quarter of its images.
            cross_attention=(False, True, True, True),
            text_time_embedding=True,
        ),
        vae_share=0.25,
        vae_crop=64,
        vae_batch=16,
        bank_size=4096,
        unet_batch=32,
        unet_lr=1e-3,
        warmup_steps=50,
        ema_decay=0.995,
        latent_stretch=4.0,
        checkpoint_minutes=8.0,
        eval_prompts=8,
    ),
    "tiny": TrainConfig(
        vae=VaeConfig(block_out_channels=(8, 8, 8, 8), norm_num_groups=4),
        unet=UnetConfig(
            block_out_channels=(16, 32),
            cross_attention=(False, True),
            attention_head_dim=4,
            norm_num_groups=8,
        ),
        vae_crop=32,
        vae_batch=2,
        scale_samples=4,
        bank_size=8,
        unet_batch=2,
        warmup_steps=1,
        checkpoint_minutes=1e9,
        eval_prompts=1,
        eval_steps=2,
    ),
}
