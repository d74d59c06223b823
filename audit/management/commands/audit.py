"""`assay audit verify | checkpoint | export | verify-export`: the audit log from the command line."""

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
from audit.selectors import checkpoint_document
from audit.services import AuditIntegrityError, create_checkpoint, start_audit_export, withheld_chains
from audit.trust import SETTING, TrustedKeys, configured_key_files, read_public_key_files, trusted_public_keys
from audit.verification import CHECKPOINT_FILE, EVENTS_FILE, PUBLIC_KEY_FILE, verify_export

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
    help = "Verify, checkpoint and export the append-only audit log."
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

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        handler = {
            "verify": self._verify,
            "checkpoint": self._checkpoint,
            "export": self._export,
            "verify-export": self._verify_export,
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
        except AuditIntegrityError as exc:
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
        taken = [name for name in (EVENTS_FILE, CHECKPOINT_FILE, PUBLIC_KEY_FILE) if (out / name).exists()]
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
        self.stdout.write("export verified")


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
