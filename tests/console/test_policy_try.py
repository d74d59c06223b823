"""Policies in the console: a draft simulated and replayed before it is saved (the API's services), and
a version's changes listed field by field."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from audit.events import Actor, EventType
from audit.models import AuditEvent
from controlplane.console.policy_diff import policy_changes
from generation.params import MAX_PROMPT_CHARS
from policy.models import PolicyVersion
from policy.templates import template

pytestmark = pytest.mark.django_db


def where(*parts: str) -> str:
    """A change's place as the page names it: "Category violence", "block at", joined by an angle quote."""
    return " \u203a ".join(parts)


def url(team, name: str, **kwargs: str) -> str:
    return reverse(name, kwargs={"tenant": team.tenant.slug, **kwargs})


def _raw(document: dict, action: str, **extra: str) -> dict[str, str]:
    return {"mode": "raw", "document": json.dumps(document), "action": action, **extra}


def test_simulate_decides_typed_prompts_under_the_draft_and_saves_nothing(team):
    draft = template("standard")
    draft["categories"]["custom/beacons"] = {"review_at": 0.5, "block_at": 0.9, "terms": ["lighthouse"]}
    client = team.client("admin")
    events = AuditEvent.objects.count()
    response = client.post(
        url(team, "console:policy-edit"),
        _raw(draft, "simulate", prompts="a lighthouse at dusk\n\n  a red circle on white  \n"),
    )
    assert response.status_code == 200, response.context["top_error"]
    results = response.context["tried"]["simulation"]
    assert [(r["prompt"], r["decision"]) for r in results] == [
        ("a lighthouse at dusk", "block"),
        ("a red circle on white", "allow"),
    ]
    assert results[0]["policy_name"] == "standard@draft"
    changes = response.context["tried"]["changes"]
    assert [(c.where, c.kind) for c in changes] == [("Category custom/beacons", "added")]
    assert "Category custom/beacons" in response.content.decode()
    # Nothing saved, nothing recorded.
    assert PolicyVersion.objects.filter(tenant=team.tenant).count() == 1
    assert AuditEvent.objects.count() == events


def test_simulate_from_the_schema_form_marks_an_invalid_draft_at_its_field(team):
    client = team.client("admin")
    form = client.get(url(team, "console:policy-edit"))
    fields = {f.path: f.text for group in form.context["groups"] for f in group.fields}
    body = {"mode": "form", **fields, "categories.violence.block_at": "0.1", "action": "simulate"}
    response = client.post(url(team, "console:policy-edit"), body | {"prompts": "a cat"})
    assert response.status_code == 400
    marked = [f.path for group in response.context["groups"] for f in group.fields if f.error]
    assert marked == ["categories.violence.block_at"]
    assert "was not tried" in response.context["top_error"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"prompts": " \n "}, "Write one prompt per line"),
        ({"prompts": "\u200b\n\u00a0\u2060"}, "Write one prompt per line"),  # invisible characters only
        ({"prompts": "\n".join(f"p{i}" for i in range(101))}, "at most 100 prompts"),
        ({"prompts": "x" * (MAX_PROMPT_CHARS + 1)}, "longer than"),
    ],
)
def test_simulate_says_what_to_fix_in_the_prompts(team, body, message):
    response = team.client("admin").post(
        url(team, "console:policy-edit"), _raw(template("standard"), "simulate", **body)
    )
    assert response.status_code == 400 and message in response.context["try_error"]
    assert 'id="raw-try-error"' in response.content.decode()


@pytest.fixture
def moderated(tiny_model, settings, tmp_path, monkeypatch):
    """Admit jobs and run their prompt stage with the real services (nothing published to a broker)."""
    from celery.app.task import Task

    from generation import pipeline
    from generation.models import Mode
    from generation.params import GenerationParams
    from generation.services import JobRequest, job_create

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)

    def make(tenant, prompt: str):
        request = JobRequest(
            model=tiny_model,
            mode=Mode.TEXT2IMG,
            prompt=prompt,
            params=GenerationParams(n=1, size="64x64", seed=1),
        )
        job, _ = job_create(tenant=tenant, api_key=None, actor=Actor.system("tests"), request=request)
        pipeline.job_moderate(job.pk)
        return job

    return make


