"""The model catalog: which models exist, where their weights are, what they may do."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from audit.events import Actor, EventType
from audit.services import record_event
from generation import selectors
from generation.models import Backend, ImageModel, Mode
from generation.vocabulary import Vocabulary, model_vocabulary


class CatalogError(Exception):
    pass


def model_folder(folder: str) -> Path:
    path = Path(folder)
    return path if path.is_absolute() else Path(settings.ASSAY_MODELS_DIR) / path


def model_declared_vocabulary(model: ImageModel) -> Vocabulary | None:
    """The vocabulary a local model's folder declares (its vocabulary.json), None when it declares none."""
    if model.backend != Backend.DIFFUSERS or not model.folder:
        return None
    return model_vocabulary(model_folder(model.folder))


# Admission's models, remembered per process ------------------------------------------------------------

# Every submission resolves its model; the catalog changes a few times a year, so each web process keeps
# the enabled models it resolved for this long. A change made in this process applies at once
# (`model_register` forgets them all); one made elsewhere (the `assay model` command) within this long.
MODEL_CACHE_SECONDS = 5.0
_MODEL_CACHE_MAX = 1_000  # names remembered; past it the memory starts over


@dataclass(frozen=True)
class _RememberedModel:
    loaded_at: float  # time.monotonic()
    model: ImageModel  # never handed out: each caller gets a copy of its own


_models: dict[str, _RememberedModel] = {}


def model_cache_clear() -> None:
    _models.clear()


def _forget_models() -> None:
    """Forget now, and again once the change commits, so that a request that read the old row in
    between does not keep it."""
    _models.clear()
    transaction.on_commit(_models.clear)


def _remember_model(name: str, remembered: _RememberedModel) -> None:
    if len(_models) >= _MODEL_CACHE_MAX:
        _models.clear()
    _models[name] = remembered


def enabled_model(name: str) -> ImageModel | None:
    """The enabled model called `name` ("": the first enabled one by name), remembered for
    MODEL_CACHE_SECONDS. A name that matches no enabled model is asked again
    each time (it is not remembered: made-up names must not fill the memory)."""
    remembered = _models.get(name)
    if remembered is not None and time.monotonic() - remembered.loaded_at < MODEL_CACHE_SECONDS:
        return copy.copy(remembered.model)
    loaded_at = time.monotonic()
    model = selectors.model_by_name(name) if name else selectors.enabled_models().first()
    if model is not None:
        # Once the reading transaction commits (at once outside one): a row created in a transaction
        # that rolls back is never remembered.
        transaction.on_commit(partial(_remember_model, name, _RememberedModel(loaded_at, copy.copy(model))))
    return model


@transaction.atomic
def model_register(
    *,
    name: str,
    backend: str,
    family: str,
    license: str,
    capabilities: list[str],
    sizes: list[str],
    actor: Actor,
    folder: str = "",
    provider_model: str = "",
    weights_sha256: str = "",
    max_n: int = 10,
    default_steps: int | None = None,
    default_guidance: float | None = None,
    description: str = "",
) -> ImageModel:
    """Add or update a catalog entry (a platform event in the audit log)."""
    if backend not in Backend.values:
        raise CatalogError(f"backend must be one of {', '.join(Backend.values)}")
    unknown = sorted(set(capabilities) - set(Mode.values))
    if unknown or not capabilities:
        raise CatalogError(f"capabilities must be some of {', '.join(Mode.values)}; got {unknown or 'none'}")
    if backend == Backend.DIFFUSERS:
        if not folder:
            raise CatalogError("a diffusers model needs --folder (its diffusers-format directory)")
        if not (model_folder(folder) / "model_index.json").exists():
            raise CatalogError(
                f"{model_folder(folder)} has no model_index.json: not a diffusers model folder"
            )
        if not weights_sha256:
            from generation.tiny_model import weights_sha256 as folder_weights_sha256

            weights_sha256 = folder_weights_sha256(model_folder(folder))
    fields: dict[str, Any] = {
        "backend": backend,
        "family": family,
        "license": license,
        "capabilities": capabilities,
        "sizes": sizes,
        "folder": folder,
        "provider_model": provider_model,
        "weights_sha256": weights_sha256,
        "max_n": max_n,
        "default_steps": default_steps,
        "default_guidance": default_guidance,
        "description": description,
        "is_enabled": True,
    }
    model, created = ImageModel.objects.update_or_create(name=name, defaults=fields)
    _forget_models()
    record_event(
        tenant=None,
        event_type=EventType.MODEL_REGISTERED,
        actor=actor,
        subjects={"model": name},
        payload={"created": created, **{k: v for k, v in fields.items() if k != "description"}},
    )
    return model


