"""Log lines: one JSON object per line (or a plain line for a terminal), carrying the request and job
they belong to, and never a credential.

Every process (web, worker, beat) logs through the handler settings.LOGGING builds from this module.
Redaction happens twice on purpose: the filter rewrites each record's message (so that anything that
reads the record sees it clean), and the formatters redact the finished line, which also holds the
exception's traceback and any `extra` fields, where a key or password may sit too.
"""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# The request (X-Request-ID, taken or made by controlplane.observability.middleware; carried to the
# tasks it publishes) and the job (its public id) that a log line is about; None outside either.
request_id: ContextVar[str | None] = ContextVar("assay_request_id", default=None)
job_id: ContextVar[str | None] = ContextVar("assay_job_id", default=None)

_REDACTED = "[redacted]"
# What a credential looks like where it may end up in a log line. Each pattern keeps what says which
# credential it was (`name`) and replaces the rest; none consumes a quote or backslash, so a JSON line
# stays valid JSON.
_CREDENTIALS = [
    # The signed image-content URL's credential (`response_format=url`): a GET for an hour; also
    # percent-encoded (`%74oken=`, which Django decodes into the same parameter) and in any case.
    re.compile(
        r"(?P<name>(?<![a-z0-9_])(?:t|%74)(?:o|%6f)(?:k|%6b)(?:e|%65)(?:n|%6e)=)[^&\s\"'\\]+", re.IGNORECASE
    ),
    # A URL's user-info password (a broker or database URL in a driver's error), up to the URL's last
    # `@`: a password may hold an unescaped `/`, `?` or `#`.
    re.compile(r"(?P<name>\b[a-z][a-z0-9+.-]*://[^:/@\s\"'\\]*:)[^\s\"'\\]+(?=@)", re.IGNORECASE),
    # Pre-signed S3 URLs (a storage error may repeat one).
    re.compile(r"(?P<name>\bX-Amz-(?:Signature|Security-Token|Credential)=)[^&\s\"'\\]+", re.IGNORECASE),
    # Assay's API keys, `ask_<prefix>_<secret>` (controlplane.tenants.services.KEY_PATTERN): the
    # prefix names the key and is kept; the secret is not. Matched anywhere, with any secret length,
    # so that a key pasted into a prompt, an error or a URL is caught too.
    re.compile(r"(?P<name>\bask_[a-z0-9]{8}_)[A-Za-z0-9]+"),
    # An Authorization header's value, whatever the key inside it (Basic: only what looks like base64,
    # so that a sentence starting "Basic ..." survives).
    re.compile(r"(?P<name>\b(?:Bearer|Token)\s+)[^\s\"'\\,;]+", re.IGNORECASE),
    re.compile(r"(?P<name>\bBasic\s+)[A-Za-z0-9+/]{8,}={0,2}", re.IGNORECASE),
    # What a tenant searched for, in an access line's query string (GET /v1/jobs?prompt=...&user=..., the
    # console's ?q=...): its prompts' words and its members' e-mail addresses are its data, not the
    # operator's. The parameter's name stays, so the line still says a search was made.
    # Also percent-encoded names (`%70rompt=`, which Django decodes into the same parameter); the value
    # runs to the next parameter, a space or a quote (an apostrophe in a search is the search's).
    re.compile(
        r"(?P<name>[?&](?:p|%70)(?:r|%72)(?:o|%6f)(?:m|%6d)(?:p|%70)(?:t|%74)=|[?&](?:q|%71)=|"
        r"[?&](?:end_)?(?:u|%75)(?:s|%73)(?:e|%65)(?:r|%72)=)[^&\s\"\\]+",
        re.IGNORECASE,
    ),
    # OpenAI-style keys (ASSAY_OPENAI_API_KEY), should a provider's error repeat one.
    re.compile(r"(?P<name>\bsk-)[A-Za-z0-9_-]{16,}"),
    # `password=...`, `"password": "..."` (also escaped inside a JSON line), and kin: a quoted value up
    # to its closing quote (spaces and all), a bare one up to a separator.
    re.compile(
        r"(?P<name>\b(?:\w*_)?(?:password|passwd|secret|secret_key|secret_access_key|api_key|apikey)\b"
        r"\\?[\"']?\s*[:=]\s*"
        r"(?P<quote>\\?[\"'])?)(?!\[redacted\])(?(quote)[^\"'\\]+|[^\s\"'\\&,;}]+)",
        re.IGNORECASE,
    ),
]


def redact(text: str) -> str:
    for pattern in _CREDENTIALS:
        text = pattern.sub(rf"\g<name>{_REDACTED}", text)
    return text


class RedactCredentials(logging.Filter):
    """Rewrites each record's message with credentials replaced; the record is always kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class AddContext(logging.Filter):
    """Puts the current request id and job id on each record (None where there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.job_id = job_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, request_id,
    job_id, then any `extra` fields and the traceback (`exc_info`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", ["levelname", "name", "message", "request_id", "job_id"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        # Django's request object (on django.request's records) and uvicorn's ANSI-coloured copy of
        # the message are not data: the message already says what they hold.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "color_message"])
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PlainFormatter(logging.Formatter):
    """A line for a person at a terminal: `time level logger message`, then the request and job ids
    when there are any."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = [
            f"{name}={value}"
            for name in ("request_id", "job_id")
            if (value := getattr(record, name, None)) is not None
        ]
        if ids:
            first, newline, rest = line.partition("\n")  # after the message, before a traceback
            line = f"{first} [{' '.join(ids)}]{newline}{rest}"
        return redact(line)
