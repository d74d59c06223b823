"""The web server's ASGI handler (controlplane.asgi.Handler) runs the middleware below SyncWaitMiddleware
and the view in one hop to the request's thread instead of one per middleware method, and answers
exactly what Django's own ASGI handler answers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from asgiref.sync import SyncToAsync
from celery.app.task import Task
from django.core.handlers.asgi import ASGIHandler

from controlplane.asgi import LAST_ON_LOOP, Handler

# Headers that differ between two answers to the same request for reasons of their own (`expires` is the
# clock's: two answers a second apart differ).
_OWN = {b"x-request-id", b"set-cookie", b"content-length", b"expires"}


def call(
    handler: ASGIHandler, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
):
    """One request as uvicorn makes it: (status, headers, body)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-length", str(len(body)).encode())]
        + [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            await asyncio.Event().wait()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(handler(scope, receive, send))
    start = next(message for message in sent if message["type"] == "http.response.start")
    content = b"".join(
        message.get("body", b"") for message in sent if message["type"] == "http.response.body"
    )
    return start["status"], sorted((name.lower(), value) for name, value in start["headers"]), content


def hops(handler: ASGIHandler, *args: Any, **kwargs: Any) -> int:
    """How many times the request went from the event loop to a thread and back."""
    counted = 0
    original = SyncToAsync.__call__

    async def counting(self, *call_args: Any, **call_kwargs: Any) -> Any:
        nonlocal counted
        counted += 1
        return await original(self, *call_args, **call_kwargs)

    SyncToAsync.__call__ = counting
    try:
        call(handler, *args, **kwargs)
    finally:
        SyncToAsync.__call__ = original
    return counted


@pytest.fixture
def submission(tenant, key_client, monkeypatch):
    from foundation.cli import cli_actor
    from generation.catalog import shipped_model_ensure

    shipped_model_ensure(actor=cli_actor())
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)  # no broker here
    developer = key_client(tenant, "developer")
    body = {"model": "assay-shapes-1", "prompt": "a red circle", "size": "256x256", "async": True}
    headers = {"authorization": f"Bearer {developer.key}", "content-type": "application/json"}
    return json.dumps(body).encode(), headers


def comparable(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(name, value) for name, value in headers if name not in _OWN]


@pytest.mark.django_db(transaction=True)
def test_an_image_request_makes_a_third_of_the_hops_and_the_same_answer(submission):
    body, headers = submission
    ours, djangos = Handler(), ASGIHandler()
    assert hops(ours, "POST", "/v1/images/generations", body, headers) <= 5
    assert hops(djangos, "POST", "/v1/images/generations", body, headers) >= 15

    status, our_headers, content = call(ours, "POST", "/v1/images/generations", body, headers)
    theirs = call(djangos, "POST", "/v1/images/generations", body, headers)
    assert status == theirs[0] == 202
    assert comparable(our_headers) == comparable(theirs[1])
    assert json.loads(content).keys() == json.loads(theirs[2]).keys()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("POST", "/v1/images/generations", {"content-type": "application/json"}),  # no key: 401
        ("POST", "/v1/images/generations", {"authorization": "Bearer nonsense"}),
        ("GET", "/v1/no-such-endpoint", {}),
        ("GET", "/console/login", {}),  # sessions and the CSRF cookie
        ("POST", "/console/login", {"content-type": "application/x-www-form-urlencoded"}),  # CSRF refusal
        ("GET", "/healthz", {}),
    ],
)
def test_every_kind_of_answer_is_what_djangos_handler_answers(method, path, headers):
    ours = call(Handler(), method, path, b"{}" if method == "POST" else b"", headers)
    theirs = call(ASGIHandler(), method, path, b"{}" if method == "POST" else b"", headers)
    assert ours[0] == theirs[0]
    assert comparable(ours[1]) == comparable(theirs[1])
    assert [name for name, _ in ours[1] if name == b"set-cookie"] == [
        name for name, _ in theirs[1] if name == b"set-cookie"
    ]
    if b"csrfmiddlewaretoken" not in ours[2]:  # a form's token is new on every page
        assert ours[2] == theirs[2]


def test_without_the_sync_wait_middleware_it_is_djangos_handler(settings):
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if path != LAST_ON_LOOP]
    ours, djangos = Handler(), ASGIHandler()
    assert len(ours._view_middleware) == len(djangos._view_middleware)
    assert type(ours._middleware_chain) is type(djangos._middleware_chain)
