"""Celery tasks of quotas: thin adapters over its services."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings

from controlplane.quotas import services
from controlplane.tenants.models import Tenant
from generation.webhooks import WebhookDeliveryError, WebhookRefused, deliver

logger = logging.getLogger(__name__)


@shared_task(
    name="quotas.deliver_alert_task",
    bind=True,
    acks_late=True,
    max_retries=settings.ASSAY_WEBHOOK_MAX_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_alert_task(self, tenant_pk: int, alert: dict[str, Any]) -> None:
    """POST `quota.alert` (80% or 100% of a monthly limit) to the tenant's alert webhook (on the
    webhooks queue, like every webhook: CELERY_TASK_ROUTES)."""
    tenant = Tenant.objects.get(pk=tenant_pk)
    url = services.alert_webhook_url(tenant)
    if not url:
        return
    try:
        deliver(url=url, secret=tenant.webhook_secret, payload={"type": "quota.alert", "data": alert})
    except WebhookRefused:
        logger.warning("quota alert webhook of tenant %s refused", tenant.slug)
    except WebhookDeliveryError as exc:
        delay = settings.ASSAY_WEBHOOK_RETRY_BASE_SECONDS * (2**self.request.retries)
        raise self.retry(exc=exc, countdown=delay) from exc


@shared_task(name="quotas.reconcile_task", soft_time_limit=600, time_limit=630, expires=3600)
def reconcile_task() -> int:
    """Daily (Celery beat): counters rebuilt from the ledger where they drifted; returns how many."""
    drift = services.reconcile(fix=True)
    for cell in drift:
        logger.warning("quota counter drifted from the ledger: %s", cell)
    return len(drift)
