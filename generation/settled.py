"""Waking what waits for a job: a sync request waits until its job ends or is held for review, woken by
the transition itself instead of polling the database.

Announcing: the receivers below (of `job_finished` and `job_held`, sent inside the transition's
transaction) announce the job's public id once that transaction commits.
- PostgreSQL: `NOTIFY assay_job_settled`, which PostgreSQL delivers at commit to every listening web
  process on every host. The listener needs a direct session (LISTEN does not pass a PgBouncer in
  transaction mode).
- SQLite (the embedded default, one machine): a datagram to the Unix socket of each web process in a
  folder private to the account, sent after commit.

Waiting: each process that waits runs one listener thread (started by its first wait) that wakes the
waiters registered for the ids it hears, threads (`wait_settled`) or event loops (`await_settled`).
A waiter also reads the job again every SAFETY_POLL_SECONDS, so that an announcement lost while a
listener reconnects costs seconds, not the whole timeout. When a web process begins shutting down,
`drain()` ends every wait at once (each request then answers 202 with its job, which the caller
follows), rather than leaving them to be cut off by the server's graceful timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import socket
import stat
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.dispatch import receiver

from generation.models import GenerationJob
from generation.signals import job_finished, job_held

logger = logging.getLogger(__name__)

CHANNEL = "assay_job_settled"
SAFETY_POLL_SECONDS = 5.0
LISTENER_READY_SECONDS = 2.0


# Announcing ---------------------------------------------------------------------------------------


@receiver(job_finished, sender=GenerationJob, dispatch_uid="settled.finished")
@receiver(job_held, sender=GenerationJob, dispatch_uid="settled.held")
def _announce_settled(sender: type, job: GenerationJob, **kwargs: object) -> None:
    announce(job.public_id)


def announce(job_id: str) -> None:
    """Tell every waiting process that `job_id` settled, once the current transaction commits."""
    if connection.vendor == "postgresql":
        # Queued by PostgreSQL, delivered at commit. In a savepoint: should it ever fail (a full
        # notification queue), the transition still commits and its waiters find it by re-reading.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, job_id])
        except DatabaseError:
            logger.warning("could not announce job %s; its waiters will find it by reading", job_id)
    else:
        transaction.on_commit(lambda: _send_datagrams(job_id))


def _socket_folder() -> Path:
    """A short folder (Unix socket paths are limited to ~100 bytes) for this installation, private to
    the account that runs it."""
    digest = hashlib.sha256(str(settings.VAR_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"assay-{os.getuid()}-{digest}"


def _private_folder() -> Path | None:
    folder = _socket_folder()
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()  # not a link someone else planted
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        logger.warning("%s is not private to this account: sync waits fall back to reading the job", folder)
        return None
    return folder


def _send_datagrams(job_id: str) -> None:
    folder = _private_folder()
    if folder is None:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
        sender.setblocking(False)
        for path in folder.glob("*.sock"):
            try:
                sender.sendto(job_id.encode(), str(path))
            except (ConnectionRefusedError, FileNotFoundError):
                path.unlink(missing_ok=True)  # its process is gone
            except OSError:
                pass  # a full buffer: that waiter reads the job again within SAFETY_POLL_SECONDS


# Listening ----------------------------------------------------------------------------------------


class _Waiters:
    """Callbacks by job id, called from the listener thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wakers: dict[str, set[Callable[[], None]]] = {}

    @contextlib.contextmanager
    def registered(self, job_id: str, wake: Callable[[], None]) -> Iterator[None]:
        with self._lock:
            self._wakers.setdefault(job_id, set()).add(wake)
        try:
            yield
        finally:
            with self._lock:
                wakers = self._wakers.get(job_id, set())
                wakers.discard(wake)
                if not wakers:
                    self._wakers.pop(job_id, None)

    def wake(self, job_id: str) -> None:
        with self._lock:
            wakers = list(self._wakers.get(job_id, ()))
        for wake in wakers:
            wake()

    def wake_all(self) -> None:
        with self._lock:
            wakers = [wake for wakers in self._wakers.values() for wake in wakers]
        for wake in wakers:
            wake()


