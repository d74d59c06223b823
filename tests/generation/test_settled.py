"""A waiting thread is woken by a job's announcement when the announcing transaction commits, never
before it and never only by the periodic re-read; a rolled-back transition wakes nobody. Runs on both
databases: PostgreSQL's NOTIFY in its pass, the embedded default's datagrams in SQLite's."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections, transaction

from generation import settled

pytestmark = pytest.mark.django_db(transaction=True)


class Waiter(threading.Thread):
    def __init__(self, job_id: str, is_settled) -> None:
        super().__init__(daemon=True)
        self.job_id, self.is_settled = job_id, is_settled
        self.result: bool | None = None
        self.took = 0.0

    def run(self) -> None:
        started = time.monotonic()
        try:
            self.result = settled.wait_settled(self.job_id, self.is_settled, timeout=30)
        finally:
            self.took = time.monotonic() - started
            connections.close_all()


def test_a_commit_wakes_the_waiter_at_once_and_not_before():
    state = {"settled": False}
    waiter = Waiter("job_wake", lambda: state["settled"])
    waiter.start()
    time.sleep(0.5)  # registered, and past its first read

    with transaction.atomic():
        state["settled"] = True  # what the transition's row would say once committed
        settled.announce("job_wake")
        time.sleep(0.5)
        assert waiter.is_alive()  # announced inside the transaction: nobody hears it yet
    waiter.join(timeout=settled.SAFETY_POLL_SECONDS - 1.5)

    assert not waiter.is_alive() and waiter.result is True
    assert waiter.took < settled.SAFETY_POLL_SECONDS - 1  # woken, not found by the periodic re-read


def test_a_rolled_back_transition_wakes_nobody_and_the_wait_times_out():
    wakes: list[bool] = []

    def is_settled() -> bool:
        wakes.append(True)
        return False

    with transaction.atomic():
        settled.announce("job_rolled_back")
        transaction.set_rollback(True)
    started = time.monotonic()
    assert settled.wait_settled("job_rolled_back", is_settled, timeout=1.0) is False
    assert 1.0 <= time.monotonic() - started < 2.0
    assert len(wakes) == 2  # read at the start and at the deadline; no announcement woke it between


def test_an_announcement_for_another_job_does_not_end_the_wait():
    state = {"settled": False}
    waiter = Waiter("job_mine", lambda: state["settled"])
    waiter.start()
    time.sleep(0.3)
    settled.announce("job_other")
    time.sleep(0.5)
    assert waiter.is_alive()
    state["settled"] = True
    settled.announce("job_mine")
    waiter.join(timeout=3)
    assert waiter.result is True and waiter.took < settled.SAFETY_POLL_SECONDS
