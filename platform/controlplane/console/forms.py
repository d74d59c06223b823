"""The console's forms: they parse what a person typed; the rules stay in the services they feed."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from audit.events import EventType
from controlplane.tenants.models import Membership, Role
from controlplane.tenants.scopes import ROLE_SCOPES
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


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(
        label="Note (recorded in the audit log)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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
        # An admin may issue keys for other members; the owner's role caps the scopes (the service checks).
        scopes = sorted(
            {scope for r in ROLE_SCOPES.values() for scope in r} if members else ROLE_SCOPES[role]
        )
        self.fields["scopes"].choices = [(scope, scope) for scope in scopes]
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


class AuditSearchForm(forms.Form):
    type = forms.ChoiceField(
        label="Event type",
        required=False,
        choices=[("", "any type")] + [(e.value, e.value) for e in EventType],
    )
    subject = forms.CharField(label="Subject", required=False, max_length=200, help_text="job:job_… or an id")
    actor = forms.CharField(label="Actor id", required=False, max_length=200)
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
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label="Until", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="exclusive"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            self.add_error("until", "Must be later than From.")
        return data

    def range(self) -> dict[str, datetime | None]:
        return {
            "since": _midnight(self.cleaned_data["since"]),
            "until": _midnight(self.cleaned_data["until"]),
        }


class VerifyForm(forms.Form):
    image = forms.FileField(label="Image (PNG, JPEG or WebP)")
