"""`assay audit verify | checkpoint | export | verify-export | export-tiles | monitor | witness-request |
witness-submit | add-cosignature`: the audit log and its transparency logs from the command line."""

from __future__ import annotations

import json
from argparse import ArgumentTypeError
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Model

from audit.events import Actor
from audit.integrity import KeptCheckpoint, verify_audit_log
from audit.keyfiles import auditor_token, log_public_keys
from audit.keys import AuditSigningError
from audit.log import log_hashes, newest_log_checkpoint, served_note, write_log_files
from audit.logstate import LogState
from audit.merkle import ProofError
from audit.monitor import LogAlert, UncheckableError, monitor_log
from audit.notes import WitnessRequest, parse_checkpoint, parse_note
from audit.selectors import chain_head, checkpoint_document
from audit.services import (
    AuditIntegrityError,
    CosignatureRefused,
    create_checkpoint,
    log_cosignature_add,
    start_audit_export,
    withheld_chains,
)
from audit.tilesource import source_for
from audit.trust import SETTING, TrustedKeys, configured_key_files, read_public_key_files, trusted_public_keys
from audit.verification import CHECKPOINT_FILE, EVENTS_FILE, LOG_FOLDER, PUBLIC_KEY_FILE, verify_export
from audit.witnessing import SETTING as WITNESSES_SETTING
from audit.witnessing import WitnessError, configured_witnesses, submit_checkpoint

CLI_ACTOR = Actor.system("audit-cli")


