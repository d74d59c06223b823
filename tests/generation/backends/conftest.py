"""The licensed-API backend's fixtures: a local OpenAI-compatible server (`tests.fakes.openai_server`) that
the real `openai` client talks to, one per test module, reset for each test."""

from __future__ import annotations

import pytest

from generation.backends.base import ModelSpec
from tests.fakes.openai_server import FakeOpenAI

GPT_IMAGE = ModelSpec(name="assay-gpt-image", backend="openai", family="openai", provider_model="gpt-image-1")


@pytest.fixture(scope="module")
def server():
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def fake(server, settings):
    server.reset()
    settings.ASSAY_OPENAI_BASE_URL = server.base_url
    settings.ASSAY_OPENAI_API_KEY = server.api_key
    settings.ASSAY_OPENAI_TIMEOUT_SECONDS = 5
    settings.ASSAY_OPENAI_MAX_RETRIES = 3
    return server
