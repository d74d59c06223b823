"""The Celery app's start-up hooks: torch threads shared among pool processes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from controlplane.celery import _share_cores


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(name, "")  # records the original (set or not) for restoring after the test
        monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize(
    ("cores", "concurrency", "threads"), [(2, 2, "1"), (8, 2, "4"), (2, 4, "1"), (4, 1, "4")]
)
def test_each_pool_process_gets_its_share_of_the_cores(clean_env, settings, cores, concurrency, threads):
    import os

    settings.ASSAY_TORCH_THREADS = 0
    clean_env.setattr(os, "cpu_count", lambda: cores)
    _share_cores(sender=SimpleNamespace(concurrency=concurrency))
    assert os.environ["OMP_NUM_THREADS"] == threads and os.environ["MKL_NUM_THREADS"] == threads


def test_the_setting_and_an_operators_omp_num_threads_win(clean_env, settings):
    import os

    settings.ASSAY_TORCH_THREADS = 3
    _share_cores(sender=SimpleNamespace(concurrency=2))
    assert os.environ["OMP_NUM_THREADS"] == "3"
    clean_env.setenv("OMP_NUM_THREADS", "6")
    _share_cores(sender=SimpleNamespace(concurrency=2))
    assert os.environ["OMP_NUM_THREADS"] == "6"
