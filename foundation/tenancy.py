"""What a stage may rely on of a tenant. The model lives in the control plane (`controlplane.tenants`,
app label `tenants`); stages hold foreign keys to it by label and type it with this protocol, so none
of them imports the control plane."""

from __future__ import annotations

import uuid
from typing import Any, Protocol


class Tenant(Protocol):
    pk: Any
    public_id: uuid.UUID
    slug: str
    name: str
    webhook_secret: str
