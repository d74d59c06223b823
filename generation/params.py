"""The typed request: what a caller asked for (`ImageRequest`), and what a job runs with
(`GenerationParams`, stored as `GenerationJob.params`). Both are plain values, free of HTTP and Django.

This module owns the request's limits: the prompt length and the seed range. Image i of a job uses
seed + i; admission fixes the seed (drawing one when the caller gave none), so every local image is
reproducible, and the backends run the seed they are given.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field, fields
from typing import Any

MAX_PROMPT_CHARS = 32_000
# The largest seed a request may give (32 bits, what most diffusion tooling takes). Image i of a job
# uses seed + i, which stays far inside torch's 64-bit generator seed.
MAX_SEED = 2**32 - 1
MAX_N = 10
# `best_of`: the most candidates one job may generate and rank (they share a batch on one worker).
MAX_BEST_OF = 8


def draw_seed() -> int:
    """A seed for a request that gave none, low enough that every image's seed (seed + i, i < MAX_N) is
    one a caller may send back to reproduce that image alone."""
    return secrets.randbelow(MAX_SEED - MAX_N + 2)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """What a caller may set beyond the prompt; None means "not given" (the model's or the backend's
    default, or a provider that has no such setting)."""

    n: int = 1
    response_format: str = "b64_json"
    output_format: str = "png"
    quality: str | None = None
    output_compression: int | None = None
    background: str | None = None
    user: str | None = None
    seed: int | None = None
    steps: int | None = None
    guidance_scale: float | None = None
    scheduler: str | None = None
    strength: float | None = None
    expand: tuple[int, int, int, int] | None = None  # outpaint: left, top, right, bottom
    # Assay's: generate this many candidates (n <= best_of <= MAX_BEST_OF), return the n that the model's
    # scorer ranks best (generation.best_of); None: generate n.
    best_of: int | None = None

    def settings(self) -> dict[str, Any]:
        """These fields alone, to carry them from a request into a job's parameters."""
        return {f.name: getattr(self, f.name) for f in fields(Settings)}


@dataclass(frozen=True, kw_only=True)
class GenerationParams(Settings):
    """A job's settings exactly as the pipeline runs them. `size` is resolved ("WxH", never "auto")."""

    size: str

    @property
    def width(self) -> int:
        return int(self.size.split("x")[0])

    @property
    def height(self) -> int:
        return int(self.size.split("x")[1])

    @property
    def candidates(self) -> int:
        """How many images the job generates (and quotas reserve): `best_of` when asked, else `n`."""
        return self.best_of if self.best_of is not None else self.n

    def to_dict(self) -> dict[str, Any]:
        """The JSON stored on the job and shown as its `params` (settings not given are left out)."""
        given = {key: value for key, value in asdict(self).items() if value is not None}
        data = {"n": self.n, "size": self.size} | given  # the two always there, first
        if self.expand is not None:
            data["expand"] = list(self.expand)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerationParams:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if values.get("expand") is not None:
            values["expand"] = tuple(values["expand"])
        return cls(**values)


@dataclass(frozen=True, kw_only=True)
class ImageRequest(Settings):
    """A generation or edit request as the caller sent it (validated in shape, not yet against a model).

    `size` may be "auto"; `image`/`mask` are the uploaded bytes of an edit; `expand` asks for an outpaint.
    """

    prompt: str
    model: str | None = None
    size: str = "auto"
    negative_prompt: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    webhook_url: str = ""
    image: bytes | None = None
    mask: bytes | None = None

    @classmethod
    def field_names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))
