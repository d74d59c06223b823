"""Which scorer a model's `best_of` uses: the model folder declares it, the worker loads it once.

A local model's `assay.json` names its scorer in `"scorer"`:

- `"package:<name>"`: a scorer that ships with Assay (`assay-shapes-1-scorer`, the own model's);
- `"clip:<folder>"`: an operator's CLIP or SigLIP folder (`save_pretrained` layout), absolute or relative
  to the model folder; loaded from that path only.

A model without the key has no scorer: admission refuses `best_of > n` for it. Reading the declaration
needs no torch (admission runs in the web process); loading imports torch, worker-side only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generation.catalog import model_folder
from generation.models import Backend, ImageModel
from generation.scoring import Scorer, ScorerUnavailable
from generation.tiny_model import read_model_config

SCORER_KEY = "scorer"


def _shapes_scorer() -> Scorer:
    from generation.scoring.shapes import ShapesScorer  # torch: worker-side only

    return ShapesScorer()


# The scorers that ship with Assay, by the name a model folder gives after `package:`.
PACKAGED: dict[str, Callable[[], Scorer]] = {"assay-shapes-1-scorer": _shapes_scorer}


@dataclass(frozen=True)
class ScorerRef:
    """A declared scorer: `kind` is `package` (then `name` is a key of PACKAGED) or `clip` (then `name`
    is the folder's absolute path)."""

    kind: str
    name: str

    @property
    def label(self) -> str:
        """What the record calls it (the audit log, the C2PA assertion)."""
        return self.name if self.kind == "package" else f"clip:{Path(self.name).name}"


def _unusable(folder: Path, message: str) -> ScorerUnavailable:
    return ScorerUnavailable(
        f"The model folder {folder} declares an unusable scorer: {message}. Its assay.json may name "
        f'"scorer": "package:<{"|".join(sorted(PACKAGED))}>" or "clip:<a local CLIP/SigLIP folder>".',
        param="best_of",
    )


def declared_scorer(folder: Path) -> ScorerRef | None:
    """The scorer a model folder declares, None when it declares none; raises ScorerUnavailable for a
    declaration that names nothing usable (an unknown package scorer, a CLIP folder that is missing)."""
    try:
        config = read_model_config(folder)
    except ValueError as exc:
        raise _unusable(folder, str(exc)) from exc
    value = config.get(SCORER_KEY)
    if value is None:
        return None
    kind, _, name = str(value).partition(":")
    if kind == "package":
        if name not in PACKAGED:
            raise _unusable(folder, f"no packaged scorer is called {name!r}")
        return ScorerRef("package", name)
    if kind == "clip" and name:
        path = Path(name) if Path(name).is_absolute() else folder / name
        if not path.is_dir():
            raise _unusable(folder, f"the CLIP/SigLIP folder {path} does not exist")
        return ScorerRef("clip", str(path.resolve()))
    raise _unusable(folder, f"{value!r} is neither package:<name> nor clip:<folder>")


def model_scorer(model: ImageModel) -> ScorerRef | None:
    """The scorer of a catalog model: a local model's declared one; a provider model has none."""
    if model.backend != Backend.DIFFUSERS or not model.folder:
        return None
    return declared_scorer(model_folder(model.folder))


@functools.cache
def load_scorer(ref: ScorerRef) -> Scorer:
    """The scorer, loaded once per worker process (its weights stay in memory for the next job)."""
    if ref.kind == "package":
        return PACKAGED[ref.name]()
    from generation.scoring.clip import ClipScorer  # torch and transformers: worker-side only

    return ClipScorer(ref.name)
