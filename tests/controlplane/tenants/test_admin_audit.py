"""Accounts changed through the Django admin are recorded in the platform's audit chain."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def platform_events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(tenant__isnull=True, event_type=event_type).order_by("seq"))


def test_creating_and_promoting_a_user_in_the_admin_is_audited():
    users = get_user_model()
    root = users.objects.create_superuser(username="root", email="root@x.example", password="pw-Root-1234!")
    browser = Client()
    browser.force_login(root)
    created = browser.post(
        "/admin/auth/user/add/",
        {
            "username": "mallory",
            "password1": "pw-Mallory-987!",
            "password2": "pw-Mallory-987!",
            "usable_password": "true",
        },
    )
    assert created.status_code == 302, created.content[:500]
    mallory = users.objects.get(username="mallory")
    (event,) = platform_events("user.created")
    assert event.actor_id == str(root.pk) and event.subjects == {"user": str(mallory.pk)}
    assert event.payload["is_superuser"] is False

    form = {
        "username": "mallory", "is_active": "on", "is_staff": "on", "is_superuser": "on",
        "date_joined_0": "2026-11-29", "date_joined_1": "00:00:00",
    }  # fmt: skip
    promoted = browser.post(f"/admin/auth/user/{mallory.pk}/change/", form)
    assert promoted.status_code == 302, promoted.content[:2000]
    (change,) = platform_events("user.privileges_changed")
    assert change.payload["changed"] == {"is_staff": [False, True], "is_superuser": [False, True]}
