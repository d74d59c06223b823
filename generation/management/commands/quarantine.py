"""`assay quarantine purge`: delete quarantined images past their policy's retention (what the hourly
beat task does; for operators who run it from cron or a Kubernetes CronJob instead)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from generation.quarantine import quarantine_purge


class Command(BaseCommand):
    help = "Quarantined (held, blocked, unscreened) images: purge those past their retention."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("purge", help="delete the bytes of quarantined images past their retention")

    def handle(self, *args: Any, **options: Any) -> None:
        purged = quarantine_purge()
        self.stdout.write(f"purged {purged} quarantined image(s)")
