"""The likeness gallery: people whose likeness the output policy protects, their reference photos and
consent. Admins (`likeness:write`) add a person, add photos, record or withdraw consent and remove a
person through `policy.likeness_services`, which audits each change as the API's do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from controlplane.console.access import Member, console_page
from controlplane.console.forms import LikenessConsentForm, LikenessPersonForm, LikenessPhotoForm
from controlplane.tenants.scopes import Scope
from policy import likeness_selectors, likeness_services
from policy.likeness_services import LikenessError, PreparedPhoto
from policy.models import LikenessPerson


def _page(
    request: HttpRequest, member: Member, form: LikenessPersonForm | None = None, *, status: int = 200
) -> HttpResponse:
    people = likeness_selectors.people_for_tenant(member.tenant).prefetch_related("photos")
    can_write = member.can(Scope.LIKENESS_WRITE)
    context = {
        "people": people,
        "now": timezone.now(),
        "form": (form or LikenessPersonForm()) if can_write else None,
        "photo_form": LikenessPhotoForm(),
        "consent_form": LikenessConsentForm(),
        "max_photos": settings.ASSAY_LIKENESS_MAX_PHOTOS,
    }
    return render(request, "console/likeness.html", context, status=400 if form is not None else status)


@console_page(Scope.LIKENESS_READ)
def likeness(request: HttpRequest, member: Member) -> HttpResponse:
    return _page(request, member)


def _prepared(uploads: list[Any]) -> list[PreparedPhoto]:
    """Each upload checked and embedded before any transaction opens (as the API does); a LikenessError
    names the photo at fault."""
    if len(uploads) > settings.ASSAY_LIKENESS_MAX_PHOTOS:
        raise LikenessError(
            f"Send at most {settings.ASSAY_LIKENESS_MAX_PHOTOS} photos at a time.", code="invalid_value"
        )
    prepared = []
    for number, upload in enumerate(uploads, start=1):
        what = f"Photo {number} ({upload.name})"
        if upload.size > settings.ASSAY_MAX_INPUT_BYTES:
            raise LikenessError(
                f"{what} is larger than {settings.ASSAY_MAX_INPUT_BYTES:,} bytes.", code="image_too_large"
            )
        prepared.append(
            likeness_services.prepare_photo(
                upload.read(), param=what, max_pixels=settings.ASSAY_MAX_INPUT_PIXELS
            )
        )
    return prepared


@require_POST
@console_page(Scope.LIKENESS_WRITE)
def person_add(request: HttpRequest, member: Member) -> HttpResponse:
    form = LikenessPersonForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, member, form)
    evidence, expires_at = form.consent()
    try:
        person = likeness_services.likeness_person_create(
            tenant=member.tenant,
            name=form.cleaned_data["name"],
            reason=form.cleaned_data["reason"],
            photos=_prepared(form.cleaned_data["photos"]),
            store_photos=form.cleaned_data["store_photo"],
            actor=member.actor,
            consent_evidence=evidence,
            consent_expires_at=expires_at,
        )
    except LikenessError as error:
        param = {"consent_expires_at": "consent_expires", "consent_evidence": "consent_evidence"}
        form.add_error(param.get(error.param or "", "photos"), str(error))
        return _page(request, member, form)
    messages.success(request, f"{person.name} is in the gallery; new images are screened against them.")
    return redirect("console:likeness", tenant=member.tenant.slug)


def _person(member: Member, person_id: str) -> LikenessPerson:
    person = likeness_selectors.person_for_tenant(member.tenant, person_id)
    if person is None:
        raise Http404("No such person")
    return person


@require_POST
@console_page(Scope.LIKENESS_WRITE)
def person_change(request: HttpRequest, member: Member, person_id: str, action: str) -> HttpResponse:
    person = _person(member, person_id)
    try:
        if action == "photos":
            form: Any = LikenessPhotoForm(request.POST, request.FILES)
            if form.is_valid():
                for photo in _prepared(form.cleaned_data["photos"]):
                    likeness_services.likeness_photo_add(
                        tenant=member.tenant,
                        person=person,
                        photo=photo,
                        store_photo=form.cleaned_data["store_photo"],
                        actor=member.actor,
                    )
                messages.success(request, f"The photos of {person.name} are added.")
        elif action == "consent":
            form = LikenessConsentForm(request.POST)
            if form.is_valid():
                likeness_services.likeness_consent_grant(
                    tenant=member.tenant,
                    person=person,
                    evidence=form.cleaned_data["evidence"],
                    expires_at=form.expires_at(),
                    actor=member.actor,
                )
                messages.success(request, f"The consent of {person.name} is recorded.")
        elif action == "withdraw":
            form = None
            likeness_services.likeness_consent_revoke(tenant=member.tenant, person=person, actor=member.actor)
            messages.success(request, f"The consent of {person.name} is withdrawn.")
        elif action == "remove":
            form = None
            likeness_services.likeness_person_remove(tenant=member.tenant, person=person, actor=member.actor)
            messages.success(
                request, f"{person.name} is removed; their face embeddings and photos are deleted."
            )
        else:
            raise Http404("No such action")
    except LikenessError as error:
        messages.error(request, f"{person.name}: nothing changed. {error}")
        return _page(request, member, status=error.status)
    if form is not None and form.errors:
        problems = " ".join(
            f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        )
        messages.error(request, f"{person.name}: nothing changed. {problems}")
        return _page(request, member, status=400)
    return redirect("console:likeness", tenant=member.tenant.slug)
