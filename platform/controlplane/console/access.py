"""Who is looking at a console page: the signed-in user as a member of the tenant in the URL.

A user who is not a member of that tenant gets 404 (never 403: another tenant's pages do not exist for
them); a member whose role lacks the scope a page needs gets 403. The role's scopes are the API's
(`controlplane.tenants.scopes.ROLE_SCOPES`): one rule for keys and for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from audit.events import Actor
from controlplane.review.services import Reviewer
from controlplane.tenants import selectors as tenant_selectors
from controlplane.tenants.models import Membership, Role, Tenant
from controlplane.tenants.scopes import ROLE_SCOPES, Scope


@dataclass(frozen=True)
class Member:
    tenant: Tenant
    membership: Membership
    user: AbstractBaseUser

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def scopes(self) -> frozenset[str]:
        return ROLE_SCOPES[self.role]

    def can(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def manages_tenant(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def actor(self) -> Actor:
        return Actor.user(self.user.pk, self.user.get_username())

    @property
    def reviewer(self) -> Reviewer:
        # The identity is the one `controlplane.review.services.person_of` gives every key this member
        # created: through the console or their keys, one person is one reviewer (own jobs, four-eyes).
        return Reviewer(
            identity=f"user:{self.user.pk}",
            label=self.user.get_username(),
            actor=self.actor,
            user=self.user,
        )


def member_for(user: AbstractBaseUser, tenant_slug: str) -> Member:
    """The user's membership of the tenant named in the URL, or 404."""
    tenant = tenant_selectors.tenant_by_slug(tenant_slug)
    if tenant is None or not tenant.is_active:
        raise Http404("No such tenant")
    membership = tenant_selectors.membership_for_user(tenant, user)
    if membership is None:
        raise Http404("No such tenant")
    return Member(tenant=tenant, membership=membership, user=user)


def console_page(scope: Scope | None = None) -> Callable[..., Any]:
    """A console view `view(request, member, **kwargs)` under /console/<tenant>/: signed in, a member of
    that tenant (else 404), holding `scope` (else 403)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, tenant: str, **kwargs: Any) -> HttpResponse:
            member = member_for(request.user, tenant)
            if scope is not None and not member.can(scope):
                raise PermissionDenied(f"A {member.role} cannot open this page.")
            request.member = member  # type: ignore[attr-defined]  # read by the navigation
            return view(request, member, **kwargs)

        return wrapped

    return decorate


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    scope: Scope | None


NAVIGATION = (
    NavItem("Overview", "console:overview", None),
    NavItem("Jobs", "console:jobs", Scope.IMAGES_READ),
    NavItem("Review queue", "console:reviews", Scope.REVIEW_WRITE),
    NavItem("Policies", "console:policies", Scope.POLICY_READ),
    NavItem("Keys", "console:keys", Scope.KEYS_READ),
    NavItem("Members", "console:members", Scope.MEMBERS_READ),
    NavItem("Quotas & usage", "console:quotas", Scope.USAGE_READ),
    NavItem("Models", "console:models", Scope.IMAGES_READ),
    NavItem("Likeness gallery", "console:likeness", Scope.LIKENESS_READ),
    NavItem("Audit log", "console:audit", Scope.AUDIT_READ),
    NavItem("Verify an image", "console:verify", None),
)


def navigation(member: Member) -> list[NavItem]:
    return [item for item in NAVIGATION if item.scope is None or member.can(item.scope)]
