"""Celery tasks of the review queue: thin adapters over its services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from controlplane.review import services
from controlplane.review.models import ReviewItem
from generation.webhooks import WebhookDeliveryError, WebhookRefused, deliver

logger = logging.getLogger(__name__)


@shared_task(name="review.sla_task", soft_time_limit=120, time_limit=150, expires=120)
def sla_task() -> dict[str, int]:
    """Periodic (Celery beat, `review-sla`): escalate and expire review items under their policy."""
    return services.sla_sweep()


@shared_task(
    name="review.deliver_escalation_task",
    bind=True,
    acks_late=True,
    max_retries=settings.ASSAY_WEBHOOK_MAX_RETRIES,
    soft_time_limit=60,
    time_limit=90,
)
def deliver_escalation_task(self, item_pk: int) -> None:
    """POST `review.escalated` to the policy's escalation webhook, signed like job webhooks (on the
    webhooks queue, like them: CELERY_TASK_ROUTES)."""
    item = ReviewItem.objects.select_related("job", "image", "tenant").get(pk=item_pk)
    url = services.escalation_webhook_url(item)
    if not url:
        return
    try:
        deliver(url=url, secret=item.tenant.webhook_secret, payload=services.escalation_payload(item))
    except WebhookRefused:
        logger.warning("escalation webhook of review %s refused", item.public_id)
    except WebhookDeliveryError as exc:
        delay = settings.ASSAY_WEBHOOK_RETRY_BASE_SECONDS * (2**self.request.retries)
        raise self.retry(exc=exc, countdown=delay) from exc
