"""One base for every error a service raises for its caller to fix: the API renders it once.

`code` is stable and machine-readable, `param` names the request field at fault (or None), `status` is
the HTTP status the API answers with. The message says what to fix.
"""

from __future__ import annotations


class ServiceError(Exception):
    code: str = "invalid_value"
    status: int = 400

    def __init__(
        self, message: str, *, code: str | None = None, param: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code or type(self).code
        self.param = param
        self.status = status or type(self).status
