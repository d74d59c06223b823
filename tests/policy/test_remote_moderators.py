"""The openai moderator against FakeOpenAI, the http moderator against loopback: both fail closed."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from policy.decisions import Decision
from policy.evaluation import evaluate
from policy.moderators import build_moderators
from policy.moderators.remote import OpenAIModerator
from policy.schema import validate_document
from policy.templates import template
from tests.fakes.openai_server import FakeOpenAI


def document(*moderators: str, on_error: str = "review", **moderation):
    raw = template("standard")
    raw["moderation"] = {"moderators": list(moderators), "on_error": on_error, **moderation}
    return validate_document(raw)


def decide(doc, text):
    return evaluate(document=doc, texts={"prompt": text}, policy_name="t@draft", policy_version=None)


@pytest.fixture
def fake_openai(settings):
    with FakeOpenAI() as server:
        settings.ASSAY_OPENAI_BASE_URL = server.base_url
        settings.ASSAY_OPENAI_API_KEY = server.api_key
        yield server


def test_openai_scores_map_onto_our_categories(fake_openai):
    scores = OpenAIModerator.from_settings().score("a threatening idiot with a bomb")
    assert scores["harassment"][0] == pytest.approx(0.97)
    assert scores["illicit"][0] == pytest.approx(0.97)  # illicit/violent -> illicit
    assert scores["sexual"][0] < 0.01
    request = fake_openai.requests[-1]
    assert request.endpoint == "moderations" and request.json["model"] == "omni-moderation-latest"


def test_openai_decides_with_the_policy_and_ignores_the_noise_floor(fake_openai):
    doc = document("openai")
    assert decide(doc, "a red circle").decision == Decision.ALLOW  # sexual/minors scored 0.0001
    blocked = decide(doc, "gore everywhere")
    assert blocked.decision == Decision.BLOCK
    assert blocked.reasons[0].source == "openai" and blocked.reasons[0].category == "violence/graphic"


def test_openai_override_for_minors_blocks(fake_openai):
    fake_openai.moderation_overrides = {"sexual/minors": 0.2}
    assert decide(document("openai"), "a red circle").decision == Decision.BLOCK


@pytest.mark.parametrize(("on_error", "expected"), [("review", Decision.REVIEW), ("block", Decision.BLOCK)])
def test_openai_failure_fails_closed(fake_openai, on_error, expected):
    fake_openai.fail_next(500)
    decision = decide(document("rules", "openai", on_error=on_error), "a red circle")
    assert decision.decision == expected
    reason = decision.reasons[0]
    assert reason.category == "moderator_error" and reason.source == "openai"
    assert "failing closed" in reason.detail


def test_openai_without_a_key_fails_closed(settings):
    settings.ASSAY_OPENAI_API_KEY = None
    assert decide(document("openai"), "a red circle").decision == Decision.REVIEW


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_http_moderator_refuses_internal_urls(settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    doc = document("http", on_error="block", http={"url": "http://127.0.0.1:9/moderate"})
    decision = decide(doc, "a red circle")
    assert decision.decision == Decision.BLOCK
    assert "internal address" in decision.reasons[0].detail


def test_http_moderator_closed_port_fails_closed(settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    doc = document("rules", "http", http={"url": f"http://127.0.0.1:{closed_port()}/moderate"})
    decision = decide(doc, "a red circle")
    assert decision.decision == Decision.REVIEW
    assert decision.reasons[0].source == "http" and "failing closed (review)" in decision.reasons[0].detail


class _Tenant(BaseHTTPRequestHandler):
    answer: dict = {}
    delay = 0.0
    received: list = []

    def do_POST(self):  # the name http.server calls
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(body)
        if type(self).delay:
            threading.Event().wait(type(self).delay)
        data = json.dumps(type(self).answer).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the moderator gave up waiting (the timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture
def tenant_service(settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    _Tenant.answer, _Tenant.delay, _Tenant.received = {}, 0.0, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tenant)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/moderate"
    server.shutdown()
    server.server_close()


def test_http_moderator_scores_from_the_tenants_service(tenant_service):
    _Tenant.answer = {"categories": {"hate": 0.95, "unknown": 1.0}}
    decision = decide(document("http", http={"url": tenant_service}), "anything")
    assert decision.decision == Decision.BLOCK and decision.reasons[0].category == "hate"
    sent = _Tenant.received[0]
    assert sent["input"] == "anything" and "sexual/minors" in sent["categories"]


@pytest.mark.parametrize("answer", [{"nope": 1}, {"categories": {"hate": 7}}, {"categories": []}])
def test_http_moderator_bad_answers_fail_closed(tenant_service, answer):
    _Tenant.answer = answer
    assert decide(document("http", http={"url": tenant_service}), "x").decision == Decision.REVIEW


def test_http_moderator_timeout_fails_closed(tenant_service):
    _Tenant.answer, _Tenant.delay = {"categories": {}}, 0.5
    doc = document("http", on_error="block", http={"url": tenant_service, "timeout_seconds": 0.1})
    decision = decide(doc, "x")
    assert decision.decision == Decision.BLOCK and "timed out" in decision.reasons[0].detail


@pytest.mark.parametrize("missing", ["head", "encoder"])
def test_semantic_moderator_without_its_files_fails_closed(monkeypatch, tmp_path, missing):
    from policy import encoder
    from policy.moderators import semantic

    if missing == "head":
        monkeypatch.setattr(semantic, "HEAD_PATH", tmp_path / "missing.npz")
    else:
        monkeypatch.setattr(encoder, "ENCODER_DIR", tmp_path)
    semantic.head.cache_clear()
    encoder._session.cache_clear()
    try:
        for on_error in ("review", "block"):
            doc = document("rules", "semantic", on_error=on_error)
            assert len(build_moderators(doc)) == 2
            # A short prompt (read by the packaged encoder's heads where a tuned one ships: the shipped
            # head gives its categories) and a longer one, which the shipped head reads.
            for prompt in ("a red circle", "a red circle on a white background"):
                decision = decide(doc, prompt)
                assert decision.decision == Decision(on_error)
                reason = decision.reasons[0]
                assert reason.category == "moderator_error" and reason.source == "semantic"
                assert ("train_semantic" if missing == "head" else "build_encoder") in reason.detail
    finally:
        semantic.head.cache_clear()
        encoder._session.cache_clear()


def test_classifier_is_the_semantic_moderators_former_name():
    (moderator,) = build_moderators(document("classifier"))
    assert moderator.name == "semantic"
    with pytest.raises(Exception, match="former name"):
        document("semantic", "classifier")
