"""Rendering the Helm chart (helm/assay) for the deploy tests.

helm-sdkpy (the library the issue names) lints but cannot render: it has no template action, its
Install needs a cluster, and its lint report loses the messages (each `Err` comes back as `{}`). The
manifests are rendered by helm-python-sdk instead, which runs Helm v4's own engine offline
(`Chart.render`, no cluster) and returns schema errors with their message.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "helm" / "assay"
GPU_HEAVY = CHART / "values-gpu-heavy.yaml"
# The least an install adds to values.yaml: the schema asks for the database and broker URLs.
CI_VALUES = CHART / "ci" / "default-values.yaml"
RELEASE = "assay"  # contains the chart's name: resources are named "assay-..."
NAMESPACE = "assay"
INSTALL_HINT = (
    "install the deploy tools: pip install '.[deploy]' && "
    "pip install --ignore-requires-python 'helm-sdkpy==0.1.32'"
)


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's merge of a values file over the chart's: maps merge key by key, anything else (lists
    included) is replaced, and null deletes."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def chart_defaults() -> dict[str, Any]:
    """values.yaml alone, which the schema refuses (no database, no broker)."""
    return yaml.safe_load((CHART / "values.yaml").read_text())


def chart_values(*overrides: dict[str, Any]) -> dict[str, Any]:
    """values.yaml with ci/default-values.yaml (the least an install gives) and the overrides."""
    values = merge(chart_defaults(), yaml.safe_load(CI_VALUES.read_text()))
    for override in overrides:
        values = merge(values, override)
    return values


def gpu_heavy_values() -> dict[str, Any]:
    """values.yaml with the example file alone: it names existing Secrets, so it needs no CI values."""
    return merge(chart_defaults(), yaml.safe_load(GPU_HEAVY.read_text()))


def render(values: dict[str, Any]) -> list[dict[str, Any]]:
    """Every manifest the chart makes with these (complete) values, hooks included, NOTES left out."""
    helm_python = pytest.importorskip("helm_python", reason=INSTALL_HINT)
    chart = helm_python.Chart.load(str(CHART))
    chart.validate_schema(values)
    rendered = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    manifests = []
    for path, text in sorted(rendered.items()):
        if path.endswith(".yaml"):
            manifests += [doc for doc in yaml.safe_load_all(text) if doc]
    return manifests
