"""The web server's ASGI application refuses a body over ASSAY_MAX_REQUEST_BYTES with 413 as soon as more
than the limit has arrived, chunked (no Content-Length) or longer than its Content-Length, without
reading the rest: Django's ASGI handler would otherwise spool it all to disk before any view ran."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from controlplane.asgi import application

LIMIT = 1024
CHUNK = 512


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.ASSAY_MAX_REQUEST_BYTES = LIMIT


def stream(
    path: str, chunks: int, headers: dict[str, str] | None = None
) -> tuple[int, dict[bytes, bytes], bytes, int]:
    """A POST whose body arrives in `chunks` messages of CHUNK bytes, as uvicorn hands a chunked body
    over: (status, headers, body, how many chunks the application took)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"transfer-encoding", b"chunked")]
        + [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []
    taken = 0

    async def receive() -> dict[str, Any]:
        nonlocal taken
        if taken == chunks:  # the body is done: the client waits for the answer
            await asyncio.Event().wait()
        taken += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": taken < chunks}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(application(scope, receive, send))
    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body, taken


def assert_too_large(status: int, body: bytes) -> None:
    assert status == 413, body
    assert json.loads(body) == {
        "error": {
            "message": f"The request body is larger than the limit of {LIMIT} bytes.",
            "type": "invalid_request_error",
            "param": None,
            "code": "request_too_large",
        }
    }


def test_a_chunked_body_over_the_limit_is_refused_once_past_it():
    status, headers, body, taken = stream("/v1/me", chunks=3000)
    assert_too_large(status, body)
    assert taken == LIMIT // CHUNK + 1  # the first chunk past the limit, none after it
    assert headers[b"connection"] == b"close"  # the server stops reading the rest
    assert headers[b"content-type"] == b"application/json"


def test_a_body_longer_than_its_content_length_is_refused_once_past_the_limit():
    status, _, body, taken = stream("/v1/me", chunks=3000, headers={"content-length": "10"})
    assert_too_large(status, body)
    assert taken == LIMIT // CHUNK + 1


def test_a_declared_length_over_the_limit_is_refused_before_any_body_is_read():
    status, _, body, taken = stream("/v1/me", chunks=3000, headers={"content-length": str(LIMIT + 1)})
    assert_too_large(status, body)
    assert taken == 0


def test_outside_the_api_a_body_over_the_limit_gets_a_plain_page():
    status, headers, body, taken = stream("/console/verify", chunks=3000)
    assert status == 413 and b"Too large" in body
    assert headers[b"content-type"].startswith(b"text/html")
    assert taken == LIMIT // CHUNK + 1


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_under_the_limit_reaches_the_view(monkeypatch):
    bodies: list[bytes] = []
    django = application.app
    create_request = django.create_request

    def recording(scope: dict[str, Any], body_file: Any) -> Any:
        request, error = create_request(scope, body_file)
        bodies.append(request.body)
        return request, error

    monkeypatch.setattr(django, "create_request", recording)
    status, _, body, taken = stream("/v1/me", chunks=LIMIT // CHUNK)  # exactly the limit
    assert taken == LIMIT // CHUNK
    assert bodies == [b"x" * LIMIT]  # Django got the whole body
    assert status == 401, body  # the view ran: DRF asked for a key
    assert json.loads(body)["error"]["code"] == "missing_api_key"
