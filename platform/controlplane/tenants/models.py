from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Tenant(models.Model):
    """An organisation using Assay. Everything a customer owns hangs off one tenant."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    # Signs the tenant's job webhooks (HMAC-SHA256); shown to admins at GET /v1/webhooks/secret.
    webhook_secret = models.CharField(max_length=100, default=new_webhook_secret)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.slug


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    REVIEWER = "reviewer", "Reviewer"
    AUDITOR = "auditor", "Auditor"
    DEVELOPER = "developer", "Developer"


class Membership(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_unique_per_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.tenant} as {self.role}"


class ApiKey(models.Model):
    """A tenant credential. The secret is shown once at creation; only its SHA-256 is kept.

    The full key reads `ask_<prefix>_<secret>`: the prefix finds the row, the secret's hash is compared
    in constant time. SHA-256 (not a slow password hash) is right here because the secret is 240 bits
    of randomness, not a human password.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The key that created this one through the API (None from the CLI): a key never outlives or
    # out-scopes its parent, and revoking a key revokes every key it created.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The member who made this key for its owner (api_key_create_for_member) and so saw its secret: review
    # rules count them as the key's holder too (no self-review, four-eyes).
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["tenant", "created_at"], name="apikey_tenant_created")]

    def __str__(self) -> str:
        return f"ask_{self.prefix}_… ({self.name})"

    @property
    def display_prefix(self) -> str:
        return f"ask_{self.prefix}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())


class AccessEpoch(models.Model):
    """One row whose number rises with every change to who may do what (a key revoked, a role changed,
    a tenant deactivated, a limit set): what lets each web process keep keys and limits in memory and
    still see another process's change at its next request (`controlplane.tenants.freshness`)."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"access epoch {self.value}"


class AccountPassword(models.Model):
    """Who last set an account's console password: its owner ("Change password" in the console) or
    someone else (a tenant admin's first password, `assay member set-password`, the demo). An account
    whose password someone else set joins no other tenant: that person would sign in there as them. No
    row: the password, if any, predates this record and counts as set by someone else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="password_origin"
    )
    set_by_self = models.BooleanField(default=False)
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"password of {self.user_id} set by {'self' if self.set_by_self else 'someone else'}"