_waiters = _Waiters()
_draining = False
_listener_lock = threading.Lock()
_listener_pid: int | None = None
_listener_ready = threading.Event()


def _ensure_listener() -> None:
    """Start this process's listener once (again in a forked child), and give it a moment to listen
    so that the caller's first read of the job cannot race an announcement it would not hear."""
    global _listener_pid
    with _listener_lock:
        if _listener_pid != os.getpid():
            _listener_pid = os.getpid()
            _listener_ready.clear()
            target = _listen_postgres if connection.vendor == "postgresql" else _listen_datagrams
            threading.Thread(target=target, name="assay-settled-listener", daemon=True).start()
    _listener_ready.wait(LISTENER_READY_SECONDS)


# TCP keepalives, so that a session a NAT or a failover dropped without a word is noticed in about a
# minute, not the operating system's two hours.
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
_HEALTH_CHECK_SECONDS = 30.0


def _listen_postgres() -> None:
    import psycopg
    from django.db import connections

    # A session of its own, outside Django's pool: it stays in LISTEN for the life of the process.
    params = connections.create_connection("default").get_connection_params() | _KEEPALIVES
    while True:
        try:
            with psycopg.connect(**params, autocommit=True) as raw:
                raw.execute(f"LISTEN {CHANNEL}")
                _listener_ready.set()
                while True:
                    for note in raw.notifies(timeout=_HEALTH_CHECK_SECONDS):
                        _waiters.wake(note.payload)
                    raw.execute("SELECT 1")  # quiet for a while: is the session still there?
        except Exception:
            if _draining:
                return  # the process is shutting down (`drain`): no waiter is left to wake
            logger.warning("the job-settled listener lost its database session; reconnecting", exc_info=True)
        time.sleep(1.0)


def _listen_datagrams() -> None:
    while True:
        folder = _private_folder()
        if folder is None:
            _listener_ready.set()  # nothing will be heard: waiters read the job every few seconds
            return
        path = folder / f"{os.getpid()}.sock"
        path.unlink(missing_ok=True)
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
                listener.bind(str(path))
                _listener_ready.set()
                while True:
                    data = listener.recv(256)
                    _waiters.wake(data.decode("ascii", "replace"))
        except Exception:
            logger.warning("the job-settled socket %s failed; binding again", path, exc_info=True)
        time.sleep(1.0)


# Waiting ------------------------------------------------------------------------------------------


def drain() -> None:
    """End every wait in this process now, and every later one at once: the process is shutting down.
    Its listener then stops at its next error (a session ended with the process) instead of reconnecting."""
    global _draining
    _draining = True
    _waiters.wake_all()


def wait_settled(job_id: str, is_settled: Callable[[], bool], timeout: float) -> bool:
    """Block this thread until `is_settled()` or `timeout` seconds; True if it settled."""
    if timeout <= 0 or _draining:
        return is_settled()
    _ensure_listener()
    woken = threading.Event()
    deadline = time.monotonic() + timeout
    with _waiters.registered(job_id, woken.set):
        while not is_settled():
            left = deadline - time.monotonic()
            if left <= 0 or _draining:
                return False
            woken.wait(min(left, SAFETY_POLL_SECONDS))
            woken.clear()
    return True


async def await_settled(job_id: str, is_settled: Callable[[], Awaitable[bool]], timeout: float) -> bool:
    """As `wait_settled`, holding no thread while it waits (for ASGI servers)."""
    if timeout <= 0 or _draining:
        return await is_settled()
    await asyncio.to_thread(_ensure_listener)
    loop = asyncio.get_running_loop()
    woken = asyncio.Event()
    deadline = time.monotonic() + timeout

    def wake() -> None:
        loop.call_soon_threadsafe(woken.set)

    with _waiters.registered(job_id, wake):
        while not await is_settled():
            left = deadline - time.monotonic()
            if left <= 0 or _draining:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), min(left, SAFETY_POLL_SECONDS))
            woken.clear()
    return True
