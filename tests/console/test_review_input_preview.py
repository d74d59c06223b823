"""The console's review page shows an edit's held input (and its mask) as it shows a held output image:
a blurred preview, revealed only by a POST with the CSRF token (audited), to reviewers and admins of
the item's tenant; a stored input that is gone is a 404 that says so."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def png(mode: str = "RGB") -> bytes:
    """Two halves of different colours: a blur changes the edge between them."""
    picture = Image.new(mode, (32, 32), (200, 0, 0, 255) if mode == "RGBA" else (200, 0, 0))
    picture.paste((0, 0, 255, 0) if mode == "RGBA" else (0, 0, 255), (0, 0, 16, 32))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def held_input(team, settings, tmp_path):
    """The team's open prompt item, now an edit whose upload (and mask) input screening held."""
    from generation import storage

    settings.MEDIA_ROOT = tmp_path
    job = team.job
    image, mask = png(), png("RGBA")
    job.mode = "edit"
    job.input_image_path = storage.write(f"inputs/t/{job.public_id}/image.png", image)
    job.input_mask_path = storage.write(f"inputs/t/{job.public_id}/mask.png", mask)
    job.save(update_fields=["mode", "input_image_path", "input_mask_path"])
    team.review.reasons = [
        {"category": "nsfw", "source": "open_nsfw", "score": 0.34, "threshold": 0.3, "stage": "input"}
    ]
    team.review.save(update_fields=["reasons"])
    return {"image": image, "mask": mask}


def input_url(team, name: str = "image") -> str:
    return reverse(
        "console:review-input",
        kwargs={"tenant": team.tenant.slug, "review_id": team.review.public_id, "name": name},
    )


def reveals() -> int:
    return AuditEvent.objects.filter(event_type="image.revealed").count()


def test_the_review_page_shows_the_held_input_blurred_with_reveal_buttons(team, held_input):
    page = reverse("console:review", kwargs={"tenant": team.tenant.slug, "review_id": team.review.public_id})

    html = team.client("reviewer").get(page).content.decode()

    assert "What the job was asked to edit" in html
    for name in ("image", "mask"):
        assert f'<img src="{input_url(team, name)}" alt="Blurred preview of the uploaded {name}">' in html
        assert f'<form method="post" action="{input_url(team, name)}" target="_blank">' in html
    assert "Reveal the uploaded image (recorded in the audit log)" in html
    assert "Reveal the mask (recorded in the audit log)" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_page_without_inputs_shows_none(team):
    page = reverse("console:review", kwargs={"tenant": team.tenant.slug, "review_id": team.review.public_id})
    html = team.client("reviewer").get(page).content.decode()
    assert "What the job was asked to edit" not in html and "/inputs/" not in html


def test_a_get_is_blurred_and_only_a_post_with_the_csrf_token_reveals(team, held_input):
    c = Client(enforce_csrf_checks=True)
    c.force_login(team.users["reviewer"])

    preview = c.get(
        input_url(team) + "?reveal=1", HTTP_SEC_FETCH_SITE="cross-site", HTTP_SEC_FETCH_DEST="image"
    )

    assert preview.status_code == 200 and preview["Cache-Control"] == "no-store"
    assert preview["Content-Type"] == "image/png" and preview.content != held_input["image"]
    assert c.post(input_url(team), {"reveal": "1"}).status_code == 403  # no CSRF token
    assert reveals() == 0

    revealed = team.client("reviewer").post(input_url(team), {"reveal": "1"})

    assert revealed.status_code == 200 and revealed.content == held_input["image"]
    assert revealed["Cache-Control"] == "no-store"
    (event,) = AuditEvent.objects.filter(event_type="image.revealed")
    assert event.subjects == {"review": team.review.public_id, "job": team.job.public_id}
    assert event.payload["input"] == "image"
    assert (event.actor_kind, event.actor_id) == ("user", str(team.users["reviewer"].pk))
    mask = team.client("admin").post(input_url(team, "mask"), {"reveal": "1"})
    assert mask.status_code == 200 and mask.content == held_input["mask"]
    assert reveals() == 2


@pytest.mark.parametrize("role", ["developer", "auditor"])
def test_members_without_review_write_get_403(team, held_input, role):
    client = team.client(role)
    assert client.get(input_url(team)).status_code == 403
    assert client.post(input_url(team), {"reveal": "1"}).status_code == 403
    assert reveals() == 0


def test_another_tenants_admin_gets_404(team, held_input):
    assert team.outsider.get(input_url(team)).status_code == 404
    assert team.outsider.post(input_url(team), {"reveal": "1"}).status_code == 404
    assert reveals() == 0


def test_the_requester_cannot_reveal_their_own_input(team, held_input):
    """The job's key is the developer's; made an admin of the tenant they may review, not reveal."""
    from controlplane.tenants.models import Membership

    Membership.objects.filter(tenant=team.tenant, user=team.users["developer"]).update(role="admin")
    client = team.client("developer")
    assert client.get(input_url(team)).status_code == 200  # blurred: allowed
    assert client.post(input_url(team), {"reveal": "1"}).status_code == 403
    assert reveals() == 0


def test_a_stored_input_that_is_gone_is_a_404_that_says_so(team, held_input):
    from generation import storage

    storage.delete(team.job.input_image_path)

    for answer in (
        team.client("reviewer").get(input_url(team)),
        team.client("reviewer").post(input_url(team), {"reveal": "1"}),
    ):
        assert answer.status_code == 404 and answer["Cache-Control"] == "no-store"
        assert "is no longer stored" in answer.content.decode()
    assert reveals() == 0
    assert team.client("reviewer").get(input_url(team, "other")).status_code == 404
