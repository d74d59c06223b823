"""Limits, the usage ledger and its counters.

The ledger (`UsageEntry`, append-only: reserve, settle, refund) is the source of truth; each entry
lists the counter cells it moved (`cells`), so `UsageCounter` rows are a cache that `assay quotas
reconcile` can rebuild from it. Admission reserves with a conditional UPDATE per counter cell
(`used + amount <= limit`), so concurrent requests can never overshoot a limit.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class QuotaLimit(models.Model):
    """Limits at one level: the tenant (no key, no end user), one API key, or end users (the `user`
    field of OpenAI's request): `end_user="*"` limits each end user, another value one of them;
    with a key, only that key's requests. An empty field means no limit."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="quota_limits")
    api_key = models.ForeignKey(
        "tenants.ApiKey", null=True, blank=True, on_delete=models.PROTECT, related_name="quota_limits"
    )
    end_user = models.CharField(max_length=256, blank=True)
    images_per_day = models.PositiveIntegerField(null=True, blank=True)
    images_per_month = models.PositiveIntegerField(null=True, blank=True)
    gpu_seconds_per_month = models.PositiveIntegerField(null=True, blank=True)
    # In the tenant's currency, in millionths (micros) so that sums are exact integers.
    spend_micros_per_month = models.PositiveBigIntegerField(null=True, blank=True)
    concurrent_jobs = models.PositiveIntegerField(null=True, blank=True)
    requests_per_minute = models.PositiveIntegerField(null=True, blank=True)
    # Key level only: the models this key may use (empty: any the policy allows).
    allowed_models = models.JSONField(default=list, blank=True)
    # Tenant level only: where the 80% and 100% alerts of monthly limits are POSTed.
    alert_webhook_url = models.URLField(max_length=2000, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "api_key", "end_user"],
                condition=Q(api_key__isnull=False),
                name="quota_limit_unique_with_key",
            ),
            models.UniqueConstraint(
                fields=["tenant", "end_user"],
                condition=Q(api_key__isnull=True),
                name="quota_limit_unique_without_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tenant} {self.level}"

    @property
    def level(self) -> str:
        if self.end_user:
            return "user"
        return "key" if self.api_key_id else "tenant"


class UsageCounter(models.Model):
    """How much of one metric a subject used in one window: a cache of the ledger's sums."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=400, help_text="tenant | key:<id> | user:<key id or *>:<end user>")
    metric = models.CharField(max_length=20, help_text="images | gpu_seconds | spend_micros | concurrent")
    window = models.CharField(max_length=20, help_text="day:YYYY-MM-DD | month:YYYY-MM | now")
    used = models.BigIntegerField(default=0)
    # Monthly alerts already sent for this cell (80, 100), so each fires once.
    alerted = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "subject", "metric", "window"], name="usage_counter_cell"
            ),
            models.CheckConstraint(condition=Q(used__gte=0), name="usage_counter_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.metric} {self.window}: {self.used}"


class EntryKind(models.TextChoices):
    RESERVE = "reserve"
    SETTLE = "settle"
    REFUND = "refund"


class UsageEntry(models.Model):
    """One append-only ledger row. Amounts are signed: a settlement of fewer images than reserved is
    negative, a refund is the reservation negated. `day` and `month` are the reservation's windows,
    repeated on its settlement or refund, so that every counter cell is a sum over entries (which is
    how `reconcile` rebuilds them)."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="+")
    job = models.ForeignKey("generation.GenerationJob", on_delete=models.PROTECT, related_name="usage")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    api_key = models.ForeignKey(
        "tenants.ApiKey", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_user = models.CharField(max_length=256, blank=True)
    model = models.CharField(max_length=100)
    images = models.IntegerField(default=0)
    gpu_seconds = models.IntegerField(default=0)
    spend_micros = models.BigIntegerField(default=0)
    jobs = models.SmallIntegerField(default=0, help_text="+1 reserve, -1 settle or refund: running jobs")
    # The counter cells a reservation moved, [subject, metric, window] (a record: its settlement or
    # refund moves every cell that counts the job by then, these and any created since).
    cells = models.JSONField(default=list, blank=True)
    day = models.DateField()
    month = models.CharField(max_length=7)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["tenant", "created_at"], name="usage_entry_tenant_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.job_id}: {self.images} images"


class ModelPrice(models.Model):
    """What one image of a licensed model costs the tenant: per model, size, quality and currency (a
    tenant's spend counts the price in its own currency only)."""

    model = models.CharField(max_length=100)
    size = models.CharField(max_length=20, default="*", help_text='"WxH", or * for any')
    quality = models.CharField(max_length=20, default="*", help_text="low, medium, high, ..., or *")
    price_micros = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="USD")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "size", "quality", "currency"], name="model_price_unique_in_currency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.size} {self.quality}: {self.price_micros / 1e6:.4f} {self.currency}"
