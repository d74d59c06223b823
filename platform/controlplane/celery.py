"""The Celery application. Workers start with `celery -A controlplane worker` (queues per pool)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")

# Tasks of the control plane itself (not an installed app, so autodiscovery misses them).
app = Celery("assay", include=["controlplane.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
