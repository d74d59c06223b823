"""Who a management command acts as, for the audit log."""

from __future__ import annotations

import getpass

from audit.events import Actor


def cli_actor() -> Actor:
    """Operator actions from the shell are audited under the OS account that ran them."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return Actor.system(f"cli:{who}")
