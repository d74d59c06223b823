"""Quotas and usage: the limits with what each subject used, usage per day and model; admins set and
remove limits (`quotas:write`) through `controlplane.quotas.services`, which audits every change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from controlplane.console.access import Member, console_page
from controlplane.console.forms import QuotaLimitForm
from controlplane.quotas import selectors as quota_selectors
from controlplane.quotas import services as quota_services
from controlplane.quotas.models import QuotaLimit
from controlplane.tenants import selectors as tenant_selectors
from controlplane.tenants.scopes import Scope
from foundation.errors import ServiceError

USAGE_DAYS = 30
# The service's fields the form shows under another name.
_FORM_FIELD = {"spend_micros_per_month": "spend_per_month"}


def _limit_form(member: Member, data: Any = None, initial: dict[str, Any] | None = None) -> QuotaLimitForm:
    keys = [
        (str(key.public_id), f"{key.display_prefix} ({key.name})")
        for key in tenant_selectors.api_keys_for_tenant(member.tenant)
        if key.revoked_at is None
    ]
    return QuotaLimitForm(data, keys=keys, initial=initial)


def _initial(limit: dict[str, Any]) -> dict[str, Any]:
    """A limit as `limit_to_dict` shows it, as the form's starting values (to change it)."""
    return {
        **{name: limit.get(name) for name in QuotaLimitForm.base_fields if name in limit},
        "key": limit["key_id"] or "",
        "end_user": limit["end_user"] or "",
        "allowed_models": ", ".join(limit["allowed_models"]),
    }


def _page(request: HttpRequest, member: Member, form: QuotaLimitForm | None = None) -> HttpResponse:
    since = timezone.now().date() - timedelta(days=USAGE_DAYS - 1)
    limits = quota_selectors.limits_with_usage(member.tenant)
    can_write = member.can(Scope.QUOTAS_WRITE)
    if form is None and can_write:
        editing = [
            limit
            for limit in limits
            if (limit["key_id"] or "") == request.GET.get("key", "")
            and (limit["end_user"] or "") == request.GET.get("end_user", "")
        ]
        form = _limit_form(
            member, initial=_initial(editing[0]) if "edit" in request.GET and editing else None
        )
    return render(
        request,
        "console/quotas.html",
        {
            "limits": limits,
            "by_day": quota_selectors.usage(member.tenant, group_by="day", since=since, until=None),
            "by_model": quota_selectors.usage(member.tenant, group_by="model", since=since, until=None),
            "days": USAGE_DAYS,
            "form": form if can_write else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@console_page(Scope.USAGE_READ)
def quotas(request: HttpRequest, member: Member) -> HttpResponse:
    return _page(request, member)


def _level(member: Member, key_id: str, end_user: str) -> tuple[Any, str]:
    """The key a level names (None: the tenant's), or 404 when it is not one of this tenant's keys."""
    if not key_id:
        return None, end_user
    api_key = tenant_selectors.api_key_for_tenant(member.tenant, key_id)
    if api_key is None:
        raise Http404("No such key")
    return api_key, end_user


@require_POST
@console_page(Scope.QUOTAS_WRITE)
def quota_set(request: HttpRequest, member: Member) -> HttpResponse:
    form = _limit_form(member, request.POST)
    if not form.is_valid():
        return _page(request, member, form)
    api_key, end_user = _level(member, form.cleaned_data["key"], form.cleaned_data["end_user"].strip())
    try:
        limit = quota_services.limit_set(
            tenant=member.tenant, api_key=api_key, end_user=end_user, values=form.values(), actor=member.actor
        )
    except ServiceError as error:
        field = _FORM_FIELD.get(error.param or "", error.param)
        form.add_error(field if field in form.fields else None, str(error))
        return _page(request, member, form)
    messages.success(request, f"The {_describe(limit)} limits are saved.")
    return redirect("console:quotas", tenant=member.tenant.slug)


@require_POST
@console_page(Scope.QUOTAS_WRITE)
def quota_remove(request: HttpRequest, member: Member) -> HttpResponse:
    api_key, end_user = _level(member, request.POST.get("key", ""), request.POST.get("end_user", ""))
    limit = next(
        (
            limit
            for limit in quota_selectors.limits_for_tenant(member.tenant)
            if limit.api_key_id == (api_key.pk if api_key else None) and limit.end_user == end_user
        ),
        None,
    )
    if limit is None:
        raise Http404("No such limit")
    quota_services.limit_delete(limit=limit, actor=member.actor)
    messages.success(request, f"The {_describe(limit)} limits are removed: that level is unbounded now.")
    return redirect("console:quotas", tenant=member.tenant.slug)


def _describe(limit: QuotaLimit) -> str:
    """Whose limits, for a message: "tenant's", "key ask_… 's", "each end user's (key ask_…)"."""
    key = f" (key {limit.api_key.display_prefix})" if limit.api_key else ""
    if limit.end_user:
        who = "each end user's" if limit.end_user == "*" else f"end user {limit.end_user}'s"
        return f"{who}{key}"
    return f"key {limit.api_key.display_prefix}'s" if limit.api_key else "tenant's"
