"""What the pages do: a key's secret shown once, a policy error marked at its field, a review decided
through the review services, the overview's numbers, the job search, an image verified."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.console.conftest import TESTS, make_jobs

pytestmark = pytest.mark.django_db


def url(team, name: str, **kwargs: str) -> str:
    return reverse(name, kwargs={"tenant": team.tenant.slug, **kwargs})


def test_a_new_keys_secret_is_shown_once(team):
    from controlplane.tenants.models import ApiKey

    client = team.client("developer")
    created = client.post(url(team, "console:key-create"), {"name": "ci", "scopes": ["images:read"]})
    secret = created.context["secret"]
    assert secret.startswith("ask_") and secret.encode() in created.content
    assert created["Cache-Control"] == "no-store"
    key = ApiKey.objects.get(name="ci")
    assert key.scopes == ["images:read"] and key.created_by == team.users["developer"]
    assert secret.encode() not in client.get(url(team, "console:keys")).content
    # A developer cannot hold review:write: the service's refusal is shown at the field.
    refused = client.post(url(team, "console:key-create"), {"name": "x", "scopes": ["review:write"]})
    assert refused.status_code == 400 and b"Select a valid choice" in refused.content


def test_an_admin_issues_a_key_for_an_auditor_within_the_auditors_role(team):
    client = team.client("admin")
    auditor = str(team.users["auditor"].memberships.get().public_id)
    created = client.post(url(team, "console:key-create"), {"name": "audit export", "member": auditor})
    assert created.status_code == 200, created.content[:300]
    key = created.context["created"]
    # The admin saw the secret: the key holds what both may, and records who issued it.
    assert key.created_by == team.users["auditor"] and "audit:read" not in key.scopes
    assert "members:read" in key.scopes and key.issued_by == team.users["admin"]


def test_the_key_form_offers_only_the_scopes_the_signed_in_member_may_pass_on(team):
    from controlplane.tenants.scopes import ROLE_SCOPES

    for role in ("admin", "developer"):
        page = team.client(role).get(url(team, "console:keys"))
        offered = {value for value, _ in page.context["form"].fields["scopes"].choices}
        assert offered == set(ROLE_SCOPES[role]), role
    admin_page = team.client("admin").get(url(team, "console:keys")).content.decode()
    assert 'value="audit:read"' not in admin_page and 'value="usage:read"' in admin_page


def test_the_output_nsfw_thresholds_are_form_fields_and_save(team):
    """A section inside a section (`output.nsfw`) has fields of its own; an optional one
    (`moderation.http`) stays in the JSON editor."""
    from policy.models import PolicyVersion

    client = team.client("admin")
    form = client.get(url(team, "console:policy-edit"))
    titles = [group.title for group in form.context["groups"]]
    fields = {f.path: f.text for group in form.context["groups"] for f in group.fields}
    assert {"output.nsfw.review_at", "output.nsfw.block_at"} <= fields.keys()
    assert not any(path.startswith("moderation.http") for path in fields)
    assert any(title.endswith(": nsfw") for title in titles)
    assert b'name="output.nsfw.block_at"' in form.content

    body = {"mode": "form", **fields, "output.nsfw.review_at": "0.35", "output.nsfw.block_at": "0.8"}
    saved = client.post(url(team, "console:policy-edit"), body)
    assert saved.status_code == 302, saved.content[:500]
    version = PolicyVersion.objects.filter(tenant=team.tenant).latest("created_at")
    assert version.document["output"]["nsfw"] == {"review_at": 0.35, "block_at": 0.8}
    assert (
        version.document["categories"]
        == PolicyVersion.objects.get(pk=form.context["base"].pk).document["categories"]
    )

    refused = client.post(url(team, "console:policy-edit"), {**body, "output.nsfw.block_at": "0.1"})
    assert refused.status_code == 400
    marked = [f.path for group in refused.context["groups"] for f in group.fields if f.error]
    assert marked == ["output.nsfw.block_at"], marked


def test_a_policy_error_is_marked_at_its_field_and_nothing_is_saved(team):
    from policy.models import PolicyVersion

    client = team.client("admin")
    form = client.get(url(team, "console:policy-edit"))
    fields = {f.path: f.text for group in form.context["groups"] for f in group.fields}
    assert fields["categories.sexual.block_at"] and fields["review.escalate_after_minutes"]
    body = {"mode": "form", **fields, "categories.sexual.block_at": "0.2"}
    response = client.post(url(team, "console:policy-edit"), body)
    assert response.status_code == 400
    marked = [f for group in response.context["groups"] for f in group.fields if f.error]
    assert [f.path for f in marked] == ["categories.sexual.block_at"]
    assert "must be >= review_at" in marked[0].error
    html = response.content.decode()
    assert 'id="f-categories-sexual-block-at-err"' in html and 'aria-invalid="true"' in html
    assert PolicyVersion.objects.filter(tenant=team.tenant).count() == 1
    body["categories.sexual.block_at"] = "0.95"
    saved = client.post(url(team, "console:policy-edit"), body | {"activate": "on"}, follow=True)
    assert saved.status_code == 200 and b"standard@v2" in saved.content
    assert b"0.95" in saved.content  # the diff against v1


def test_a_reviewer_decides_through_the_review_services(team):
    from controlplane.review.models import ReviewItem
    from controlplane.tenants.services import membership_change_role

    # The requester (the developer whose key asked), made a reviewer, may not decide their own job.
    developer = team.users["developer"].memberships.get()
    membership_change_role(membership=developer, role="reviewer", actor=TESTS)
    claim = url(team, "console:review-action", review_id=team.review.public_id, action="claim")
    assert b"was requested by you" in team.client("developer").post(claim, follow=True).content

    client = team.client("reviewer")
    claimed = client.post(claim, follow=True)
    assert b"You claimed" in claimed.content
    rejected = client.post(
        url(team, "console:review-action", review_id=team.review.public_id, action="decide"),
        {"decision": "reject", "note": "not for us"},
        follow=True,
    )
    assert b"is rejected" in rejected.content
    assert ReviewItem.objects.get(pk=team.review.pk).state == "rejected"
    team.job.refresh_from_db()
    assert team.job.status == "rejected"
    # The decided item's page says what happened and when, not that it waits to be decided automatically.
    detail = client.get(url(team, "console:review", review_id=team.review.public_id)).content.decode()
    assert "rejected at" in detail and "automatically at" not in detail


def test_a_reviewer_who_loses_the_race_for_an_item_keeps_the_note_they_wrote(team):
    """Two reviewers open the same item; one claims it, the other writes a note and rejects: the refusal
    is shown on the item's page with the note still in its field, not on a fresh page without it."""
    from controlplane.review.models import ReviewItem

    claim = url(team, "console:review-action", review_id=team.review.public_id, action="claim")
    assert b"You claimed" in team.client("reviewer").post(claim, follow=True).content
    note = "Lingerie catalogue shot, but the pose reads as explicit: reject."
    refused = team.client("admin").post(
        url(team, "console:review-action", review_id=team.review.public_id, action="decide"),
        {"decision": "reject", "note": note},
        follow=True,
    )
    page = refused.content.decode()
    assert refused.status_code == 409 and "is claimed by" in page
    assert f"{note}</textarea>" in page
    assert ReviewItem.objects.get(pk=team.review.pk).state == "open"


