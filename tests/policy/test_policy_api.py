"""/v1/policy/schema, /v1/policies and /v1/moderations: owner, weaker role and outsider."""

from __future__ import annotations

import time

import pytest

from audit.events import EventType
from audit.models import AuditEvent
from policy.models import PolicyVersion
from policy.templates import template
from tests.helpers import assert_error
from tests.prompts import HELD_PROMPT

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tenant, key_client):
    return key_client(tenant, "admin")


@pytest.fixture
def developer(tenant, key_client):
    return key_client(tenant, "developer", email="dev@acme.example")


@pytest.fixture
def outsider(other_tenant, key_client):
    return key_client(other_tenant, "admin")


def create(client, document, **extra):
    return client.client.post("/v1/policies", {"document": document, **extra}, format="json")


def custom(name="acme-custom"):
    return template("strict") | {"name": name}


def test_schema_for_any_key(tenant, key_client):
    reviewer = key_client(tenant, "reviewer")
    response = reviewer.client.get("/v1/policy/schema")
    assert response.status_code == 200
    assert response.json()["title"] == "Assay policy document"


def test_list_lazily_creates_standard(admin, developer):
    response = developer.client.get("/v1/policies")
    assert response.status_code == 200, response.content
    (only,) = response.json()["data"]
    assert (only["label"], only["active"], only["version"]) == ("standard@v1", True, 1)


def test_create_and_activate(admin, tenant):
    response = create(admin, custom(), activate=True)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["label"] == "acme-custom@v1" and body["active"] is True
    assert body["document"]["categories"]["sexual/minors"] == {"review_at": 0.0, "block_at": 0.0, "terms": []}
    labels = [v["label"] for v in admin.client.get("/v1/policies").json()["data"]]
    assert labels == ["acme-custom@v1"]
    second = create(admin, custom("other")).json()
    assert second["active"] is False and second["version"] == 2
    activated = admin.client.post(f"/v1/policies/{second['id']}/activate")
    assert activated.status_code == 200 and activated.json()["active"] is True
    detail = admin.client.get(f"/v1/policies/{body['id']}").json()
    assert detail["active"] is False and detail["sha256"] == body["sha256"]
    event = AuditEvent.objects.filter(tenant=tenant, event_type=EventType.POLICY_ACTIVATED).last()
    assert event.actor_kind == "api_key" and event.payload["previous"] == "acme-custom@v1"


def test_relaxing_minors_is_a_400_naming_the_field(admin, tenant):
    bad = custom() | {"categories": {"sexual/minors": {"review_at": 0.0, "block_at": 0.7}}}
    error = assert_error(create(admin, bad), 400, "invalid_policy")
    assert error["param"] == "document.categories.sexual/minors.block_at"
    assert "cannot be relaxed" in error["message"]
    assert not PolicyVersion.objects.filter(tenant=tenant).exists()


def test_block_below_review_is_a_400_naming_the_field(admin):
    bad = custom() | {"categories": {"hate": {"review_at": 0.8, "block_at": 0.2}}}
    error = assert_error(create(admin, bad), 400, "invalid_policy")
    assert error["param"] == "document.categories.hate.block_at"


def test_weaker_roles_cannot_write(tenant, key_client, developer):
    assert_error(create(developer, custom()), 403)
    version_id = developer.client.get("/v1/policies").json()["data"][0]["id"]
    assert_error(developer.client.post(f"/v1/policies/{version_id}/activate"), 403)
    reviewer = key_client(tenant, "reviewer")
    assert_error(reviewer.client.get("/v1/policies"), 403)
    auditor = key_client(tenant, "auditor")
    assert auditor.client.get(f"/v1/policies/{version_id}").status_code == 200


def test_another_tenants_policy_is_404(admin, outsider):
    version_id = create(admin, custom()).json()["id"]
    assert_error(outsider.client.get(f"/v1/policies/{version_id}"), 404, "not_found")
    assert_error(outsider.client.post(f"/v1/policies/{version_id}/activate"), 404, "not_found")
    assert_error(outsider.client.get("/v1/policies/not-a-uuid"), 404, "not_found")
    assert [v["label"] for v in outsider.client.get("/v1/policies").json()["data"]] == ["standard@v1"]