TINY_MODEL_SIZES = ["256x256", "128x128", "64x64"]


def tiny_model_build(*, name: str, seed: int, actor: Actor) -> ImageModel:
    """Build (or rebuild) the tiny random pipeline under ASSAY_MODELS_DIR/<name> and register it.

    It draws noise: it exists so that the whole pipeline runs, in tests and in the demo, through the same
    loading code as a real model, until Assay's own trained model ships.
    """
    from generation.tiny_model import build_tiny_pipeline  # imports torch: CLI and workers only

    sha256 = build_tiny_pipeline(model_folder(name), seed=seed)
    return model_register(
        name=name,
        backend=Backend.DIFFUSERS,
        family="sd15",
        license="Apache-2.0 (random weights generated locally)",
        capabilities=list(Mode.values),
        sizes=TINY_MODEL_SIZES,
        folder=name,
        weights_sha256=sha256,
        default_steps=4,
        default_guidance=5.0,
        description="Tiny randomly initialised pipeline (draws noise) for tests and the demo.",
        actor=actor,
    )


SHIPPED_MODEL = "assay-shapes-1"
SHIPPED_MODEL_FOLDER = Path(__file__).resolve().parent / "shapes" / SHIPPED_MODEL
# Guidance 3 reads right more often than 5 on the model's training-split validation prompts (all
# attributes right 96.9% against 83.3%; bench/eval_shapes_model.py --validation). Installs that
# registered the model before this release carry 5.0, which shipped_model_ensure moves to 3.0.
SHIPPED_DEFAULT_GUIDANCE = 3.0
_SUPERSEDED_SHIPPED_GUIDANCE = 5.0


def shipped_model_ensure(*, actor: Actor) -> ImageModel | None:
    """Register the model Assay ships (generation/shapes/assay-shapes-1) unless the catalog has it;
    None when it is already there, so that running `make run` twice registers nothing twice.

    An entry of the shipped weights still at an earlier release's default guidance is moved to today's
    (audited); another value, or other weights registered under the name, are left as they are."""
    existing = ImageModel.objects.filter(name=SHIPPED_MODEL).first()
    if existing is not None:
        if existing.default_guidance == _SUPERSEDED_SHIPPED_GUIDANCE and _is_shipped_weights(existing):
            _shipped_guidance_upgrade(existing, actor=actor)
        return None
    return model_register(
        name=SHIPPED_MODEL,
        backend=Backend.DIFFUSERS,
        family="sd15",
        license="Apache-2.0",
        capabilities=list(Mode.values),
        sizes=["256x256"],
        folder=str(SHIPPED_MODEL_FOLDER),
        default_steps=20,
        default_guidance=SHIPPED_DEFAULT_GUIDANCE,
        description="Assay's own small model: one plain shape on a plain background (see its model card).",
        actor=actor,
    )


def _is_shipped_weights(model: ImageModel) -> bool:
    from generation.tiny_model import weights_sha256 as folder_weights_sha256

    return model.weights_sha256 == folder_weights_sha256(SHIPPED_MODEL_FOLDER)


@transaction.atomic
def _shipped_guidance_upgrade(model: ImageModel, *, actor: Actor) -> None:
    """Move the shipped model's default guidance from the superseded value to today's, once."""
    updated = ImageModel.objects.filter(pk=model.pk, default_guidance=_SUPERSEDED_SHIPPED_GUIDANCE).update(
        default_guidance=SHIPPED_DEFAULT_GUIDANCE
    )
    if not updated:  # another process moved it first
        return
    _forget_models()
    record_event(
        tenant=None,
        event_type=EventType.MODEL_REGISTERED,
        actor=actor,
        subjects={"model": model.name},
        payload={
            "created": False,
            "default_guidance": SHIPPED_DEFAULT_GUIDANCE,
            "previous_default_guidance": _SUPERSEDED_SHIPPED_GUIDANCE,
            "reason": "shipped default changed",
        },
    )
