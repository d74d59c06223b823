"""The console in a real browser: Playwright driving Debian's Chromium against a live server.

Each role signs in and opens every page its navigation offers (a screenshot of each under
var/test-artifacts/console/, and an axe-core check with no serious or critical violation); an admin
creates a key and sees its secret once and marks a policy error at its field; a reviewer approves a held
job and sees its image; an auditor verifies the chain, downloads an export that verifies offline, and
verifies the generated image. The pipeline runs in the server's thread (Celery eager, the tiny model).
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.console.conftest import PASSWORD, make_jobs
from tests.missing_services import missing_service
from tests.prompts import HELD_PROMPT  # `standard` holds it for review (sexual)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(django_settings.REPO_DIR) / "var" / "test-artifacts" / "console"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=missing_service("chromium", "browser tests need /usr/bin/chromium (apt-get install chromium)"),
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser tests need `pip install playwright`"
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Playwright's sync API keeps an event loop on this thread while it runs; Django then refuses the
    # test's own (synchronous) database calls, fixtures' teardown included, unless told they are safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(browser, live_server, tenant, make_member, eager_pipeline, tiny_model):
    users = {}
    for role in ("admin", "developer", "reviewer", "auditor"):
        users[role] = make_member(tenant, role)
        users[role].set_password(PASSWORD)
        users[role].save()
    return live_server.url, tenant, users


@pytest.fixture
def page(browser):
    """A page whose test fails if the browser refused anything under the pages' Content-Security-Policy
    (a script, style or image the policy does not allow would break the page only in a browser)."""
    context = browser.new_context(viewport={"width": 1366, "height": 860}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security" in message.text else None,
    )
    yield page
    context.close()
    assert not refused, refused


def sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/console/login")
    page.get_by_label("E-mail").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/console/acme/")


def check_accessibility(page, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in serious
    )


def shoot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits_a_phone(page, name: str) -> None:
    """At 390 px the page itself does not scroll sideways: a wide table scrolls in its own box, a region
    named for a screen reader (it takes the keyboard's focus, to scroll)."""
    unnamed = page.evaluate(
        "[...document.querySelectorAll('.table-scroll')]"
        ".filter(e => e.getAttribute('role') != 'region' || !e.getAttribute('aria-label')).length"
    )
    assert unnamed == 0, f"{name}: {unnamed} table boxes without a role or a name"
    desktop = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        shoot(page, f"{name}-390")
        assert width <= 390, f"{name}: the page is {width} px wide in a 390 px window"
    finally:
        page.set_viewport_size(desktop)


@pytest.mark.parametrize("role", ["admin", "developer", "reviewer", "auditor"])
def test_each_role_signs_in_and_every_page_it_sees_is_accessible(site, page, role, key_client):
    base, tenant, users = site
    from generation.models import ImageModel

    # Two weeks of jobs for the overview's charts and the jobs list.
    make_jobs(tenant, ImageModel.objects.get(name="assay-tiny"), 300, status="mixed")
    key_client(tenant, "developer", email="second-dev@acme.example")  # a second key in the list
    sign_in(page, base, users[role])
    links = page.locator("nav.side a")
    names = [links.nth(i).inner_text() for i in range(links.count())]
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "Overview" in names and ("Audit log" in names) == (role == "auditor")
    for name, href in zip(names, hrefs, strict=True):
        page.goto(base + href)
        assert page.locator("h1").first.is_visible(), name
        slug = name.lower().replace(" & ", "-").replace(" ", "-")
        shoot(page, f"{role}-{slug}")
        check_accessibility(page, f"{role} {name}")
        fits_a_phone(page, f"{role}-{slug}")
    # A job's page (every role reads jobs).
    from generation.models import GenerationJob

    job = GenerationJob.objects.filter(tenant=tenant, status="rejected").first()
    page.goto(f"{base}/console/acme/jobs/{job.public_id}")
    shoot(page, f"{role}-job")
    check_accessibility(page, f"{role} job page")
    fits_a_phone(page, f"{role}-job")
    if role == "admin":
        page.goto(f"{base}/console/acme/policies/new")
        shoot(page, "admin-policy-edit")
        check_accessibility(page, "admin policy edit")
        from audit.events import Actor
        from policy.services import policy_version_create
        from policy.templates import template

        document = template("standard")
        document["categories"]["violence"]["block_at"] = 0.8
        document["categories"]["custom/weapons"] = {"review_at": 0.4, "block_at": 0.7, "terms": ["rifle"]}
        document["real_people"] = {"protected_names": ["Ada Lovelace"]}
        version = policy_version_create(tenant=tenant, document=document, actor=Actor.system("tests"))
        page.goto(f"{base}/console/acme/policies/{version.public_id}")
        assert "block at" in page.locator("table.changes").inner_text()
        shoot(page, "admin-policy-diff")
        check_accessibility(page, "admin policy diff")


def test_a_member_changes_the_password_an_admin_gave_them(site, page):
    base, _tenant, users = site
    sign_in(page, base, users["reviewer"])
    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Current password").fill(PASSWORD)
    page.locator("#id_new_password").fill("mine-alone-now-7")  # its label is a prefix of the next one's
    page.get_by_label("New password again").fill("mine-alone-now-7")
    shoot(page, "reviewer-password")
    check_accessibility(page, "password change")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/console/acme/")
    assert "Password changed" in page.locator("ul.messages").inner_text()
    users["reviewer"].refresh_from_db()
    assert users["reviewer"].check_password("mine-alone-now-7")


def test_an_admin_creates_a_key_and_sees_its_secret_once(site, page):
    base, _tenant, users = site
    sign_in(page, base, users["admin"])
    page.goto(f"{base}/console/acme/keys")
    page.get_by_label("Name").fill("nightly batch")
    page.get_by_label("images:read").check()
    page.get_by_label("images:write").check()
    page.get_by_role("button", name="Create key").click()
    secret = page.get_by_test_id("new-secret").input_value()
    assert secret.startswith("ask_") and len(secret) == 53
    # The whole key shows, to be read and copied (a narrow box cut it off).
    box = page.get_by_test_id("new-secret")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), "the secret key is cut off in its box"
    shoot(page, "admin-key-created")
    check_accessibility(page, "key created")
    page.goto(f"{base}/console/acme/keys")
    assert secret not in page.content() and "nightly batch" in page.content()


