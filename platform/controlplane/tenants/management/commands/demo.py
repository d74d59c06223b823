from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from controlplane.tenants.demo import demo_bootstrap
from foundation.cli import cli_actor


class Command(BaseCommand):
    help = "Create the demo tenant, admin user and API key if absent, and print them (development only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the server will listen")

    def handle(self, *args: object, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("`assay demo` is for development; ASSAY_ENV=production has no demo tenant.")
        credentials_path = settings.VAR_DIR / "demo-credentials.json"
        result = demo_bootstrap(credentials_path=credentials_path, actor=cli_actor())
        creds = result.credentials
        url = str(options["url"]).rstrip("/")
        made = ", ".join(result.created) if result.created else "nothing (all present)"
        self.stdout.write(
            f"Demo tenant ready (created: {made})\n"
            f"  tenant:   {creds.tenant}\n"
            # The password stays in its 0600 file: run logs are read by more people than the console.
            f"  admin:    {creds.username}, password in {credentials_path}   ({url}/admin/)\n"
            f"  API key:  {creds.api_key}\n"
            f"  try:      curl -H 'Authorization: Bearer {creds.api_key}' {url}/v1/me"
        )