def test_replay_lists_the_recent_prompts_whose_decision_would_change_and_is_audited(
    team, other_tenant, moderated
):
    moderated(team.tenant, "a red circle on a white background")
    changed = moderated(team.tenant, "a zombie with a bloody face")
    moderated(other_tenant, "a bloody battle scene")  # another tenant's prompt is never replayed
    response = team.client("admin").post(
        url(team, "console:policy-edit"),
        _raw(template("strict") | {"name": "stricter"}, "replay", replay_limit="50"),
    )
    assert response.status_code == 200, response.content[:500]
    replay = response.context["tried"]["replay"]
    assert replay["evaluated"] == 2 and replay["transitions"] == {"allow->allow": 1, "review->block": 1}
    assert [row["job_id"] for row in replay["changed"]] == [changed.public_id]
    html = response.content.decode()
    assert "review → block" in html and changed.public_id in html
    assert "would be decided differently" in html
    event = AuditEvent.objects.filter(tenant=team.tenant, event_type=EventType.POLICY_REPLAYED).get()
    assert event.actor_kind == "user" and event.actor_id == str(team.users["admin"].pk)
    assert event.payload["draft"] == "stricter" and event.payload["changed"] == 1
    bad = team.client("admin").post(
        url(team, "console:policy-edit"), _raw(template("strict"), "replay", replay_limit="5000")
    )
    assert bad.status_code == 400 and "Replay 1 to 1000" in bad.context["try_error"]


def test_only_policy_writers_try_drafts(team):
    body = _raw(template("standard"), "simulate", prompts="a cat")
    for role in ("developer", "reviewer", "auditor"):
        assert team.client(role).post(url(team, "console:policy-edit"), body).status_code == 403, role
    assert team.outsider.post(url(team, "console:policy-edit"), body).status_code == 404


def test_a_versions_page_lists_its_changes_field_by_field(team):
    from policy.services import policy_version_create

    document = template("standard")
    document["categories"]["violence"]["block_at"] = 0.8
    document["categories"]["custom/weapons"] = {"review_at": 0.4, "block_at": 0.7, "terms": ["rifle"]}
    del document["categories"]["trademark_ip"]
    document["real_people"] = {"protected_names": ["Ada Lovelace"]}
    document["output"]["likeness"] = "review"
    version = policy_version_create(tenant=team.tenant, document=document, actor=Actor.system("tests"))
    page = team.client("auditor").get(url(team, "console:policy", policy_id=str(version.public_id)))
    rows = [(c.where, c.kind) for c in page.context["changes"]]
    assert (where("Category violence", "block at"), "changed") in rows
    assert ("Category custom/weapons", "added") in rows and ("Category trademark_ip", "removed") in rows
    assert (where("Real people", "protected names"), "items") in rows
    assert (where("Output screening", "likeness"), "changed") in rows
    html = page.content.decode()
    assert where("Category violence", "block at") in html and "0.9" in html and "0.8" in html
    # A blocklist's terms: the ones added and removed, not the whole list again.
    document["categories"]["custom/weapons"]["terms"] = ["rifle", "crossbow"]
    document["categories"]["custom/weapons"]["terms"].remove("rifle")
    newer = policy_version_create(tenant=team.tenant, document=document, actor=Actor.system("tests"))
    page = team.client("admin").get(url(team, "console:policy", policy_id=str(newer.public_id)))
    (terms,) = page.context["changes"]
    assert (terms.where, terms.added, terms.removed) == (
        where("Category custom/weapons", "blocklist terms"),
        ["crossbow"],
        ["rifle"],
    )
    html = page.content.decode()
    assert "<ins>crossbow</ins>" in html and "<del>rifle</del>" in html


def test_defaults_written_out_are_no_change():
    before = {"name": "p", "categories": {"violence": {"review_at": 0.5, "block_at": 0.9}}}
    after = {"name": "p", "categories": {"violence": {"review_at": 0.5, "block_at": 0.9, "terms": []}}}
    assert policy_changes(before, after) == []
    assert [c.where for c in policy_changes(before, after | {"description": "x"})] == ["Description"]


def test_the_models_page_says_whether_the_tenants_policy_allows_each_model(team, catalog_model):
    from policy.services import policy_version_create

    client = team.client("developer")
    assert [refusal for _model, refusal in client.get(url(team, "console:models")).context["rows"]] == [None]
    document = template("standard")
    document["allowed"] = {"models": ["some-other-model"]}
    policy_version_create(tenant=team.tenant, document=document, actor=Actor.system("tests"), activate=True)
    page = client.get(url(team, "console:models"))
    ((model, refusal),) = page.context["rows"]
    assert model.name == "assay-tiny" and "allows only the models some-other-model" in refusal
    assert b"not allowed" in page.content
