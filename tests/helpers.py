"""Assertions and helpers shared by tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape: {"error": {"message", "type", "code", "param"}}, with a useful message.
    Only a job's errors add fields (`job_id`, `job_status`, and for some `stage` or `withheld`), and
    quota refusals (`limit`, `resets_at`)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    extra = {"job_id", "job_status", "stage", "withheld", "limit", "resets_at"}
    assert set(body["error"]) - extra == {
        "message",
        "type",
        "code",
        "param",
    }, body
    assert body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def race(calls) -> list[object]:
    """Run the calls at once in threads (a barrier releases them together); each outcome is the call's
    result or the exception it raised. Each thread closes its own database connection."""
    import threading

    from django.db import connection

    start = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = calls[index]()
        except Exception as exc:  # the outcome under test
            outcomes[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@contextlib.contextmanager
def task_arguments() -> Iterator[list[tuple[str, str]]]:
    """The (task name, repr of its positional arguments) of every Celery task run inside the block, as
    Celery would log them: what a task's arguments expose to the logs."""
    from celery.signals import task_prerun

    ran: list[tuple[str, str]] = []

    def record(sender=None, task_id=None, task=None, args=None, **_: object) -> None:
        ran.append((task.name, repr(tuple(args or ()))))

    task_prerun.connect(record, weak=False)
    try:
        yield ran
    finally:
        task_prerun.disconnect(record)


def png_upload(colour: tuple[int, int, int] = (120, 120, 120), side: int = 64) -> object:
    """A small PNG as a multipart upload (a named file object) for the images endpoints."""
    import io

    from PIL import Image

    upload = io.BytesIO()
    Image.new("RGB", (side, side), colour).save(upload, "PNG")
    upload.seek(0)
    upload.name = "in.png"
    return upload
