"""The console's forms: they parse what a person typed; the rules stay in the services they feed."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.validators import validate_slug
from django.utils import timezone

from audit.events import EventType
from controlplane.tenants.models import Membership, Role
from controlplane.tenants.scopes import ROLE_SCOPES
from foundation.network import UnsafeUrl, check_public_url
from generation.models import JobStatus

KEY_PREFIX = re.compile(r"ask_([a-z0-9]{8})")


def _midnight(day: Any) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


class JobSearchForm(forms.Form):
    q = forms.CharField(label="Prompt contains", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "any status"), *JobStatus.choices]
    )
    model = forms.CharField(label="Model", required=False, max_length=100)
    key = forms.CharField(label="API key", required=False, max_length=60, help_text="ask_xxxxxxxx or key id")
    user = forms.EmailField(label="Member e-mail", required=False, max_length=150)
    created_after = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_before = forms.DateField(
        label="Until", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="exclusive"
    )

    def clean_key(self) -> dict[str, Any]:
        value = self.cleaned_data["key"].strip()
        if not value:
            return {}
        if match := KEY_PREFIX.fullmatch(value):
            return {"api_key_prefix": match.group(1)}
        try:
            return {"api_key_public_id": uuid.UUID(value)}
        except ValueError:
            raise forms.ValidationError(
                "Give the key's prefix (ask_ and 8 characters) or its id, never the secret key."
            ) from None

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "prompt": data["q"].strip() or None,
            "statuses": [data["status"]] if data["status"] else None,
            "model": data["model"].strip() or None,
            "user_email": data["user"] or None,
            "created_after": _midnight(data["created_after"]),
            "created_before": _midnight(data["created_before"]),
            **data["key"],
        }


class ReviewFilterForm(forms.Form):
    """The queue's filters (GET); every one optional, all must hold."""

    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[
            ("", "any stage"),
            ("prompt", "prompt (nothing generated yet)"),
            ("output", "output (an image)"),
        ],
    )
    kind = forms.ChoiceField(
        label="Appeals",
        required=False,
        choices=[("", "holds and appeals"), ("appeal", "appeals only"), ("hold", "holds only")],
    )
    category = forms.ChoiceField(label="Category", required=False)
    sla = forms.ChoiceField(
        label="Age / SLA",
        required=False,
        choices=[
            ("", "any age"),
            ("in_time", "within its SLA"),
            ("overdue", "past its escalation time"),
            ("escalated", "escalated"),
        ],
    )
    four_eyes = forms.ChoiceField(
        label="Four-eyes",
        required=False,
        choices=[("", "any"), ("yes", "needs two approvals"), ("no", "needs one")],
    )
    mine = forms.BooleanField(label="Claimed by me", required=False)

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "any category"), *((c, c) for c in categories)]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "stage": data["stage"] or None,
            "kind": data["kind"] or None,
            "category": data["category"] or None,
            "sla": data["sla"] or None,
            "four_eyes": {"yes": True, "no": False}.get(data["four_eyes"]),
            "mine": data["mine"],
        }


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(
        label="Note (recorded in the audit log)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(forms.Form):
    justification = forms.CharField(
        label="Why is the block wrong?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="a reviewer reads this; it is recorded in the audit log",
    )
    image_id = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class KeyCreateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100)
    member = forms.ChoiceField(label="Owner", required=False)
    scopes = forms.MultipleChoiceField(
        label="Scopes",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="left empty: everything the owner's role may hold",
    )
    expires_in_days = forms.IntegerField(
        label="Expires after (days)",
        required=False,
        min_value=1,
        max_value=3650,
        help_text="left empty: never",
    )

    def __init__(self, *args: Any, role: str, members: list[Membership] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the signed-in member may pass on: their own role's scopes, also for a key they issue for
        # another member (the issuer sees its secret), whose own role caps it further (the service
        # checks and says which). An admin is offered no `audit:read`, which no admin can mint.
        self.fields["scopes"].choices = [(scope, scope) for scope in sorted(ROLE_SCOPES[role])]
        if members:
            self.fields["member"].choices = [("", "me")] + [
                (str(m.public_id), f"{m.user.get_username()} ({m.role})") for m in members
            ]
        else:
            del self.fields["member"]

    def expires_at(self) -> datetime | None:
        days = self.cleaned_data.get("expires_in_days")
        return timezone.now() + timedelta(days=days) if days else None


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label="E-mail", max_length=150)
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class MemberPasswordForm(forms.Form):
    password = forms.CharField(
        label="New password", widget=forms.PasswordInput(render_value=False), max_length=200, strip=False
    )


class OwnPasswordForm(forms.Form):
    old_password = forms.CharField(
        label="Current password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
        strip=False,
    )
    new_password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
        strip=False,
    )
    new_password_again = forms.CharField(
        label="New password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
        strip=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "The two new passwords differ.")
        return data


class AuditSearchForm(forms.Form):
    type = forms.ChoiceField(
        label="Event type",
        required=False,
        choices=[("", "any type")] + [(e.value, e.value) for e in EventType],
    )
    subject = forms.CharField(label="Subject", required=False, max_length=200, help_text="job:job_… or an id")
    actor = forms.CharField(
        label="Actor id", required=False, max_length=200, help_text="the id under an event's actor"
    )
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label="Until", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="exclusive"
    )
    after = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean_subject(self) -> str | None:
        subject = self.cleaned_data["subject"].strip()
        kind, separator, _ = subject.partition(":")
        if separator and not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", kind):
            raise forms.ValidationError("Write kind:id (e.g. job:job_abc…) or a bare id.")
        return subject or None

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "event_type": data["type"] or None,
            "subject": data["subject"],
            "actor_id": data["actor"].strip() or None,
            "since": _midnight(data["since"]),
            "until": _midnight(data["until"]),
            "after_seq": data["after"],
        }


