"""Log hygiene: credentials that ride in URLs never reach a log line."""

from __future__ import annotations

import logging
import re

# `token=` is the signed image-content URL's credential (`response_format=url`).
_CREDENTIAL = re.compile(r"(?P<name>\btoken=)[^&\s\"']+")


def redact(text: str) -> str:
    return _CREDENTIAL.sub(r"\g<name>[redacted]", text)


class RedactCredentials(logging.Filter):
    """Rewrites each record's message with credentials replaced; the record is always kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
