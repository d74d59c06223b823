"""Liveness and readiness probes (Kubernetes and load balancers call these; no authentication)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from controlplane.celery import app
from generation.models import QueueHeartbeat
from generation.queues import Queue


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and serving; touches nothing else."""
    return JsonResponse({"status": "ok"})


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _worker() -> str:
    """A control worker ran the periodic heartbeat lately (so beat, the broker and a worker all work)."""
    beat = QueueHeartbeat.objects.filter(queue=Queue.CONTROL).values_list("seen_at", flat=True).first()
    if beat is None:
        return "never seen: no control worker has run the heartbeat task"
    age = timezone.now() - beat
    if age > timedelta(seconds=3 * settings.ASSAY_HEARTBEAT_INTERVAL_SECONDS):
        return f"stale: the control queue's last heartbeat was {age.total_seconds():.0f} s ago"
    return "ok"


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready for traffic when the database and the broker answer (503 otherwise). A missing worker is
    reported (`degraded`) without taking the web process out of service: it can still accept jobs,
    which wait in the queue, and answer reads."""
    checks: dict[str, str] = {}
    for name, check in (("database", _database), ("broker", _broker), ("worker", _worker)):
        try:
            checks[name] = check()
        except Exception as exc:  # any driver or broker error means "not ready", never a 500
            checks[name] = f"error: {type(exc).__name__}"
    ready = checks["database"] == "ok" and checks["broker"] == "ok"
    status = "unavailable" if not ready else ("ok" if checks["worker"] == "ok" else "degraded")
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)
