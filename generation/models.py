"""Jobs, the images they produce, and the catalog of models that can produce them."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone

from generation.params import GenerationParams
from generation.queues import Queue

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_ID_SPACE = 36**24


def _public_id(prefix: str) -> str:
    """`prefix` + 24 random base-36 characters (124 bits). From one read of the system's randomness (24
    `secrets.choice` calls read it 24 times: 1% of an admission's CPU); 160 random bits taken modulo
    36**24 leave a bias under 2**-36."""
    number = int.from_bytes(secrets.token_bytes(20)) % _ID_SPACE
    characters = []
    for _ in range(24):
        number, digit = divmod(number, 36)
        characters.append(_ID_ALPHABET[digit])
    return prefix + "".join(characters)


def new_job_id() -> str:
    return _public_id("job_")


def new_image_id() -> str:
    return _public_id("img_")


class Backend(models.TextChoices):
    DIFFUSERS = "diffusers", "Local diffusers pipeline"
    OPENAI = "openai", "OpenAI Images API"


class Mode(models.TextChoices):
    TEXT2IMG = "text2img"
    IMG2IMG = "img2img"
    INPAINT = "inpaint"
    OUTPAINT = "outpaint"


class ImageModel(models.Model):
    """A catalog entry: a model the platform can run, where its weights are, what it may do."""

    name = models.SlugField(max_length=100, unique=True, help_text="public model id, e.g. assay-shapes-1")
    backend = models.CharField(max_length=20, choices=Backend.choices)
    family = models.CharField(max_length=20, help_text="sd15, sdxl, openai, ...")
    folder = models.CharField(max_length=500, blank=True, help_text="under ASSAY_MODELS_DIR, or absolute")
    provider_model = models.CharField(max_length=100, blank=True, help_text="the provider's model name")
    license = models.CharField(max_length=100)
    weights_sha256 = models.CharField(max_length=64, blank=True)
    capabilities = models.JSONField(default=list, help_text="modes: text2img, img2img, inpaint, outpaint")
    sizes = models.JSONField(default=list, help_text='allowed "WxH" sizes; the first is the default')
    max_n = models.PositiveSmallIntegerField(default=10)
    default_steps = models.PositiveSmallIntegerField(null=True, blank=True)
    default_guidance = models.FloatField(null=True, blank=True)
    description = models.TextField(blank=True)
    is_enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.name

    @property
    def queue(self) -> Queue:
        """Local denoising runs on GPU workers; licensed APIs on the api pool."""
        return Queue.GPU if self.backend == Backend.DIFFUSERS else Queue.API


class JobStatus(models.TextChoices):
    RECEIVED = "received"
    MODERATING = "moderating"
    HELD_FOR_REVIEW = "held_for_review"
    QUEUED = "queued"
    GENERATING = "generating"
    SCREENING = "screening"
    SIGNING = "signing"
    COMPLETED = "completed"
    REJECTED = "rejected"
    FAILED = "failed"
    CANCELLED = "cancelled"


TERMINAL_STATUSES = frozenset(
    {JobStatus.COMPLETED, JobStatus.REJECTED, JobStatus.FAILED, JobStatus.CANCELLED}
)
CANCELLABLE_STATUSES = frozenset(
    {JobStatus.RECEIVED, JobStatus.MODERATING, JobStatus.HELD_FOR_REVIEW, JobStatus.QUEUED}
)


class ReleaseBasis(models.TextChoices):
    POLICY = "policy"
    REVIEW = "review"  # a reviewer approved it
    EXPIRY = "expiry"  # nobody reviewed it in time, and the policy's `review.on_expiry` approved it
    APPEAL = "appeal"


class GenerationJob(models.Model):
    """One request, from admission to release. Status moves only through generation.pipeline transitions."""

    public_id = models.CharField(max_length=40, unique=True, default=new_job_id, editable=False)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="jobs")
    api_key = models.ForeignKey(
        "tenants.ApiKey", null=True, blank=True, on_delete=models.PROTECT, related_name="jobs"
    )
    model = models.ForeignKey(ImageModel, on_delete=models.PROTECT, related_name="jobs")
    mode = models.CharField(max_length=20, choices=Mode.choices)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.RECEIVED)
    prompt = models.TextField()
    negative_prompt = models.TextField(blank=True)
    # `GenerationParams` as JSON (n, size, seed, steps, guidance, scheduler, strength, expand, output and
    # response format, ...): the settings exactly as the pipeline runs them (see `generation_params`).
    params = models.JSONField(default=dict)
    metadata = models.JSONField(default=dict, blank=True)
    webhook_url = models.URLField(max_length=2000, blank=True)
    webhook_status = models.CharField(max_length=200, blank=True, help_text="last delivery outcome")
    # The policy version fixed at admission: every stage of the job decides under it.
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="jobs")
    policy_name = models.CharField(max_length=100, help_text="the version's label, e.g. standard@v1")
    idempotency_key = models.CharField(max_length=255, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)
    input_image_path = models.CharField(max_length=500, blank=True)
    input_mask_path = models.CharField(max_length=500, blank=True)
    progress_step = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    settings_used = models.JSONField(default=dict, blank=True)
    # The scorer that ranked a `best_of` job's candidates (its name), blank when none did.
    scorer = models.CharField(max_length=200, blank=True, db_default="")
    # How long the backend ran for the images recorded, or until a cancel stopped it (wall-clock
    # seconds on the worker).
    generation_seconds = models.FloatField(null=True, blank=True)
    # Images the backend had made when a cancel asked for meanwhile ended the job: discarded, never
    # recorded, but made (a provider billed them), so quotas settle to them.
    discarded_images = models.PositiveSmallIntegerField(default=0, db_default=0)
    decisions = models.JSONField(
        default=list,
        blank=True,
        help_text="prompt-stage decisions (prompt, input image); output ones are per image",
    )
    # What admission noticed but did not refuse (words outside the model's vocabulary, ...): a list of
    # {"code", "message", "param", "words"}, returned with the job and in the sync answer.
    # db_default: rows written by code that predates the column (older migrations' states) still insert.
    warnings = models.JSONField(default=list, db_default=[], blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # When the status last changed, and how often the reconciler re-enqueued the job since: a job that
    # sits in a working state past the deadline lost its message or its worker.
    transitioned_at = models.DateTimeField(default=timezone.now)
    requeued = models.PositiveSmallIntegerField(default=0)
    requeued_at = models.DateTimeField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # Who let the prompt through: the prompt policy (it allowed it), a reviewer or the policy's
    # `review.on_expiry` (it was held), or an upheld appeal (it was blocked). Each released image's
    # C2PA assertion says which, as `GeneratedImage.release_basis` does for the output stage.
    prompt_release_basis = models.CharField(
        max_length=16,
        choices=ReleaseBasis.choices,
        default=ReleaseBasis.POLICY,
        db_default=ReleaseBasis.POLICY,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "created_at"], name="job_tenant_created"),
            # The reconciler's query every interval: working states idle past the deadline.
            models.Index(fields=["status", "transitioned_at"], name="job_status_transitioned"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="job_idempotency_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def generation_params(self) -> GenerationParams:
        return GenerationParams.from_dict(self.params)


class QueueHeartbeat(models.Model):
    """The last time a periodic task went through the broker and a worker of `queue` ran it: /readyz
    reports it, so a dead worker or broker shows even while the web process answers."""

    queue = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.queue} at {self.seen_at:%H:%M:%S}"


class ImageDecision(models.TextChoices):
    # Not released yet: not screened, or allowed and waiting for its provenance (the job is `signing`),
    # or left so by a job that failed before signing it. Never served, like held ones.
    PENDING = "pending"
    RELEASED = "released"
    HELD = "held"
    BLOCKED = "blocked"
    # A `best_of` candidate that screening let through but that was not among the n ranked best: never
    # returned nor signed, kept in quarantine for reviewers until its policy's retention ends.
    UNSELECTED = "unselected"


class GeneratedImage(models.Model):
    public_id = models.CharField(max_length=40, unique=True, default=new_image_id, editable=False)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="images")
    job = models.ForeignKey(GenerationJob, on_delete=models.PROTECT, related_name="images")
    index = models.PositiveSmallIntegerField()
    seed = models.BigIntegerField(null=True, blank=True)
    storage_path = models.CharField(max_length=500)
    mime_type = models.CharField(max_length=50)
    sha256 = models.CharField(max_length=64)
    # `generation.images.pixels_sha256` of the pixels the model made, before encoding and provenance
    # (local models only): what POST /v1/images/{id}/replay must reproduce.
    pixels_sha256 = models.CharField(max_length=64, blank=True, db_default="")
    byte_size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    revised_prompt = models.TextField(blank=True)
    # `best_of` only (null otherwise): how well the model's scorer says the image fits its prompt (a
    # logit, comparable only within its job; null too for a score that was not a number) and its rank
    # among the job's candidates by that score (1 = best; generation.best_of).
    score = models.FloatField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=ImageDecision.choices, default=ImageDecision.PENDING)
    decision_reasons = models.JSONField(default=list, blank=True)
    # The invisible watermark's payload id (48 bits, hex), unique across the installation: how
    # /v1/verify finds an image whose C2PA manifest was stripped. Null when not watermarked.
    watermark_id = models.CharField(max_length=12, null=True, blank=True, unique=True)
    # What provenance did to the released bytes: watermark (id, PSNR or why not), XMP, visible label,
    # C2PA manifest label and signer. Empty until signed.
    provenance = models.JSONField(default=dict, blank=True)
    # Held and blocked images stay in quarantine until their policy's retention ends; then the bytes
    # are deleted and this is set (the row and its audit trail remain).
    purged_at = models.DateTimeField(null=True, blank=True)
    # A blocked image whose requester appealed: its bytes outlive the retention until the appeal is
    # decided (upheld, it is signed and released from them). Set and cleared by generation.quarantine,
    # cleared too by the release (generation.pipeline.job_release_on_appeal).
    retained_for_appeal = models.BooleanField(default=False, db_default=False)
    # Who let a released image out: the output policy (it allowed it), a reviewer (it was held), or an
    # upheld appeal (it was blocked). The C2PA assertion says which, so a signed image never claims an
    # allow that a person overrode.
    release_basis = models.CharField(
        max_length=16,
        choices=ReleaseBasis.choices,
        default=ReleaseBasis.POLICY,
        db_default=ReleaseBasis.POLICY,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="image_unique_index_per_job")]
        indexes = [models.Index(fields=["tenant", "created_at"], name="image_tenant_created")]

    def __str__(self) -> str:
        return self.public_id


def new_replay_id() -> str:
    return _public_id("rpl_")


class ReplayStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class ImageReplay(models.Model):
    """An auditor's re-run of a local model's image from its record (generation.replay): whether the
    pixels came out identical, and which recorded setting differs from the environment now."""

    public_id = models.CharField(max_length=40, unique=True, default=new_replay_id, editable=False)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="image_replays")
    image = models.ForeignKey(GeneratedImage, on_delete=models.PROTECT, related_name="replays")
    status = models.CharField(max_length=20, choices=ReplayStatus.choices, default=ReplayStatus.QUEUED)
    # Who asked (the audit Actor's kind, id and label at the time).
    requested_by = models.JSONField(default=dict)
    identical = models.BooleanField(null=True, blank=True)
    # recorded and replayed pixel hashes, the differences between the record and now, timings
    outcome = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "created_at"], name="replay_tenant_created")]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.status})"
