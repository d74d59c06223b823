"""Shared bits of the tenant management commands."""

from __future__ import annotations

import getpass
from typing import TextIO

from django.core.management.base import CommandError, CommandParser

from controlplane.tenants.models import Tenant
from controlplane.tenants.selectors import tenant_by_slug


def require_tenant(slug: str) -> Tenant:
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise CommandError(f"No tenant with slug {slug!r}; `assay tenant list` shows them.")
    return tenant


def add_password_stdin_argument(parser: CommandParser) -> None:
    # Never a --password VALUE: argv shows in `ps` and in shell history.
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (else it is asked for)",
    )


def read_password(*, from_stdin: bool, stdin: TextIO) -> str:
    """The first line of stdin, or typed twice at a prompt that does not echo it."""
    if from_stdin:
        password = stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The two passwords differ; nothing was changed.")
    if not password:
        raise CommandError("An empty password; nothing was changed.")
    return password
