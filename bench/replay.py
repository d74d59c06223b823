"""Replay through the API on a fresh install: N images made over HTTP (text-to-image, image-to-image and
inpainting in turn), each replayed by the auditor's key (POST /v1/images/{id}/replay), then the worker
is restarted (a new process loads the model again) and every image is replayed once more. Prints how
many came out pixel-identical, per mode, before and after the restart, and how many `image.replayed`
events the audit log holds (one per finished replay, read back through GET /v1/audit/events).

SQLite stack, Redis broker, one prefork worker on every queue; the tiny random model by default, or
the shipped assay-shapes-1 (`--model assay-shapes-1`, 256x256, 20 steps: slower).

    .venv/bin/python bench/replay.py [--images 50] [--model assay-tiny] [--redis-db N]

`--redis-db` uses that Redis database (emptied first) instead of claiming a free one as the tests do: on
a machine shared by several people each is handed one database index.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

import tests.live  # noqa: E402
from tests.live import REDIS_URL, generate, make_stack, release_noise, stop, wait_until  # noqa: E402

MODES = ("text2img", "img2img", "inpaint")
SHAPES = ROOT / "generation" / "shapes" / "assay-shapes-1"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _request(url: str, key: str, *, body: bytes | None = None, content_type: str = "") -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")  # noqa: S310
    request.add_header("Authorization", f"Bearer {key}")
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - our own server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def edit(base: str, key: str, fields: dict[str, str], files: dict[str, bytes]) -> tuple[int, dict]:
    boundary = "assay-bench-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, data in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.png"\r\n'
        parts.append(f"{head}Content-Type: image/png\r\n\r\n".encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return _request(
        f"{base}/v1/images/edits", key, body=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def make_image(base: str, key: str, mode: str, seed: int, model: str, size: int, steps: int) -> str:
    common = {"model": model, "prompt": "a big red circle in the center on a white background", "seed": seed}
    if mode == "text2img":
        status, body = generate(base, key, common | {"size": f"{size}x{size}", "steps": steps}, timeout=300)
    else:
        source = Image.new("RGB", (size, size), (40, 80, 220))
        files = {"image": _png(source)}
        if mode == "inpaint":
            mask = Image.new("RGBA", (size, size), (0, 0, 0, 255))
            mask.paste((0, 0, 0, 0), (size // 4, size // 4, 3 * size // 4, 3 * size // 4))
            files["mask"] = _png(mask)
        fields = {k: str(v) for k, v in common.items()} | {"steps": str(steps), "strength": "0.8"}
        status, body = edit(base, key, fields, files)
    if status == 202:  # the sync wait ran out (a busy machine): follow the job until it completes
        job_id = body["id"]
        body = wait_until(
            lambda: (job := _request(f"{base}/v1/jobs/{job_id}", key)[1])["status"] == "completed" and job,
            timeout=600,
            what=f"job {job_id}",
            every=0.5,
        )
        return body["images"][0]["id"]
    assert status == 200, (mode, status, body)
    return body["data"][0]["id"]


def replay(base: str, key: str, image_id: str) -> dict:
    status, body = _request(f"{base}/v1/images/{image_id}/replay", key, body=b"")
    assert status in (200, 202), (status, body)
    return wait_until(
        lambda: (
            (done := _request(f"{base}/v1/replays/{body['id']}", key)[1])["status"] in ("completed", "failed")
            and done
        ),
        timeout=900,  # a busy shared machine: one replay waited over 300 s behind other work
        what=f"replay of {image_id}",
        every=0.2,
    )


def use_redis_db(index: int) -> None:
    """Make the stack use database `index`, emptied first, instead of claiming a free one."""
    import redis

    url = f"{REDIS_URL}/{index}"
    # Asked over database 0: a connection to `url` would itself count as a client of `index`.
    in_use = {int(client["db"]) for client in redis.Redis.from_url(f"{REDIS_URL}/0").client_list()}
    if index in in_use:
        raise SystemExit(f"Redis database {index} has clients: a worker there would take this stack's tasks")

    def claim() -> tuple[str, str]:
        redis.Redis.from_url(url).flushdb()
        return url, ""  # no claim key: nothing for stop_all to release

    # make_stack calls tests.live.claim_redis_db; this bench only swaps which database it gets.
    tests.live.claim_redis_db = claim


def replayed_events(base: str, key: str) -> list[dict]:
    """Every `image.replayed` event of the tenant, read back through the audit API (all pages)."""
    events: list[dict] = []
    after = ""
    while True:
        status, body = _request(f"{base}/v1/audit/events?type=image.replayed&limit=1000{after}", key)
        if status != 200:
            raise SystemExit(f"audit events: HTTP {status}: {body}")
        events.extend(body["data"])
        if not body["has_more"]:
            return events
        after = f"&after={body['next_cursor']}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--model", default="assay-tiny", choices=["assay-tiny", "assay-shapes-1"])
    parser.add_argument("--redis-db", type=int, default=None, help="this Redis database, not a free one")
    args = parser.parse_args()
    if args.redis_db is not None:
        use_redis_db(args.redis_db)
    bench_started = time.monotonic()
    size, steps = (64, 4) if args.model == "assay-tiny" else (256, 20)
    from generation.tiny_model import build_tiny_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "model"
        build_tiny_pipeline(tiny, seed=0)
        stack = make_stack(Path(tmp) / "stack", tiny_model_dir=tiny)
        try:
            if args.model == "assay-shapes-1":
                stack.assay("model", "register", "--name", "assay-shapes-1", "--backend", "diffusers",
                            "--family", "sd15", "--license", "Apache-2.0", "--sizes", "256x256",
                            "--folder", str(SHAPES), "--steps", "20", "--guidance", "5")  # fmt: skip
            base = stack.start_server(workers=1)
            worker = stack.start_worker()
            release_noise(base, stack.operator_key)
            members = stack.credentials()["members"]
            developer, auditor = members["developer"]["api_key"], members["auditor"]["api_key"]

            made: list[tuple[str, str]] = []
            started = time.monotonic()
            for i in range(args.images):
                mode = MODES[i % len(MODES)]
                made.append((mode, make_image(base, developer, mode, 1000 + i, args.model, size, steps)))
            make_seconds = time.monotonic() - started

            results: dict[str, dict[str, list[bool]]] = {
                "before": defaultdict(list),
                "after": defaultdict(list),
            }
            seconds: list[float] = []
            phase_seconds: dict[str, float] = {}
            differences: list[tuple[str, list]] = []
            for phase in ("before", "after"):
                if phase == "after":
                    stop(worker)
                    stack.processes.remove(worker)
                    worker = stack.start_worker("worker-restarted")
                phase_started = time.monotonic()
                for mode, image_id in made:
                    outcome = replay(base, auditor, image_id)
                    results[phase][mode].append(bool(outcome["identical"]))
                    if outcome.get("seconds") is not None:
                        seconds.append(outcome["seconds"])
                    if not outcome["identical"]:
                        differences.append((image_id, outcome.get("differences") or outcome.get("error")))
                phase_seconds[phase] = time.monotonic() - phase_started
            audited = replayed_events(base, auditor)
        finally:
            stack.stop_all()

    print(f"model {args.model}, {size}x{size}, {steps} steps; {args.images} images made through the API "
          f"in {make_seconds:.1f} s")  # fmt: skip
    print("| mode | images | identical (first worker) | identical (after a worker restart) |")
    print("|---|---|---|---|")
    for mode in MODES:
        before, after = results["before"][mode], results["after"][mode]
        print(f"| {mode} | {len(before)} | {sum(before)}/{len(before)} | {sum(after)}/{len(after)} |")
    total_before = sum(sum(v) for v in results["before"].values())
    total_after = sum(sum(v) for v in results["after"].values())
    print(f"| all | {len(made)} | {total_before}/{len(made)} | {total_after}/{len(made)} |")
    results_audited = defaultdict(int)
    for event in audited:
        results_audited[event["payload"]["result"]] += 1
    print(f"image.replayed events in the audit log: {len(audited)} for {2 * len(made)} replays "
          f"({dict(results_audited)})")  # fmt: skip
    total = time.monotonic() - bench_started
    print(f"replays: {phase_seconds['before']:.1f} s with the first worker, {phase_seconds['after']:.1f} s "
          f"after the restart (its start included); {total:.1f} s in all")  # fmt: skip
    if seconds:
        print(f"backend seconds per replay: median {statistics.median(seconds):.2f}, max {max(seconds):.2f}")
    for image_id, what in differences:
        print("NOT IDENTICAL", image_id, what)


if __name__ == "__main__":
    main()
