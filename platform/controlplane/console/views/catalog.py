"""The model catalog: which models this installation offers, their licences and weights, and whether
the tenant's active policy lets its jobs use each (`JobPolicy.model_refusal`, admission's own rule)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from controlplane.console.access import Member, console_page
from controlplane.tenants.scopes import Scope
from generation import selectors as generation_selectors
from policy import selectors as policy_selectors
from policy.decisions import job_policy


@console_page(Scope.IMAGES_READ)
def models(request: HttpRequest, member: Member) -> HttpResponse:
    active = policy_selectors.active_policy_version(member.tenant)
    policy = job_policy(active) if active is not None else None
    rows = [
        (model, policy.model_refusal(model_name=model.name, backend=model.backend) if policy else None)
        for model in generation_selectors.enabled_models()
    ]
    return render(request, "console/models.html", {"rows": rows, "policy": active})
