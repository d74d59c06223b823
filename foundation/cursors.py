"""Keyset page cursors: the position after a row as its (created_at, public_id), signed and bound to
the tenant and the listing, so that a forged, truncated or another tenant's cursor is refused.

The public id, not the primary key, breaks ties: the payload is readable, and the key would tell how
many rows the whole installation holds.
"""

from __future__ import annotations

from datetime import datetime

from django.core import signing

from foundation.tenancy import Tenant


class InvalidCursor(ValueError):
    """A page cursor that this tenant's listing did not hand out (tampered, truncated, made up)."""


def _signer(listing: str, tenant: Tenant) -> signing.Signer:
    return signing.Signer(salt=f"assay.{listing}-cursor:{tenant.public_id}")


def encode_cursor(listing: str, tenant: Tenant, *, created_at: datetime, public_id: str) -> str:
    return _signer(listing, tenant).sign_object({"t": created_at.isoformat(), "id": public_id})


def decode_cursor(listing: str, tenant: Tenant, cursor: str) -> tuple[datetime, str]:
    """(created_at, public_id) of a cursor `encode_cursor` made for this listing and tenant."""
    try:
        payload = _signer(listing, tenant).unsign_object(cursor)
        created_at = datetime.fromisoformat(payload["t"])
        public_id = payload["id"]
    except (signing.BadSignature, ValueError, TypeError, KeyError) as exc:
        raise InvalidCursor("not a cursor this listing returned") from exc
    if created_at.tzinfo is None or not isinstance(public_id, str):
        raise InvalidCursor("not a cursor this listing returned")
    return created_at, public_id
