"""Sync requests waiting for their jobs, held by ONE web process (`assay web --workers 1`): how /healthz
answers, and what the process holds (threads, memory, database connections), at 25 to 200 waiting.

No gpu worker runs, so every job stays queued and each request waits its whole sync timeout
(ASSAY_SYNC_TIMEOUT_SECONDS=20 here) and then answers 202. SQLite stack, Redis broker.

    .venv/bin/python bench/sync_waits.py [--levels 25,50,100,200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from tests.live import generate, make_stack, web_process  # noqa: E402

TIMEOUT = 20
BODY = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64", "steps": 2}


def post(base: str, key: str, seed: int) -> int:
    return generate(base, key, BODY | {"seed": seed}, timeout=TIMEOUT + 60)[0]


def healthz_ms(base: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(f"{base}/healthz", timeout=10):  # noqa: S310 - our own URL
        pass
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="25,50,100,200")
    levels = [int(n) for n in parser.parse_args().levels.split(",")]
    from generation.tiny_model import build_tiny_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model"
        build_tiny_pipeline(model, seed=0)
        stack = make_stack(Path(tmp) / "stack", tiny_model_dir=model,
                           extra_env={"ASSAY_SYNC_TIMEOUT_SECONDS": str(TIMEOUT)})  # fmt: skip
        rows = []
        try:
            base = stack.start_server(workers=1)
            server_pid = stack.processes[-1].pid
            stack.start_worker("control", queues="control")
            key = stack.credentials()["api_key"]
            idle = web_process(server_pid)
            seed = 0
            for level in levels:
                with ThreadPoolExecutor(max_workers=level) as pool:
                    futures = [pool.submit(post, base, key, seed + i) for i in range(level)]
                    seed += level
                    time.sleep(min(TIMEOUT / 2, 2 + level / 25))  # all admitted and waiting
                    early = sum(f.done() for f in futures)  # answered before the timeout: should be 0
                    held = web_process(server_pid)
                    latencies = sorted(healthz_ms(base) for _ in range(30))
                    statuses = sorted({f.result() for f in futures})
                rows.append((level, statistics.median(latencies), latencies[-1], held, statuses, early))
        finally:
            stack.stop_all()
    print(f"one web process; idle: {idle['threads']} threads, {idle['rss_mib']} MiB")
    print(f"{'waiting':>8}{'healthz p50 ms':>16}{'max ms':>9}{'threads':>9}{'RSS MiB':>9}  early  answers")
    for level, p50, worst, held, statuses, early in rows:
        print(
            f"{level:>8}{p50:>16.1f}{worst:>9.1f}{held['threads']:>9}{held['rss_mib']:>9}"
            f"  {early:>5}  {statuses}"
        )


if __name__ == "__main__":
    main()
