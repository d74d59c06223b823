"""Jobs and images: search, a job's page (decisions, settings, images, provenance, audit trail, and for
its requester an appeal against a block), and the image bytes the page shows (released as they are;
withheld ones blurred, to reviewers only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from audit.selectors import audit_events_for_tenant
from controlplane.console import selectors
from controlplane.console.access import Member, console_page
from controlplane.console.forms import AppealForm, JobSearchForm
from controlplane.review import services as review_services
from controlplane.review.models import ReviewKind
from controlplane.tenants.scopes import Scope
from foundation.cursors import InvalidCursor
from foundation.errors import ServiceError
from generation import quarantine, storage
from generation import selectors as generation_selectors
from generation.models import GenerationJob, ImageDecision, JobStatus

PAGE_SIZE = 50
TRAIL_LIMIT = 200


@console_page(Scope.IMAGES_READ)
def job_list(request: HttpRequest, member: Member) -> HttpResponse:
    form = JobSearchForm(request.GET or None)
    page, error = None, None
    if form.is_bound and not form.is_valid():
        jobs = None
    else:
        jobs = selectors.search_jobs(member.tenant, **(form.filters() if form.is_bound else {}))
        try:
            page = generation_selectors.job_page(
                jobs, tenant=member.tenant, after=request.GET.get("after") or None, limit=PAGE_SIZE
            )
        except InvalidCursor:
            error = "That page link is no longer valid; start again from the newest job."
    query = request.GET.copy()
    query.pop("after", None)
    context = {"form": form, "page": page, "error": error, "query": query.urlencode()}
    template = "console/partials/job_rows.html" if request.htmx else "console/jobs.html"
    return render(request, template, context)


def _job(member: Member, job_id: str) -> GenerationJob:
    job = generation_selectors.job_for_tenant(member.tenant, job_id)
    if job is None:
        raise Http404("No such job")
    return job


def _appeals(
    member: Member, job: GenerationJob, images: list[Any], items: list[Any]
) -> dict[str, Any] | None:
    """For the job's requester (`images:write`, as POST /v1/jobs/{id}/appeal): their appeals, and which
    blocks look appealable (the prompt stage's, or each blocked image of a completed job). The service
    decides; this only chooses where the page offers the form."""
    if not member.can(Scope.IMAGES_WRITE):
        return None
    if not member.reviewer.identities & review_services.requester_identities(job):
        return None
    filed = [
        item for item in selectors.review_items_of_job(member.tenant, job) if item.kind == ReviewKind.APPEAL
    ]
    appealed = {item.image_id for item in filed}
    prompt_block = (
        job.status == JobStatus.REJECTED and job.error_code == "content_policy_violation" and not images
    )
    blocked_images = [
        image
        for image in images
        if job.status == JobStatus.COMPLETED
        and image.decision == ImageDecision.BLOCKED
        and image.pk not in appealed
    ]
    return {
        "filed": filed,
        "prompt": prompt_block and None not in appealed,
        "images": {image.pk for image in blocked_images},
    }


def _job_page(
    request: HttpRequest,
    member: Member,
    job: GenerationJob,
    *,
    form: AppealForm | None = None,
    status: int = 200,
) -> HttpResponse:
    images = sorted(job.images.all(), key=lambda image: image.index)
    if not member.can(Scope.REVIEW_WRITE):
        # A `best_of` job's unselected candidates are for reviewers, as in the API's quarantine.
        images = [image for image in images if image.decision != ImageDecision.UNSELECTED]
    trail = None
    if member.can(Scope.AUDIT_READ):
        trail = audit_events_for_tenant(member.tenant, subject=f"job:{job.public_id}", limit=TRAIL_LIMIT)
    items = []
    if member.can(Scope.REVIEW_WRITE) or member.can(Scope.IMAGES_WRITE):
        items = selectors.review_items_of_job(member.tenant, job)
    return render(
        request,
        "console/job_detail.html",
        {
            "job": job,
            "images": images,
            "reviews": items if member.can(Scope.REVIEW_WRITE) else None,
            "trail": trail,
            "can_see_withheld": member.can(Scope.REVIEW_WRITE),
            "appeals": _appeals(member, job, images, items),
            "appeal_form": form or AppealForm(),
        },
        status=status,
    )


@console_page(Scope.IMAGES_READ)
def job_detail(request: HttpRequest, member: Member, job_id: str) -> HttpResponse:
    return _job_page(request, member, _job(member, job_id))


@require_POST
@console_page(Scope.IMAGES_WRITE)
def job_appeal(request: HttpRequest, member: Member, job_id: str) -> HttpResponse:
    """The requester appeals a block of their job (`review.services.appeal_file`, as the API's appeal):
    the whole job's at the prompt stage, or one blocked image's (`image_id`)."""
    job = _job(member, job_id)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The appeal was not filed: say why the block is wrong.")
        return _job_page(request, member, job, form=form, status=400)
    image = None
    if form.cleaned_data["image_id"]:
        image = next((i for i in job.images.all() if i.public_id == form.cleaned_data["image_id"]), None)
        if image is None:
            raise Http404("No such image in this job")
    try:
        item = review_services.appeal_file(
            job=job, principal=member.reviewer, justification=form.cleaned_data["justification"], image=image
        )
    except ServiceError as error:
        messages.error(request, f"The appeal was not filed: {error}")
        return _job_page(request, member, job, form=form, status=error.status)
    messages.success(
        request,
        f"Your appeal is filed ({item.public_id}); a reviewer decides it, and this page shows the outcome.",
    )
    return redirect("console:job", tenant=member.tenant.slug, job_id=job.public_id)


@require_http_methods(["GET", "HEAD", "POST"])
@console_page(Scope.IMAGES_READ)
def image_content(request: HttpRequest, member: Member, image_id: str) -> HttpResponse:
    """A released image as it is; a withheld one (held, blocked, pending) blurred, for reviewers and
    admins only (`review:write`, as /v1/quarantine), and as it is only on a POST with `reveal=1` and the
    CSRF token (audited): a GET never reveals, so no page can plant a reveal in a reviewer's name."""
    image = generation_selectors.released_image_for_tenant(member.tenant, image_id)
    if image is not None:
        response = HttpResponse(storage.read(image.storage_path), content_type=image.mime_type)
        response["Cache-Control"] = "private, max-age=3600"
        return response
    if not member.can(Scope.REVIEW_WRITE):
        raise Http404("No such image")
    withheld = quarantine.quarantined_image_for_tenant(member.tenant, image_id)
    if withheld is None:
        raise Http404("No such image")
    reveal = request.method == "POST" and request.POST.get("reveal") == "1"
    if reveal:
        try:
            review_services.check_may_reveal(withheld.job, member.reviewer)
        except review_services.ReviewError as error:
            raise PermissionDenied(str(error)) from error
    try:
        data, mime_type = quarantine.quarantined_image_read(image=withheld, actor=member.actor, reveal=reveal)
    except FileNotFoundError as exc:
        raise Http404("Deleted at the end of its retention") from exc
    response = HttpResponse(data, content_type=mime_type)
    response["Cache-Control"] = "no-store"
    return response
