from __future__ import annotations

import platform
import sys

from celery import shared_task


@shared_task(name="controlplane.ping_task", soft_time_limit=10, time_limit=20)
def ping_task() -> dict[str, str]:
    """Answers from a worker: proves the broker round trip and says where the worker runs."""
    return {"status": "ok", "system": platform.system(), "python": sys.version.split()[0]}
