"""The Celery app's start-up hooks: torch threads shared among pool processes, screening models loaded
in the pool processes of workers that screen; and its database connections kept from task to task."""

from __future__ import annotations

from types import SimpleNamespace

import psycopg
import pytest
from celery.fixups.django import DjangoWorkerFixup
from celery.signals import task_postrun, task_prerun
from django.db import connection
from PIL import Image

from controlplane.celery import _close_old_connections, _share_cores, _warm_up_screening, app
from generation import tasks
from policy.screening import faces, nsfw

LOADERS = (nsfw._model, faces._cascade, faces._hog, faces._embedder)


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "ASSAY_ENCODER_THREADS"):
        monkeypatch.setenv(name, "")  # records the original (set or not) for restoring after the test
        monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize(
    ("cores", "concurrency", "threads"), [(2, 2, "1"), (8, 2, "4"), (2, 4, "1"), (4, 1, "4")]
)
def test_each_pool_process_gets_its_share_of_the_cores(clean_env, settings, cores, concurrency, threads):
    import os

    settings.ASSAY_TORCH_THREADS = 0
    settings.ASSAY_ENCODER_THREADS = 2
    clean_env.setattr(os, "cpu_count", lambda: cores)
    _share_cores(sender=SimpleNamespace(concurrency=concurrency))
    assert os.environ["OMP_NUM_THREADS"] == threads and os.environ["MKL_NUM_THREADS"] == threads
    # The prompt encoder's threads follow the same share, up to its default of two.
    assert os.environ["ASSAY_ENCODER_THREADS"] == str(min(2, int(threads)))


def test_the_setting_and_an_operators_omp_num_threads_win(clean_env, settings):
    import os

    settings.ASSAY_TORCH_THREADS = 3
    _share_cores(sender=SimpleNamespace(concurrency=2))
    assert os.environ["OMP_NUM_THREADS"] == "3"
    clean_env.setenv("OMP_NUM_THREADS", "6")
    clean_env.setenv("ASSAY_ENCODER_THREADS", "4")
    _share_cores(sender=SimpleNamespace(concurrency=2))
    assert os.environ["OMP_NUM_THREADS"] == "6" and os.environ["ASSAY_ENCODER_THREADS"] == "4"


@pytest.fixture
def consuming():
    """Select the queues a worker would consume (`-Q`), with no screening model loaded yet."""
    queues = app.amqp.queues
    previous = queues._consume_from
    for loader in LOADERS:
        loader.cache_clear()

    def select(names: str) -> None:
        queues.select(names.split(","))

    yield select
    queues._consume_from = previous
    tasks.finish_in_place(False)  # a start that turned it on must not reach the tests that follow


def loaded() -> list[int]:
    return [loader.cache_info().currsize for loader in LOADERS]


def test_a_worker_that_screens_loads_the_screening_models_at_start(consuming):
    consuming("control,gpu")
    _warm_up_screening()
    assert loaded() == [1, 1, 1, 1]


def test_the_pool_waits_for_a_process_that_is_loading_them():
    # worker_process_init runs before a pool process reports up; Celery's default wait is 4 s, and the
    # loading took 3.6 s on a busy 2-core machine.
    assert app.conf.worker_proc_alive_timeout >= 30


def test_a_generation_only_worker_does_not_load_them_when_it_does_not_finish_in_place(consuming, settings):
    settings.ASSAY_FINISH_IN_PLACE = False
    consuming("gpu,api")
    _warm_up_screening()
    assert loaded() == [0, 0, 0, 0]
    assert tasks.finishes_in_place() is False


def test_a_generation_worker_that_finishes_in_place_loads_them(consuming, settings):
    settings.ASSAY_FINISH_IN_PLACE = True
    consuming("gpu")
    _warm_up_screening()
    assert loaded() == [1, 1, 1, 1]
    assert tasks.finishes_in_place() is True


