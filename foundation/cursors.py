"""Keyset page cursors: the position after a row as its (created_at, public_id), signed and bound to
the tenant and the listing, so that a forged, truncated or another tenant's cursor is refused.

The public id, not the primary key, breaks ties: the payload is readable, and the key would tell how
many rows the whole installation holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet

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


def keyset_page(
    rows: QuerySet[Any], *, listing: str, tenant: Tenant, after: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """One page of `rows` (ordered newest first: `-created_at`, `-public_id`) after the cursor `after`,
    and the cursor of the next page (None on the last one). A row inserted meanwhile never shifts a
    page: it is newer than every cursor. Raises InvalidCursor."""
    if after is not None:
        created_at, public_id = decode_cursor(listing, tenant, after)
        # The `lte` bound is implied by the rest; stated, it lets the index range start at the cursor.
        rows = rows.filter(created_at__lte=created_at).filter(
            Q(created_at__lt=created_at) | Q(public_id__lt=public_id)
        )
    fetched = list(rows[: limit + 1])
    page = fetched[:limit]
    if len(fetched) <= limit:
        return page, None
    return page, encode_cursor(listing, tenant, created_at=page[-1].created_at, public_id=page[-1].public_id)
