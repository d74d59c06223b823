"""Policies: version history with field-level diffs, a version's document, and a new version edited as
a form generated from the JSON Schema or as raw JSON, the first invalid field marked where it is. A draft
can be tried before it is saved: simulated on prompts typed in, or replayed on the tenant's recent
prompts (what would change), with the services POST /v1/policies/simulate and /replay call."""

from __future__ import annotations

import difflib
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from controlplane.api.policy import readable_document
from controlplane.console import policy_form
from controlplane.console.access import Member, console_page
from controlplane.console.policy_diff import policy_changes
from controlplane.review import selectors as review_selectors
from controlplane.tenants.scopes import Scope
from foundation.text import blank
from generation.params import MAX_PROMPT_CHARS
from policy import decisions, replay, schema, selectors, services
from policy.models import PolicyVersion
from policy.schema import PolicyDocument, PolicyDocumentError

# The API's bounds (POST /v1/policies/simulate takes 1 to 100 prompts; /replay 1 to replay.MAX_REPLAY).
MAX_SIMULATE_PROMPTS = 100
DEFAULT_REPLAY = 100
ACTIONS = ("save", "simulate", "replay")


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
    # As the API shows it: a reader without policy:write sees the credential URLs cut to their host.
    document = readable_document(version.document, scopes=member.scopes)
    changes, diff = None, None
    if previous is not None:
        before = readable_document(previous.document, scopes=member.scopes)
        changes = policy_changes(before, document)
        diff = list(
            difflib.unified_diff(
                policy_form.pretty(before).splitlines(),
                policy_form.pretty(document).splitlines(),
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
            "changes": changes,
            "diff": diff,
            "document": policy_form.pretty(document),
            "is_active": active is not None and active.pk == version.pk,
        },
    )


class TryError(ValueError):
    """What the person typed to try a draft with is not usable; the message says what to change."""


def _prompts(raw: str) -> list[str]:
    # A line of white space or invisible characters is no prompt (the API refuses one as blank).
    prompts = [line.strip() for line in raw.splitlines() if not blank(line)]
    if not prompts:
        raise TryError("Write one prompt per line to simulate the draft on.")
    if len(prompts) > MAX_SIMULATE_PROMPTS:
        raise TryError(f"Simulate at most {MAX_SIMULATE_PROMPTS} prompts at a time ({len(prompts)} given).")
    for number, prompt in enumerate(prompts, start=1):
        if len(prompt) > MAX_PROMPT_CHARS:
            raise TryError(f"Prompt {number} is longer than {MAX_PROMPT_CHARS} characters.")
    return prompts


def _replay_limit(raw: str) -> int:
    try:
        limit = int(raw or DEFAULT_REPLAY)
    except ValueError:
        raise TryError("Give the number of recent prompts to replay as a whole number.") from None
    if not 1 <= limit <= replay.MAX_REPLAY:
        raise TryError(f"Replay 1 to {replay.MAX_REPLAY} recent prompts.")
    return limit


def _try_draft(request: HttpRequest, member: Member, action: str, draft: PolicyDocument) -> dict[str, Any]:
    """Run the draft as the API's simulate or replay does; the context the page shows the outcome with."""
    budget = settings.ASSAY_POLICY_TIME_BUDGET_SECONDS
    name = f"{draft.name}@draft"
    if action == "simulate":
        prompts = _prompts(request.POST.get("prompts", ""))
        results = decisions.simulate(
            document=draft, prompts=prompts, name=name, version_id=None, time_budget=budget
        )
        return {"simulation": results, "not_evaluated": len(prompts) - len(results)}
    outcome = replay.policy_replay(
        tenant=member.tenant,
        document=draft,
        limit=_replay_limit(request.POST.get("replay_limit", "")),
        actor=member.actor,
        time_budget=budget,
    )
    rows = [item.as_dict() for item in outcome.prompts]
    return {
        "replay": {
            "evaluated": len(rows),
            "changed": [row for row in rows if row["changed"]],
            "transitions": outcome.transitions,
            "not_evaluated": outcome.not_evaluated,
        },
        "overturned": review_selectors.overturned_blocks(member.tenant),
    }


@console_page(Scope.POLICY_WRITE)
def policy_edit(request: HttpRequest, member: Member) -> HttpResponse:
    base = services.policy_ensure_active(tenant=member.tenant)
    json_schema = schema.json_schema()
    groups = policy_form.groups(json_schema, base.document)
    raw_text, raw_error, top_error, status = policy_form.pretty(base.document), "", "", 200
    tried: dict[str, Any] = {}
    try_error = ""
    action = request.POST.get("action", "save")
    if request.method == "POST":
        if action not in ACTIONS:
            raise Http404("No such action")
        activate = request.POST.get("activate") == "on" and action == "save"
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
                if action == "save":
                    version = services.policy_version_create(
                        tenant=member.tenant, document=document, actor=member.actor, activate=activate
                    )
                    state = "and activated" if activate else "(not active yet)"
                    messages.success(request, f"Saved {version.label} {state}.")
                    return redirect("console:policy", tenant=member.tenant.slug, policy_id=version.public_id)
                draft = schema.validate_document(document)
                tried = {"changes": policy_changes(base.document, document), "action": action}
                tried |= _try_draft(request, member, action, draft)
            except PolicyDocumentError as error:
                if request.POST.get("mode") == "raw" or not policy_form.mark(groups, error.field, str(error)):
                    raw_error = str(error)
                verb = "saved" if action == "save" else "tried"
                top_error = f"The policy was not {verb}: {error}"
            except TryError as error:
                try_error = str(error)
        if top_error or raw_error or try_error:
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
            "try_error": try_error,
            "try_field": "prompts" if action == "simulate" else "replay_limit",
            "tried": tried,
            "prompts": request.POST.get("prompts", ""),
            "replay_limit": request.POST.get("replay_limit", DEFAULT_REPLAY),
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
