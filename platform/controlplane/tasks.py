from __future__ import annotations

import hashlib
import logging
import platform
import sys

from celery import shared_task

from audit.events import Actor
from audit.services import AuditIntegrityError, checkpoint_on_schedule, withheld_chains
from audit.witnessing import configured_witnesses, submit_due

logger = logging.getLogger(__name__)

CHECKPOINT_ACTOR = Actor.system("audit-schedule")


@shared_task(name="controlplane.ping_task", soft_time_limit=10, time_limit=20, ignore_result=False)
def ping_task() -> dict[str, str]:
    """Answers from a worker: proves the broker round trip and says where the worker runs."""
    return {"status": "ok", "system": platform.system(), "python": sys.version.split()[0]}


@shared_task(name="controlplane.audit_checkpoint_task", soft_time_limit=300, time_limit=330, expires=300)
def audit_checkpoint_task() -> dict[str, object]:
    """Periodic (Celery beat, `audit-checkpoint`): sign every chain head that verifies since the last one.

    Skipped when nothing changed. A chain that does not verify is withheld and logged as an error; a log
    whose checkpoints do not hold up is not signed at all, and the task fails loudly.
    """
    try:
        checkpoint = checkpoint_on_schedule(actor=CHECKPOINT_ACTOR)
    except AuditIntegrityError:
        logger.exception("audit checkpoint refused")
        raise
    if checkpoint is None:
        return {"skipped": "no checkpoint due: nothing changed, or too few events within the interval"}
    withheld = withheld_chains(checkpoint)
    for entry in withheld:
        logger.error(
            "audit checkpoint #%s withheld %s: seq %s: %s: %s (run `assay audit verify`)",
            checkpoint.number,
            entry["chain"],
            entry["seq"],
            entry["reason"],
            entry["detail"],
        )
    # The digest in shipped logs lets an operator tell later whether this checkpoint is still the same.
    logger.info(
        "audit checkpoint #%s (%s) signed, body sha256 %s",
        checkpoint.number,
        checkpoint.public_id,
        hashlib.sha256(checkpoint.body.encode()).hexdigest(),
    )
    if configured_witnesses():
        # Witnesses answer over the network: their own task, so a slow one never holds up signing.
        audit_witness_task.delay()
    return {
        "number": checkpoint.number,
        "id": str(checkpoint.public_id),
        "withheld": [entry["chain"] for entry in withheld],
    }


@shared_task(name="controlplane.audit_witness_task", soft_time_limit=300, time_limit=330, expires=300)
def audit_witness_task() -> dict[str, object]:
    """After a checkpoint (or by hand): every configured witness (ASSAY_AUDIT_WITNESSES) gets each log's
    newest checkpoint it has not cosigned; the cosignatures come back into the log (audited there)."""
    submissions = submit_due(actor=CHECKPOINT_ACTOR)
    for failed in (entry for entry in submissions if entry.error):
        logger.error(
            "witness %s did not cosign %s at size %s: %s",
            failed.witness,
            failed.log,
            failed.size,
            failed.error,
        )
    return {
        "cosigned": [f"{entry.witness} {entry.log} {entry.size}" for entry in submissions if not entry.error],
        "failed": [f"{entry.witness} {entry.log}: {entry.error}" for entry in submissions if entry.error],
    }
