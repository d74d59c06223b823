"""`assay serve`: the embedded default's processes, supervised.

Runs the web server (`assay web`: the server production runs), one Celery worker for the control, gpu
and api queues with beat embedded (`assay worker --beat`: the job reconciler, the heartbeat, quarantine
retention), and one for the webhooks queue (`assay worker --queues webhooks --pool threads`), as the
Helm chart's pools do: a receiver that never answers holds only the webhook worker's threads, never the
worker that moderates, screens and releases the jobs. A child that dies is started again (after 1 s,
doubling up to 30 s while it keeps dying); SIGTERM or Ctrl-C stops them all. Each child runs in its own
process group, stopped as a group (the worker's own supervisor keeps its pool out of group signals:
controlplane/worker.py).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from controlplane.worker import die_with_parent

logger = logging.getLogger("assay.serve")
BIN = Path(sys.executable).parent
MAX_BACKOFF_SECONDS = 30.0
STABLE_AFTER_SECONDS = 60.0  # a child that ran this long starts again without backoff
# The webhook worker's threads: each delivery mostly waits on its receiver (ASSAY_WEBHOOK_TIMEOUT_SECONDS).
WEBHOOK_THREADS = 8


@dataclass
class Child:
    name: str
    command: list[str]
    env: dict[str, str] | None = None  # set: what changes in this child's environment
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = 1.0
    restart_at: float = 0.0
    restarts: int = field(default=0)

    def start(self) -> None:
        # Each child dies with this supervisor, even one killed with SIGKILL.
        env = {**os.environ, **self.env} if self.env is not None else None
        self.process = subprocess.Popen(  # noqa: S603
            self.command, env=env, start_new_session=True, preexec_fn=die_with_parent
        )
        self.started_at = time.monotonic()
        logger.warning("started %s (pid %s)", self.name, self.process.pid)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            return


def commands(host: str, port: int, *, web_workers: int, concurrency: int) -> list[Child]:
    assay = str(BIN / "assay")
    return [
        Child("web", [assay, "web", "--bind", f"{host}:{port}", "--workers", str(web_workers)]),
        Child("worker", [assay, "worker", "--queues", "control,gpu,api", "--concurrency", str(concurrency),
                         "--beat", "--grace", "25"]),
        # A node name of its own (the worker's metrics folder is named after it), and no metrics port:
        # the first worker holds ASSAY_METRICS_PORT.
        Child("webhooks", [assay, "worker", "--queues", "webhooks", "--pool", "threads", "--concurrency",
                           str(WEBHOOK_THREADS), "--hostname", "webhooks@%h", "--grace", "25"],
              env={"ASSAY_METRICS_PORT": ""}),
    ]  # fmt: skip


def supervise(children: list[Child]) -> int:
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    for child in children:
        child.start()
    while not stopping:
        time.sleep(0.2)
        now = time.monotonic()
        for child in children:
            assert child.process is not None
            if child.process.poll() is None:
                continue
            if child.restart_at == 0.0:
                ran = now - child.started_at
                child.backoff = (
                    1.0 if ran > STABLE_AFTER_SECONDS else min(child.backoff * 2, MAX_BACKOFF_SECONDS)
                )
                child.restart_at = now + child.backoff
                logger.warning(
                    "%s exited with %s after %.0f s; starting it again in %.0f s",
                    child.name, child.process.returncode, ran, child.backoff,
                )  # fmt: skip
            elif now >= child.restart_at:
                child.restart_at = 0.0
                child.restarts += 1
                child.start()
    for child in children:
        child.stop()
    deadline = time.monotonic() + 30
    for child in children:
        while child.process is not None and child.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        child.stop(signal.SIGKILL)
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="assay serve", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument(
        "--concurrency", type=int, default=2, help="Celery worker processes (control, gpu, api)"
    )
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    children = commands(
        options.host,
        options.port,
        web_workers=options.web_workers,
        concurrency=options.concurrency,
    )
    return supervise(children)
