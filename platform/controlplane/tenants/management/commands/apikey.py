from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from controlplane.tenants import selectors, services
from controlplane.tenants.cli import require_tenant
from controlplane.tenants.scopes import DEFAULT_KEY_SCOPES
from foundation.cli import cli_actor


class Command(BaseCommand):
    help = (
        "Create, list and revoke a tenant's API keys (keys made here belong to the platform operator, "
        "or with --member to that member)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key; the secret is printed once")
        create.add_argument("--tenant", required=True, help="tenant slug")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--member",
            help="e-mail of the member who will own the key: their role caps its scopes, and removing "
            "them revokes it",
        )
        create.add_argument(
            "--scopes",
            default=None,
            help=f"comma-separated, e.g. images:write,images:read (default: {','.join(DEFAULT_KEY_SCOPES)}; "
            "with --member, the member's role's scopes)",
        )
        create.add_argument("--expires-in-days", type=int, default=None)
        listing = sub.add_parser("list", help="list keys (never their secrets)")
        listing.add_argument("--tenant", required=True)
        revoke = sub.add_parser("revoke", help="revoke a key by id")
        revoke.add_argument("--tenant", required=True)
        revoke.add_argument("key_id")

    def handle(self, *args: object, action: str, **options: object) -> None:
        tenant = require_tenant(str(options["tenant"]))
        if action == "create":
            days = options["expires_in_days"]
            expires_at = timezone.now() + timedelta(days=int(days)) if days is not None else None
            given = options["scopes"]
            scopes = [s.strip() for s in str(given).split(",") if s.strip()] if given is not None else None
            try:
                if options["member"]:
                    membership = selectors.membership_by_email(tenant, str(options["member"]))
                    if membership is None:
                        raise CommandError(f"{options['member']} is not a member of {tenant.slug}.")
                    api_key, secret = services.api_key_create_for_member(
                        membership=membership,
                        name=str(options["name"]),
                        scopes=scopes,
                        actor=cli_actor(),
                        expires_at=expires_at,
                    )
                else:
                    api_key, secret = services.api_key_create(
                        tenant=tenant,
                        name=str(options["name"]),
                        scopes=scopes if scopes is not None else list(DEFAULT_KEY_SCOPES),
                        created_by=None,
                        actor=cli_actor(),
                        expires_at=expires_at,
                    )
            except services.TenantRuleError as exc:
                raise CommandError(str(exc)) from exc
            owner = api_key.created_by.get_username() if api_key.created_by else "the platform operator"
            self.stdout.write(
                f"id:     {api_key.public_id}\nowner:  {owner}\nscopes: {','.join(api_key.scopes)}"
            )
            self.stdout.write(f"key:    {secret}\n(shown once: store it now)")
        elif action == "list":
            for key in selectors.api_keys_for_tenant(tenant):
                state = "revoked" if key.revoked_at else ("expired" if key.is_expired() else "active")
                self.stdout.write(
                    f"{key.public_id}\t{key.display_prefix}\t{state}\t{','.join(key.scopes)}\t{key.name}"
                )
        else:
            api_key = selectors.api_key_for_tenant(tenant, str(options["key_id"]))
            if api_key is None:
                raise CommandError(f"No key {options['key_id']!r} in tenant {tenant.slug}.")
            services.api_key_revoke(api_key=api_key, actor=cli_actor(), reason="revoked via CLI")
            self.stdout.write(f"revoked {api_key.display_prefix}")
