"""Console sign-in throttling: failed attempts counted per account and per client address; and the
same counts for other requests anyone may send without a key (`hit_address`: POST /v1/verify).

The counts live where the API's rate limits do: with ASSAY_RATELIMIT_STORAGE_URL (Redis) in `limits`'
moving window; without it in the database (`SignInCount`, a fixed window moved by a conditional UPDATE),
so that every web process of the embedded default shares them (in each process's memory, two web
processes gave an attacker twice the attempts). A fixed window lets a burst straddle its edge: at most
twice the attempts over those two windows. An account has few attempts (ASSAY_CONSOLE_LOGIN_ATTEMPTS);
an address, which a whole office or proxy may share, many more (ASSAY_CONSOLE_LOGIN_ADDRESS_ATTEMPTS).
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from limits import RateLimitItemPerMinute, storage, strategies

from controlplane.console.models import SignInCount


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
    """The account a name signs in to, as Django's UsernameField reads it (stripped, then NFKC) and
    case-blind, hashed: every spelling of one account shares one count, and a key is 64 characters
    whatever was posted. Stripped before it is cut: cut first, 240 leading spaces gave each spelling of
    an account a count of its own (the form strips them and signs in to the same account)."""
    name = unicodedata.normalize("NFKC", username.strip()[:MAX_NAME_CHARS]).strip().casefold()
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
        if not settings.ASSAY_RATELIMIT_STORAGE_URL:
            return _database_hits([(item, _row_key(*key)) for item, *key in self._counts()])
        return all([limiter().hit(item, *key) for item, *key in self._counts()])

    def succeeded(self) -> None:
        """Forget the account's attempts; the address keeps its count (its threshold allows for that),
        else anyone with an account could reset the address's count by signing in."""
        item, *key = self._counts()[0]
        if not settings.ASSAY_RATELIMIT_STORAGE_URL:
            SignInCount.objects.filter(key=_row_key(*key)).delete()
            return
        limiter().clear(item, *key)


def hit_address(namespace: str, address: str, item: RateLimitItemPerMinute) -> float:
    """Count one request of a kind (`namespace`) from a client address against `item`, where sign-ins are
    counted. 0 when counted; else the seconds until the window has room (nothing was counted)."""
    if settings.ASSAY_RATELIMIT_STORAGE_URL:
        if limiter().hit(item, namespace, address):
            return 0.0
        return max(limiter().get_window_stats(item, namespace, address).reset_time - time.time(), 1.0)
    if _database_hits([(item, _row_key(namespace, address))]):
        return 0.0
    now = _now()
    return max(item.get_expiry() - now % item.get_expiry(), 1.0)


def _row_key(namespace: str, value: str) -> str:
    """A row's key: the namespace and a digest of the value (an address may be any forwarded text)."""
    return f"{namespace.removeprefix('console-login-')}:{hashlib.sha256(value.encode()).hexdigest()}"


class _Full(Exception):
    pass


# Rows older than this are pruned whatever window wrote them (processes may be configured differently).
_KEEP_SECONDS = 86_400


def _now() -> float:
    """The clock the database windows are cut from (tests hold it still: a window's edge falling inside a
    test reset its count)."""
    return time.time()


def _database_hits(counts: list[tuple[RateLimitItemPerMinute, str]]) -> bool:
    """Count one attempt against every count (account first, then address: one order, no deadlock) in one
    transaction; a full count undoes the others, so a refused attempt spends nothing. True when counted."""
    now = int(_now())
    try:
        with transaction.atomic():
            SignInCount.objects.filter(window__lt=now - _KEEP_SECONDS).delete()
            for item, key in counts:
                window = now - now % item.get_expiry()  # the window's start, in epoch seconds
                SignInCount.objects.get_or_create(key=key, window=window)
                moved = SignInCount.objects.filter(key=key, window=window, count__lt=item.amount).update(
                    count=F("count") + 1
                )
                if not moved:
                    raise _Full
    except _Full:
        return False
    return True