def test_revoking_a_key_and_removing_a_member_ask_to_confirm_first(site, page):
    """Neither can be undone (a revoked key stays revoked; removal revokes the member's keys): one click
    on the row opens a confirmation naming the consequence, a second one acts."""
    from controlplane.tenants.models import ApiKey, Membership
    from controlplane.tenants.services import api_key_create
    from tests.console.conftest import TESTS

    base, tenant, users = site
    key, _secret = api_key_create(
        tenant=tenant,
        name="nightly batch",
        scopes=["images:read"],
        created_by=users["developer"],
        actor=TESTS,
    )
    sign_in(page, base, users["admin"])
    page.goto(f"{base}/console/acme/keys")
    revoke = page.get_by_role("button", name=f"Revoke nightly batch ({key.display_prefix})")
    assert not revoke.is_visible()  # not one click away
    page.locator("summary", has_text=f"Revoke nightly batch ({key.display_prefix})").click()
    assert "cannot be restored" in page.locator("details.confirm[open]").inner_text()
    shoot(page, "admin-key-revoke-confirm")
    check_accessibility(page, "key revoke confirmation")
    revoke.click()
    page.wait_for_load_state()
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None

    page.goto(f"{base}/console/acme/members")
    reviewer = users["reviewer"].get_username()
    remove = page.get_by_role("button", name=f"Remove {reviewer}")
    assert not remove.is_visible()
    page.locator("summary", has_text=f"Remove {reviewer}").click()
    assert "revoked for good" in page.locator("details.confirm[open]").inner_text()
    shoot(page, "admin-member-remove-confirm")
    check_accessibility(page, "member remove confirmation")
    remove.click()
    page.wait_for_load_state()
    assert not Membership.objects.filter(tenant=tenant, user=users["reviewer"]).exists()


