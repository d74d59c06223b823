"""Outbound calls never follow a redirect: a checked public URL could otherwise send the call (and its
signed body) anywhere, inside the network included. A local server answers 3xx pointing at a second
local server; the second must never hear from Assay, whichever caller made the call."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from foundation import network
from generation import webhooks
from policy.decisions import Decision
from policy.evaluation import evaluate
from policy.schema import validate_document
from policy.templates import template

REDIRECTS = [301, 302, 303, 307, 308]


class _Server:
    """A loopback HTTP server; `answer(handler)` answers every request, which is recorded first."""

    def __init__(self, answer) -> None:
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                server.requests.append((self.command, self.path))
                answer(self)

            do_GET = do_POST = do_PUT = do_HEAD = _any  # the names http.server calls

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _ok(handler: BaseHTTPRequestHandler) -> None:
    data = json.dumps({"categories": {}}).encode()  # also a valid moderator answer: nothing scored
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@pytest.fixture
def servers(settings, request) -> Iterator[tuple[_Server, _Server]]:
    """(redirector, target): the redirector answers `request.param` with a Location on the target."""
    # Loopback is internal: the operator's allowance (as for a webhook receiver on the same host) lets
    # both servers be called directly, so only the refusal to follow keeps the target unheard.
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    target = _Server(_ok)

    def redirect(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(request.param)
        handler.send_header("Location", f"{target.url}/inside")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    redirector = _Server(redirect)
    yield redirector, target
    redirector.close()
    target.close()


@pytest.mark.parametrize("servers", REDIRECTS, indirect=True)
def test_a_post_answers_the_redirect_without_following_it(servers):
    redirector, target = servers
    answer = network.post(f"{redirector.url}/hook", body=b"{}", headers={}, timeout=5, what="url")
    assert answer.status in REDIRECTS
    assert redirector.requests == [("POST", "/hook")]
    assert target.requests == []


@pytest.mark.parametrize("servers", REDIRECTS, indirect=True)
def test_a_webhook_answered_with_a_redirect_is_not_delivered(servers):
    redirector, target = servers
    with pytest.raises(webhooks.WebhookDeliveryError, match=r"receiver answered 3\d\d"):
        webhooks.deliver(url=f"{redirector.url}/hook", secret="s3cret", payload={"type": "job.completed"})
    assert len(redirector.requests) == 1
    assert target.requests == []


@pytest.mark.parametrize("servers", REDIRECTS, indirect=True)
def test_an_http_moderator_answering_a_redirect_fails_closed(servers):
    redirector, target = servers
    raw = template("standard")
    raw["moderation"] = {"moderators": ["http"], "on_error": "review", "http": {"url": f"{redirector.url}/m"}}
    decision = evaluate(
        document=validate_document(raw), texts={"prompt": "x"}, policy_name="t@draft", policy_version=None
    )
    assert decision.decision == Decision.REVIEW
    assert "HTTP 3" in decision.reasons[0].detail
    assert target.requests == []


@pytest.mark.parametrize("servers", [302], indirect=True)
def test_the_target_answers_when_called_directly(servers):
    """The control: the target is reachable, so its silence above is the refusal to follow."""
    _, target = servers
    assert network.post(f"{target.url}/inside", body=b"{}", headers={}, timeout=5, what="url").status == 200
    assert target.requests == [("POST", "/inside")]
