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


# Likeness gallery ---------------------------------------------------------------------------------


class LikenessPerson(models.Model):
    """A person of a tenant's likeness gallery: someone who must not be depicted unless they consented.

    Who added them and why are kept on the row (and in the audit event). Removing a person deletes
    their face embeddings and photos (biometric data is not kept longer than needed) but keeps this
    row, so that decisions and audit events that name its public id still resolve.
    """

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="likeness_people")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    reason = models.CharField(max_length=1000)
    # Consent for this tenant: evidence (a contract or ticket reference) and when it ends.
    consent_evidence = models.CharField(max_length=500, blank=True)
    consent_expires_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    created_by_kind = models.CharField(max_length=20)
    created_by_id = models.CharField(max_length=200)
    created_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "removed_at"], name="likeness_person_tenant_idx")]
        ordering = ["tenant", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.public_id})"

    def consenting_at(self, when: Any) -> bool:
        return (
            self.consented_at is not None
            and self.consent_expires_at is not None
            and self.consent_expires_at > when
        )


class LikenessPhoto(models.Model):
    """One reference photo's face embedding; the photo itself only when the admin asked to keep it."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(LikenessPerson, on_delete=models.CASCADE, related_name="photos")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # 128 float32 values (dlib's face embedding), little-endian: 512 bytes.
    embedding = models.BinaryField()
    face_box = models.JSONField()  # [left, top, width, height] in the photo's pixels
    sha256 = models.CharField(max_length=64)
    storage_path = models.CharField(max_length=500, blank=True)  # empty: the photo was not kept
    created_by_kind = models.CharField(max_length=20)
    created_by_id = models.CharField(max_length=200)
    created_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["tenant", "person"], name="likeness_photo_tenant_idx")]
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return str(self.public_id)
