"""Outbound webhooks (a job's, a review escalation's, a quota alert's) run on a queue of their own,
`webhooks`, consumed by a pool of its own: a receiver that accepts connections and never answers holds
only webhook workers, never the control pool that moderates, screens and releases every tenant's jobs.

What is checked: Celery's router sends each webhook task there and nothing else; `assay worker` takes
the queue (and a threads pool for it alone); `assay serve` (`make run`) runs a worker of its own for it;
and, live, a job finishes and its webhook arrives while another job's webhook hangs on a silent receiver.
(The Helm chart's pool for every queue: tests/deploy/test_chart.py.)"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import pytest
from django.conf import settings

from controlplane import serve, worker
from controlplane.celery import app
from controlplane.quotas.tasks import deliver_alert_task
from controlplane.review.tasks import deliver_escalation_task
from generation import tasks
from generation.queues import Queue
from generation.steps import NextStep, Step
from tests.live import generate, make_stack, wait_until

WEBHOOK_TASKS = [tasks.deliver_webhook_task, deliver_escalation_task, deliver_alert_task]
ALL_QUEUES = {"control", "gpu", "api", "webhooks"}


def routed_queue(task_name: str, **options) -> str:
    return app.amqp.router.route(options, task_name)["queue"].name


# -- routing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", WEBHOOK_TASKS, ids=lambda task: task.name)
def test_every_webhook_task_is_routed_to_the_webhooks_queue(task):
    assert routed_queue(task.name) == "webhooks"


def test_nothing_else_is_routed_to_the_webhooks_queue_and_the_queue_is_named_once():
    assert Queue("webhooks") == "webhooks"
    routed = {name for name, route in settings.CELERY_TASK_ROUTES.items() if route["queue"] == "webhooks"}
    assert routed == {task.name for task in WEBHOOK_TASKS}
    # The pipeline's steps stay where they were.
    for name in ("generation.moderate_job_task", "generation.finish_job_task", "review.sla_task"):
        assert routed_queue(name) == "control"


@pytest.mark.django_db
def test_a_jobs_notify_step_is_published_to_the_webhooks_queue(
    monkeypatch, django_capture_on_commit_callbacks
):
    """`tasks.dispatch`, the one publish path of the pipeline's steps, names no queue for NOTIFY: the
    routing table sends it."""
    sent: list[tuple[str, str]] = []

    def send_task(name, args=None, kwargs=None, **options):
        sent.append((name, app.amqp.router.route(dict(options), name, args, kwargs)["queue"].name))

    monkeypatch.setattr(app, "send_task", send_task)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.dispatch(NextStep(Step.NOTIFY, 1, job_id="job_test"))
    assert sent == [("generation.deliver_webhook_task", "webhooks")]


# -- `assay worker` --------------------------------------------------------------------------------


@pytest.fixture
def celery_command(monkeypatch) -> list[list[str]]:
    """The Celery command lines `assay worker` would run (nothing is started)."""
    commands: list[list[str]] = []
    monkeypatch.setattr(worker, "run_supervised", lambda command, grace: commands.append(command) or 0)
    return commands


def option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_assay_worker_consumes_every_queue_by_default_the_webhooks_queue_included(celery_command):
    assert worker.main([]) == 0
    (command,) = celery_command
    assert set(option(command, "-Q").split(",")) == ALL_QUEUES
    assert option(command, "-P") == "prefork"


def test_assay_worker_runs_the_webhooks_queue_on_threads(celery_command):
    assert worker.main(["--queues", "webhooks", "--pool", "threads", "--concurrency", "8",
                        "--hostname", "webhooks@%h"]) == 0  # fmt: skip
    (command,) = celery_command
    assert option(command, "-Q") == "webhooks"
    assert option(command, "-P") == "threads"
    assert option(command, "-c") == "8"
    assert option(command, "-n") == "webhooks@%h"


@pytest.mark.parametrize("queues", ["control", "webhooks,control", "gpu", "api"])
def test_assay_worker_refuses_threads_for_any_other_queue(celery_command, capsys, queues):
    with pytest.raises(SystemExit) as exited:
        worker.main(["--queues", queues, "--pool", "threads"])
    assert exited.value.code == 2
    assert "--pool threads runs the webhooks queue only" in capsys.readouterr().err
    assert celery_command == []


# -- `assay serve` (`make run`) --------------------------------------------------------------------


def test_assay_serve_runs_a_worker_of_its_own_for_the_webhooks_queue(celery_command):
    children = {
        child.name: child for child in serve.commands("127.0.0.1", 8000, web_workers=2, concurrency=2)
    }
    workers = {name: child.command for name, child in children.items() if child.command[1] == "worker"}
    consumed = {name: option(command, "--queues").split(",") for name, command in workers.items()}
    assert sorted(queue for queues in consumed.values() for queue in queues) == sorted(ALL_QUEUES)
    # One worker consumes the webhooks queue, and nothing else.
    (hooks,) = [name for name, queues in consumed.items() if "webhooks" in queues]
    assert consumed[hooks] == ["webhooks"]
    assert "--beat" not in workers[hooks]
    # Its own node name (its metrics folder is named after it), and no second metrics server.
    assert children[hooks].env == {"ASSAY_METRICS_PORT": ""}
    # What `assay worker` makes of its arguments.
    assert worker.main(workers[hooks][2:]) == 0
    (command,) = celery_command
    assert option(command, "-Q") == "webhooks"
    assert option(command, "-P") == "threads"
    assert int(option(command, "-c")) > 1
    assert option(command, "-n").startswith("webhooks@")


# -- live: a silent receiver holds only the webhook worker --------------------------------------------


class SilentReceiver:
    """Accepts connections and never answers; keeps them open until closed."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/hook"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self) -> None:
        self.sock.close()
        for connection in self.held:
            connection.close()


