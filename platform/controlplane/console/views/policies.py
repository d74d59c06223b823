"""Policies: version history with diffs, a version's document, and a new version edited as a form
generated from the JSON Schema or as raw JSON, the first invalid field marked where it is."""

from __future__ import annotations

import difflib
import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from controlplane.console import policy_form
from controlplane.console.access import Member, console_page
from controlplane.review import selectors as review_selectors
from controlplane.tenants.scopes import Scope
from policy import schema, selectors, services
from policy.models import PolicyVersion
from policy.schema import PolicyDocumentError


@console_page(Scope.POLICY_READ)
def policy_list(request: HttpRequest, member: Member) -> HttpResponse:
    active = services.policy_ensure_active(tenant=member.tenant)
    return render(
        request,
        "console/policies.html",
        {
            "versions": selectors.policy_versions_for_tenant(member.tenant),
            "active": active,
            "overturned": review_selectors.overturned_blocks(member.tenant),
        },
    )


def _version(member: Member, policy_id: str) -> PolicyVersion:
    version = selectors.policy_version_for_tenant(member.tenant, policy_id)
    if version is None:
        raise Http404("No such policy version")
    return version


@console_page(Scope.POLICY_READ)
def policy_detail(request: HttpRequest, member: Member, policy_id: str) -> HttpResponse:
    version = _version(member, policy_id)
    previous = selectors.policy_versions_for_tenant(member.tenant).filter(version__lt=version.version).first()
    diff = None
    if previous is not None:
        diff = list(
            difflib.unified_diff(
                policy_form.pretty(previous.document).splitlines(),
                policy_form.pretty(version.document).splitlines(),
                fromfile=previous.label,
                tofile=version.label,
                lineterm="",
            )
        )
    active = selectors.active_policy_version(member.tenant)
    return render(
        request,
        "console/policy_detail.html",
        {
            "version": version,
            "previous": previous,
            "diff": diff,
            "document": policy_form.pretty(version.document),
            "is_active": active is not None and active.pk == version.pk,
        },
    )


@console_page(Scope.POLICY_WRITE)
def policy_edit(request: HttpRequest, member: Member) -> HttpResponse:
    base = services.policy_ensure_active(tenant=member.tenant)
    json_schema = schema.json_schema()
    groups = policy_form.groups(json_schema, base.document)
    raw_text, raw_error, top_error, status = policy_form.pretty(base.document), "", "", 200
    if request.method == "POST":
        activate = request.POST.get("activate") == "on"
        if request.POST.get("mode") == "raw":
            raw_text = request.POST.get("document", "")
            try:
                document = json.loads(raw_text)
            except ValueError as error:
                document, raw_error = None, f"Not JSON: {error}"
        else:
            document, ok = policy_form.apply(base.document, groups, request.POST)
            raw_text = policy_form.pretty(document)
            if not ok:
                document, top_error = None, "Some values have the wrong type; see the marked fields."
        if document is not None:
            try:
                version = services.policy_version_create(
                    tenant=member.tenant, document=document, actor=member.actor, activate=activate
                )
            except PolicyDocumentError as error:
                if request.POST.get("mode") == "raw" or not policy_form.mark(groups, error.field, str(error)):
                    raw_error = str(error)
                top_error = "The policy was not saved: " + str(error)
            else:
                state = "and activated" if activate else "(not active yet)"
                messages.success(request, f"Saved {version.label} {state}.")
                return redirect("console:policy", tenant=member.tenant.slug, policy_id=version.public_id)
        status = 400
    return render(
        request,
        "console/policy_edit.html",
        {
            "base": base,
            "groups": groups,
            "raw_text": raw_text,
            "raw_error": raw_error,
            "top_error": top_error,
            "mode": request.POST.get("mode", "form"),
        },
        status=status,
    )


@require_POST
@console_page(Scope.POLICY_WRITE)
def policy_activate(request: HttpRequest, member: Member, policy_id: str) -> HttpResponse:
    version = services.policy_activate(
        tenant=member.tenant, version=_version(member, policy_id), actor=member.actor
    )
    messages.success(request, f"{version.label} is the active policy; new jobs decide under it.")
    return redirect("console:policy", tenant=member.tenant.slug, policy_id=version.public_id)
