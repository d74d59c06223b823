"""The installation submits its log checkpoints to witnesses over HTTP (c2sp.org/tlog-witness
add-checkpoint) and keeps their cosignatures.

The witness is `assay witness`'s own logic (audit.witness, with its state folder) served by a small
http.server in a thread, answering as the protocol says: 200 with the cosignature line, 409 with its
size when the request's proof starts elsewhere, 403 for a checkpoint its log key did not sign.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.events import Actor, EventType
from audit.keys import platform_signing_key
from audit.log import log_origin, newest_log_checkpoint, served_note
from audit.logstate import LogState
from audit.models import AuditEvent, LogCosignature
from audit.notes import (
    cosignature_verifier_key,
    parse_checkpoint,
    parse_note,
    parse_witness_request,
    verify_cosignature,
)
from audit.selectors import chain_head
from audit.services import create_checkpoint
from audit.witness import WitnessRefusal, WitnessSizeMismatch, proof_of_request, witness_checkpoint
from audit.witnessing import WitnessError, configured_witnesses, parse_witness, submit_checkpoint, submit_due
from tests.audit.helpers import record_many

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
NAME = "witness.example/w1"


@dataclass
class HttpWitness:
    """A tlog-witness add-checkpoint endpoint over audit.witness."""

    state: LogState
    log_keys: list[Ed25519PublicKey]
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    old_sizes: list[int] = field(default_factory=list)  # the `old` of every request, in order
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    @property
    def verifier_key(self) -> str:
        return cosignature_verifier_key(NAME, self.key.public_key())

    def answer(self, body: str) -> tuple[int, str, str]:
        request = parse_witness_request(body)
        self.old_sizes.append(request.old_size)
        origin = parse_checkpoint(parse_note(request.checkpoint_note).text).origin
        # Checking the old size and saving the new checkpoint happen under one lock, as the spec asks.
        with self.lock:
            stored = self.state.load(origin)
            if stored is None and request.old_size != 0:
                return 409, "text/x.tlog.size", "0\n"
            try:
                cosigned = witness_checkpoint(
                    state=self.state,
                    note=request.checkpoint_note,
                    log_keys=self.log_keys,
                    proof_from=proof_of_request(request.old_size, request.proof),
                    name=NAME,
                    key=self.key,
                    timestamp=int(time.time()),
                )
            except WitnessSizeMismatch as conflict:
                return 409, "text/x.tlog.size", f"{conflict.size}\n"
            except WitnessRefusal as refusal:
                status = 403 if "does not verify under the log's key" in str(refusal) else 422
                return status, "text/plain", f"{refusal}\n"
        return 200, "text/plain; charset=utf-8", cosigned.line


@pytest.fixture
def http_witness(tmp_path: Path) -> Iterator[HttpWitness]:
    witness = HttpWitness(
        state=LogState(tmp_path / "witness-state"),
        log_keys=[platform_signing_key().private_key.public_key()],
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            if self.path != "/w1/add-checkpoint":
                status, content_type, answer = 404, "text/plain", "not found\n"
            else:
                status, content_type, answer = witness.answer(body)
            data = answer.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    witness.url = f"http://127.0.0.1:{server.server_address[1]}/w1"
    try:
        yield witness
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _submit(tenant, witness: HttpWitness) -> LogCosignature:
    return submit_checkpoint(tenant, parse_witness(f"{witness.url} {witness.verifier_key}"), actor=SYSTEM)


def test_a_checkpoint_submitted_over_http_comes_back_cosigned_and_is_served(tenant, http_witness) -> None:
    record_many(tenant, 5)
    create_checkpoint(actor=SYSTEM)
    added = _submit(tenant, http_witness)

    newest = newest_log_checkpoint(chain_head(tenant))
    assert (added.checkpoint, added.witness, added.checkpoint.size) == (newest, NAME, 5)
    served = parse_note(served_note(newest))
    assert verify_cosignature(served, NAME, http_witness.key.public_key()) > 0
    assert http_witness.old_sizes == [0]  # the witness had never seen the log
    assert parse_note(http_witness.state.load(log_origin(tenant))).text == served.text
    recorded = AuditEvent.objects.filter(tenant=None, event_type=EventType.AUDIT_COSIGNATURE_ADDED).get()
    assert recorded.payload["witness"] == NAME and recorded.payload["size"] == 5

    # The log grows: the next request starts at the size this witness cosigned, with its proof.
    record_many(tenant, 7)
    create_checkpoint(actor=SYSTEM)
    assert _submit(tenant, http_witness).checkpoint.size == 12
    assert http_witness.old_sizes == [0, 5]


def test_a_409_names_the_witness_size_and_the_request_is_sent_again_from_it(tenant, http_witness) -> None:
    record_many(tenant, 4)
    create_checkpoint(actor=SYSTEM)
    # The witness cosigned size 4 by hand (`assay witness cosign`), and that cosignature never came back.
    witness_checkpoint(
        state=http_witness.state,
        note=newest_log_checkpoint(chain_head(tenant)).note,
        log_keys=http_witness.log_keys,
        proof_from=proof_of_request(0, ()),
        name=NAME,
        key=http_witness.key,
        timestamp=int(time.time()),
    )
    record_many(tenant, 6)
    create_checkpoint(actor=SYSTEM)

    added = _submit(tenant, http_witness)

    assert http_witness.old_sizes == [0, 4]  # 0 (no cosignature of it here), then the size of the 409
    assert added.checkpoint.size == 10
    served = parse_note(served_note(added.checkpoint))
    assert verify_cosignature(served, NAME, http_witness.key.public_key()) > 0


def test_a_witness_that_does_not_trust_the_log_key_is_an_error_and_nothing_is_stored(
    tenant, http_witness
) -> None:
    http_witness.log_keys = [Ed25519PrivateKey.generate().public_key()]
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    with pytest.raises(WitnessError, match="answered 403"):
        _submit(tenant, http_witness)
    assert not LogCosignature.objects.exists()


def test_an_unreachable_witness_is_an_error_naming_it(tenant, http_witness) -> None:
    record_many(tenant, 2)
    create_checkpoint(actor=SYSTEM)
    gone = parse_witness(f"{http_witness.url.replace('/w1', '/elsewhere')} {http_witness.verifier_key}")
    with pytest.raises(WitnessError, match="answered 404"):
        submit_checkpoint(tenant, gone, actor=SYSTEM)
    closed = parse_witness(f"http://127.0.0.1:9/w1 {http_witness.verifier_key}")
    with pytest.raises(WitnessError, match="cannot be reached"):
        submit_checkpoint(tenant, closed, actor=SYSTEM)


def test_witnesses_are_configured_as_url_and_verifier_key(settings, http_witness) -> None:
    settings.ASSAY_AUDIT_WITNESSES = [f"{http_witness.url}/ {http_witness.verifier_key}"]
    [witness] = configured_witnesses()
    assert (witness.url, witness.key, witness.name) == (http_witness.url, http_witness.verifier_key, NAME)
    settings.ASSAY_AUDIT_WITNESSES = ["ftp://w.example/ key"]
    with pytest.raises(ImproperlyConfigured, match="ASSAY_AUDIT_WITNESSES"):
        configured_witnesses()
    settings.ASSAY_AUDIT_WITNESSES = [f"{http_witness.url} not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="ASSAY_AUDIT_WITNESSES"):
        configured_witnesses()


def test_witness_submit_sends_to_every_configured_witness_and_fails_when_one_does_not_cosign(
    settings, tenant, http_witness
) -> None:
    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)
    settings.ASSAY_AUDIT_WITNESSES = [f"{http_witness.url} {http_witness.verifier_key}"]
    out = io.StringIO()
    call_command("audit", "witness-submit", "--tenant", tenant.slug, stdout=out)
    assert f"OK      {NAME} cosigned the log checkpoint of size 3" in out.getvalue()
    assert LogCosignature.objects.get().witness == NAME

    stranger = cosignature_verifier_key("witness.example/w2", Ed25519PrivateKey.generate().public_key())
    settings.ASSAY_AUDIT_WITNESSES = [f"http://127.0.0.1:9/w2 {stranger}"]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 witness"):
        call_command("audit", "witness-submit", "--tenant", tenant.slug, stdout=out)
    assert "FAILED  http://127.0.0.1:9/w2: the witness at" in out.getvalue()


def test_the_schedule_sends_each_new_checkpoint_once_and_a_failing_witness_does_not_stop_the_others(
    settings, tenant, http_witness
) -> None:
    from controlplane.tasks import audit_witness_task

    record_many(tenant, 3)
    create_checkpoint(actor=SYSTEM)  # the tenant's log gets a log checkpoint at size 3
    stranger = cosignature_verifier_key("witness.example/w2", Ed25519PrivateKey.generate().public_key())
    settings.ASSAY_AUDIT_WITNESSES = [
        f"http://127.0.0.1:9/w2 {stranger}",
        f"{http_witness.url} {http_witness.verifier_key}",
    ]

    outcome = audit_witness_task.apply().get()

    tenant_log = log_origin(tenant)
    assert outcome["cosigned"] == [f"{NAME} {tenant_log} 3"]
    [failed] = outcome["failed"]
    assert failed.startswith(f"witness.example/w2 {tenant_log}: ") and "cannot be reached" in failed
    assert LogCosignature.objects.get().witness == NAME
    # Nothing new: the witness that cosigned is not asked again; the unreachable one is retried.
    [again] = submit_due(actor=SYSTEM)
    assert (again.witness, again.log, again.size) == ("witness.example/w2", tenant_log, 3) and again.error
    assert http_witness.old_sizes == [0]

    record_many(tenant, 4)
    create_checkpoint(actor=SYSTEM)
    settings.ASSAY_AUDIT_WITNESSES = [f"{http_witness.url} {http_witness.verifier_key}"]
    sizes = {entry.log: entry.size for entry in submit_due(actor=SYSTEM) if not entry.error}
    assert sizes[tenant_log] == 7


def test_without_witnesses_the_schedule_sends_nothing(settings, tenant) -> None:
    settings.ASSAY_AUDIT_WITNESSES = []
    record_many(tenant, 2)
    create_checkpoint(actor=SYSTEM)
    assert submit_due(actor=SYSTEM) == []
    assert not LogCosignature.objects.exists()


def test_the_checkpoint_task_hands_its_new_checkpoint_to_the_witnesses(
    settings, tenant, http_witness, eager_pipeline
) -> None:
    from controlplane.tasks import audit_checkpoint_task

    settings.ASSAY_AUDIT_WITNESSES = [f"{http_witness.url} {http_witness.verifier_key}"]
    record_many(tenant, 5)
    assert audit_checkpoint_task.apply().get()["number"] == 1
    cosigned = LogCosignature.objects.get()
    assert (cosigned.witness, cosigned.checkpoint.size) == (NAME, 5)
    assert http_witness.old_sizes == [0]
