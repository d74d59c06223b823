"""Fixtures for the images API: a tiny real diffusers model and an eager pipeline."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    from generation.tiny_model import build_tiny_pipeline

    folder = tmp_path_factory.mktemp("models") / "assay-tiny"
    sha256 = build_tiny_pipeline(folder, seed=0)
    return folder, sha256


@pytest.fixture
def tiny_model(db, tiny_model_dir):
    from audit.events import Actor
    from generation.catalog import TINY_MODEL_SIZES, model_register
    from generation.models import Mode

    folder, sha256 = tiny_model_dir
    return model_register(
        name="assay-tiny",
        backend="diffusers",
        family="sd15",
        license="test",
        capabilities=list(Mode.values),
        sizes=[*TINY_MODEL_SIZES, "64x72"],
        folder=str(folder),
        weights_sha256=sha256,
        default_steps=3,
        default_guidance=5.0,
        actor=Actor.system("tests"),
    )


@pytest.fixture
def eager_pipeline(settings, tmp_path):
    """Run the pipeline's Celery tasks in-process, in order, as a worker would (real code, no broker)."""
    from controlplane.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
