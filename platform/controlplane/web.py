"""`assay web`: the web server, the same for `make run` and for production.

gunicorn supervises worker processes that each run uvicorn's event loop over the ASGI application.
Views are plain Django (each request's database work runs in a thread of asgiref's), but a sync image
request's wait for its job is awaited on the loop (controlplane.api.waiting), so requests that wait
hold no thread: a web process serves /healthz at once with hundreds of them waiting.

Timeouts, from the outside in: a load balancer's idle timeout above ASSAY_SYNC_TIMEOUT_SECONDS (60 s
by default; the chart's Ingress sets 120 s); gunicorn's `--timeout` is a heartbeat of the worker's
event loop, not a per-request limit, so it never cuts a waiting request; `--graceful-timeout` (30 s)
lets requests in flight finish on SIGTERM, under Kubernetes' default 30 s grace period plus the
preStop pause.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any

from gunicorn.arbiter import Arbiter
from uvicorn.server import Server
from uvicorn_worker import UvicornWorker

from controlplane.worker import die_with_parent

BIN = Path(sys.executable).parent


class _DrainingServer(Server):
    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """First, every sync request waiting for its job answers now (202 with the job, which the
        caller follows), instead of being cut off when the graceful timeout runs out."""
        from generation import settled  # Django is loaded by now (the application is)

        settled.drain()
        await super().shutdown(sockets=sockets)


class AssayUvicornWorker(UvicornWorker):
    """uvicorn's gunicorn worker, with its access lines sent through the project's log handlers (JSON
    or plain, credentials in URLs redacted) rather than gunicorn's own, and which dies with its master."""

    CONFIG_KWARGS: dict[str, Any] = {"loop": "auto", "http": "auto", "lifespan": "off"}

    async def _serve(self) -> None:
        # uvicorn_worker's own, with a server that ends sync waits when it begins shutting down.
        self.config.app = self.wsgi
        server = _DrainingServer(config=self.config)
        self._install_sigquit_handler()
        await server.serve(sockets=self.sockets)
        if not server.started:
            sys.exit(Arbiter.WORKER_BOOT_ERROR)

    def init_process(self) -> None:
        die_with_parent()  # a web process never outlives its gunicorn master, even one killed with SIGKILL
        super().init_process()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("uvicorn.access", "uvicorn.error"):
            uvicorn_logger = logging.getLogger(name)
            uvicorn_logger.handlers = []
            uvicorn_logger.propagate = True


def command(bind: str, workers: int) -> list[str]:
    return [
        str(BIN / "gunicorn"), "controlplane.asgi:application",
        "--worker-class", "controlplane.web.AssayUvicornWorker",
        # Metrics hooks in the master: an empty samples folder at start, a dead process's gauges dropped.
        "--config", "python:controlplane.observability.gunicorn_hooks",
        "--bind", bind, "--workers", str(workers),
        # Keep-alive past the proxy's (ingress-nginx: 60 s): a proxy that reuses a connection the server
        # has just closed answers 502, and a client cannot tell whether its image request was admitted.
        "--backlog", "2048", "--timeout", "60", "--graceful-timeout", "30", "--keep-alive", "75",
        "--access-logfile", "-", "--no-control-socket",
    ]  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="assay web", description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default=os.environ.get("ASSAY_WEB_BIND", "127.0.0.1:8000"))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("ASSAY_WEB_WORKERS", "2")),
        help="web processes (each serves many requests at once); default ASSAY_WEB_WORKERS or 2",
    )
    options = parser.parse_args(argv)
    if options.workers < 1:
        parser.error("--workers must be at least 1")
    # Read by the settings, in gunicorn's master too (its hooks load them before the workers fork).
    os.environ["ASSAY_ASGI"] = "1"
    # One BLAS thread per web process: the prompt moderator's exemplar product is small, and OpenBLAS's
    # second thread kept spinning for the rest of each prompt (process CPU per prompt 28.8 -> 15.9 ms
    # with one). Many requests at once are the web tier's parallelism. An operator's value stands.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    args = command(options.bind, options.workers)
    os.execv(args[0], args)  # noqa: S606 - our own server, replacing this process (signals go to it)