def test_simulate_a_draft_stores_nothing(developer, tenant):
    draft = template("permissive") | {"name": "draft"}
    response = developer.client.post(
        "/v1/policies/simulate",
        {"document": draft, "prompts": ["a nude figure", "gore everywhere", "a red circle"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    decisions = [r["decision"] for r in response.json()["results"]]
    assert decisions == ["allow", "block", "allow"]
    assert response.json()["policy"] == "draft@draft"
    assert not PolicyVersion.objects.filter(tenant=tenant, name="draft").exists()
    bad = developer.client.post(
        "/v1/policies/simulate", {"document": {"name": "x", "oops": 1}, "prompts": ["a"]}, format="json"
    )
    assert assert_error(bad, 400, "invalid_policy")["param"] == "document.oops"


def test_a_draft_with_an_http_moderator_needs_policy_write_to_be_simulated(developer, admin, settings):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    draft = template("standard") | {"name": "draft"}
    draft["moderation"] = draft["moderation"] | {
        "moderators": ["rules", "http"],
        "http": {"url": "http://100.100.100.200/moderate"},
    }
    body = {"document": draft, "prompts": ["a red circle"]}
    refused = developer.client.post("/v1/policies/simulate", body, format="json")
    error = assert_error(refused, 403, "insufficient_scope")
    assert "'policy:write'" in error["message"] and error["param"] == "document.moderation.moderators"
    # An admin may; the moderator's internal URL is still never called (it fails closed).
    allowed = admin.client.post("/v1/policies/simulate", body, format="json")
    assert allowed.status_code == 200, allowed.content
    (result,) = allowed.json()["results"]
    assert result["decision"] != "allow" and "internal address" in result["reasons"][0]["detail"]


def test_simulate_with_the_active_policy(developer):
    response = developer.client.post("/v1/policies/simulate", {"prompts": HELD_PROMPT}, format="json")
    assert response.json()["results"][0]["decision"] == "review"
    assert response.json()["results"][0]["policy_name"] == "standard@v1"


def test_moderations_in_openai_shape_with_decision(developer):
    response = developer.client.post(
        "/v1/moderations", {"input": ["a red circle", "n.u.d.e woman", "gas the jews"]}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"].startswith("modr-") and body["model"] == "assay-policy:standard@v1"
    clean, nude, hate = body["results"]
    assert set(clean) == {
        "flagged",
        "categories",
        "category_scores",
        "category_applied_input_types",
        "decision",
        "reasons",
    }
    assert (
        clean["flagged"] is False
        and clean["decision"] == "allow"
        and clean["category_scores"]["sexual"] == 0.0
    )
    assert nude["flagged"] is True and nude["decision"] in ("review", "block")
    assert nude["categories"]["sexual"] is True and nude["category_scores"]["sexual"] >= 0.5
    # The score is the one of the reason that decided: the moderator that scored highest.
    (sexual,) = [r for r in nude["reasons"] if r["category"] == "sexual"]
    assert sexual["score"] == nude["category_scores"]["sexual"] and sexual["source"] in ("rules", "semantic")
    assert hate["decision"] == "block" and hate["reasons"][0]["category"] == "hate"
    single = developer.client.post("/v1/moderations", {"input": "a blue square"}, format="json").json()
    assert len(single["results"]) == 1


def test_moderations_need_images_write(tenant, key_client):
    reviewer = key_client(tenant, "reviewer")
    assert_error(reviewer.client.post("/v1/moderations", {"input": "x"}, format="json"), 403)


@pytest.mark.parametrize("value", [[], 5, [1, 2], ["x"] * 101])
def test_moderations_bad_input(developer, value):
    error = assert_error(developer.client.post("/v1/moderations", {"input": value}, format="json"), 400)
    assert error["param"] == "input"


# Blank: white space (no-break and ideographic spaces too) or invisible characters only. Each was answered
# 200 and blocked as `illicit` 0.94, the encoder's reading of nothing.
BLANK = ["", "   \n\t  ", "\u00a0\u3000\u2003", "\u200b\u200c\u200d\u2060"]


@pytest.mark.parametrize("value", BLANK)
def test_moderations_refuse_a_blank_input_as_generations_refuse_a_blank_prompt(developer, value):
    error = assert_error(developer.client.post("/v1/moderations", {"input": value}, format="json"), 400)
    assert (error["code"], error["param"]) == ("invalid_value", "input")
    assert "blank" in error["message"]
    listed = developer.client.post("/v1/moderations", {"input": ["a cat", value]}, format="json")
    assert assert_error(listed, 400)["message"].startswith("input[1]: ")


@pytest.mark.parametrize("value", BLANK)
def test_simulate_refuses_a_blank_prompt(developer, value):
    response = developer.client.post("/v1/policies/simulate", {"prompts": [value]}, format="json")
    error = assert_error(response, 400)
    assert (error["code"], error["param"]) == ("invalid_value", "prompts")


class SlowModerator:
    """A moderator that answers after `delay` seconds (an unreachable service answers after its timeout)."""

    name = "slow"

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.calls = 0

    def score(self, text: str) -> dict:
        self.calls += 1
        time.sleep(self.delay)
        return {}


def test_simulate_stops_at_its_time_budget_and_says_so(developer, settings, monkeypatch):
    from policy import decisions

    settings.ASSAY_POLICY_TIME_BUDGET_SECONDS = 0.3
    slow = SlowModerator(0.1)
    monkeypatch.setattr(decisions, "build_moderators", lambda document: [slow])
    prompts = [f"prompt {i}" for i in range(20)]

    response = developer.client.post("/v1/policies/simulate", {"prompts": prompts}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    evaluated = body["evaluated"]
    # Each prompt takes at least 0.1 s, so a budget of 0.3 s stops it after at most 4 (one overruns);
    # a count, not a wall-clock bound (the first request of a process also loads the vocabulary).
    assert 1 <= evaluated <= 4 and slow.calls == evaluated
    assert body["complete"] is False and body["not_evaluated"] == len(prompts) - evaluated
    assert body["time_budget_seconds"] == 0.3
    assert [r["prompt"] for r in body["results"]] == prompts[:evaluated]


def test_simulate_within_its_budget_is_complete(developer):
    body = developer.client.post("/v1/policies/simulate", {"prompts": ["a", "b"]}, format="json").json()
    assert (body["complete"], body["evaluated"], body["not_evaluated"]) == (True, 2, 0)
    assert body["time_budget_seconds"] == 10


def test_moderations_past_the_time_budget_fail_closed_one_result_per_input(developer, settings, monkeypatch):
    from policy import decisions

    settings.ASSAY_POLICY_TIME_BUDGET_SECONDS = 0.3
    slow = SlowModerator(0.1)
    monkeypatch.setattr(decisions, "build_moderators", lambda document: [slow])
    prompts = [f"prompt {i}" for i in range(20)]
    response = developer.client.post("/v1/moderations", {"input": prompts}, format="json")
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert len(results) == len(prompts)  # OpenAI's shape: one result per input
    scored = slow.calls
    assert 1 <= scored < len(prompts)
    late = results[scored:]
    assert all(r["flagged"] and r["decision"] == "review" for r in late)  # standard: on_error review
    assert "time budget" in late[0]["reasons"][0]["detail"]


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("moderation.http.url", "http://127.0.0.1:9/moderate"),
        ("moderation.http.url", "http://169.254.169.254/latest/meta-data"),
        ("moderation.http.url", "http://localhost:6379/"),
        ("review.escalation_webhook_url", "http://[::1]:8080/hook"),
        ("review.escalation_webhook_url", "https://10.0.0.5/hook"),
    ],
)
def test_a_version_naming_an_internal_address_is_refused_at_the_field(admin, settings, field, url):
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = []
    document = template("standard") | {"name": "internal"}
    if field.startswith("moderation"):
        document["moderation"] = document["moderation"] | {
            "moderators": ["rules", "http"],
            "http": {"url": url},
        }
    else:
        document["review"] = document.get("review", {}) | {"escalation_webhook_url": url}
    error = assert_error(admin.client.post("/v1/policies", {"document": document}, format="json"), 400)
    assert error["code"] == "invalid_policy" and error["param"] == f"document.{field}"
    assert "internal address" in error["message"]
    assert not PolicyVersion.objects.filter(name="internal").exists()
    # A network the operator allowed, and any host name (checked when called), are taken.
    settings.ASSAY_WEBHOOK_ALLOWED_NETWORKS = ["0.0.0.0/0", "::/0"]
    assert admin.client.post("/v1/policies", {"document": document}, format="json").status_code == 201


def test_label_text_the_label_typeface_cannot_draw_is_refused_at_the_field(admin):
    """The visible AI disclosure must be legible: no empty boxes where letters should be."""
    document = template("strict") | {"name": "labelled"}
    document["provenance"] = document["provenance"] | {"label_text": "由AI生成 🙂"}
    error = assert_error(create(admin, document), 400)
    assert error["code"] == "invalid_policy" and error["param"] == "document.provenance.label_text"
    assert "'由生成🙂'" in error["message"] and "Latin, Greek or Cyrillic" in error["message"]
    assert not PolicyVersion.objects.filter(name="labelled").exists()
    document["provenance"]["label_text"] = "Généré par IA · Создано ИИ · Δημιουργήθηκε"
    assert create(admin, document).status_code == 201