class ExportForm(forms.Form):
    """Its fields are named like the search form's, on the same page: its ids carry a prefix of their own, or
    the search form's labels would point at the export's fields and leave the search's dates unlabelled."""

    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label="Until", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="exclusive"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            self.add_error("until", "Must be later than From.")
        return data

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "export-%s")
        super().__init__(*args, **kwargs)

    def range(self) -> dict[str, datetime | None]:
        return {
            "since": _midnight(self.cleaned_data["since"]),
            "until": _midnight(self.cleaned_data["until"]),
        }


class VerifyForm(forms.Form):
    image = forms.FileField(label="Image (PNG, JPEG or WebP)")


_COUNT = {"required": False, "min_value": 0, "max_value": 2**31 - 1}  # QuotaLimit's PositiveIntegerField


class QuotaLimitForm(forms.Form):
    """The limits of one level, as PUT /v1/quotas takes them; a blank field means no limit."""

    key = forms.ChoiceField(label="API key", required=False, help_text="left empty: the whole tenant")
    end_user = forms.CharField(
        label="End user",
        required=False,
        max_length=256,
        help_text="* for each end user, or one end user's `user` value; left empty: not per end user",
    )
    images_per_day = forms.IntegerField(label="Images per day", **_COUNT)
    images_per_month = forms.IntegerField(label="Images per month", **_COUNT)
    gpu_seconds_per_month = forms.IntegerField(label="GPU-seconds per month", **_COUNT)
    spend_per_month = forms.DecimalField(
        label="Spend per month", required=False, min_value=0, max_value=10**12, decimal_places=6
    )
    currency = forms.RegexField(
        r"^[A-Z]{3}$",
        label="Currency",
        required=False,
        max_length=3,
        help_text="the tenant's, for every level's spend limit (USD unless set); left empty: unchanged",
    )
    concurrent_jobs = forms.IntegerField(label="Concurrent jobs", **_COUNT)
    requests_per_minute = forms.IntegerField(
        label="Requests per minute", required=False, min_value=1, max_value=2**31 - 1
    )
    allowed_models = forms.CharField(
        label="Allowed models",
        required=False,
        max_length=2000,
        help_text="a key's only: comma-separated names",
    )
    alert_webhook_url = forms.URLField(
        assume_scheme="https",
        label="Alert webhook URL",
        required=False,
        max_length=2000,
        help_text="the tenant's only: where the 80% and 100% alerts of monthly limits are POSTed",
    )

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", "the whole tenant"), *keys]

    def clean_allowed_models(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["allowed_models"].split(",") if name.strip()]
        for name in names:
            try:
                validate_slug(name)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"{name!r} is not a model name (letters, digits, - and _)."
                ) from None
        return names

    def clean_alert_webhook_url(self) -> str:
        url = self.cleaned_data["alert_webhook_url"]
        if url:
            try:
                check_public_url(url, what="The alert webhook URL")
            except UnsafeUrl as error:
                raise forms.ValidationError(str(error)) from error
        return url

    def values(self) -> dict[str, Any]:
        """What `quotas.services.limit_set` takes: every limit field, None where there is no limit."""
        data = self.cleaned_data
        spend = data["spend_per_month"]
        return {
            "images_per_day": data["images_per_day"],
            "images_per_month": data["images_per_month"],
            "gpu_seconds_per_month": data["gpu_seconds_per_month"],
            # The ledger counts millionths of the currency (exact integer sums), as the API converts.
            "spend_micros_per_month": None if spend is None else round(spend * 1_000_000),
            "concurrent_jobs": data["concurrent_jobs"],
            "requests_per_minute": data["requests_per_minute"],
            "allowed_models": data["allowed_models"],
            "alert_webhook_url": data["alert_webhook_url"],
        } | ({"currency": data["currency"]} if data["currency"] else {})


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = _MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError("Choose one or more photos of the person's face.")
        return [super(PhotosField, self).clean(file, initial) for file in files]


def _consent_expiry(day: Any) -> datetime | None:
    """Consent runs to the end of the day chosen (UTC)."""
    return datetime.combine(day, time.max, tzinfo=UTC) if day else None


class LikenessPersonForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    reason = forms.CharField(
        label="Why protect them", max_length=1000, help_text="e.g. our CEO; a client's talent"
    )
    photos = PhotosField(
        label="Reference photos", help_text="PNG, JPEG or WebP, each showing their face and no other"
    )
    store_photo = forms.BooleanField(
        label="Keep the photos", required=False, help_text="left unticked: only the face embeddings are kept"
    )
    consent_evidence = forms.CharField(
        label="Consent evidence",
        required=False,
        max_length=500,
        help_text="optional: a reference to the signed release (with an expiry)",
    )
    consent_expires = forms.DateField(
        label="Consent until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def consent(self) -> tuple[str, datetime | None]:
        return self.cleaned_data["consent_evidence"], _consent_expiry(self.cleaned_data["consent_expires"])


class LikenessPhotoForm(forms.Form):
    photos = PhotosField(label="Reference photos")
    store_photo = forms.BooleanField(label="Keep the photos", required=False)


class LikenessConsentForm(forms.Form):
    evidence = forms.CharField(label="Consent evidence", max_length=500)
    expires = forms.DateField(label="Consent until", widget=forms.DateInput(attrs={"type": "date"}))

    def expires_at(self) -> datetime | None:
        return _consent_expiry(self.cleaned_data["expires"])
