"""Prometheus metrics: the named series after one job, the bearer token on /metrics, the worker's
metrics server, and samples of several processes summed (multiprocess mode)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import urllib.request

import pytest
from django.test import Client
from prometheus_client import CollectorRegistry, multiprocess
from prometheus_client.parser import text_string_to_metric_families

from controlplane.observability import exposition, folders
from generation import pipeline
from provenance.errors import ProvenanceError

pytestmark = pytest.mark.django_db(transaction=True)

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def parse(text: str) -> Samples:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(client: Client, **headers: str) -> Samples:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return parse(response.content.decode())


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum over the series of `name` whose labels include `labels` (0 when there is none)."""
    wanted = set(labels.items())
    return sum(v for (n, have), v in samples.items() if n == name and wanted <= set(have))


def present(samples: Samples, name: str, **labels: str) -> bool:
    wanted = set(labels.items())
    return any(n == name and wanted <= set(have) for (n, have) in samples)


@pytest.mark.usefixtures("eager_pipeline")
def test_one_job_fills_the_named_series(tiny_model, tenant, key_client):
    developer = key_client(tenant, "developer")
    web = Client()
    before = scrape(web)

    response = developer.client.post(
        "/v1/images/generations",
        {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0},
        format="json",
    )
    assert response.status_code == 200, response.content
    after = scrape(web)

    def grew(name: str, **labels: str) -> bool:
        return value(after, name, **labels) > value(before, name, **labels)

    route = {"method": "POST", "route": "v1/images/generations", "status_class": "2xx"}
    assert grew("assay_http_request_duration_seconds_count", **route)
    assert present(after, "assay_http_request_duration_seconds_bucket", le="0.1", **route)
    assert present(after, "assay_http_requests_in_progress", method="POST")
    for status in ("received", "completed"):
        assert grew("assay_job_transitions_total", status=status)
    assert grew("assay_job_queue_wait_seconds_count", queue="gpu")
    assert grew("assay_generation_seconds_count", model="assay-tiny")
    assert grew("assay_policy_decisions_total", stage="prompt", decision="allow")
    assert grew("assay_policy_decisions_total", stage="output")
    assert present(after, "assay_signing_failures_total", model="assay-tiny")
    # The job's events (received, decisions, image, signed, completed) and the key's creation.
    assert (
        value(after, "assay_audit_append_seconds_count") - value(before, "assay_audit_append_seconds_count")
        >= 5
    )
    # Read from the database: nothing is left in flight after the job.
    for status in ("received", "moderating", "queued", "generating", "screening", "signing"):
        assert value(after, "assay_jobs", status=status) == 0
    # The URL pattern, never the path with its ids.
    assert not any(name.startswith("assay_http") and "img_" in str(labels) for name, labels in after)


@pytest.mark.usefixtures("eager_pipeline")
def test_a_signing_failure_is_counted(tiny_model, tenant, key_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ProvenanceError("the signing key was revoked")

    monkeypatch.setattr(pipeline.provenance_services, "stamp", refuse)
    developer = key_client(tenant, "developer")
    web = Client()
    before = value(scrape(web), "assay_signing_failures_total", model="assay-tiny")
    response = developer.client.post(
        "/v1/images/generations",
        {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "seed": 0},
        format="json",
    )
    assert response.status_code >= 500 or response.json().get("error"), response.content
    after = scrape(web)
    assert value(after, "assay_signing_failures_total", model="assay-tiny") == before + 1
    assert value(after, "assay_job_transitions_total", status="failed") >= 1


def test_metrics_can_ask_for_a_bearer_token(settings):
    web = Client()
    settings.ASSAY_METRICS_TOKEN = "metrics-token-1234"
    assert web.get("/metrics").status_code == 401
    assert web.get("/metrics").headers["WWW-Authenticate"].startswith("Bearer")
    assert web.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert web.get("/metrics", headers={"Authorization": "Basic metrics-token-1234"}).status_code == 401
    assert present(scrape(web, Authorization="Bearer metrics-token-1234"), "assay_jobs")
    settings.ASSAY_METRICS_TOKEN = None
    assert web.get("/metrics").status_code == 200
    assert web.post("/metrics").status_code == 405


def test_a_request_gets_an_id_or_keeps_a_sane_one():
    web = Client()
    made = web.get("/healthz")["X-Request-ID"]
    assert len(made) == 32 and made != web.get("/healthz")["X-Request-ID"]
    assert web.get("/healthz", headers={"X-Request-ID": "trace-0123456789"})["X-Request-ID"] == (
        "trace-0123456789"
    )
    odd = web.get("/healthz", headers={"X-Request-ID": "x\u00e9 token=abc"})["X-Request-ID"]
    assert len(odd) == 32


def test_the_worker_serves_its_folder(tmp_path, settings, monkeypatch):
    """A worker's main process switches to a folder of its own before its pool forks, and its metrics
    server reads that folder (not the web's, and without the database's job counts)."""
    settings.PROMETHEUS_MULTIPROC_DIR = tmp_path
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "counter_1.db").write_bytes(b"")  # the web's: left alone
    folder = folders.use_worker_folder("celery@host one")
    assert folder == tmp_path / "worker-celery@host_one"
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)
    assert (tmp_path / "counter_1.db").exists()

    write_samples(folder, processes=1)
    server = exposition.serve_worker_metrics(0)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/metrics", timeout=5) as reply:
            samples = parse(reply.read().decode())
    finally:
        server.shutdown()
        server.server_close()
    assert value(samples, "assay_job_transitions_total", status="completed") == 1
    assert not present(samples, "assay_jobs")


def write_samples(folder, *, processes: int) -> list[int]:
    """Start `processes` real processes that load the settings and the metrics module, count one
    completed job each, hold a request in progress and exit; returns their pids."""
    script = textwrap.dedent(
        """
        import os
        import django

        django.setup()
        from controlplane.observability import metrics

        metrics.JOB_TRANSITIONS.labels(status="completed").inc()
        metrics.HTTP_REQUESTS_IN_PROGRESS.labels(method="GET").inc()
        print(os.getpid())
        """
    )
    env = os.environ | {
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "controlplane.settings",
    }
    children = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    pids = []
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        pids.append(int(out.strip()))
    return pids


def test_samples_of_every_process_are_summed(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    pids = write_samples(tmp_path, processes=2)

    def collected() -> Samples:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=str(tmp_path))
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in registry.collect()
            for sample in family.samples
        }

    samples = collected()
    assert value(samples, "assay_job_transitions_total", status="completed") == 2
    # A live gauge counts its processes until they are marked dead (gunicorn's child_exit hook).
    assert value(samples, "assay_http_requests_in_progress") == 2
    for pid in pids:
        exposition.process_exited(pid)
    assert value(collected(), "assay_http_requests_in_progress") == 0
    assert value(collected(), "assay_job_transitions_total", status="completed") == 2
