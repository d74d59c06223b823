"""Real processes for end-to-end tests: an Assay server and Celery workers, each started here and
stopped by PID. They share a database of their own (an SQLite file under the test's tmp folder, or, when
DATABASE_URL points at PostgreSQL, a PostgreSQL database made for the stack and dropped after it) and a
Redis database of their own."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from controlplane.tenants.scopes import ALL_SCOPES
from controlplane.worker import die_with_parent
from tests.database_pass import require_mark
from tests.missing_services import skip_missing_service

BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("ASSAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15").rsplit("/", 1)[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CLAIM_KEY = "assay-tests:redis-db:{}"
CLAIM_SECONDS = 1800  # a crashed run's claims lapse by themselves


def claim_redis_db() -> tuple[str, str]:
    """A Redis database index no other stack or client uses, emptied first, and the key that claims it
    (in db 0).

    Claimed with SET NX rather than picked at random: two test runs on one Redis (a developer's beside
    CI) would otherwise pick the same index now and then and flush each other's broker."""
    import redis

    claims = redis.Redis.from_url(f"{REDIS_URL}/0")
    try:
        claims.ping()
    except redis.ConnectionError as error:
        skip_missing_service("redis", f"Redis at {REDIS_URL} is unreachable ({error}); start redis-server")
    # A database someone uses without claiming it (a worker started by hand) is left alone: its worker
    # would take this stack's tasks, and flushing it would drop theirs.
    in_use = {int(client["db"]) for client in claims.client_list()}
    for index in range(1, 15):
        key = CLAIM_KEY.format(index)
        if index in in_use:
            continue
        if claims.set(key, os.getpid(), nx=True, ex=CLAIM_SECONDS):
            url = f"{REDIS_URL}/{index}"
            redis.Redis.from_url(url).flushdb()
            return url, key
    raise RuntimeError(f"Redis databases 1-14 at {REDIS_URL} are all claimed or in use by other clients")


def release_redis_db(key: str) -> None:
    import redis

    redis.Redis.from_url(f"{REDIS_URL}/0").delete(key)


def _maintenance_url(database_url: str) -> str:
    """The same PostgreSQL server and credentials, on its `postgres` database (to create and drop)."""
    return urlunsplit(urlsplit(database_url)._replace(path="/postgres"))


