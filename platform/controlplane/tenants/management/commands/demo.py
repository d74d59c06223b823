from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from controlplane.tenants.demo import DEMO_ROLES, demo_bootstrap
from foundation.cli import cli_actor


class Command(BaseCommand):
    help = (
        "Create the demo tenant with one member and key per role if absent, and print them "
        "(development only)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the server will listen")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="make the demo admin a platform superuser, for /admin (without it, it is none)",
        )

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("`assay demo` is for development; ASSAY_ENV=production has no demo tenant.")
        credentials_path = settings.VAR_DIR / "demo-credentials.json"
        result = demo_bootstrap(
            credentials_path=credentials_path, actor=cli_actor(), superuser=bool(options["superuser"])
        )
        creds = result.credentials
        url = str(options["url"]).rstrip("/")
        made = ", ".join(result.created) if result.created else "nothing (all present)"
        # Passwords stay in the 0600 file: run logs are read by more people than the console.
        lines = [
            f"Demo tenant ready (created: {made})",
            f"  tenant:    {creds.tenant}; passwords in {credentials_path}",
        ]
        for spec in DEMO_ROLES:
            member = creds.members[spec.role]
            lines.append(f"  {spec.role + ':':<10} {member.email:<21} {member.api_key}  {spec.purpose}")
        if options["superuser"]:
            lines.append(f"  /admin:    {DEMO_ROLES[0].email} is a superuser ({url}/admin/)")
        lines.append(f"  try:       curl -H 'Authorization: Bearer {creds.api_key}' {url}/v1/me")
        self.stdout.write("\n".join(lines))
