"""`assay keys dev-ca [--force]`: the development C2PA signing chain (root -> intermediate -> leaf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from provenance.devca import DevCaPaths, create_dev_ca


class Command(BaseCommand):
    help = "Manage Assay's signing keys."
    requires_system_checks: list[str] = []  # works before the database exists (first `make run`)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        dev_ca = actions.add_parser(
            "dev-ca",
            help="Create the DEVELOPMENT C2PA CA and signing certificate (kept if it exists) under "
            "ASSAY_C2PA_DEV_CA_DIR; trusted by nobody but this installation's development default.",
        )
        dev_ca.add_argument("--force", action="store_true", help="Replace an existing development CA.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(settings.ASSAY_C2PA_DEV_CA_DIR)
        existed = DevCaPaths(directory).exists() and not options["force"]
        paths = create_dev_ca(directory, force=options["force"])
        verb = "Kept the existing" if existed else "Created a new"
        self.stdout.write(f"{verb} DEVELOPMENT C2PA CA in {paths.directory}:")
        self.stdout.write(f"  trust anchor  {paths.root}")
        self.stdout.write(f"  signing chain {paths.chain}")
        self.stdout.write(f"  signing key   {paths.key}")
        if settings.PRODUCTION:
            self.stderr.write(
                "ASSAY_ENV=production ignores the development CA: set ASSAY_C2PA_CERT_CHAIN_FILE and "
                "ASSAY_C2PA_KEY_FILE (or ASSAY_C2PA_SIGNER_CALLBACK) and ASSAY_C2PA_TRUST_ANCHORS_FILE."
            )
