"""The web server (`assay web`: what `make run` and the Helm chart run) with sync requests waiting for
their jobs: /healthz still answers at once, no request fails, and each waiting request is answered when
its job settles, woken by the job's announcement rather than by the periodic re-read.

Real processes: the server (one web process, so that it alone holds all the waiting requests) and
Celery workers, on a SQLite stack (its announcements are datagrams between processes).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.live import generate, make_stack, release_noise, wait_until, web_process

# Its live stacks run on SQLite whatever DATABASE_URL says, so it skips on the PostgreSQL pass; the
# `database` mark is the one every test that starts a live stack carries (tests/live.py).
pytestmark = [
    pytest.mark.database,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs its own SQLite stack"
    ),
]

WAITING = 50
BODY = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2}


def post(base: str, key: str, body: dict) -> tuple[int, dict, datetime]:
    """The request, and when its answer arrived."""
    status, answer = generate(base, key, body, timeout=300)
    return status, answer, datetime.now(UTC)


def healthz_seconds(base: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:  # noqa: S310 - our own URL
        assert response.status == 200
    return time.perf_counter() - started


def rows(root: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(root / "assay.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchall()


# Jobs that wait in `queued` while no gpu worker runs: their prompts are decided on `control`, since
# with moderation in place (ASSAY_MODERATE_IN_PLACE_QUEUES, `gpu` by default) only a gpu worker would
# decide them, and it would generate them at once.
HELD_IN_QUEUE = {"ASSAY_SYNC_TIMEOUT_SECONDS": "240", "ASSAY_MODERATE_IN_PLACE_QUEUES": "none"}


def test_waiting_sync_requests_leave_healthz_fast_and_are_woken_when_their_jobs_settle(
    tmp_path, tiny_model_folder
):
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder, extra_env=HELD_IN_QUEUE)
    try:
        base = stack.start_server(workers=1)
        server_pid = stack.processes[-1].pid
        release_noise(base, stack.operator_key)
        stack.start_worker("control", queues="control")  # moderation and screening; no gpu worker yet
        key = stack.credentials()["api_key"]
        idle_threads = web_process(server_pid)["threads"]
        assert web_process(server_pid)["openblas_threads"] == 1  # no spinning BLAS thread per process

        with ThreadPoolExecutor(max_workers=WAITING) as pool:
            futures = [pool.submit(post, base, key, BODY | {"seed": i}) for i in range(WAITING)]
            queued = "SELECT COUNT(*) FROM generation_generationjob WHERE status = 'queued'"
            wait_until(lambda: rows(tmp_path, queued)[0][0] == WAITING, timeout=120, what="every job queued")
            time.sleep(1.0)  # the last admitted requests reach their wait

            latencies = sorted(healthz_seconds(base) for _ in range(20))
            waiting_threads = web_process(server_pid)["threads"]
            assert not any(future.done() for future in futures)  # all 50 are still waiting
            assert latencies[-1] < 0.1, latencies
            # A waiting request holds no thread (nor the database connection a thread would keep). The
            # process does start a fixed set while admitting them: the event loop's default executor (at
            # most cpu_count + 4 threads), asgiref's thread-sensitive executor, the wake-up listener and
            # the server's own; never one per waiting request (50 here).
            fixed = (os.cpu_count() or 1) + 4 + 4
            assert waiting_threads <= idle_threads + fixed, (idle_threads, waiting_threads)

            stack.start_worker("gpu", queues="gpu")
            answers = [future.result(timeout=300) for future in futures]

        assert [status for status, _, _ in answers] == [200] * WAITING, [
            a[:2] for a in answers if a[0] != 200
        ]
        # Each answer came within a moment of its job's completion: the announcement woke it (the
        # periodic re-read, every 5 s, would leave most of them seconds late).
        lags = []
        for _status, body, answered_at in answers:
            (finished,) = rows(
                tmp_path,
                "SELECT transitioned_at FROM generation_generationjob WHERE public_id = ?",
                (body["job_id"],),
            )[0]
            lags.append((answered_at - datetime.fromisoformat(finished).replace(tzinfo=UTC)).total_seconds())
        lags.sort()
        print(
            f"healthz with {WAITING} waiting: median {latencies[len(latencies) // 2] * 1000:.1f} ms, "
            f"max {latencies[-1] * 1000:.1f} ms; web process threads idle {idle_threads}, "
            f"waiting {waiting_threads};"
            f" answer after completion: median {lags[len(lags) // 2]:.2f} s, max {lags[-1]:.2f} s"
        )
        assert lags[len(lags) // 2] < 1.0 and lags[-1] < 3.0, lags
    finally:
        stack.stop_all()


def test_an_idle_connection_stays_open_longer_than_a_proxys_keep_alive(tmp_path, tiny_model_folder):
    """A reverse proxy (ingress-nginx keeps upstream connections 60 s) reuses idle connections; one the
    server closed first turns the next request into a 502. So the server keeps them longer (75 s):
    here, a connection idle for 8 s (past the earlier 5 s) still takes a request."""
    import http.client

    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder)
    try:
        base = stack.start_server(workers=1)
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", "/healthz")
        assert connection.getresponse().read() and connection.sock is not None
        local = connection.sock.getsockname()
        time.sleep(8)
        connection.request("GET", "/healthz")  # on the same socket: raises if the server closed it
        answer = connection.getresponse()
        assert answer.status == 200 and connection.sock.getsockname() == local
        connection.close()
    finally:
        stack.stop_all()


def test_a_web_process_shutting_down_answers_its_waiting_requests_at_once(tmp_path, tiny_model_folder):
    """SIGTERM (a rolling deploy): each waiting sync request answers 202 with its job right away, which
    its caller follows, instead of being cut off when the graceful timeout runs out."""
    stack = make_stack(tmp_path, tiny_model_dir=tiny_model_folder, extra_env=HELD_IN_QUEUE)
    try:
        base = stack.start_server(workers=1)
        server = stack.processes[-1]
        stack.start_worker("control", queues="control")  # no gpu worker: the jobs wait
        key = stack.credentials()["api_key"]
        with ThreadPoolExecutor(max_workers=10) as pool:
            futures = [pool.submit(post, base, key, BODY | {"seed": i}) for i in range(10)]
            queued = "SELECT COUNT(*) FROM generation_generationjob WHERE status = 'queued'"
            wait_until(lambda: rows(tmp_path, queued)[0][0] == 10, timeout=120, what="every job queued")
            time.sleep(1.0)
            os.kill(server.pid, signal.SIGTERM)  # gunicorn's master: a graceful stop of its workers
            started = time.monotonic()
            answers = [future.result(timeout=60) for future in futures]
            took = time.monotonic() - started
        assert [status for status, _, _ in answers] == [202] * 10, answers
        assert all(body["status"] == "queued" and body["id"].startswith("job_") for _, body, _ in answers)
        assert took < 10, took  # at once, not after the 30 s graceful timeout
        server.wait(timeout=60)
    finally:
        stack.stop_all()