def test_overview_counts_and_job_search(team, catalog_model):
    make_jobs(team.tenant, catalog_model, 20, api_key=team.api_key, status="mixed")
    client = team.client("admin")
    overview = client.get(url(team, "console:overview"))
    data = overview.context["data"]
    assert data.jobs == 21 and data.queue_depth == 1
    assert dict(data.blocked_by_category) == {"violence": 4}
    assert b"<svg" in overview.content and b"Jobs per day by outcome" in overview.content
    found = client.get(url(team, "console:jobs"), {"q": "number 13"})
    assert [job.prompt for job in found.context["page"].jobs] == ["a lighthouse at dusk number 13"]
    by_key = client.get(url(team, "console:jobs"), {"key": team.api_key.display_prefix, "status": "rejected"})
    assert len(by_key.context["page"].jobs) == 4
    partial = client.get(url(team, "console:jobs"), {"q": "number 1"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"number 13" in partial.content
    bad = client.get(url(team, "console:jobs"), {"key": "ask_secret_whole_key"})
    assert "never the secret key" in bad.content.decode()


def test_verify_an_image_without_credentials_says_so_plainly(team):
    image = io.BytesIO()
    Image.new("RGB", (300, 300), (40, 90, 160)).save(image, format="PNG")
    image.name = "plain.png"
    image.seek(0)
    response = team.client("auditor").post(url(team, "console:verify"), {"image": image})
    assert response.status_code == 200
    html = response.content.decode()
    assert "None found." in html and "No record" in html
    junk = io.BytesIO(b"not an image")
    junk.name = "x.png"
    assert team.client("auditor").post(url(team, "console:verify"), {"image": junk}).status_code == 400


def test_an_auditor_verifies_the_chain_and_downloads_an_export(team, tmp_path):
    import zipfile

    from audit.verification import verify_export

    client = team.client("auditor")
    verified = client.post(url(team, "console:audit-verify"))
    assert verified.status_code == 200
    report = verified.context["verification"]
    assert report.chains[0].report.ok
    exported = client.post(url(team, "console:audit-export"), {})
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"".join(exported.streaming_content))
    zipfile.ZipFile(archive).extractall(tmp_path / "export")
    result = verify_export(
        tmp_path / "export", public_key_pem=(tmp_path / "export" / "public_key.pem").read_bytes()
    )
    assert result.ok, result


def test_the_audit_pages_search_and_export_dates_each_have_their_own_label(team):
    """Both forms have From and Until; with the same ids the search's labels pointed at the export's
    fields, and the search's own date fields had no label."""
    import re
    from collections import Counter

    page = team.client("auditor").get(url(team, "console:audit")).content.decode()
    ids = Counter(re.findall(r'\bid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    for field in ("id_since", "id_until", "export-since", "export-until"):
        assert ids[field] == 1 and page.count(f'for="{field}"') == 1, field


def test_an_audit_event_shows_its_actors_id_which_the_actor_filter_takes(team):
    """The actor column showed a member's e-mail and a key's prefix, but the filter takes the actor's
    id (a user's number, a key's UUID), which the page did not show anywhere."""
    from audit.models import AuditEvent

    client = team.client("auditor")
    assert client.post(url(team, "console:audit-export"), {}).status_code == 200
    exported = AuditEvent.objects.get(tenant=team.tenant, event_type="audit.exported")
    assert exported.actor_id != exported.actor_label  # the id is not what the column shows first
    page = client.get(url(team, "console:audit")).content.decode()
    assert f'href="?actor={exported.actor_id}"' in page
    found = client.get(url(team, "console:audit"), {"actor": exported.actor_id}).context["events"]
    assert [e.seq for e in found] == [exported.seq]


def test_the_verify_page_names_an_inserted_log_checkpoint_row(team):
    """Not "intact": the same checks as `assay audit verify`, every log checkpoint row included."""
    from django.utils import timezone

    from audit.events import Actor
    from audit.models import LogCheckpoint
    from audit.selectors import chain_head
    from audit.services import create_checkpoint
    from tests.audit.helpers import execute

    create_checkpoint(actor=Actor.system("test"))
    client = team.client("auditor")
    assert b"<strong>Intact.</strong>" in client.post(url(team, "console:audit-verify")).content
    head = chain_head(team.tenant)
    execute(
        "INSERT INTO audit_logcheckpoint (created_at, size, note, head_id) VALUES (%s, %s, %s, %s)",
        [timezone.now(), 34, "garbage", head.pk],
    )
    row = LogCheckpoint.objects.filter(head=head).latest("pk")
    html = client.post(url(team, "console:audit-verify")).content.decode()
    assert "<strong>Not intact.</strong>" in html
    assert f"log checkpoint row {row.pk} of " in html and "does not verify under the trusted keys" in html


def test_verify_a_signed_image_whose_metadata_chunk_was_changed_reports_it(team, settings, tmp_path):
    """As the API does: reported Invalid, not refused as "not an image"."""
    from tests.provenance.test_verify_tampered_chunks import flip_bit, png_chunk, signed_image

    settings.MEDIA_ROOT = tmp_path / "media"
    _, data = signed_image(team.tenant)
    start, length = png_chunk(data, b"caBX")
    upload = io.BytesIO(flip_bit(data, start + length * 3 // 4))
    upload.name = "signed.png"
    response = team.client("auditor").post(url(team, "console:verify"), {"image": upload})
    assert response.status_code == 200, response.content.decode()[:500]
    assert response.context["result"]["c2pa"]["validation_state"] == "Invalid"
    assert response.context["registry"]["ours"] is True  # the pixels still lead to the record
