"""What the pipeline tells the rest of the platform, without importing it (stages depend downward).

Each is sent inside the transaction of the change it announces, so that what listens (the review
queue, quotas) changes atomically with it; a receiver that raises undoes the change. Receivers of
`job_admitted`, `job_finished` and `job_reinstated` may return a dict: it is added to the payload of the
change's own audit event (`audit_additions`), so that what they did is on the record in that event:
- `job_admitted`: a new job row (controlplane.quotas reserves; raising refuses the request);
- `job_held`: a job held for human review (controlplane.review opens its items);
- `job_finished`: a job's terminal transition (quotas settle or refund);
- `job_reinstated`: a rejected job queued again by an upheld appeal (quotas reserve again).
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# Sent with sender=GenerationJob and keyword arguments:
#   job: the GenerationJob, now `held_for_review`
#   stage: "prompt" (the prompt or an edit's input image) or "output" (generated images)
#   decisions: for "prompt", the prompt stage's decisions as dicts (PolicyDecision.as_dict)
#   images: for "output", the held GeneratedImage rows (their `decision_reasons` say why)
job_held = Signal()

# sender=GenerationJob, job=the new job, not saved yet: sent before the admitting transaction. A receiver
# may take what must be taken before it (controlplane.quotas claims its counters in a short transaction
# of their own, so that one tenant's concurrent admissions do not queue behind each other's whole
# transaction) and return it; what all returned goes, as `holds`, to `job_admitted` and
# `job_admission_failed`. Raising refuses the request.
job_admitting = Signal()
# sender=GenerationJob, job=the new job (saved, in the admitting transaction), holds.
job_admitted = Signal()
# sender=GenerationJob, job=the job whose admitting transaction failed (nothing of it committed), holds:
# give back what `job_admitting` took.
job_admission_failed = Signal()
# sender=GenerationJob, job=the job, now in a terminal status; charged=whether its client pays for the
# work done (False: a failure that was not the request's own, such as a provider down or a crash of
# Assay's, even after images were made: the client receives none of them).
job_finished = Signal()
# sender=GenerationJob, job=the job, queued again.
job_reinstated = Signal()


def audit_additions(responses: list[tuple[Any, Any]]) -> dict[str, Any]:
    """The dicts the receivers of a `send` returned, merged: what goes into the change's audit event."""
    additions: dict[str, Any] = {}
    for _receiver, response in responses:
        if isinstance(response, dict):
            additions |= response
    return additions
