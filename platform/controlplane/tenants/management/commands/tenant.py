from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from controlplane.tenants import services
from controlplane.tenants.cli import require_tenant
from controlplane.tenants.models import Tenant
from foundation.cli import cli_actor


class Command(BaseCommand):
    help = "Create, list, activate and deactivate tenants."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a tenant")
        create.add_argument("slug")
        create.add_argument("--name", help="display name (defaults to the slug)")
        sub.add_parser("list", help="list tenants")
        for action in ("activate", "deactivate"):
            sub.add_parser(action, help=f"{action} a tenant").add_argument("slug")

    def handle(self, *args: object, action: str, **options: object) -> None:
        if action == "create":
            slug = str(options["slug"])
            try:
                tenant = services.tenant_create(
                    slug=slug, name=str(options["name"] or slug), actor=cli_actor()
                )
            except ValidationError as exc:
                raise CommandError(
                    "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                ) from exc
            self.stdout.write(f"created tenant {tenant.slug} ({tenant.public_id})")
        elif action == "list":
            for tenant in Tenant.objects.order_by("slug"):
                state = "active" if tenant.is_active else "inactive"
                self.stdout.write(f"{tenant.slug}\t{tenant.public_id}\t{state}\t{tenant.name}")
        else:
            tenant = require_tenant(str(options["slug"]))
            services.tenant_set_active(tenant=tenant, is_active=action == "activate", actor=cli_actor())
            self.stdout.write(f"{tenant.slug} {action}d")
