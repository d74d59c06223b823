"""The log's side of c2sp.org/tlog-witness: submit a log's newest checkpoint to witnesses over HTTP and
keep the cosignatures they return.

For each configured witness (`ASSAY_AUDIT_WITNESSES`: `<submission prefix URL> <cosignature verifier
key>` entries, comma-separated), `submit_checkpoint` POSTs an add-checkpoint request to
`<prefix>/add-checkpoint`: `old <size>`, the consistency proof from that size, a blank line, the log's
signed checkpoint. The size is the largest this installation holds a cosignature of that witness for
(0 when none). A witness at another size answers 409 with its size (`text/x.tlog.size`); the request is
sent again once, with the proof from that size. The 200 answer is cosignature lines: appended to the
checkpoint note, they go through `log_cosignature_add`, which verifies the witness's line under its key
before storing it (lines from unknown keys are ignored there) and records `audit.cosignature_added`.

Witness URLs are the operator's configuration, not user input. Standard library HTTP only.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max, Model

from audit.events import Actor
from audit.log import log_hashes, log_origin, newest_log_checkpoint
from audit.models import AuditChainHead, LogCosignature
from audit.notes import (
    SIGNATURE_COSIGNATURE_V1,
    NoteError,
    WitnessRequest,
    key_id,
    parse_checkpoint,
    parse_cosignature_verifier_key,
    parse_note,
)
from audit.selectors import chain_head
from audit.services import CosignatureRefused, log_cosignature_add

SETTING = "ASSAY_AUDIT_WITNESSES"
SIZE_CONTENT_TYPE = "text/x.tlog.size"
# A 409 names the witness's size; the request is repeated once from it. A second 409 means the witness
# moved again in between (another submitter): the next run of the schedule tries again.
_ATTEMPTS = 2
_MAX_RESPONSE_BYTES = 64 * 1024


class WitnessError(Exception):
    """A witness did not cosign; the message says which witness and why."""


@dataclass(frozen=True)
class Witness:
    url: str  # the submission prefix: requests go to <url>/add-checkpoint
    key: str  # its cosignature verifier key: <name>+<key id>+<base64 key>

    @property
    def name(self) -> str:
        return parse_cosignature_verifier_key(self.key)[0]


def parse_witness(entry: str) -> Witness:
    """`<submission prefix URL> <cosignature verifier key>`."""
    parts = entry.split()
    if len(parts) != 2 or not parts[0].startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"{SETTING} entry {entry!r} is not `<submission prefix URL> <cosignature verifier key>`"
        )
    try:
        parse_cosignature_verifier_key(parts[1])
    except NoteError as exc:
        raise ImproperlyConfigured(f"{SETTING} entry {entry!r}: {exc}") from exc
    return Witness(url=parts[0].rstrip("/"), key=parts[1])


def configured_witnesses() -> list[Witness]:
    """The witnesses of settings.ASSAY_AUDIT_WITNESSES (a list of entries), else of the environment
    variable of that name (comma-separated entries)."""
    entries = getattr(settings, SETTING, None)
    if entries is None:
        entries = os.environ.get(SETTING, "").split(",")
    return [parse_witness(entry) for entry in entries if entry.strip()]


def submit_checkpoint(
    tenant: Model | None, witness: Witness, *, actor: Actor, timeout: float = 10.0
) -> LogCosignature:
    """Have `witness` cosign the newest checkpoint of `tenant`'s log (the platform's for None) and store
    its cosignature. Raises WitnessError (and CosignatureRefused when its line does not verify)."""
    head = chain_head(tenant)
    newest = newest_log_checkpoint(head) if head is not None else None
    if newest is None:
        raise WitnessError("the log has no checkpoint yet (run `assay audit checkpoint`)")
    size = parse_checkpoint(parse_note(newest.note).text).size
    old = _last_cosigned_size(newest.head_id, witness)
    for _ in range(_ATTEMPTS):
        if old > size:
            raise WitnessError(
                f"witness {witness.name} last cosigned this log at size {old}, larger than its newest "
                f"checkpoint ({size}): take a checkpoint (`assay audit checkpoint`) and submit again"
            )
        request = WitnessRequest(
            old_size=old,
            proof=tuple(log_hashes(head).consistency_proof(old, size)),
            checkpoint_note=newest.note,
        )
        status, content_type, body = _post(f"{witness.url}/add-checkpoint", str(request), timeout)
        if status == 200:
            return log_cosignature_add(
                tenant=tenant, cosigned_note=newest.note + body, witness_key=witness.key, actor=actor
            )
        if status != 409:
            raise WitnessError(f"witness {witness.name} answered {status}: {body.strip()[:300]}")
        old = _conflict_size(witness, content_type, body)
    raise WitnessError(f"witness {witness.name} answered 409 twice: its size moved while this request ran")


@dataclass(frozen=True)
class Submission:
    """What one witness did with one log's newest checkpoint: cosigned it (size) or not (error)."""

    log: str  # the log's origin
    witness: str
    size: int
    error: str = ""


def submit_due(*, actor: Actor, timeout: float = 10.0) -> list[Submission]:
    """Send every log's newest checkpoint to each configured witness that has not cosigned it yet.

    The schedule's side of witnessing (the checkpoint task runs it after signing). One witness or log
    failing does not stop the others: its Submission carries the error, and the next run tries again.
    """
    witnesses = configured_witnesses()
    submissions: list[Submission] = []
    if not witnesses:
        return submissions
    for head in AuditChainHead.objects.select_related("tenant").order_by("pk"):
        newest = newest_log_checkpoint(head)
        if newest is None:
            continue
        origin = log_origin(head.tenant)
        for witness in witnesses:
            if _last_cosigned_size(head.pk, witness) >= newest.size:
                continue
            try:
                added = submit_checkpoint(head.tenant, witness, actor=actor, timeout=timeout)
            except (WitnessError, CosignatureRefused) as exc:
                submissions.append(Submission(origin, witness.name, newest.size, error=str(exc)))
            else:
                submissions.append(Submission(origin, witness.name, added.checkpoint.size))
    return submissions


def _last_cosigned_size(head_id: int, witness: Witness) -> int:
    name, public_key = parse_cosignature_verifier_key(witness.key)
    identifier = key_id(name, SIGNATURE_COSIGNATURE_V1, public_key).hex()
    cosigned = LogCosignature.objects.filter(checkpoint__head_id=head_id, witness=name, key_id=identifier)
    return cosigned.aggregate(size=Max("checkpoint__size"))["size"] or 0


def _conflict_size(witness: Witness, content_type: str, body: str) -> int:
    """The witness's size from a 409: its decimal size and a newline (tlog-witness)."""
    text = body[:-1] if body.endswith("\n") else ""
    if not content_type.startswith(SIZE_CONTENT_TYPE) or not text.isdigit() or text != str(int(text)):
        raise WitnessError(
            f"witness {witness.name} answered 409 without a size ({content_type}): {body[:100]!r}"
        )
    return int(text)


def _post(url: str, body: str, timeout: float) -> tuple[int, str, str]:
    """(status, content type, body) of a POST; an HTTP error status is an answer, not an exception."""
    request = urllib.request.Request(  # noqa: S310 (the operator's configured https/http URL)
        url, data=body.encode("utf-8"), method="POST", headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers.get_content_type(), _read(response)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), _read(error)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise WitnessError(f"the witness at {url} cannot be reached: {exc}") from exc


def _read(response) -> str:
    return response.read(_MAX_RESPONSE_BYTES).decode("utf-8", errors="replace")