def create_postgres_database(database_url: str) -> str:
    """A new, empty database beside the one `database_url` names (`<name>_live_<random>`): its URL.

    Each stack gets its own so that its processes (which commit for real) never touch the test
    database or another stack's rows."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    # PostgreSQL cuts names at 63 bytes: keep the random part whole.
    name = f"{unquote(parts.path.lstrip('/'))[:40]}_live_{secrets.token_hex(4)}"
    try:
        with psycopg.connect(_maintenance_url(database_url), autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        skip_missing_service(
            "postgres", f"PostgreSQL at {parts.hostname}:{parts.port} is unreachable ({error})"
        )
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgres_database(database_url: str) -> None:
    """Drop the database `database_url` names, ending the sessions still on it first (a killed
    worker's, a connection pool's)."""
    import psycopg
    from psycopg import sql

    name = unquote(urlsplit(database_url).path.lstrip("/"))

    with psycopg.connect(_maintenance_url(database_url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def stop(process: subprocess.Popen, *, kill: bool = False) -> None:
    """Stop a process we started (and its children: each runs in its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Stack:
    root: Path
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)
    base_url: str = ""
    redis_claim: str = ""
    postgres_url: str = ""  # the PostgreSQL database made for this stack, dropped by stop_all
    # An all-scopes key of the platform operator, for tests that call every endpoint; the demo's keys
    # (credentials()) each hold one role's scopes, and credentials()["api_key"] is the developer's.
    operator_key: str = ""

    def assay(self, *args: str, timeout: int = 180) -> str:
        result = subprocess.run(
            [BIN / "assay", *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start_server(self, *, workers: int = 1) -> str:
        """The web server as `make run` and deployments run it (`assay web`: gunicorn + uvicorn)."""
        port = free_port()
        log = open(self.root / f"server-{port}.log", "w")  # noqa: SIM115 - closed with the process
        command = [BIN / "assay", "web", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        process = subprocess.Popen(
            command,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,  # a test run killed mid-way leaves no server behind
        )
        self.processes.append(process)
        self.base_url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _ready(self.base_url), timeout=60, what="the Assay server", process=process)
        return self.base_url

    def start_worker(
        self, name: str = "worker", queues: str = "control,gpu,api,webhooks", *, wait_warm: bool = False
    ) -> subprocess.Popen:
        """A one-process prefork worker. `wait_warm`: return once its pool process has loaded its models
        (the worker's `ready.` comes before that), for tests that time the first job."""
        path = self.root / f"{name}.log"
        warm = re.compile(r"pool process \d+ warm")
        already = len(warm.findall(path.read_text())) if path.exists() else 0  # a restarted worker's log
        log = open(path, "a")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [BIN / "celery", "-A", "controlplane", "worker", "-P", "prefork", "-c", "1", "-Q", queues,
             "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "-l", "INFO"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # A test run killed mid-way leaves no worker consuming other runs' queues.
            preexec_fn=die_with_parent,
        )  # fmt: skip
        self.processes.append(process)
        if wait_warm:
            warmed = lambda: len(warm.findall(path.read_text())) > already  # noqa: E731
            wait_until(warmed, timeout=120, what=f"{name}'s pool process", process=process)
        return process

    def credentials(self) -> dict[str, str]:
        return json.loads((self.root / "var" / "demo-credentials.json").read_text())

    def stop_all(self) -> None:
        for process in reversed(self.processes):
            stop(process)
        if self.redis_claim:
            release_redis_db(self.redis_claim)
        if self.postgres_url:
            drop_postgres_database(self.postgres_url)


def generate(base: str, key: str, body: dict, timeout: float = 120) -> tuple[int, dict]:
    """POST /v1/images/generations with a key; the status and the JSON body, errors included."""
    request = urllib.request.Request(  # noqa: S310 - our own http URL
        f"{base}/v1/images/generations",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def web_process(server_pid: int) -> dict[str, int]:
    """Threads, resident memory and OPENBLAS_NUM_THREADS (0: unset) of the (first) gunicorn worker
    process of a server started with `assay web`, i.e. a child of its master."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(server_pid):
            environ = (status.parent / "environ").read_bytes().split(b"\0")
            return {
                "threads": int(fields["Threads"]),
                "rss_mib": int(fields["VmRSS"].split()[0]) // 1024,
                "openblas_threads": next(
                    (
                        int(entry.split(b"=", 1)[1])
                        for entry in environ
                        if entry.startswith(b"OPENBLAS_NUM_THREADS=")
                    ),
                    0,
                ),
            }
    raise AssertionError(f"no web process under {server_pid}")


def _ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response:  # noqa: S310 - our own http URL
            return response.status == 200
    except OSError:
        return False


def wait_until(condition, *, timeout: float, what: str, process: subprocess.Popen | None = None, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def make_stack(root: Path, *, tiny_model_dir: Path, extra_env: dict[str, str] | None = None) -> Stack:
    """Migrate a fresh database (PostgreSQL when DATABASE_URL points at it, as in CI's PostgreSQL pass;
    an SQLite file otherwise), create the demo tenant and register the tiny model."""
    require_mark("it starts a live stack, which runs on DATABASE_URL")
    broker_url, claim = claim_redis_db()
    postgres_url = ""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        try:
            postgres_url = create_postgres_database(os.environ["DATABASE_URL"])
        except BaseException:
            release_redis_db(claim)
            raise
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "ASSAY_"))},
        "DATABASE_URL": postgres_url or f"sqlite:///{root / 'assay.sqlite3'}",
        "ASSAY_VAR_DIR": str(root / "var"),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": "disabled://",
        "ASSAY_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.1/32",
        "HF_HUB_OFFLINE": "1",
        **(extra_env or {}),
    }
    stack = Stack(root=root, env=env, redis_claim=claim, postgres_url=postgres_url)
    try:
        stack.assay("migrate", "--no-input")
        stack.assay("demo")
        created = stack.assay("apikey", "create", "--tenant", "demo", "--name", "tests operator key",
                              "--scopes", ",".join(sorted(ALL_SCOPES)))  # fmt: skip
        stack.operator_key = re.search(r"^key:\s+(ask_\S+)$", created, re.MULTILINE).group(1)
        stack.assay("model", "register", "--name", "assay-tiny", "--backend", "diffusers", "--family", "sd15",
                    "--license", "test", "--sizes", "64x64,128x128,256x256", "--folder", str(tiny_model_dir),
                    "--steps", "2", "--guidance", "5")  # fmt: skip
    except BaseException:
        stack.stop_all()  # nothing started yet: gives back the Redis database and drops PostgreSQL's
        raise
    return stack


# The tiny model draws noise, which Open NSFW sometimes scores above `standard`'s review threshold (about
# 2 jobs in 100): such a job waits for a reviewer. Tests that count jobs through the pipeline give the
# tenant a policy that releases every image.
RELEASE_NOISE = {"name": "release-noise", "output": {"nsfw": {"review_at": 1.0, "block_at": 1.0}}}


def release_noise(base_url: str, operator_key: str) -> None:
    """Activate RELEASE_NOISE for the stack's demo tenant, over the API."""
    request = urllib.request.Request(  # noqa: S310 - our own http URL
        f"{base_url}/v1/policies",
        data=json.dumps({"document": RELEASE_NOISE, "activate": True}).encode(),
        headers={"Authorization": f"Bearer {operator_key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        assert response.status == 201, response.status
