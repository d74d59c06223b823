"""Generation backends behind one protocol (`base.GenerationBackend`), chosen by the catalog's name.

Backends are imported lazily: the web process never imports torch or diffusers.
"""

from __future__ import annotations

from importlib import import_module

from generation.backends.base import GenerationBackend

_BACKENDS = {
    "diffusers": "generation.backends.diffusers_backend:DiffusersBackend",
    "openai": "generation.backends.openai_backend:OpenAIBackend",
}
_instances: dict[str, GenerationBackend] = {}


def get_backend(name: str) -> GenerationBackend:
    """One instance per backend per process, so loaded pipelines and clients are reused."""
    if name not in _instances:
        try:
            module_name, class_name = _BACKENDS[name].split(":")
        except KeyError:
            raise LookupError(
                f"unknown generation backend {name!r}; known: {', '.join(sorted(_BACKENDS))}"
            ) from None
        _instances[name] = getattr(import_module(module_name), class_name)()
    return _instances[name]
