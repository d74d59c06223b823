"""On Redis, a request's rate limits are checked and counted by one script: one round trip, exact under
concurrency, in `limits`' own windows (its API reads what the script counted, and the reverse)."""

from __future__ import annotations

import time

import pytest
import redis
from limits import RateLimitItemPerMinute

from audit.events import Actor
from controlplane.quotas import ratelimit, services
from tests.controlplane.quotas.helpers import hits_at_once
from tests.live import claim_redis_db, release_redis_db

TESTS = Actor.system("tests")


@pytest.fixture
def redis_url(settings):
    url, claim = claim_redis_db()
    settings.ASSAY_RATELIMIT_STORAGE_URL = url
    try:
        yield url
    finally:
        release_redis_db(claim)


@pytest.fixture
def limits(tenant, key_client):
    """A tenant limit of 5 requests a minute and a key limit of 3; returns the key's primary key."""
    developer = key_client(tenant, "developer")
    services.limit_set(tenant=tenant, values={"requests_per_minute": 5}, actor=TESTS)
    services.limit_set(
        tenant=tenant, api_key=developer.api_key, values={"requests_per_minute": 3}, actor=TESTS
    )
    return developer.api_key.pk


def remaining(url: str, limit: int, tenant, who: str) -> int:
    stats = ratelimit._limiter(url).get_window_stats(
        RateLimitItemPerMinute(limit), str(tenant.public_id), who
    )
    return stats.remaining


@pytest.mark.django_db
def test_one_round_trip_counts_every_limit_in_limits_own_windows(redis_url, tenant, limits, monkeypatch):
    sent = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, check_health=True):
        sent.append(command)
        return send(self, command, check_health)

    ratelimit.hit(tenant=tenant, api_key_id=limits)  # loads the script (a miss costs one more trip)
    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    allowance = ratelimit.hit(tenant=tenant, api_key_id=limits)

    assert len(sent) == 1
    # The tightest: the key's 3, of which 2 are spent.
    assert (allowance.limit, allowance.remaining) == (3, 1)
    assert 58 < allowance.reset_seconds <= 60
    assert remaining(redis_url, 5, tenant, "tenant") == 3
    assert remaining(redis_url, 3, tenant, f"key:{limits}") == 1


@pytest.mark.django_db
def test_hits_counted_through_limits_api_count_for_the_script(redis_url, tenant, limits):
    limiter = ratelimit._limiter(redis_url)
    for _ in range(2):
        assert limiter.hit(RateLimitItemPerMinute(3), str(tenant.public_id), f"key:{limits}")
    assert ratelimit.hit(tenant=tenant, api_key_id=limits).remaining == 0
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit(tenant=tenant, api_key_id=limits)
    assert "this API key" in str(refused.value)
    assert 1 <= refused.value.retry_after <= 60
    assert refused.value.http_headers["x-ratelimit-remaining-requests"] == "0"
    # Refused by the key's limit: the tenant's window holds only the one admitted request.
    assert remaining(redis_url, 5, tenant, "tenant") == 4


@pytest.mark.django_db
def test_a_full_window_refuses_until_its_oldest_hit_leaves_it(redis_url, tenant, limits, monkeypatch):
    now = [float(int(time.time()))]  # whole seconds: the arithmetic below is exact
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    first = now[0]
    for step in range(3):
        now[0] = first + 10 * step
        ratelimit.hit(tenant=tenant, api_key_id=limits)
    now[0] = first + 25
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit(tenant=tenant, api_key_id=limits)
    assert refused.value.retry_after == 35  # the first hit leaves the minute at first + 60
    now[0] = first + 60.5
    assert ratelimit.hit(tenant=tenant, api_key_id=limits).remaining == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_take_exactly_the_limit(redis_url, tenant, key_client):
    developer = key_client(tenant, "developer")
    services.limit_set(tenant=tenant, values={"requests_per_minute": 7}, actor=TESTS)
    services.limit_set(
        tenant=tenant, api_key=developer.api_key, values={"requests_per_minute": 100}, actor=TESTS
    )
    ratelimit.hit(tenant=tenant, api_key_id=developer.api_key.pk)  # reads the limits, loads the script
    outcomes = hits_at_once(tenant=tenant, api_key_id=developer.api_key.pk, count=20)
    assert outcomes.count("admitted") == 6 and outcomes.count("refused") == 14
    assert remaining(redis_url, 7, tenant, "tenant") == 0
    assert remaining(redis_url, 100, tenant, f"key:{developer.api_key.pk}") == 93


@pytest.mark.django_db
def test_other_stores_go_through_limits_api(settings, tenant, limits):
    settings.ASSAY_RATELIMIT_STORAGE_URL = "memory://"
    ratelimit._limiter.cache_clear()
    try:
        assert ratelimit.hit(tenant=tenant, api_key_id=limits).remaining == 2
        ratelimit.hit(tenant=tenant, api_key_id=limits)
        ratelimit.hit(tenant=tenant, api_key_id=limits)
        with pytest.raises(ratelimit.RateLimited):
            ratelimit.hit(tenant=tenant, api_key_id=limits)
        assert remaining("memory://", 5, tenant, "tenant") == 2
    finally:
        ratelimit._limiter.cache_clear()
