"""Policy versions (immutable, per tenant) and the pointer to each tenant's active version."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models


class ImmutableVersion(Exception):
    """A stored policy version is never changed: a change is a new version."""


class PolicyVersion(models.Model):
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="policy_versions")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=60)
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    created_by_kind = models.CharField(max_length=20)
    created_by_id = models.CharField(max_length=200)
    created_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "version"], name="policy_version_unique_per_tenant"),
        ]
        ordering = ["tenant", "-version"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableVersion(f"policy version {self.label} is immutable; create a new version")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableVersion(f"policy version {self.label} is kept: decisions refer to it")

    @property
    def label(self) -> str:
        """What a job records, e.g. `standard@v1`."""
        return f"{self.name}@v{self.version}"


class TenantPolicy(models.Model):
    """The active version of a tenant's policy: one row per tenant, moved by `policy_activate`."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.PROTECT, related_name="policy")
    active = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    activated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.active_id}"
