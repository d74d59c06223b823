from __future__ import annotations

import json
from argparse import ArgumentTypeError
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError, CommandParser

from controlplane.quotas import selectors, services
from controlplane.tenants.cli import require_tenant
from foundation.cli import cli_actor

_INTEGER_LIMITS = (
    "images_per_day",
    "images_per_month",
    "gpu_seconds_per_month",
    "concurrent_jobs",
    "requests_per_minute",
)


def _limit(value: str) -> int | None:
    """A whole number, or `none` to remove the limit. ArgumentTypeError: argparse answers with one line
    naming the option and exits 2 (a CommandError here would escape parse_args as a traceback)."""
    if value.lower() == "none":
        return None
    try:
        number = int(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a whole number (or `none`)") from None
    if not 0 <= number <= 2**31 - 1:
        raise ArgumentTypeError(f"{value!r}: a limit is from 0 to {2**31 - 1} (or `none`)")
    return number


def _spend(value: str) -> int | None:
    """An amount in the tenant's currency as micros, or `none` to remove the limit."""
    if value.lower() == "none":
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ArgumentTypeError(f"{value!r} is not an amount, e.g. 12.50 (or `none`)") from None
    if not amount.is_finite() or not 0 <= amount <= 10**12:
        raise ArgumentTypeError(f"{value!r}: a spend limit is from 0 to {10**12} (or `none`)")
    return int(amount * 1_000_000)


class Command(BaseCommand):
    help = "Quotas: set and show limits, set model prices, reconcile counters with the usage ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        limit = sub.add_parser("set", help="set limits of the tenant, a key (--key) or end users (--user)")
        limit.add_argument("--tenant", required=True)
        limit.add_argument("--key", help="an API key's id or prefix (ask_xxxxxxxx)")
        limit.add_argument("--user", default="", help="`*` for each end user, or one end user's `user` value")
        for name in _INTEGER_LIMITS:
            limit.add_argument(f"--{name.replace('_', '-')}", type=_limit, default=argparse_unset)
        limit.add_argument(
            "--spend-per-month", type=_spend, default=argparse_unset, help="in the tenant's currency, or none"
        )
        limit.add_argument(
            "--models", default=argparse_unset, help="key level: comma-separated allowed models"
        )
        limit.add_argument(
            "--alert-webhook-url", default=argparse_unset, help="tenant level: 80%%/100%% alerts"
        )
        show = sub.add_parser("show", help="the tenant's limits and what they used")
        show.add_argument("--tenant", required=True)
        reconcile = sub.add_parser("reconcile", help="compare counters with the ledger and fix them")
        reconcile.add_argument("--check", action="store_true", help="report only; exit 1 when any drifted")
        price = sub.add_parser("price", help="the price of one image of a licensed model")
        price.add_argument("--model", required=True)
        price.add_argument("--size", default="*")
        price.add_argument("--quality", default="*")
        price.add_argument("--price", required=True, help="per image, e.g. 0.04")
        price.add_argument("--currency", default="USD", help="three capital letters; a price per currency")

    def handle(self, *args: object, action: str, **options: object) -> None:
        if action == "reconcile":
            drift = services.reconcile(fix=not options["check"])
            for cell in drift:
                self.stdout.write(json.dumps(cell))
            self.stdout.write(f"{len(drift)} counter(s) {'drifted' if options['check'] else 'fixed'}")
            if drift and options["check"]:
                raise CommandError("counters drifted from the ledger")
            return
        if action == "price":
            try:
                micros = int(Decimal(str(options["price"])) * 1_000_000)
            except InvalidOperation as exc:
                raise CommandError(f"--price {options['price']!r} is not a number.") from exc
            if not 0 <= micros < 2**63:
                raise CommandError(f"--price {options['price']!r}: a price is 0 or more per image.")
            try:
                services.price_set(
                    model=str(options["model"]),
                    size=str(options["size"]),
                    quality=str(options["quality"]),
                    price_micros=micros,
                    currency=str(options["currency"]),
                    actor=cli_actor(),
                )
            except services.QuotaRuleError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"{options['model']} {options['size']} {options['quality']}: {options['price']} "
                f"{options['currency']}"
            )
            return
        tenant = require_tenant(str(options["tenant"]))
        if action == "show":
            for limit in selectors.limits_for_tenant(tenant):
                self.stdout.write(json.dumps(selectors.limit_to_dict(limit), default=str))
            return
        self._set(tenant, options)

    def _set(self, tenant: object, options: dict) -> None:
        api_key = None
        if options["key"]:
            api_key = selectors.api_key_by_reference(tenant, str(options["key"]))
            if api_key is None:
                raise CommandError(f"No API key {options['key']!r} in {tenant}.")
        values: dict = {
            name: options[name] for name in _INTEGER_LIMITS if options[name] is not argparse_unset
        }
        if options["spend_per_month"] is not argparse_unset:
            values["spend_micros_per_month"] = options["spend_per_month"]
        if options["models"] is not argparse_unset:
            values["allowed_models"] = [m.strip() for m in str(options["models"]).split(",") if m.strip()]
        if options["alert_webhook_url"] is not argparse_unset:
            values["alert_webhook_url"] = options["alert_webhook_url"]
        try:
            limit = services.limit_set(
                tenant=tenant,
                api_key=api_key,
                end_user=str(options["user"]),
                values=values,
                actor=cli_actor(),
            )
        except services.QuotaRuleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(selectors.limit_to_dict(limit), default=str))


class _Unset:
    def __repr__(self) -> str:
        return "unset"


argparse_unset = _Unset()
