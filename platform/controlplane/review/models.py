"""Review items: what the policy held (a prompt, an image) or a requester appealed, waiting for people.

An item is open until it is decided (approved, rejected, or expired by the policy's SLA) or its job
moves on without it (cancelled): `state`. A reviewer claims it first (a lock that expires, so an item a
reviewer walked away from frees itself); every approval and rejection is a `ReviewVote`, so that
four-eyes items can count two distinct reviewers' approvals.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def new_review_id() -> str:
    return "rev_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(24))


class ReviewKind(models.TextChoices):
    PROMPT = "prompt", "A job held at the prompt stage (prompt, negative prompt or an edit's input)"
    OUTPUT = "output", "A generated image the output policy held"
    APPEAL = "appeal", "A requester's appeal against a block"


class ReviewState(models.TextChoices):
    OPEN = "open"
    APPROVED = "approved"  # for an appeal: upheld, the block is overturned
    REJECTED = "rejected"  # for an appeal: the block stands
    EXPIRED = "expired"  # decided by the policy's `review.on_expiry` after waiting too long
    CLOSED = "closed"  # the job moved on without a decision here (cancelled)


class ReviewItem(models.Model):
    public_id = models.CharField(max_length=40, unique=True, default=new_review_id, editable=False)
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.PROTECT, related_name="review_items")
    job = models.ForeignKey("generation.GenerationJob", on_delete=models.PROTECT, related_name="review_items")
    image = models.ForeignKey(
        "generation.GeneratedImage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    state = models.CharField(max_length=20, choices=ReviewState.choices, default=ReviewState.OPEN)
    # The policy version that held (or blocked) the work, and why: the decisions' reasons (category,
    # score, moderator or classifier, threshold, matched person).
    policy_version = models.ForeignKey("policy.PolicyVersion", on_delete=models.PROTECT, related_name="+")
    policy_name = models.CharField(max_length=100)
    reasons = models.JSONField(default=list)
    categories = models.JSONField(default=list, help_text="the reasons' categories, for filters")
    required_approvals = models.PositiveSmallIntegerField(default=1)
    justification = models.TextField(blank=True, help_text="the requester's, for an appeal")
    claimed_by = models.CharField(max_length=100, blank=True, help_text="reviewer identity holding the claim")
    claimed_label = models.CharField(max_length=200, blank=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "state", "created_at"], name="review_tenant_state_created"),
            # The SLA sweep: open items by age.
            models.Index(fields=["state", "created_at"], name="review_state_created"),
        ]
        constraints = [
            # One open item per held image, per prompt hold, per appeal of a job.
            models.UniqueConstraint(
                fields=["job", "kind", "image"],
                condition=Q(state="open", image__isnull=False),
                name="review_one_open_image_item",
            ),
            models.UniqueConstraint(
                fields=["job", "kind"],
                condition=Q(state="open", image__isnull=True),
                name="review_one_open_job_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.kind}, {self.state})"


class ReviewVote(models.Model):
    """One reviewer's decision on an item; an item is decided by one rejection or enough approvals."""

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="votes")
    reviewer = models.CharField(max_length=100, help_text="user:<id> for a member's keys, key:<id> else")
    reviewer_label = models.CharField(max_length=200)
    api_key = models.ForeignKey("tenants.ApiKey", null=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approve = models.BooleanField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "reviewer"], name="review_one_vote_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_label}: {'approve' if self.approve else 'reject'} {self.item.public_id}"