def test_an_auditor_opens_an_events_payload_and_reads_it_as_json_within_the_page(site, page, key_client):
    """The payload was Python's repr of the dict (None, single quotes: not what was hashed or exported),
    on one line that widened the table and the page to thousands of pixels."""
    import json

    from audit.models import AuditEvent

    base, tenant, users = site
    requester = key_client(tenant, None)
    prompt = HELD_PROMPT + " in a sunlit studio with soft curtains and a wooden floor" * 4  # one long line
    response = requester.client.post(
        "/v1/images/generations",
        {"model": "assay-tiny", "prompt": prompt, "size": "64x64"},
        format="json",
    )
    assert response.status_code == 422, response.content
    event = AuditEvent.objects.get(tenant=tenant, event_type="job.received")
    assert prompt in json.dumps(event.payload)
    page.set_viewport_size({"width": 1280, "height": 860})
    sign_in(page, base, users["auditor"])
    page.goto(f"{base}/console/acme/audit?type=job.received")
    page.locator("table details summary").first.click()
    shown = page.locator("table details pre").first
    assert json.loads(shown.inner_text()) == event.payload
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shoot(page, "auditor-audit-payload")
    check_accessibility(page, "audit payload")


def test_a_review_item_and_the_overview_fit_a_phone_wide_window(site, page, key_client):
    """Two panels side by side each asked for at least 24rem: at 390 px the page scrolled sideways."""
    from controlplane.review.models import ReviewItem

    base, tenant, users = site
    response = key_client(tenant, None).client.post(
        "/v1/images/generations",
        {"model": "assay-tiny", "prompt": HELD_PROMPT, "size": "64x64"},
        format="json",
    )
    assert response.status_code == 422, response.content
    item = ReviewItem.objects.get(tenant=tenant)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, base, users["reviewer"])
    for path, name in ((f"reviews/{item.public_id}", "reviewer-item-390"), ("", "reviewer-overview-390")):
        page.goto(f"{base}/console/acme/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        shoot(page, name)


def test_a_policy_error_is_shown_at_its_field(site, page):
    base, _tenant, users = site
    sign_in(page, base, users["admin"])
    page.goto(f"{base}/console/acme/policies/new")
    field = page.locator("#f-categories-violence-block-at")
    field.fill("0.1")
    page.get_by_role("button", name="Save as a new version").click()
    field = page.locator("#f-categories-violence-block-at")
    assert field.get_attribute("aria-invalid") == "true"
    assert "must be >= review_at" in page.locator("#f-categories-violence-block-at-err").inner_text()
    field.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "admin-policy-error.png"))
    check_accessibility(page, "policy error")


def test_a_reviewer_approves_a_held_job_and_an_auditor_verifies_the_image_and_the_log(
    site, page, browser, key_client, tmp_path
):
    from generation import storage
    from generation.models import GenerationJob

    base, tenant, users = site
    developer = key_client(tenant, None)  # an operator key: the reviewers are not its requester
    response = developer.client.post(
        "/v1/images/generations",
        # 256 px: the smallest size that carries the invisible watermark (the registry finds it by that).
        {"model": "assay-tiny", "prompt": HELD_PROMPT, "size": "256x256", "steps": 2, "seed": 0},
        format="json",
    )
    assert response.status_code == 422, response.content
    job_id = response.json()["error"]["job_id"]

    sign_in(page, base, users["reviewer"])
    page.goto(f"{base}/console/acme/reviews")
    shoot(page, "reviewer-queue-with-item")
    page.locator("table a.mono").first.click()
    shoot(page, "reviewer-item")
    check_accessibility(page, "review item")
    page.get_by_role("button", name="Approve").click()
    assert "is approved" in page.locator(".messages").inner_text()
    page.goto(f"{base}/console/acme/jobs/{job_id}")
    image = page.get_by_role("img", name=f"Image 0 of job {job_id} (released)")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 256
    shoot(page, "reviewer-job-approved")
    job = GenerationJob.objects.get(public_id=job_id)
    assert job.status == "completed"
    picture = tmp_path / "generated.png"
    picture.write_bytes(storage.read(job.images.get().storage_path))

    auditor = browser.new_context(viewport={"width": 1366, "height": 860}, accept_downloads=True).new_page()
    sign_in(auditor, base, users["auditor"])
    auditor.goto(f"{base}/console/acme/verify")
    auditor.get_by_label("Image (PNG, JPEG or WebP)").set_input_files(str(picture))
    auditor.get_by_role("button", name="Verify").click()
    verdict = auditor.get_by_test_id("manifest-verdict").inner_text()
    assert verdict.startswith("Trusted.") and "nothing in the image changed" in verdict
    assert "Generated here" in auditor.get_by_test_id("registry-verdict").inner_text()
    assert job_id in auditor.content()
    shoot(auditor, "auditor-verify-result")
    check_accessibility(auditor, "verify result")

    auditor.goto(f"{base}/console/acme/jobs/{job_id}")
    assert "review.decided" in auditor.content() or "review.claimed" in auditor.content()
    shoot(auditor, "auditor-job-trail")
    auditor.goto(f"{base}/console/acme/audit")
    auditor.get_by_role("button", name="Verify the chain").click()
    auditor.locator(".callout").first.wait_for()
    shoot(auditor, "auditor-chain-verified")
    with auditor.expect_download() as download:
        auditor.get_by_role("button", name="Download export").click()
    archive = tmp_path / "export.zip"
    download.value.save_as(archive)
    zipfile.ZipFile(archive).extractall(tmp_path / "export")
    from audit.verification import verify_export

    report = verify_export(
        tmp_path / "export", public_key_pem=(tmp_path / "export" / "public_key.pem").read_bytes()
    )
    assert report.ok, report
    shutil.copy(picture, ARTIFACTS / "generated-image.png")


