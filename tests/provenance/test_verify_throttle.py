"""POST /v1/verify without an API key: a limited number of verifications per minute per client address."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from controlplane.console import throttle
from tests.helpers import assert_error, png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_a_minute(settings, monkeypatch):
    """Two anonymous verifications a minute, on a clock held 20 s into a window (a window edge inside the
    test would reset the count)."""
    settings.ASSAY_VERIFY_ANONYMOUS_PER_MINUTE = 2
    throttle.limiter().storage.reset()
    monkeypatch.setattr(throttle, "_now", lambda: 1_764_000_020.0)
    yield
    throttle.limiter().storage.reset()


def verify(client: APIClient, address: str = "203.0.113.7"):
    return client.post("/v1/verify", {"image": png_upload()}, format="multipart", REMOTE_ADDR=address)


@pytest.mark.parametrize("storage", ["", "memory://"], ids=["database", "limits"])
def test_an_address_without_a_key_is_refused_after_its_limit_then_others_are_not(settings, storage):
    settings.ASSAY_RATELIMIT_STORAGE_URL = storage
    anonymous = APIClient()
    assert verify(anonymous).status_code == 200
    assert verify(anonymous).status_code == 200

    refused = verify(anonymous)
    error = assert_error(refused, 429, "rate_limit_exceeded")
    assert "send an API key" in error["message"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    if not storage:  # the database's fixed window: 20 s into it, 40 s are left
        assert refused["Retry-After"] == "40"

    assert verify(anonymous, address="198.51.100.9").status_code == 200


def test_a_key_holder_is_not_counted(tenant, key_client):
    client = key_client(tenant, "auditor").client
    for _ in range(4):
        assert verify(client).status_code == 200
    assert verify(APIClient()).status_code == 200


def test_zero_turns_the_limit_off(settings):
    settings.ASSAY_VERIFY_ANONYMOUS_PER_MINUTE = 0
    for _ in range(4):
        assert verify(APIClient()).status_code == 200


def test_ipv6_addresses_of_one_network_count_as_one_client():
    """A subscriber's /64 holds 2^64 addresses: rotating through them is one client."""
    anonymous = APIClient()
    assert verify(anonymous, address="2001:db8:1:2::1").status_code == 200
    assert verify(anonymous, address="2001:db8:1:2::ffff").status_code == 200
    assert_error(verify(anonymous, address="2001:db8:1:2:abcd::9"), 429, "rate_limit_exceeded")
    assert verify(anonymous, address="2001:db8:1:3::1").status_code == 200
