"""Read-only pages: quotas and usage, the model catalog, the likeness gallery."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from controlplane.console.access import Member, console_page
from controlplane.quotas import selectors as quota_selectors
from controlplane.tenants.scopes import Scope
from generation import selectors as generation_selectors
from policy import likeness_selectors

USAGE_DAYS = 30


@console_page(Scope.USAGE_READ)
def quotas(request: HttpRequest, member: Member) -> HttpResponse:
    since = timezone.now().date() - timedelta(days=USAGE_DAYS - 1)
    return render(
        request,
        "console/quotas.html",
        {
            "limits": quota_selectors.limits_with_usage(member.tenant),
            "by_day": quota_selectors.usage(member.tenant, group_by="day", since=since, until=None),
            "by_model": quota_selectors.usage(member.tenant, group_by="model", since=since, until=None),
            "days": USAGE_DAYS,
        },
    )


@console_page(Scope.IMAGES_READ)
def models(request: HttpRequest, member: Member) -> HttpResponse:
    return render(request, "console/models.html", {"models": generation_selectors.enabled_models()})


@console_page(Scope.LIKENESS_READ)
def likeness(request: HttpRequest, member: Member) -> HttpResponse:
    people = likeness_selectors.people_for_tenant(member.tenant).prefetch_related("photos")
    return render(request, "console/likeness.html", {"people": people, "now": timezone.now()})