def get_job(base_url: str, key: str, job_id: str) -> dict:
    request = urllib.request.Request(  # noqa: S310 - our own http URL
        f"{base_url}/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


# How long the silent receiver holds a delivery (ASSAY_WEBHOOK_TIMEOUT_SECONDS): under the task's soft
# time limit (60 s), which would otherwise free a prefork process first.
HANG_SECONDS = 45


@pytest.mark.database
@pytest.mark.parametrize("broker", ["filesystem", "redis"])
def test_a_silent_receiver_holds_only_the_webhook_worker(tmp_path, tiny_model_folder, broker):
    """`assay serve` with one control process: job A's webhook hangs on a receiver that never answers,
    and job B is moderated, generated, screened and released on that process meanwhile, its webhook
    delivered by another of the webhook worker's threads."""
    from tests.controlplane.test_serve import serve as serve_stack
    from tests.generation.test_pipeline import Receiver

    env = {
        "ASSAY_WEBHOOK_TIMEOUT_SECONDS": str(HANG_SECONDS),
        "ASSAY_WEBHOOK_MAX_RETRIES": "0",
        # Every job's moderation and screening on the control queue, which one process serves.
        "ASSAY_MODERATE_IN_PLACE_QUEUES": "none",
        "ASSAY_FINISH_IN_PLACE": "false",
        "ASSAY_HEARTBEAT_INTERVAL_SECONDS": "1",
    }
    if broker == "filesystem":
        env["CELERY_BROKER_URL"] = "filesystem://"
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder, extra_env=env)
    silent, hook = SilentReceiver(), Receiver([])
    try:
        base, _log = serve_stack(stack, concurrency=1)
        key = stack.credentials()["api_key"]
        body = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2, "async": True}

        status, first = generate(base, key, body | {"seed": 1, "webhook_url": silent.url})
        assert status == 202, first
        wait_until(lambda: silent.held, timeout=180, what="job A's webhook to reach the silent receiver")
        hanging_since = time.monotonic()

        status, second = generate(base, key, body | {"seed": 2, "webhook_url": hook.url})
        assert status == 202, second
        done = wait_until(
            lambda: (job := get_job(base, key, second["id"]))["status"] in ("completed", "failed") and job,
            timeout=HANG_SECONDS - 15,  # about 5 s on a quiet machine
            what="job B to end while job A's webhook hangs",
        )
        assert done["status"] == "completed", done
        wait_until(lambda: hook.received, timeout=10, what="job B's webhook")
        assert json.loads(hook.received[0][1])["data"]["id"] == second["id"]
        # Job A's delivery was still waiting all along.
        assert time.monotonic() - hanging_since < HANG_SECONDS
        assert get_job(base, key, first["id"])["status"] == "completed"
    finally:
        silent.close()  # the hanging delivery fails at once: the worker stops without waiting on it
        hook.close()
        stack.stop_all()
