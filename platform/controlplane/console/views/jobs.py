"""Jobs and images: search, a job's page (decisions, settings, images, provenance, audit trail), and
the image bytes the page shows (released as they are; withheld ones blurred, to reviewers only)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from audit.selectors import audit_events_for_tenant
from controlplane.console import selectors
from controlplane.console.access import Member, console_page
from controlplane.console.forms import JobSearchForm
from controlplane.tenants.scopes import Scope
from foundation.cursors import InvalidCursor
from generation import quarantine, storage
from generation import selectors as generation_selectors

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


@console_page(Scope.IMAGES_READ)
def job_detail(request: HttpRequest, member: Member, job_id: str) -> HttpResponse:
    job = generation_selectors.job_for_tenant(member.tenant, job_id)
    if job is None:
        raise Http404("No such job")
    images = sorted(job.images.all(), key=lambda image: image.index)
    trail = None
    if member.can(Scope.AUDIT_READ):
        trail = audit_events_for_tenant(member.tenant, subject=f"job:{job.public_id}", limit=TRAIL_LIMIT)
    return render(
        request,
        "console/job_detail.html",
        {
            "job": job,
            "images": images,
            "reviews": selectors.review_items_of_job(member.tenant, job)
            if member.can(Scope.REVIEW_WRITE)
            else None,
            "trail": trail,
            "can_see_withheld": member.can(Scope.REVIEW_WRITE),
        },
    )


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
    try:
        reveal = request.method == "POST" and request.POST.get("reveal") == "1"
        data, mime_type = quarantine.quarantined_image_read(image=withheld, actor=member.actor, reveal=reveal)
    except FileNotFoundError as exc:
        raise Http404("Deleted at the end of its retention") from exc
    response = HttpResponse(data, content_type=mime_type)
    response["Cache-Control"] = "no-store"
    return response