def test_an_admin_simulates_and_replays_a_draft_then_sets_a_quota_and_protects_a_person(
    site, page, key_client, tmp_path
):
    from controlplane.quotas.models import QuotaLimit
    from policy.models import LikenessPerson
    from tests.policy.test_screening import astronaut, png

    base, tenant, users = site
    requester = key_client(tenant, None)
    for prompt in ("a zombie with a bloody face", HELD_PROMPT):  # held for review: recent history
        response = requester.client.post(
            "/v1/images/generations",
            {"model": "assay-tiny", "prompt": prompt, "size": "64x64"},
            format="json",
        )
        assert response.status_code == 422, response.content
    sign_in(page, base, users["admin"])
    page.goto(f"{base}/console/acme/policies/new")
    page.locator("#f-categories-violence-graphic-block-at").fill("0.5")
    page.locator("#f-categories-sexual-block-at").fill("0.5")
    page.locator("#form-prompts").fill("a zombie with a bloody face\na red circle on a white background")
    page.get_by_role("button", name="Simulate on these prompts").click()
    simulation = page.get_by_test_id("simulation")
    assert "block" in simulation.inner_text() and "allow" in simulation.inner_text()
    assert "block at" in page.locator("table.changes").inner_text()
    shoot(page, "admin-policy-simulated")
    check_accessibility(page, "policy simulated")
    page.get_by_role("button", name="Replay recent prompts").click()
    assert (
        page.get_by_test_id("replay-summary").inner_text().startswith("2 of 2 would be decided differently")
    )
    shoot(page, "admin-policy-replayed")
    check_accessibility(page, "policy replayed")

    page.goto(f"{base}/console/acme/quotas")
    page.get_by_label("Images per day").fill("500")
    page.get_by_label("Spend per month").fill("25")
    page.get_by_role("button", name="Save limits").click()
    assert "limits are saved" in page.locator(".messages").inner_text()
    assert QuotaLimit.objects.get(tenant=tenant, api_key=None, end_user="").images_per_day == 500
    shoot(page, "admin-quotas-set")
    check_accessibility(page, "quotas set")

    face = tmp_path / "eileen.png"
    face.write_bytes(png(astronaut()))
    page.goto(f"{base}/console/acme/likeness")
    page.get_by_label("Name").fill("Eileen Collins")
    page.get_by_label("Why protect them").fill("contracted: no depictions")
    page.get_by_label("Reference photos").set_input_files(str(face))
    page.get_by_role("button", name="Add to the gallery").click()
    assert "is in the gallery" in page.locator(".messages").inner_text()
    assert LikenessPerson.objects.get(tenant=tenant).photos.count() == 1
    page.locator("summary", has_text="Record consent").click()
    page.get_by_label("Evidence (the signed release)").fill("release #42")
    page.get_by_label("Consent until").first.fill("2099-12-31")
    page.get_by_role("button", name="Record consent").click()
    assert "consent of Eileen Collins is recorded" in page.locator(".messages").inner_text()
    shoot(page, "admin-likeness-added")
    check_accessibility(page, "likeness added")


