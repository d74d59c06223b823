"""Reading the metrics: GET /metrics on the web, a worker's metrics server, and the bookkeeping of
processes that exited.

Apart from `metrics` (the series), so that the URLs and the worker's metrics server need none of
their receivers.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from wsgiref.simple_server import WSGIServer

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from controlplane.observability import folders
from generation.models import TERMINAL_STATUSES, GenerationJob, JobStatus

_ACTIVE_STATUSES = [status for status in JobStatus.values if status not in TERMINAL_STATUSES]


class JobsByStatus:
    """assay_jobs{status}: jobs in each non-terminal status now, counted by the database at scrape (one
    grouped query on the (status, transitioned_at) index). A gauge kept by the processes would drift
    with every crash between a change and its count; the table is the truth."""

    def collect(self) -> Iterator[Metric]:
        counts = dict(
            GenerationJob.objects.filter(status__in=_ACTIVE_STATUSES)
            .order_by()
            .values_list("status")
            .annotate(jobs=Count("pk"))
        )
        family = GaugeMetricFamily("assay_jobs", "Jobs now in each non-terminal status.", labels=["status"])
        for status in _ACTIVE_STATUSES:
            family.add_metric([status], counts.get(status, 0))
        yield family


def registry(*, with_jobs: bool) -> CollectorRegistry:
    """The samples of every process of this tree (and the database's job counts when `with_jobs`)."""
    collected = CollectorRegistry()
    multiprocess.MultiProcessCollector(collected, path=str(folders.current()))
    if with_jobs:
        collected.register(JobsByStatus())
    return collected


def _authorized(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """GET /metrics: open, or behind `Authorization: Bearer $ASSAY_METRICS_TOKEN` when that is set."""
    token = settings.ASSAY_METRICS_TOKEN
    if token and not _authorized(request, token):
        response = HttpResponse("A bearer token is required.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry(with_jobs=True)), content_type=CONTENT_TYPE_LATEST)


def serve_worker_metrics(port: int) -> WSGIServer:
    """A Celery worker's metrics over HTTP (a thread of its main process): its pool's samples. The job
    counts are the web's, so that they are scraped once."""
    server, _thread = start_http_server(port, registry=registry(with_jobs=False))
    return server


def process_exited(pid: int) -> None:
    """A process of this tree is gone: its live gauges (requests in progress) stop counting."""
    multiprocess.mark_process_dead(pid, path=str(folders.current()))
