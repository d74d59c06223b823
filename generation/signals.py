"""What the pipeline tells the rest of the platform, without importing it (stages depend downward).

`job_held` is sent inside the transaction that holds a job for human review, so that whatever opens
review items (controlplane.review) does it atomically with the hold: a held job always has its items.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender=GenerationJob and keyword arguments:
#   job: the GenerationJob, now `held_for_review`
#   stage: "prompt" (the prompt or an edit's input image) or "output" (generated images)
#   decisions: for "prompt", the prompt stage's decisions as dicts (PolicyDecision.as_dict)
#   images: for "output", the held GeneratedImage rows (their `decision_reasons` say why)
job_held = Signal()