def _timestamp(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date or time, e.g. 2026-11-26T14:00:00Z"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Verify, checkpoint and export the append-only audit log; monitor its transparency logs."
    # verify-export must run with the database unreachable; other apps' system checks might touch it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser(
            "verify", help="Recompute every chain (or one tenant's) and check heads and signed checkpoints."
        )
        verify.add_argument("--tenant", metavar="SLUG", help="Verify only this tenant's chain.")
        verify.add_argument(
            "--public-key",
            metavar="PEM",
            type=Path,
            action="append",
            help=f"Trust checkpoints signed by the key(s) in this PEM file (repeatable); default: {SETTING}, "
            "or the public key of the platform's signing key.",
        )
        verify.add_argument(
            "--checkpoint",
            metavar="JSON",
            type=Path,
            action="append",
            default=[],
            help="A checkpoint document kept outside the database (`audit checkpoint` output, an export's "
            "checkpoint.json): it must still be in the database, and what it signs must hold (repeatable).",
        )
        actions.add_parser(
            "checkpoint",
            help="Verify what changed since the last checkpoint and sign every chain head that verifies.",
        )
        export = actions.add_parser(
            "export", help="Write a tenant's events with a signed checkpoint to a folder."
        )
        export.add_argument("--tenant", metavar="SLUG", required=True)
        export.add_argument(
            "--since", type=_timestamp, help="First event time, inclusive (ISO 8601; UTC if no zone)."
        )
        export.add_argument(
            "--until", type=_timestamp, help="Last event time, exclusive (ISO 8601; UTC if no zone)."
        )
        export.add_argument("--out", metavar="DIR", type=Path, required=True, help="An empty or new folder.")
        verify_export_parser = actions.add_parser(
            "verify-export", help="Verify an export folder offline (no database access)."
        )
        verify_export_parser.add_argument("directory", metavar="DIR", type=Path)
        verify_export_parser.add_argument(
            "--public-key",
            metavar="PEM",
            type=Path,
            action="append",
            help=f"The platform's published public key(s) (repeatable); default: {SETTING} when set, else "
            "the export's own public_key.pem, which proves only that the files agree with each other.",
        )

        export_tiles = actions.add_parser(
            "export-tiles",
            help="Write a log (a tenant's, or the platform's) as static C2SP tlog-tiles files: checkpoint, "
            "tiles and entry bundles, for any static file server or bucket.",
        )
        export_tiles.add_argument("directory", metavar="DIR", type=Path)
        export_tiles.add_argument(
            "--tenant", metavar="SLUG", help="The tenant's log (default: the platform's)."
        )
        monitor = actions.add_parser(
            "monitor",
            help="Check that each log's newest checkpoint extends the last one trusted (kept in --state); "
            "fails on a fork, a rewrite or a truncation (no database access).",
        )
        monitor.add_argument(
            "--log",
            metavar="URL_OR_DIR",
            action="append",
            required=True,
            help="A log's tiles: https://HOST/v1/audit/log/<tenant>/ or a folder of exported tiles "
            "(repeatable).",
        )
        monitor.add_argument(
            "--state", metavar="DIR", type=Path, required=True, help="The monitor's own folder."
        )
        monitor.add_argument(
            "--key",
            metavar="LOGKEY",
            action="append",
            required=True,
            help="A log public key: a PEM file, or a C2SP verifier key (string or file) (repeatable).",
        )
        monitor.add_argument(
            "--token-file",
            metavar="FILE",
            type=Path,
            help="A file holding an auditor's API key for HTTP logs (default: $ASSAY_AUDITOR_KEY).",
        )
        request = actions.add_parser(
            "witness-request",
            help="Write a tlog-witness request: the newest log checkpoint with a consistency proof from the "
            "size a witness last cosigned.",
        )
        request.add_argument("--tenant", metavar="SLUG", help="The tenant's log (default: the platform's).")
        request.add_argument("--old", metavar="SIZE", type=int, required=True, help="The witness's size.")
        request.add_argument("--out", metavar="FILE", type=Path, help="Write it here (default: stdout).")
        submit = actions.add_parser(
            "witness-submit",
            help="Submit the newest log checkpoint to each witness of ASSAY_AUDIT_WITNESSES (tlog-witness "
            "add-checkpoint over HTTP) and attach the cosignatures they return.",
        )
        submit.add_argument("--tenant", metavar="SLUG", help="The tenant's log (default: the platform's).")
        cosignature = actions.add_parser(
            "add-cosignature",
            help="Attach a witness's cosignature (the cosigned checkpoint `assay witness` wrote) to the "
            "served checkpoint and to later proofs.",
        )
        cosignature.add_argument("note", metavar="FILE", type=Path)
        cosignature.add_argument(
            "--tenant", metavar="SLUG", help="The tenant's log (default: the platform's)."
        )
        cosignature.add_argument(
            "--witness", metavar="VKEY", required=True, help="The witness's cosignature verifier key."
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handler = {
            "verify": self._verify,
            "checkpoint": self._checkpoint,
            "export": self._export,
            "verify-export": self._verify_export,
            "export-tiles": self._export_tiles,
            "monitor": self._monitor,
            "witness-request": self._witness_request,
            "witness-submit": self._witness_submit,
            "add-cosignature": self._add_cosignature,
        }[action]
        handler(**options)

    def _verify(
        self, *, tenant: str | None, public_key: list[Path] | None, checkpoint: list[Path], **options: Any
    ) -> None:
        trusted = _trusted_keys(public_key)
        try:
            kept = [KeptCheckpoint.read(path) for path in checkpoint]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = verify_audit_log(tenants=[_tenant(tenant)] if tenant else None, trusted=trusted, kept=kept)
        for problem in report.checkpoint_problems:
            self.stdout.write(f"BROKEN  {problem}")
        for chain in report.chains:
            result = chain.report
            if result.ok:
                self.stdout.write(
                    f"OK      {chain.label}: {_events(result.count)}, head seq {result.last_seq or 0} "
                    f"hash {result.head_hash}"
                )
            else:
                self.stdout.write(f"BROKEN  {chain.label}: {result.broken}")
        self.stdout.write(
            f"signed checkpoints checked: {report.checkpoints_verified} (trusted keys: {trusted.describe()})"
        )
        if not report.ok:
            broken = sum(not chain.report.ok for chain in report.chains) + len(report.checkpoint_problems)
            raise CommandError(f"audit log verification failed: {broken} problem(s), see above")

    def _checkpoint(self, **options: Any) -> None:
        try:
            checkpoint = create_checkpoint(actor=CLI_ACTOR)
        except (AuditIntegrityError, AuditSigningError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(checkpoint_document(checkpoint), indent=2, ensure_ascii=False))
        withheld = withheld_chains(checkpoint)
        if withheld:
            for entry in withheld:
                self.stdout.write(
                    f"WITHHELD {entry['chain']} ({entry['tenant_slug']}): seq {entry['seq']}: "
                    f"{entry['reason']}: {entry['detail']}"
                )
            raise CommandError(
                f"checkpoint #{checkpoint.number} signed every chain but {len(withheld)} that do not verify "
                "(see above); `assay audit verify` shows the whole picture"
            )

    def _export(
        self, *, tenant: str, since: datetime | None, until: datetime | None, out: Path, **options: Any
    ) -> None:
        names = (EVENTS_FILE, CHECKPOINT_FILE, PUBLIC_KEY_FILE, LOG_FOLDER)
        taken = [name for name in names if (out / name).exists()]
        if taken:
            raise CommandError(f"{out} already holds {', '.join(taken)}; export into an empty folder")
        try:
            export = start_audit_export(tenant=_tenant(tenant), actor=CLI_ACTOR, since=since, until=until)
        except AuditIntegrityError as exc:
            raise CommandError(str(exc)) from exc
        out.mkdir(parents=True, exist_ok=True)
        document = json.dumps(export.checkpoint_document, indent=2, ensure_ascii=False) + "\n"
        (out / CHECKPOINT_FILE).write_text(document, encoding="utf-8")
        (out / PUBLIC_KEY_FILE).write_bytes(export.public_key_pem)
        count = 0
        with (out / EVENTS_FILE).open("wb") as events:
            for line in export.lines():
                events.write(line)
                count += 1
        for resource in export.log_files():
            path = out / LOG_FOLDER / resource.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(resource.body)
        first, last = export.seq_range or (None, None)
        span = f"seq {first}..{last}" if count else "no events in the range"
        self.stdout.write(f"exported {_events(count)} ({span}) of tenant {tenant} to {out}")
        self.stdout.write(
            f"checkpoint {export.checkpoint.public_id}, key {export.checkpoint.public_key_fingerprint}"
        )

    def _verify_export(self, *, directory: Path, public_key: list[Path] | None, **options: Any) -> None:
        # The database is not needed (nor maybe reachable): only key files named here or in settings.
        files = public_key or configured_key_files()
        key_pem = None
        for path in map(Path, files):
            try:
                key_pem = (key_pem or b"") + path.read_bytes() + b"\n"
            except OSError as exc:
                raise CommandError(f"the public key {path} cannot be read: {exc.strerror}") from exc
        report = verify_export(directory, public_key_pem=key_pem)
        chain = report.chain
        if chain is not None and chain.ok:
            span = f"seq {chain.first_seq}..{chain.last_seq}" if chain.count else "empty"
            self.stdout.write(f"{EVENTS_FILE}: {_events(chain.count)} ({span}), chain intact")
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for problem in report.problems:
            self.stdout.write(f"FAILED: {problem}")
        if not report.ok:
            raise CommandError(f"export verification failed: {report.problems[0]}")
        if key_pem is None:
            # Checked against the export's own key: a forger who rewrote the files signed them with
            # theirs. The files agree with each other; who made them is not shown.
            self.stdout.write(
                "export consistent, NOT AUTHENTICATED: checked against its own public_key.pem; pass the "
                f"platform's published key (--public-key, or {SETTING}) to verify who signed it"
            )
            return
        self.stdout.write("export verified")

    def _export_tiles(self, *, directory: Path, tenant: str | None, **options: Any) -> None:
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty; export the tiles into an empty or new folder")
        try:
            checkpoint = write_log_files(_tenant(tenant) if tenant else None, directory)
        except LookupError as exc:
            raise CommandError(f"the log cannot be exported: {exc} (run `assay audit checkpoint`)") from exc
        self.stdout.write(
            f"wrote log {checkpoint.origin} ({_events(checkpoint.size)}) as tlog-tiles to {directory}"
        )

    def _monitor(
        self, *, log: list[str], state: Path, key: list[str], token_file: Path | None, **options: Any
    ) -> None:
        try:
            keys = log_public_keys(key)
            token = auditor_token(token_file)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        store = LogState(state)
        alerts, unchecked = [], []
        for location in log:
            try:
                result = monitor_log(source_for(location, token), store, keys)
            except LogAlert as alert:
                self.stdout.write(f"ALERT   {location}: {alert}")
                alerts.append(alert)
            except UncheckableError as exc:
                self.stdout.write(f"FAILED  {location}: {exc}")
                unchecked.append(exc)
            else:
                self.stdout.write(f"OK      {result}")
        if alerts:
            kinds = ", ".join(sorted({str(alert.kind) for alert in alerts}))
            raise CommandError(f"the monitor caught {len(alerts)} misbehaving log(s) ({kinds}): see above")
        if unchecked:
            raise CommandError(f"{len(unchecked)} log(s) could not be checked: see above")

    def _witness_request(self, *, tenant: str | None, old: int, out: Path | None, **options: Any) -> None:
        head = chain_head(_tenant(tenant) if tenant else None)
        newest = newest_log_checkpoint(head) if head is not None else None
        if newest is None:
            raise CommandError("the log has no checkpoint yet (run `assay audit checkpoint`)")
        note = served_note(newest)
        size = parse_checkpoint(parse_note(note).text).size
        try:
            proof = log_hashes(head).consistency_proof(old, size)
        except ProofError as exc:
            raise CommandError(f"no consistency proof from size {old}: {exc}") from exc
        request = str(WitnessRequest(old_size=old, proof=tuple(proof), checkpoint_note=note))
        if out is None:
            self.stdout.write(request, ending="")
            return
        out.write_text(request, encoding="utf-8")
        self.stdout.write(f"wrote the witness request (size {old} to {size}) to {out}")

    def _witness_submit(self, *, tenant: str | None, **options: Any) -> None:
        witnesses = configured_witnesses()
        if not witnesses:
            raise CommandError(f"no witness is configured ({WITNESSES_SETTING})")
        failed = 0
        for witness in witnesses:
            try:
                added = submit_checkpoint(_tenant(tenant) if tenant else None, witness, actor=CLI_ACTOR)
            except (WitnessError, CosignatureRefused) as exc:
                self.stdout.write(f"FAILED  {witness.url}: {exc}")
                failed += 1
            else:
                self.stdout.write(
                    f"OK      {added.witness} cosigned the log checkpoint of size {added.checkpoint.size}"
                )
        if failed:
            raise CommandError(f"{failed} of {len(witnesses)} witness(es) did not cosign: see above")

    def _add_cosignature(self, *, note: Path, tenant: str | None, witness: str, **options: Any) -> None:
        try:
            text = note.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{note} cannot be read: {exc}") from exc
        try:
            added = log_cosignature_add(
                tenant=_tenant(tenant) if tenant else None,
                cosigned_note=text,
                witness_key=witness,
                actor=CLI_ACTOR,
            )
        except CosignatureRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"cosignature by {added.witness} attached to the log checkpoint of size {added.checkpoint.size}"
        )


def _trusted_keys(public_keys: list[Path] | None) -> TrustedKeys:
    try:
        if public_keys:
            return read_public_key_files(public_keys, source="--public-key")
        return trusted_public_keys()
    except (ValueError, ImproperlyConfigured) as exc:
        raise CommandError(str(exc)) from exc


def _events(count: int) -> str:
    return "1 event" if count == 1 else f"{count} events"


def _tenant(slug: str) -> Model:
    # Resolved through the app registry: audit does not import the control plane.
    tenant_model = apps.get_model("tenants", "Tenant")
    try:
        return tenant_model.objects.get(slug=slug)
    except tenant_model.DoesNotExist:
        raise CommandError(f"no tenant with slug {slug!r}") from None
