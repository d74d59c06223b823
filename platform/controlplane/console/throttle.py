"""Console sign-in throttling: failed attempts counted per account and per client address.

The counts live where the API's rate limits do (`limits`' moving window): on ASSAY_RATELIMIT_STORAGE_URL
(Redis, shared by every web process) when set; else in the web process's memory, which under several
web processes multiplies the allowance by their number (still a bound, not a hole). An account has few
attempts (ASSAY_CONSOLE_LOGIN_ATTEMPTS); an address, which a whole office or proxy may share, many more
(ASSAY_CONSOLE_LOGIN_ADDRESS_ATTEMPTS).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from limits import RateLimitItemPerMinute, storage, strategies


@lru_cache(maxsize=4)
def _limiter(url: str) -> strategies.MovingWindowRateLimiter:
    return strategies.MovingWindowRateLimiter(storage.storage_from_string(url))


def limiter() -> strategies.MovingWindowRateLimiter:
    return _limiter(settings.ASSAY_RATELIMIT_STORAGE_URL or "memory://")


# The longest name worth reading: Django's user names stop at 150 characters; the rest is never hashed.
MAX_NAME_CHARS = 256


def _account_item() -> RateLimitItemPerMinute:
    return RateLimitItemPerMinute(
        settings.ASSAY_CONSOLE_LOGIN_ATTEMPTS, settings.ASSAY_CONSOLE_LOGIN_WINDOW_MINUTES
    )


def _address_item() -> RateLimitItemPerMinute:
    return RateLimitItemPerMinute(
        settings.ASSAY_CONSOLE_LOGIN_ADDRESS_ATTEMPTS, settings.ASSAY_CONSOLE_LOGIN_WINDOW_MINUTES
    )


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with ASSAY_TRUSTED_PROXY_HOPS = N > 0 the Nth entry from the
    right of X-Forwarded-For (the one the outermost trusted proxy appended; entries left of it are the
    client's to forge). A request with fewer entries did not come through the proxies: REMOTE_ADDR."""
    hops = settings.ASSAY_TRUSTED_PROXY_HOPS
    remote = request.META.get("REMOTE_ADDR", "")
    if hops <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    return forwarded[-hops] if len(forwarded) >= hops else remote


def account_key(username: str) -> str:
    """The account a name signs in to, as Django's UsernameField reads it (NFKC) and case-blind, hashed:
    every spelling of one account shares one count, and a key is 64 characters whatever was posted."""
    name = unicodedata.normalize("NFKC", username[:MAX_NAME_CHARS]).strip().casefold()
    return hashlib.sha256(name.encode()).hexdigest()


@dataclass(frozen=True)
class SignInAttempt:
    """One sign-in: the account named and the client's address (`client_address`)."""

    account: str
    address: str

    @classmethod
    def of(cls, request: HttpRequest, username: str) -> SignInAttempt:
        return cls(account=account_key(username), address=client_address(request))

    def _counts(self) -> list[tuple[RateLimitItemPerMinute, str, str]]:
        return [
            (_account_item(), "console-login-account", self.account),
            (_address_item(), "console-login-address", self.address),
        ]

    def start(self) -> bool:
        """Count the attempt before the password is checked (so parallel guesses cannot all pass the
        check first); False when the account or the address is out of attempts."""
        return all([limiter().hit(item, *key) for item, *key in self._counts()])

    def succeeded(self) -> None:
        """Forget the account's attempts; the address keeps its count (its threshold allows for that),
        else anyone with an account could reset the address's count by signing in."""
        item, *key = self._counts()[0]
        limiter().clear(item, *key)
