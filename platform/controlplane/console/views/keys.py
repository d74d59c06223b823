"""API keys (create: the secret shown once; revoke) and members (invite, role, password, remove).

Who may do what is the API's rule: `keys:write` to create and revoke one's own keys, admins for anyone's
(and for keys owned by other members); `members:write` (admins) for members. The services check the rest.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from controlplane.console.access import Member, console_page
from controlplane.console.forms import KeyCreateForm, MemberInviteForm, MemberPasswordForm, MemberRoleForm
from controlplane.tenants import selectors as tenant_selectors
from controlplane.tenants import services as tenant_services
from controlplane.tenants.models import Membership
from controlplane.tenants.scopes import ROLE_SCOPES, Scope
from foundation.errors import ServiceError


def _key_form(member: Member, data: object = None) -> KeyCreateForm:
    others = None
    if member.manages_tenant:
        others = [
            m for m in tenant_selectors.memberships_for_tenant(member.tenant) if m.user_id != member.user.pk
        ]
    return KeyCreateForm(data, role=member.role, members=others)


def _keys_page(
    request: HttpRequest, member: Member, form: KeyCreateForm | None, **extra: object
) -> HttpResponse:
    context = {
        "keys": tenant_selectors.api_keys_for_tenant(member.tenant),
        "form": form if form is not None else (_key_form(member) if member.can(Scope.KEYS_WRITE) else None),
        **extra,
    }
    return render(
        request, "console/keys.html", context, status=400 if form is not None and form.errors else 200
    )


@console_page(Scope.KEYS_READ)
def key_list(request: HttpRequest, member: Member) -> HttpResponse:
    return _keys_page(request, member, None)


@require_POST
@console_page(Scope.KEYS_WRITE)
def key_create(request: HttpRequest, member: Member) -> HttpResponse:
    form = _key_form(member, request.POST)
    if not form.is_valid():
        return _keys_page(request, member, form)
    data = form.cleaned_data
    owner = None
    if data.get("member"):
        owner = tenant_selectors.membership_for_tenant(member.tenant, data["member"])
        if owner is None:
            form.add_error("member", "No such member.")
            return _keys_page(request, member, form)
    try:
        if owner is not None:
            api_key, secret = tenant_services.api_key_create_for_member(
                membership=owner,
                name=data["name"],
                scopes=data["scopes"] or None,
                actor=member.actor,
                issuer=member.membership,
                expires_at=form.expires_at(),
            )
        else:
            api_key, secret = tenant_services.api_key_create(
                tenant=member.tenant,
                name=data["name"],
                scopes=data["scopes"] or sorted(ROLE_SCOPES[member.role]),
                created_by=member.user,
                actor=member.actor,
                expires_at=form.expires_at(),
            )
    except ServiceError as error:
        form.add_error("scopes" if error.param == "scopes" else None, str(error))
        return _keys_page(request, member, form)
    # The secret is in this one response and nowhere else: not stored, not in the session, not in a URL.
    response = _keys_page(request, member, None, created=api_key, secret=secret)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@console_page(Scope.KEYS_WRITE)
def key_revoke(request: HttpRequest, member: Member, key_id: str) -> HttpResponse:
    api_key = tenant_selectors.api_key_for_tenant(member.tenant, key_id)
    if api_key is None:
        raise Http404("No such key")
    if not member.manages_tenant and api_key.created_by_id != member.user.pk:
        raise PermissionDenied("Only admins can revoke keys that someone else created.")
    tenant_services.api_key_revoke(
        api_key=api_key, actor=member.actor, revoked_by=member.user, reason="revoked in the console"
    )
    messages.success(request, f"{api_key.display_prefix} is revoked, and every key it created.")
    return redirect("console:keys", tenant=member.tenant.slug)


def _members_page(
    request: HttpRequest, member: Member, invite: MemberInviteForm | None = None
) -> HttpResponse:
    context = {
        "members": tenant_selectors.memberships_for_tenant(member.tenant),
        "invite": invite if invite is not None else MemberInviteForm(),
        "role_form": MemberRoleForm(),
        "can_write": member.can(Scope.MEMBERS_WRITE),
    }
    return render(request, "console/members.html", context, status=400 if invite is not None else 200)


@console_page(Scope.MEMBERS_READ)
def member_list(request: HttpRequest, member: Member) -> HttpResponse:
    return _members_page(request, member)


@require_POST
@console_page(Scope.MEMBERS_WRITE)
def member_invite(request: HttpRequest, member: Member) -> HttpResponse:
    form = MemberInviteForm(request.POST)
    if not form.is_valid():
        return _members_page(request, member, form)
    try:
        with transaction.atomic():
            user = tenant_services.user_get_or_create(email=form.cleaned_data["email"])
            tenant_services.membership_create(
                tenant=member.tenant, user=user, role=form.cleaned_data["role"], actor=member.actor
            )
    except ServiceError as error:
        form.add_error("email", str(error))
        return _members_page(request, member, form)
    messages.success(request, f"{form.cleaned_data['email']} is a {form.cleaned_data['role']} now.")
    return redirect("console:members", tenant=member.tenant.slug)


def _membership(member: Member, member_id: str) -> Membership:
    membership = tenant_selectors.membership_for_tenant(member.tenant, member_id)
    if membership is None:
        raise Http404("No such member")
    return membership


@require_POST
@console_page(Scope.MEMBERS_WRITE)
def member_change(request: HttpRequest, member: Member, member_id: str, action: str) -> HttpResponse:
    membership = _membership(member, member_id)
    name = membership.user.get_username()
    try:
        if action == "role":
            form = MemberRoleForm(request.POST)
            if form.is_valid():
                tenant_services.membership_change_role(
                    membership=membership, role=form.cleaned_data["role"], actor=member.actor
                )
                messages.success(request, f"{name} is a {form.cleaned_data['role']} now.")
        elif action == "password":
            form = MemberPasswordForm(request.POST)
            if form.is_valid():
                tenant_services.member_set_password(
                    membership=membership, password=form.cleaned_data["password"], actor=member.actor
                )
                messages.success(request, f"{name}'s password is set; tell them through a channel you trust.")
        elif action == "remove":
            tenant_services.membership_remove(membership=membership, actor=member.actor)
            messages.success(request, f"{name} is no longer a member; their keys are revoked.")
        else:
            raise Http404("No such action")
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect("console:members", tenant=member.tenant.slug)