def test_a_requester_appeals_a_block_and_a_reviewer_finds_it_with_the_filters(site, page, browser):
    from rest_framework.test import APIClient

    from controlplane.review.models import ReviewItem
    from controlplane.tenants.services import api_key_create
    from generation.models import GenerationJob
    from tests.console.conftest import TESTS

    base, tenant, users = site
    _key, secret = api_key_create(
        tenant=tenant,
        name="dev key",
        scopes=["images:write", "images:read"],
        created_by=users["developer"],
        actor=TESTS,
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    # A rules term of `violence` the standard policy blocks at the prompt stage; the appeal argues context.
    prompt = "a museum diorama titled beheading of the hydra, plaster figures"
    response = api.post(
        "/v1/images/generations",
        {"model": "assay-tiny", "prompt": prompt, "size": "64x64", "steps": 2, "seed": 0},
        format="json",
    )
    assert response.status_code == 400, response.content
    job = GenerationJob.objects.get(public_id=response.json()["error"]["job_id"])
    assert job.status == "rejected"
    sign_in(page, base, users["developer"])
    page.goto(f"{base}/console/acme/jobs/{job.public_id}")
    page.get_by_label("Why is the block wrong?").fill("A museum diorama of a myth, not violence.")
    page.get_by_role("button", name="Appeal this block").click()
    assert "Your appeal is filed" in page.locator(".messages").inner_text()
    assert "waiting for a reviewer" in page.content()
    shoot(page, "developer-appeal-filed")
    check_accessibility(page, "appeal filed")
    item = ReviewItem.objects.get(job=job, kind="appeal")

    reviewer = browser.new_context(viewport={"width": 1366, "height": 860}).new_page()
    sign_in(reviewer, base, users["reviewer"])
    reviewer.goto(f"{base}/console/acme/reviews")
    reviewer.get_by_label("Appeals").select_option("appeal")
    reviewer.get_by_role("button", name="Filter").click()
    rows = reviewer.locator("#queue tbody tr")
    assert rows.count() == 1 and "a myth, not violence" in rows.first.inner_text()
    shoot(reviewer, "reviewer-queue-appeals")
    check_accessibility(reviewer, "queue filtered to appeals")
    reviewer.get_by_role("link", name=item.public_id).click()
    reviewer.get_by_label(
        "Reason (required to deny; recorded in the audit log and shown to the requester)"
    ).fill("Agreed: nothing violent.")
    shoot(reviewer, "reviewer-appeal-item")
    check_accessibility(reviewer, "appeal item")
    reviewer.get_by_role("button", name="Uphold the appeal").click()
    assert "is approved" in reviewer.locator(".messages").inner_text()
    page.goto(f"{base}/console/acme/jobs/{job.public_id}")
    assert "upheld: the block is lifted" in page.content()
    job.refresh_from_db()
    assert job.status == "completed"  # reinstated and generated
    shoot(page, "developer-appeal-upheld")


def test_staff_reach_the_admin_site_through_the_console_sign_in(site, page):
    """/admin/ sends an anonymous visitor to the console's (throttled) form and back; the admin's pages
    run under the same Content-Security-Policy (the `page` fixture fails on anything it refused)."""
    base, _tenant, users = site
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    page.goto(f"{base}/admin/auth/user/")
    page.wait_for_url("**/console/login**")
    assert "next=" in page.url
    page.get_by_label("E-mail").fill(admin.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/auth/user/")
    assert page.get_by_role("link", name=admin.get_username()).first.is_visible()
    page.get_by_role("link", name=admin.get_username()).first.click()
    page.wait_for_url("**/admin/auth/user/*/change/")
    shoot(page, "staff-admin-user-change")
