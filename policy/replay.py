"""Replay: what a draft policy would have decided on the tenant's recent prompts, and what changes.

The prompts and the decisions they got come from the audit log (`job.received` and
`policy.prompt_decided`), so a replay works on exactly what was asked and decided, whatever happened
to the jobs since. Nothing is stored but the audit event that records the replay itself: reading a
tenant's prompt history in bulk is worth a line in its log.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from audit.events import Actor, EventType
from audit.selectors import events_of_type_from, latest_events_of_type
from audit.services import record_event
from foundation.tenancy import Tenant
from policy.evaluation import evaluate
from policy.moderators import build_moderators
from policy.schema import PolicyDocument, document_sha256

MAX_REPLAY = 1000


@dataclass(frozen=True)
class ReplayedPrompt:
    job_id: str
    received_at: str
    texts: dict[str, str]
    before: dict[str, Any] | None  # the decision recorded then (None: the job never reached moderation)
    after: dict[str, Any]

    @property
    def changed(self) -> bool:
        return self.before is None or self.before["decision"] != self.after["decision"]

    def as_dict(self) -> dict[str, Any]:
        before = (
            None
            if self.before is None
            else {"decision": self.before["decision"], "policy": self.before.get("policy_name")}
        )
        return {
            "job_id": self.job_id,
            "received_at": self.received_at,
            **self.texts,
            "before": before,
            "after": {"decision": self.after["decision"], "reasons": self.after["reasons"]},
            "changed": self.changed,
        }


def recent_prompts(tenant: Tenant, *, limit: int) -> list[tuple[Any, dict[str, Any] | None]]:
    """The tenant's last `limit` received jobs (newest first), each with its recorded prompt decision."""
    received = latest_events_of_type(tenant, EventType.JOB_RECEIVED, limit=limit)
    if not received:
        return []
    decided: dict[str, dict[str, Any]] = {}
    for event in events_of_type_from(tenant, EventType.POLICY_PROMPT_DECIDED, from_seq=received[-1].seq):
        # The first decision of a job is the pipeline's; a later one would be a re-decision.
        decided.setdefault(event.subjects.get("job", ""), event.payload)
    return [(event, decided.get(event.subjects.get("job", ""))) for event in received]


@dataclass(frozen=True)
class Replay:
    prompts: list[ReplayedPrompt]  # newest first
    transitions: dict[str, int]  # "before->after": count
    not_evaluated: int  # recent prompts left out because the time budget was spent


def policy_replay(
    *, tenant: Tenant, document: PolicyDocument, limit: int, actor: Actor, time_budget: float | None = None
) -> Replay:
    """Decide each recent prompt under `document`, newest first.

    With `time_budget` (seconds), no prompt is started once that much time has passed since the first
    (at least one is always decided): the older prompts left are counted in `not_evaluated`. A
    moderator's own timeout bounds the overrun to one prompt.
    """
    limit = max(1, min(limit, MAX_REPLAY))
    moderators = build_moderators(document)
    history = recent_prompts(tenant, limit=limit)
    deadline = None if time_budget is None else time.monotonic() + time_budget
    replayed: list[ReplayedPrompt] = []
    for event, before in history:
        if replayed and deadline is not None and time.monotonic() >= deadline:
            break
        texts = {
            field: event.payload[field] for field in ("prompt", "negative_prompt") if event.payload.get(field)
        }
        after = evaluate(
            document=document,
            texts=texts,
            policy_name=f"{document.name}@draft",
            policy_version=None,
            moderators=moderators,
        ).as_dict()
        replayed.append(
            ReplayedPrompt(
                job_id=event.subjects.get("job", ""),
                received_at=event.time.isoformat(),
                texts=texts,
                before=before,
                after=after,
            )
        )
    transitions = dict(
        sorted(
            Counter(
                f"{item.before['decision'] if item.before else 'none'}->{item.after['decision']}"
                for item in replayed
            ).items()
        )
    )
    not_evaluated = len(history) - len(replayed)
    with transaction.atomic():
        record_event(
            tenant=tenant,
            event_type=EventType.POLICY_REPLAYED,
            actor=actor,
            subjects={},
            payload={
                "draft": document.name,
                "draft_sha256": document_sha256(document),
                "prompts": len(replayed),
                "changed": sum(item.changed for item in replayed),
                "transitions": transitions,
                "not_evaluated": not_evaluated,
            },
        )
    return Replay(prompts=replayed, transitions=transitions, not_evaluated=not_evaluated)
