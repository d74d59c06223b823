"""Fixtures for generation tests: a tiny randomly initialised diffusers model, built once per session.

torch and diffusers are imported inside the fixtures, so generation tests that do not ask for the model
do not pay for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tiny_model_folder) -> Path:
    """A folder holding the tiny model in Assay's layout (text encoder from the MiniLM package)."""
    return tiny_model_folder


@pytest.fixture(scope="session")
def tiny_model_spec(tiny_model_dir):
    """The tiny model as the diffusers backend sees a catalog entry (weights sha256 included)."""
    from generation.backends.base import ModelSpec
    from generation.tiny_model import weights_sha256

    return ModelSpec(
        name="assay-tiny",
        backend="diffusers",
        family="sd15",
        path=str(tiny_model_dir),
        weights_sha256=weights_sha256(tiny_model_dir),
    )
