from __future__ import annotations

from rest_framework.request import Request
from rest_framework.views import APIView

from controlplane.tenants.models import Tenant
from controlplane.tenants.services import Principal


class TenantAPIView(APIView):
    """Base of every tenant API view: the tenant comes from the key, never from the URL or body.

    Subclasses declare `required_scopes` per HTTP method and read through selectors that take
    `self.tenant` first, so another tenant's object can only ever be "not found".
    """

    required_scopes: dict[str, str | None] = {}

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)
        self.principal: Principal = request.auth
        self.tenant: Tenant = self.principal.tenant
