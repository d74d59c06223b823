"""Shared steps of the quota and rate-limit tests."""

from __future__ import annotations

import threading

from django.db import connection

from controlplane.quotas import ratelimit


def hits_at_once(*, tenant, api_key_id: int, count: int) -> list[str]:
    """`count` threads call the rate limiter at the same moment; each outcome, "admitted" or "refused".
    Each thread closes its own database connection (a kept one would count against the server's limit)."""
    start = threading.Barrier(count)
    outcomes: list[str] = []

    def request() -> None:
        start.wait()
        try:
            ratelimit.hit(tenant=tenant, api_key_id=api_key_id)
            outcomes.append("admitted")
        except ratelimit.RateLimited:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes
