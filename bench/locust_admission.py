"""The locust user of bench/admission.py: async image requests, as many as the server admits.

Each request is a whole admission (key, validation, policy version, quota reservation, rate limit,
the job row and its audit events, the message to the broker); no worker consumes the queue, so
generation costs nothing here. The key comes from ASSAY_BENCH_KEY. Each user sends its next request as
soon as the last is answered, or, with ASSAY_BENCH_USER_RATE, at that many requests per second (a fixed
offered load: bench/admission.py's `--rate`).
"""

from __future__ import annotations

import itertools
import os

from locust import FastHttpUser, constant, constant_throughput, task

_SEEDS = itertools.count()


class Submitter(FastHttpUser):
    _rate = float(os.environ.get("ASSAY_BENCH_USER_RATE") or 0)
    wait_time = constant_throughput(_rate) if _rate else constant(0)

    @task
    def submit(self) -> None:
        seed = next(_SEEDS)
        body = {
            "model": "assay-shapes-1",
            "prompt": "a red circle on a white background",
            "size": "256x256",
            "seed": seed,
            "user": f"user-{seed % 50}",
            "async": True,
        }
        headers = {"Authorization": f"Bearer {os.environ['ASSAY_BENCH_KEY']}"}
        with self.client.post(
            "/v1/images/generations", json=body, headers=headers, catch_response=True
        ) as answer:
            if answer.status_code != 202:
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")
