"""`platform` is a stdlib module; Assay's `platform/` folder must never shadow it, in any process:
pytest, the Django server and a Celery worker started from the project."""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
from celery import Celery

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
STDLIB = sysconfig.get_paths()["stdlib"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # Processes started here get their own SQLite file, never the suite's or a developer's database.
    env = {
        **os.environ,
        "ASSAY_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'assay.sqlite3'}",
        **extra,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_in_pytest():
    assert platform.system() == "Linux"
    assert platform.__file__.startswith(STDLIB)
    assert not (REPO / "platform" / "__init__.py").exists()


def test_in_a_django_process(tmp_path):
    code = "import platform, uuid; print(platform.system(), platform.__file__, uuid.uuid4().version)"
    result = subprocess.run(
        [BIN / "assay", "shell", "-c", code],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    system, module_file, version = result.stdout.strip().splitlines()[-1].split()
    assert (system, version) == ("Linux", "4")
    assert module_file.startswith(STDLIB)


def test_in_the_running_server_as_make_run_starts_it(tmp_path):
    """migrate, demo, serve (what `make run` does); then the openai SDK talks to it with the demo key."""
    import openai

    port = _free_port()
    env = _env(tmp_path, ASSAY_HEARTBEAT_INTERVAL_SECONDS="1")
    subprocess.run(
        [BIN / "assay", "migrate", "--no-input"], env=env, check=True, capture_output=True, timeout=120
    )
    subprocess.run([BIN / "assay", "demo"], env=env, check=True, capture_output=True, timeout=60)
    demo_key = json.loads((tmp_path / "var" / "demo-credentials.json").read_text())["api_key"]
    server = subprocess.Popen(
        [BIN / "assay", "serve", "--host", "127.0.0.1", "--port", str(port), "--concurrency", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                    body = json.loads(response.read())
                if body["checks"]["worker"] == "ok":  # the worker's heartbeat went through the broker
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise AssertionError(f"not ready in time: {body if 'body' in locals() else 'no answer'}")
            time.sleep(0.3)
        assert body == {"status": "ok", "checks": {"database": "ok", "broker": "ok", "worker": "ok"}}

        # The README's example, verbatim in spirit: the official SDK, only base_url and key changed.
        assay = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=demo_key, max_retries=0)
        assert assay.get("/me", cast_to=object)["tenant"]["slug"] == "demo"
        wrong = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="ask_nope", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as failure:
            wrong.get("/me", cast_to=object)
        assert failure.value.code == "malformed_api_key"
        assert "ask_" in failure.value.message
    finally:
        _stop(server)


def test_in_a_celery_worker(tmp_path):
    """A worker started from the project answers ping_task with the platform it runs on."""
    results = tmp_path / "results"
    results.mkdir()
    env = _env(tmp_path, CELERY_BROKER_URL="filesystem://", CELERY_RESULT_BACKEND=f"file://{results}")
    # The project's settings put the embedded broker's folder at ASSAY_VAR_DIR/celery/queue.
    queue = tmp_path / "var" / "celery" / "queue"
    queue.mkdir(parents=True)
    control = tmp_path / "var" / "celery" / "control"
    control.mkdir(parents=True)
    broker_options = {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
    }
    worker = subprocess.Popen(
        [BIN / "celery", "-A", "controlplane", "worker", "-P", "solo", "-Q", "control", "--without-heartbeat",
         "--without-gossip", "--without-mingle", "-l", "WARNING"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        client = Celery(broker="filesystem://", backend=f"file://{results}")
        client.conf.broker_transport_options = broker_options
        answer = client.send_task("controlplane.ping_task", queue="control").get(timeout=60)
        assert answer["status"] == "ok"
        assert answer["system"] == "Linux"
        assert worker.poll() is None
    finally:
        _stop(worker)
    if worker.returncode not in (0, -15):
        pytest.fail(f"worker exited with {worker.returncode}")
