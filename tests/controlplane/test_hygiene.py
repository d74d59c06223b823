"""What Assay leaves lying around: private local files, and no credentials in its logs."""

from __future__ import annotations

import logging
import stat

from controlplane.logs import RedactCredentials, redact
from generation import storage


def test_signed_url_tokens_never_reach_a_log_line():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        ("GET /v1/images/img_1/content?token=eyJpbWFnZSI6ImltZ18xIn0:1t:abc&x=1 HTTP/1.1", "200", "42"), None,
    )  # fmt: skip
    assert RedactCredentials().filter(record) is True
    assert record.getMessage() == '"GET /v1/images/img_1/content?token=[redacted]&x=1 HTTP/1.1" 200 42'
    assert redact("no credential here") == "no credential here"
    handler_filters = {type(f) for f in logging.getLogger("django.server").handlers[0].filters}
    assert RedactCredentials in handler_filters  # the development server's access lines pass it


def test_local_state_is_private(settings, tmp_path):
    # The state folder holds the SQLite file, development keys and the embedded broker: closed to others.
    assert stat.S_IMODE(settings.VAR_DIR.stat().st_mode) == 0o700
    settings.MEDIA_ROOT = tmp_path / "media"
    path = storage.write("likeness/t/p/photo.png", b"\x89PNG")
    stored = tmp_path / "media" / path
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
