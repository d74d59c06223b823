"""What a pipeline transition asks to happen next. Transitions return a `NextStep` (or None when the job
needs nothing more); generation.tasks maps each step to its task and dispatches it after the commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generation.models import GenerationJob


class Step(StrEnum):
    MODERATE = "moderate"  # prompt (and input image) policy
    GENERATE = "generate"  # the model runs, on its model's queue
    FINISH = "finish"  # output policy, provenance, release
    NOTIFY = "notify"  # the job ended: deliver its webhook


@dataclass(frozen=True)
class NextStep:
    step: Step
    job_pk: int
    # Generation names its model's pool; moderation may (its model's pool too: `tasks.dispatch` reads it
    # from the job otherwise), and runs there when that pool moderates in place. Every other task goes
    # where CELERY_TASK_ROUTES sends it.
    queue: str | None = None
    # The job's public id, carried to the task in a message header for its log lines, so that the task
    # need not look it up before it starts (one query less on the way to the job's first step).
    job_id: str | None = field(default=None, compare=False)
    # The job's row with its relations, as the transition read it, for a step that this same process
    # runs next without a hop (generation after moderating in place: `tasks._generate`), so that the
    # row is not read again. Never published: `tasks.dispatch` sends the primary key.
    row: GenerationJob | None = field(default=None, compare=False, repr=False)