def test_a_model_that_fails_to_load_is_logged_and_screening_fails_closed_later(consuming, settings, caplog):
    settings.ASSAY_NSFW_MODEL_PATH = "/nonexistent/open-nsfw.onnx"
    consuming("control")
    _warm_up_screening()  # the worker process still starts
    assert "loading the screening models failed" in caplog.text
    with pytest.raises(nsfw.ClassifierError, match="open_nsfw failed"):
        nsfw.NSFWClassifier().classify(Image.new("RGB", (64, 64)))


# The Redis broker's channel (controlplane.broker) ----------------------------------------------------


@pytest.fixture
def redis_broker():
    from tests.live import claim_redis_db, release_redis_db

    url, claim = claim_redis_db()
    try:
        yield url
    finally:
        release_redis_db(claim)


def test_the_redis_broker_publishes_every_message_through_one_client(redis_broker, monkeypatch):
    import redis
    from kombu import Connection, Queue

    from controlplane.broker import RedisTransport

    made = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    queue = Queue("broker-test")
    with Connection(redis_broker) as connection:
        assert isinstance(connection.transport, RedisTransport)  # what `redis://` means once the app loads
        with connection.Producer() as producer:
            producer.publish({"n": 0}, routing_key=queue.name, declare=[queue])
            monkeypatch.setattr(redis.Redis, "__init__", counting)
            for n in (1, 2, 3):
                producer.publish({"n": n}, routing_key=queue.name, declare=[queue])
            assert made == []
            # A lost connection gives the channel a new pool: the next message gets a client on it.
            producer.channel._disconnect_pools()
            producer.publish({"n": 4}, routing_key=queue.name, declare=[queue])
            assert len(made) == 1 and made[0].connection_pool is producer.channel.pool
        monkeypatch.undo()
        received = connection.SimpleQueue(queue)
        assert [received.get(timeout=5).payload["n"] for _ in range(5)] == [0, 1, 2, 3, 4]
        received.close()


def test_only_the_ping_keeps_a_result():
    """A job's state lives in its row: no task of the pipeline or of beat stores a result (a key per
    task in the result store, and a subscription by the publisher on every send); the ping's answer is
    what its caller waits for."""
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {
        "generation.moderate_generate_job_task",
        "generation.finish_job_task",
        "quotas.reconcile_task",
    } <= set(ours)
    assert [name for name, task in ours.items() if not task.ignore_result] == ["controlplane.ping_task"]


def _run_task(fixup: DjangoWorkerFixup, body) -> object:
    """`body` run as a worker runs a task: Celery's Django fixup and every receiver of the task signals
    before and after it, whatever it raises."""
    task = app.tasks["generation.finish_job_task"]
    fixup.on_task_prerun(sender=task)
    task_prerun.send(sender=task, task_id="a-task", task=task, args=(1,), kwargs={})
    try:
        return body()
    finally:
        fixup.on_task_postrun(sender=task)
        task_postrun.send(sender=task, task_id="a-task", task=task, args=(1,), kwargs={}, state="SUCCESS")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_its_database_session_from_task_to_task_and_replaces_a_broken_one():
    """Celery's Django fixup closes every connection around each task, so each task opened a new
    PostgreSQL session (~7 ms of every job's path); with CELERY_DB_REUSE_MAX set it keeps them, and
    the app does around each task what Django does around each request."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no connection between requests either (CONN_MAX_AGE is 0 there)")
    fixup = DjangoWorkerFixup(app)
    assert fixup.db_reuse_max  # read from the settings, as a worker's fixup reads it
    first = _run_task(fixup, _backend_pid)
    assert _run_task(fixup, _backend_pid) == first
    assert _run_task(fixup, _backend_pid) == first

    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [first])
    # The next task's first query checks the session (CONN_HEALTH_CHECKS, re-armed around each task),
    # finds it dead and opens another: the task does not fail on a session that ended between tasks.
    replaced = _run_task(fixup, _backend_pid)
    assert replaced != first
    assert _run_task(fixup, _backend_pid) == replaced


@pytest.mark.django_db
def test_an_eager_task_leaves_its_callers_connection_alone():
    """An eager task runs inside its caller's transaction (a request, a test): closing the connection
    there would break the caller."""
    _close_old_connections(task=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
