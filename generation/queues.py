"""The Celery queues, one per kind of worker pool. The routing table (CELERY_TASK_ROUTES in settings)
and the model catalog (a model's pool) name queues only through this enum."""

from __future__ import annotations

from enum import StrEnum


class Queue(StrEnum):
    CONTROL = "control"  # moderation, screening, provenance, release, beat's tasks
    GPU = "gpu"  # local diffusers models
    API = "api"  # licensed model APIs
    # Outbound webhooks (a job's, a review escalation's, a quota alert's): each attempt waits on a
    # receiver someone else runs, so they have a pool of their own, and a receiver that never answers
    # holds only that pool, never moderation, screening or release.
    WEBHOOKS = "webhooks"


# The pools a job's generation runs on (its model's queue). A worker consuming one of them finishes
# the jobs it generates itself when it holds the screening models (ASSAY_FINISH_IN_PLACE).
GENERATION_QUEUES = frozenset({Queue.GPU, Queue.API})
