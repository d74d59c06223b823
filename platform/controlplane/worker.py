"""`assay worker` and `assay beat`: Celery's worker and beat, started so that they stop cleanly.

Celery's prefork worker stops well when SIGTERM reaches its main process only (a warm shutdown: the
tasks running finish, nothing new starts). It hangs when the signal reaches its whole process group
(systemd's default, Ctrl-C in a terminal, `make run`'s supervisor): the pool processes die holding
the pool's queue lock and the main process waits for them for ever. So Celery runs here in a session
of its own, where no group signal reaches its pool, and this process, which receives the signals,
hands them on:
- the first SIGTERM or SIGINT: SIGTERM to Celery's main process (warm shutdown);
- a second one, or SIGQUIT: SIGQUIT to it (cold shutdown: running tasks are abandoned, and with
  late acknowledgement the broker delivers them again);
- past `--grace` seconds after the first: SIGQUIT, then SIGKILL to Celery's whole session 10 s later.
Celery's main process, and each of its pool processes, is killed by Linux when its parent dies, so a
SIGKILL to this process (which cannot be handed on) still ends the whole worker.
Its exit status is Celery's.

`--pool threads` (the webhooks queue only) runs tasks on threads of Celery's main process instead of
pool processes: a webhook delivery waits on the network, and eight threads cost about one process.
The rest holds as for prefork: a warm shutdown lets the running deliveries end (each is bounded by its
own deadline, ASSAY_WEBHOOK_TIMEOUT_SECONDS after its 3 s lookup: Celery enforces no time limit on
threads), late acknowledgement hands back what was not done, and a SIGKILL here still ends it all. The
other queues' tasks need pool processes: time limits, and models loaded per process at its start.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from generation.queues import Queue

BIN = Path(sys.executable).parent
QUEUES = tuple(queue.value for queue in Queue)  # control, gpu, api, webhooks
POOLS = ("prefork", "threads")
THREADS_QUEUES = frozenset({Queue.WEBHOOKS.value})  # the queues `--pool threads` may consume
PR_SET_PDEATHSIG = 1  # prctl(2)
COLD_SHUTDOWN_SECONDS = 10.0  # after the grace, a cold shutdown gets this long before SIGKILL


def worker_command(
    queues: list[str], concurrency: int, *, beat: bool, pool: str = "prefork", hostname: str | None = None
) -> list[str]:
    command = [
        str(BIN / "celery"), "-A", "controlplane", "worker", "-Q", ",".join(queues),
        "-P", pool, "-c", str(concurrency), "-l", os.environ.get("LOG_LEVEL", "INFO"),
        "--without-gossip", "--without-mingle", "-E",
    ]  # fmt: skip
    if hostname:
        command += ["-n", hostname]
    return [*command, "-B"] if beat else command


def beat_command() -> list[str]:
    return [str(BIN / "celery"), "-A", "controlplane", "beat", "-l", os.environ.get("LOG_LEVEL", "INFO")]


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (elsewhere: nothing to do), and exit now
    if the parent is already gone."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def run_supervised(command: list[str], grace: float) -> int:
    """Run `command` in its own session and hand it the signals this process receives (see above).
    Celery dies with this process: a SIGKILL here (which cannot be handed on) still ends the worker."""
    asked: list[int] = []

    def hand_on(signum: int, frame: object) -> None:
        asked.append(signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):  # before the child exists
        signal.signal(signum, hand_on)
    child = subprocess.Popen(command, start_new_session=True, preexec_fn=die_with_parent)  # noqa: S603
    handed = 0
    deadline: float | None = None
    cold_sent = False
    while child.poll() is None:
        while handed < len(asked):
            signum, handed = asked[handed], handed + 1
            cold = signum == signal.SIGQUIT or deadline is not None
            if deadline is None:
                deadline = time.monotonic() + grace
            _signal(child.pid, signal.SIGQUIT if cold else signal.SIGTERM)
            cold_sent = cold_sent or cold
        if deadline is not None and time.monotonic() > deadline:
            if not cold_sent:  # the grace ran out: a cold shutdown, which hands its task back
                _signal(child.pid, signal.SIGQUIT)
                cold_sent, deadline = True, time.monotonic() + COLD_SHUTDOWN_SECONDS
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=0.2)
    # Pool processes that outlived their main process (a cold shutdown) go with it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    return child.returncode if child.returncode >= 0 else 128 - child.returncode


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _queues(text: str) -> list[str]:
    queues = [q.strip() for q in text.split(",") if q.strip()]
    unknown = sorted(set(queues) - set(QUEUES))
    if not queues or unknown:
        raise argparse.ArgumentTypeError(
            f"{text!r}: name one or more of {', '.join(QUEUES)}, comma-separated"
            + (f" ({', '.join(unknown)} is not a queue)" if unknown else "")
        )
    return queues


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="assay worker", description=__doc__.splitlines()[0])
    parser.add_argument("--queues", "-Q", type=_queues, default=list(QUEUES), help="comma-separated")
    parser.add_argument("--concurrency", "-c", type=int, default=1, help="pool processes (or threads)")
    parser.add_argument(
        "--pool", "-P", choices=POOLS, default="prefork",
        help="threads: for the webhooks queue only (deliveries wait on the network)",
    )  # fmt: skip
    parser.add_argument(
        "--hostname", "-n", default=None,
        help="Celery's node name (default celery@%%h); two workers on one host need different ones",
    )  # fmt: skip
    parser.add_argument("--beat", action="store_true", help="run the periodic tasks in this worker too")
    parser.add_argument(
        "--grace", type=float, default=float(os.environ.get("ASSAY_WORKER_GRACE_SECONDS", "600")),
        help="seconds a warm shutdown may take before the worker is killed",
    )  # fmt: skip
    options = parser.parse_args(argv)
    if options.concurrency < 1:
        parser.error("--concurrency must be at least 1 (Celery would take 0 as one process per core)")
    if options.grace < 0:
        parser.error("--grace must be 0 or more seconds")
    if options.pool == "threads" and not set(options.queues) <= THREADS_QUEUES:
        parser.error(
            f"--pool threads runs the {', '.join(sorted(THREADS_QUEUES))} queue only: the other queues' "
            "tasks need pool processes (time limits, models loaded per process)"
        )
    command = worker_command(
        options.queues, options.concurrency, beat=options.beat, pool=options.pool, hostname=options.hostname
    )
    return run_supervised(command, options.grace)


def beat_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="assay beat", description="Celery beat: the periodic tasks")
    parser.add_argument("--grace", type=float, default=10.0)
    options = parser.parse_args(argv)
    return run_supervised(beat_command(), options.grace)
