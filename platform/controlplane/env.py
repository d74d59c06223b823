"""Tiny typed readers for settings from the environment.

Every reader fails loudly with `ImproperlyConfigured` naming the variable, so a misconfigured process
stops at start instead of misbehaving later. Secrets may come from a file: `NAME_FILE=/run/secrets/x`
is read when `NAME` itself is unset (the Docker/Kubernetes secrets convention).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is not None:
        return value
    file_name = os.environ.get(f"{name}_FILE")
    if file_name is None:
        return None
    try:
        return Path(file_name).read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}") from exc


def env_str(name: str, default: str | None = None) -> str:
    value = _raw(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"{name} must be set (or {name}_FILE pointing to a file holding it)")
        return default
    return value


def env_optional(name: str) -> str | None:
    value = _raw(name)
    return value or None


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _typed(value: str) -> str | int | bool:
    """URL query options as the driver wants them: `server_side_binding=true&prepare_threshold=2`."""
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return int(value) if value.isdigit() else value


def without_password(url: str) -> str:
    """The URL as an error message may show it: a password in it replaced (messages reach logs).

    Read as text, not with urlsplit: a password with an unescaped `/`, `?` or `#` ends urlsplit's
    user-info early, and the rest of the password would be shown as the URL's path."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"


def database_from_url(name: str, given: str) -> dict[str, object]:
    """Django DATABASES entry for a `postgres://` / `postgresql://` or `sqlite:///path` URL."""
    url = without_password(given)  # for the messages below
    parts = urlsplit(given)
    if (
        parts.scheme in ("postgres", "postgresql")
        and "@" in given.partition("://")[2]
        and "@" not in parts.netloc
    ):
        raise ImproperlyConfigured(
            f"{name}={url!r}: its user or password holds a '/', '?' or '#' that must be percent-encoded "
            "(%2F, %3F, %23; also '@' as %40 and ':' in the user as %3A)"
        )
    if parts.scheme in ("postgres", "postgresql"):
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(
                f"{name}={url!r} names no database; use postgres://user@host:5432/dbname"
            )
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}={url!r} has an invalid port") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": {key: _typed(value) for key, value in parse_qsl(parts.query)},
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as in dj-database-url.
        path = given[len("sqlite:///") :]
        if not path:
            raise ImproperlyConfigured(f"{name}={url!r} names no file; use sqlite:////absolute/path.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    raise ImproperlyConfigured(
        f"{name}={url!r} has an unsupported scheme {parts.scheme!r}; use postgres:// or sqlite:///"
    )
