"""Every write to tenants, memberships and API keys, each with its audit event in the same transaction."""

from __future__ import annotations

import copy
import hashlib
import hmac
import re
import secrets
import string
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from audit.events import Actor, EventType
from audit.services import record_event
from controlplane.tenants import freshness
from controlplane.tenants.models import AccountPassword, ApiKey, Membership, Role, Tenant
from controlplane.tenants.scopes import ALL_SCOPES, ROLE_SCOPES, Scope
from foundation.errors import ServiceError

KEY_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
KEY_SECRET_ALPHABET = string.ascii_letters + string.digits
KEY_PREFIX_LENGTH = 8
KEY_SECRET_LENGTH = 40  # ~238 bits
KEY_PATTERN = re.compile(r"^ask_([a-z0-9]{8})_([A-Za-z0-9]{40})$")


class TenantRuleError(ServiceError):
    """A request that breaks a tenant rule (409 when it conflicts with the tenant's state, else 400)."""

    _CONFLICTS = frozenset({"already_member", "last_admin", "password_set_elsewhere"})

    def __init__(self, message: str, *, code: str, param: str | None = None) -> None:
        super().__init__(message, code=code, param=param, status=409 if code in self._CONFLICTS else 400)


# Tenants ------------------------------------------------------------------------------------------


@transaction.atomic
def tenant_create(*, slug: str, name: str, actor: Actor) -> Tenant:
    tenant = Tenant(slug=slug, name=name)
    tenant.full_clean()
    tenant.save()
    record_event(
        tenant=tenant,
        event_type=EventType.TENANT_CREATED,
        actor=actor,
        subjects={"tenant": str(tenant.public_id)},
        payload={"slug": tenant.slug, "name": tenant.name},
    )
    return tenant


@transaction.atomic
def tenant_set_active(*, tenant: Tenant, is_active: bool, actor: Actor) -> Tenant:
    if tenant.is_active == is_active:
        return tenant
    tenant.is_active = is_active
    tenant.save(update_fields=["is_active"])
    _forget_principals()
    record_event(
        tenant=tenant,
        event_type=EventType.TENANT_UPDATED,
        actor=actor,
        subjects={"tenant": str(tenant.public_id)},
        payload={"is_active": is_active},
    )
    return tenant


# Memberships ----------------------------------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise TenantRuleError(
            f"Unknown role {role!r}; use one of {', '.join(Role.values)}.", code="invalid_role", param="role"
        )


@transaction.atomic
def membership_create(*, tenant: Tenant, user: AbstractBaseUser, role: str, actor: Actor) -> Membership:
    _check_role(role)
    if Membership.objects.filter(tenant=tenant, user=user).exists():
        raise TenantRuleError(f"{user} is already a member of {tenant.slug}.", code="already_member")
    user = _check_joinable(user)
    membership = Membership.objects.create(tenant=tenant, user=user, role=role)
    _forget_principals()  # a key of this user in this tenant held no scopes until now
    record_event(
        tenant=tenant,
        event_type=EventType.MEMBERSHIP_CREATED,
        actor=actor,
        subjects={"membership": str(membership.public_id), "user": str(user.pk)},
        payload={"user": user.get_username(), "role": role},
    )
    return membership


def _locked_user(user: AbstractBaseUser) -> AbstractBaseUser:
    """The account's row, locked to the end of the transaction: joining a tenant and setting a first
    password each check the other's state, so they must not pass their checks side by side."""
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _check_joinable(user: AbstractBaseUser) -> AbstractBaseUser:
    """An account whose console password someone else chose (another tenant's admin, or one that
    removed it since) cannot join: that person could sign in here as them. It can once its owner has
    changed the password themselves (`user_change_own_password`). Staff set their own passwords; an
    account without a password joins freely. Returns the account's locked row."""
    user = _locked_user(user)
    if user.is_staff or user.is_superuser or not user.has_usable_password():
        return user
    if not AccountPassword.objects.filter(user=user, set_by_self=True).exists():
        raise TenantRuleError(
            f"{user.get_username()} already has a console password that someone else set (an admin of "
            "another tenant), who could then sign in here as them. They can change it themselves in "
            "the console (Change password) and be invited again, or you can invite another e-mail.",
            code="password_set_elsewhere",
            param="email",
        )
    return user


def user_get_or_create(*, email: str) -> AbstractBaseUser:
    """Members are identified by e-mail; a new one gets no usable password until an admin sets one."""
    user_model = get_user_model()
    normalized = user_model.objects.normalize_email(email).strip()
    try:
        return user_model.objects.get(username__iexact=normalized)
    except user_model.DoesNotExist:
        user = user_model(username=normalized, email=normalized)
        user.set_unusable_password()
        try:
            user.full_clean()
        except ValidationError as exc:
            raise TenantRuleError(f"Invalid e-mail {email!r}.", code="invalid_email", param="email") from exc
        user.save()
        return user


def _check_password_settable(membership: Membership) -> None:
    """Another person may give a member only their first password, and only of an account this tenant
    alone holds: a user is one person across tenants (and may be a platform operator), so a password set
    for them here would open every tenant they belong to, and resetting a working password would let the
    setter sign in as them. A member with a password changes it themselves."""
    user = membership.user = _locked_user(membership.user)
    name = user.get_username()
    if user.is_staff or user.is_superuser:
        raise TenantRuleError(
            f"{name} is a platform operator; only they can set their password.",
            code="password_not_settable",
            param="password",
        )
    if Membership.objects.filter(user=user).exclude(pk=membership.pk).exists():
        raise TenantRuleError(
            f"{name} belongs to other tenants too; only they can set their password.",
            code="password_not_settable",
            param="password",
        )
    if user.has_usable_password():
        raise TenantRuleError(
            f"{name} already has a password; only they can change it.",
            code="password_not_settable",
            param="password",
        )


@transaction.atomic
def member_set_password(*, membership: Membership, password: str, actor: Actor) -> None:
    """Give a new member their first console password (`_check_password_settable` says whose), checked by
    Django's AUTH_PASSWORD_VALIDATORS. The event goes to the tenant's chain. Never the password."""
    _check_password_settable(membership)
    _write_password(membership, password, actor=actor)


@transaction.atomic
def demo_member_set_password(*, membership: Membership, password: str, actor: Actor) -> None:
    """`assay demo` re-issuing the password of an account it made: allowed over an existing password (a
    lost credentials file) and for the superuser it made, never for an account another tenant holds."""
    if Membership.objects.filter(user=membership.user).exclude(pk=membership.pk).exists():
        raise TenantRuleError(
            f"{membership.user.get_username()} belongs to other tenants; the demo leaves their password be.",
            code="password_not_settable",
            param="password",
        )
    _write_password(membership, password, actor=actor)


@transaction.atomic
def user_change_own_password(*, user: AbstractBaseUser, old_password: str, new_password: str) -> None:
    """A member replaces their password themselves (the console's "Change password"): the old one
    proves it is them, the new one passes Django's AUTH_PASSWORD_VALIDATORS. After it, the admin who
    gave them their first password no longer knows it. Recorded on the chain of every tenant they
    belong to (each tenant's admins and auditors see it), or the platform's when none; never the
    password."""
    if not user.check_password(old_password):
        raise TenantRuleError(
            "The current password is not right.", code="wrong_password", param="old_password"
        )
    if old_password == new_password:
        raise TenantRuleError(
            "The new password is the current one; choose another.", code="weak_password", param="new_password"
        )
    _store_password(user, new_password, by_self=True, param="new_password")
    actor = Actor.user(user.pk, user.get_username())
    memberships = list(Membership.objects.filter(user=user).select_related("tenant").order_by("pk"))
    for tenant in [m.tenant for m in memberships] or [None]:
        record_event(
            tenant=tenant,
            event_type=EventType.USER_PASSWORD_SET,
            actor=actor,
            subjects={"user": str(user.pk)},
            payload={"user": user.get_username(), "by": "self"},
        )


def _store_password(user: AbstractBaseUser, password: str, *, by_self: bool, param: str) -> None:
    """Check `password` with Django's AUTH_PASSWORD_VALIDATORS, store its hash and record who set it
    (`AccountPassword`: whether the account may join other tenants)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise TenantRuleError(" ".join(exc.messages), code="weak_password", param=param) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    AccountPassword.objects.update_or_create(
        user=user, defaults={"set_by_self": by_self, "set_at": timezone.now()}
    )


def _write_password(membership: Membership, password: str, *, actor: Actor) -> None:
    user = membership.user
    _store_password(user, password, by_self=False, param="password")
    record_event(
        tenant=membership.tenant,
        event_type=EventType.USER_PASSWORD_SET,
        actor=actor,
        subjects={"membership": str(membership.public_id), "user": str(user.pk)},
        payload={"user": user.get_username()},
    )


@transaction.atomic
def user_set_superuser(*, user: AbstractBaseUser, is_superuser: bool, actor: Actor, via: str) -> bool:
    """Make a user a platform superuser (staff too, for /admin) or take it away; True when it changed.

    Recorded on the platform chain, as the Django admin records the same change (tenants/admin.py).
    """
    before = {"is_staff": user.is_staff, "is_superuser": user.is_superuser}
    after = {"is_staff": is_superuser, "is_superuser": is_superuser}
    if before == after:
        return False
    user.is_staff = user.is_superuser = is_superuser
    user.save(update_fields=["is_staff", "is_superuser"])
    changed = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    record_event(
        tenant=None,
        event_type=EventType.USER_PRIVILEGES_CHANGED,
        actor=actor,
        subjects={"user": str(user.pk)},
        payload={"username": user.get_username(), "changed": changed, "via": via},
    )
    return True


def _lock_tenant(tenant: Tenant) -> None:
    """Serialise the tenant's role changes and removals (PostgreSQL; SQLite locks the database): each
    checks that another admin remains, and two at once must not both pass on the state before the
    other's change (the last two admins demoted or removed together, leaving none). Taken first, before
    the membership's row and the audit chain's head, as the policy services take it."""
    Tenant.objects.select_for_update().filter(pk=tenant.pk).first()


def _ensure_another_admin(membership: Membership) -> None:
    others = Membership.objects.filter(tenant=membership.tenant, role=Role.ADMIN).exclude(pk=membership.pk)
    if membership.role == Role.ADMIN and not others.exists():
        raise TenantRuleError(
            f"{membership.user} is the last admin of {membership.tenant.slug}; "
            "make someone else admin first.",
            code="last_admin",
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: Actor) -> Membership:
    _check_role(role)
    _lock_tenant(membership.tenant)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if role != Role.ADMIN:
        _ensure_another_admin(membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _forget_principals()
    record_event(
        tenant=membership.tenant,
        event_type=EventType.MEMBERSHIP_ROLE_CHANGED,
        actor=actor,
        subjects={"membership": str(membership.public_id), "user": str(membership.user_id)},
        payload={"user": membership.user.get_username(), "from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: Actor) -> None:
    """Remove a member and revoke the keys they created or issued for others in this tenant (they saw
    those keys' secrets): a key outlives no one's access."""
    _lock_tenant(membership.tenant)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _ensure_another_admin(membership)
    user = membership.user
    keys = ApiKey.objects.filter(
        Q(created_by=user) | Q(issued_by=user), tenant=membership.tenant, revoked_at__isnull=True
    ).order_by("pk")
    for key in keys:
        owner = key.created_by_id == user.pk
        reason = "creator removed from tenant" if owner else "issuer removed from tenant"
        api_key_revoke(api_key=key, actor=actor, reason=reason)
    record_event(
        tenant=membership.tenant,
        event_type=EventType.MEMBERSHIP_REMOVED,
        actor=actor,
        subjects={"membership": str(membership.public_id), "user": str(membership.user_id)},
        payload={"user": membership.user.get_username(), "role": membership.role},
    )
    membership.delete()
    _forget_principals()


# API keys -------------------------------------------------------------------------------------------


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _validate_scopes(scopes: list[str], *, role: str | None, grantable: frozenset[str] | None) -> list[str]:
    """`role` is the key owner's role (None: the operator); `grantable` what the caller may pass on."""
    if not scopes:
        raise TenantRuleError("A key needs at least one scope.", code="invalid_scopes", param="scopes")
    unknown = sorted(set(scopes) - ALL_SCOPES)
    if unknown:
        raise TenantRuleError(
            f"Unknown scopes {_listed(unknown)}; use some of {_listed(ALL_SCOPES)}.",
            code="invalid_scopes",
            param="scopes",
        )
    beyond_role = sorted(set(scopes) - role_scopes(role))
    if beyond_role:
        raise TenantRuleError(
            f"A {role}'s key cannot hold {_listed(beyond_role)}; a {role} may hold "
            f"{_listed(role_scopes(role))}.",
            code="scope_not_grantable",
            param="scopes",
        )
    beyond = sorted(set(scopes) - grantable) if grantable is not None else []
    if beyond:
        raise TenantRuleError(
            f"You cannot grant scopes you do not hold: {_listed(beyond)}.",
            code="scope_not_grantable",
            param="scopes",
        )
    return sorted(set(scopes))


def _listed(scopes: Iterable[str]) -> str:
    """Scopes for a message: their values, sorted ("images:read, keys:read"), never enum reprs."""
    return ", ".join(sorted(str(scope) for scope in scopes))


def role_scopes(role: str | None) -> frozenset[str]:
    """The most a key of a member with this role may hold; None is the platform operator."""
    return ROLE_SCOPES[role] if role else ALL_SCOPES


def role_of(*, tenant: Tenant, user: AbstractBaseUser | None) -> str | None:
    if user is None:
        return None
    return Membership.objects.filter(tenant=tenant, user=user).values_list("role", flat=True).first()


# Keys made from keys (POST /v1/keys with a key): every review and quota check walks a key's lineage, a
# query a level, so a lineage thousands deep (minted in a second) cost hundreds of ms per check.
MAX_KEY_DEPTH = 8


def _lineage_depth(api_key: ApiKey) -> int:
    """How many keys `api_key`'s lineage holds, itself included (counted up to MAX_KEY_DEPTH + 1)."""
    depth, parent_id, seen = 1, api_key.parent_id, {api_key.pk}
    while parent_id is not None and parent_id not in seen and depth <= MAX_KEY_DEPTH:
        seen.add(parent_id)
        parent_id = ApiKey.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        depth += 1
    return depth


@transaction.atomic
def api_key_create(
    *,
    tenant: Tenant,
    name: str,
    scopes: list[str],
    created_by: AbstractBaseUser | None,
    actor: Actor,
    grantable: frozenset[str] | None = None,
    expires_at: datetime | None = None,
    parent: ApiKey | None = None,
    issued_by: str | None = None,
    issuer_user: AbstractBaseUser | None = None,
) -> tuple[ApiKey, str]:
    """Create a key and return it with the full secret, which is never stored or shown again.

    `created_by` is the key's owner: None means the platform operator (CLI); otherwise a member, and
    the scopes must lie within both their role and `grantable` (what the calling key may pass on).
    `parent` is the key that asks (API): the new key expires no later than it and is revoked with it.
    `issued_by` names who made a key for someone else (api_key_create_for_member), for the audit log;
    `issuer_user` is that person when a member, kept on the key (a key made with such a key keeps it:
    its secret went to whoever held the parent's) so that review rules count them as its holder too.
    """
    if not name.strip():
        raise TenantRuleError("A key needs a name.", code="invalid_name", param="name")
    role = role_of(tenant=tenant, user=created_by)
    if created_by is not None and role is None:
        raise TenantRuleError(f"{created_by} is not a member of {tenant.slug}.", code="not_a_member")
    clean_scopes = _validate_scopes(scopes, role=role, grantable=grantable)
    if expires_at is not None and expires_at <= timezone.now():
        raise TenantRuleError("expires_at must be in the future.", code="invalid_expiry", param="expires_at")
    if parent is not None and parent.expires_at is not None:
        if expires_at is not None and expires_at > parent.expires_at:
            raise TenantRuleError(
                f"expires_at must not be later than the expiry of the key that creates it "
                f"({parent.expires_at.isoformat()}).",
                code="invalid_expiry",
                param="expires_at",
            )
        expires_at = expires_at or parent.expires_at
    if issuer_user is None and parent is not None and parent.issued_by_id is not None:
        issuer_user = parent.issued_by
    if parent is not None and _lineage_depth(parent) >= MAX_KEY_DEPTH:
        raise TenantRuleError(
            f"A key may be made from a key at most {MAX_KEY_DEPTH} keys deep, and this one is that deep: "
            "make the new key with a key nearer its lineage's start (or in the console).",
            code="key_lineage_too_deep",
        )

    secret = _random(KEY_SECRET_ALPHABET, KEY_SECRET_LENGTH)
    for _attempt in range(5):
        prefix = _random(KEY_PREFIX_ALPHABET, KEY_PREFIX_LENGTH)
        try:
            with transaction.atomic():
                api_key = ApiKey.objects.create(
                    tenant=tenant,
                    name=name.strip(),
                    prefix=prefix,
                    secret_hash=_hash_secret(secret),
                    scopes=clean_scopes,
                    created_by=created_by,
                    expires_at=expires_at,
                    parent=parent,
                    issued_by=issuer_user,
                )
            break
        except IntegrityError:  # prefix collision: ~1 in 2.8e12 per pair, but never a 500
            continue
    else:
        raise RuntimeError("could not allocate a unique API key prefix")
    record_event(
        tenant=tenant,
        event_type=EventType.KEY_CREATED,
        actor=actor,
        subjects={"api_key": str(api_key.public_id)},
        payload={
            "name": api_key.name,
            "prefix": api_key.display_prefix,
            "scopes": clean_scopes,
            "created_by": created_by.get_username() if created_by else None,
            "expires_at": expires_at.isoformat() if expires_at else None,
            "parent": str(parent.public_id) if parent else None,
            "issued_by": issued_by,
        },
    )
    return api_key, f"ask_{prefix}_{secret}"


def api_key_create_for_member(
    *,
    membership: Membership,
    name: str,
    scopes: list[str] | None,
    actor: Actor,
    issuer: Principal | Membership | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """A key that belongs to another member, made by an admin (`issuer`: their key over the API, their
    membership in the console), an operator key, or the CLI (None).

    The member owns it (`created_by`): their role is its ceiling, re-checked at every request, and it is
    revoked when they leave. The issuer saw its secret, so it holds at most what both the member's role
    and the issuer hold (an admin, without `audit:read`, cannot mint an audit key), and it records the
    issuer (`issued_by`): review rules count a key's issuer as its holder too. Made with a key, the new
    key is that key's child (expires no later than it, revoked with it), so revoking a stolen admin key
    also ends every key it made. Scopes left out default to what both may hold.
    """
    if isinstance(issuer, Membership):
        manages, grantable, issuer_user = issuer.role == Role.ADMIN, ROLE_SCOPES[issuer.role], issuer.user
        parent, label = None, issuer.user.get_username()
    elif issuer is not None:
        manages, grantable, issuer_user = issuer.manages_tenant, issuer.scopes, issuer.user
        parent, label = issuer.api_key, issuer.label
    else:
        manages, grantable, issuer_user, parent, label = True, None, None, None, actor.label
    if not manages:
        raise ServiceError(
            "Only the tenant's admins (or an operator key) can create keys for other members.",
            code="admin_only",
            param="member",
            status=403,
        )
    if scopes is None:
        scopes = sorted(ROLE_SCOPES[membership.role] & (grantable if grantable is not None else ALL_SCOPES))
    return api_key_create(
        tenant=membership.tenant,
        name=name,
        scopes=scopes,
        created_by=membership.user,
        actor=actor,
        grantable=grantable,
        expires_at=expires_at,
        parent=parent,
        issued_by=label,
        issuer_user=issuer_user,
    )


@transaction.atomic
def api_key_revoke(
    *, api_key: ApiKey, actor: Actor, revoked_by: AbstractBaseUser | None = None, reason: str = ""
) -> ApiKey:
    """Revoke the key and, with their own events, every key it created (and they created, ...)."""
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked_at is None:  # revoking twice is a no-op, not an error: the caller's intent holds
        _revoke_one(api_key, actor=actor, revoked_by=revoked_by, reason=reason)
    # Descendants are revoked even when the key itself already was (a key created by a revoked key
    # before this rule existed must not outlive it either).
    parents = [api_key.pk]
    while parents:
        children = list(ApiKey.objects.select_for_update().filter(parent_id__in=parents).order_by("pk"))
        for child in children:
            if child.revoked_at is None:
                cascade = f"its parent key {api_key.display_prefix} was revoked"
                _revoke_one(child, actor=actor, revoked_by=revoked_by, reason=cascade)
        parents = [child.pk for child in children]
    return api_key


def _revoke_one(api_key: ApiKey, *, actor: Actor, revoked_by: AbstractBaseUser | None, reason: str) -> None:
    api_key.revoked_at = timezone.now()
    api_key.revoked_by = revoked_by
    api_key.save(update_fields=["revoked_at", "revoked_by"])
    _forget_principals()
    record_event(
        tenant=api_key.tenant,
        event_type=EventType.KEY_REVOKED,
        actor=actor,
        subjects={"api_key": str(api_key.public_id)},
        payload={"prefix": api_key.display_prefix, "reason": reason},
    )


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key, its tenant, the member behind it (None for operator keys), what it may do."""

    api_key: ApiKey
    tenant: Tenant
    user: AbstractBaseUser | None
    role: str | None
    scopes: frozenset[str]

    @property
    def actor(self) -> Actor:
        return Actor.api_key(str(self.api_key.public_id), self.api_key.display_prefix)

    @property
    def label(self) -> str:
        """Who this is in an audit payload: the member's e-mail, or the operator key's prefix."""
        return self.user.get_username() if self.user else f"operator key {self.api_key.display_prefix}"

    @property
    def manages_tenant(self) -> bool:
        """Admins and operator keys act on any key and job of the tenant; other members only on their
        own. Only with a key that holds `members:write`, the scope of managing the tenant's people: a
        key narrowed to `images:write` or `keys:write` is as narrow for its admin as for anyone (it
        cancelled any member's job, revoked every key, read the webhook secret). An operator key has
        no member behind it; a key whose member left is revoked with their membership, and never one."""
        operator = self.role is None and self.user is None
        return (operator or self.role == Role.ADMIN) and Scope.MEMBERS_WRITE in self.scopes


class ApiKeyRejected(ServiceError):
    """The presented key cannot be used: 401 unknown, malformed, revoked or expired (the SDK's
    AuthenticationError); 403 for a deactivated tenant or a switched-off account."""

    def __init__(self, message: str, *, code: str, status: int = 401) -> None:
        super().__init__(message, code=code, status=status)


_DUMMY_HASH = _hash_secret("not-a-key")

# How long a web process answers for a key from memory, while the access epoch stays where it was
# (`controlplane.tenants.freshness`): a key revoked, a member's role changed or a tenant deactivated, by
# any process, raises the epoch, and every process reads the key again at its next request. Admission
# reads the epoch (one primary-key lookup) at every request instead of the key, its tenant and its
# member's role.
PRINCIPAL_CACHE_SECONDS = 5.0
_PRINCIPAL_CACHE_MAX = 10_000  # distinct keys remembered; past it the memory starts over


@dataclass(frozen=True)
class _CachedPrincipal:
    loaded_at: float  # time.monotonic()
    epoch: int  # the access epoch read before the rows were
    secret_hash: str
    principal: Principal


_principals: dict[str, _CachedPrincipal] = {}


def principal_cache_clear() -> None:
    """Forget every remembered key: the next request of each reads it from the database."""
    _principals.clear()


def _forget_principals() -> None:
    """After a change that may narrow what a key can do: forget now, and again once the change commits,
    so that a request that read the old rows in between does not keep them; and raise the access epoch,
    so that every other process forgets too. (Rare admin actions: forgetting every key is simpler than
    finding the ones concerned.)"""
    _principals.clear()
    freshness.bump()
    transaction.on_commit(_principals.clear)


def _principal_copy(principal: Principal) -> Principal:
    """A request's own copies of the remembered rows: one request that changes its instances (as
    `_touch_last_used` does) must not change another's."""
    tenant = copy.copy(principal.tenant)
    user = copy.copy(principal.user) if principal.user is not None else None
    api_key = copy.copy(principal.api_key)
    api_key.tenant = tenant
    api_key.created_by = user
    return replace(principal, api_key=api_key, tenant=tenant, user=user)


def api_key_authenticate(raw_key: str) -> Principal:
    """Resolve a presented key to a Principal, or raise ApiKeyRejected saying exactly what is wrong."""
    match = KEY_PATTERN.match(raw_key)
    if match is None:
        raise ApiKeyRejected(
            "Malformed API key: Assay keys look like 'ask_<8 characters>_<40 characters>'.",
            code="malformed_api_key",
        )
    prefix, secret = match.groups()
    secret_hash = _hash_secret(secret)
    epoch = freshness.current()  # before the rows: a change committed after this read raises it again
    cached = _principals.get(prefix)
    if (
        cached is not None
        and cached.epoch == epoch
        and time.monotonic() - cached.loaded_at < PRINCIPAL_CACHE_SECONDS
        and hmac.compare_digest(cached.secret_hash, secret_hash)
    ):
        principal = _principal_copy(cached.principal)
    else:
        loaded_at = time.monotonic()
        principal = _principal_load(prefix, secret_hash)
        if len(_principals) >= _PRINCIPAL_CACHE_MAX:
            _principals.clear()
        cached = _CachedPrincipal(loaded_at, epoch, secret_hash, _principal_copy(principal))
        _principals[prefix] = cached
    # Expiry is a matter of the clock, not of the rows: checked at every request, remembered or not.
    now = timezone.now()
    api_key = principal.api_key
    _refuse_expired(api_key, now)
    if _touch_last_used(api_key, now):
        cached.principal.api_key.last_used_at = now
    return principal


def _principal_load(prefix: str, secret_hash: str) -> Principal:
    """The key, its tenant, its creator and the creator's role in the tenant (and its issuer's, for a
    key made for someone else), in one query."""
    role = Membership.objects.filter(tenant=OuterRef("tenant_id"), user=OuterRef("created_by_id")).values(
        "role"
    )[:1]
    issuer_role = Membership.objects.filter(
        tenant=OuterRef("tenant_id"), user=OuterRef("issued_by_id")
    ).values("role")[:1]
    api_key = (
        ApiKey.objects.select_related("tenant", "created_by", "issued_by")
        .annotate(member_role=Subquery(role), issuer_role=Subquery(issuer_role))
        .filter(prefix=prefix)
        .first()
    )
    # Compare even when the prefix is unknown so that timing does not tell which prefixes exist.
    stored = api_key.secret_hash if api_key else _DUMMY_HASH
    if not hmac.compare_digest(stored, secret_hash) or api_key is None:
        raise ApiKeyRejected("Unknown API key: check that you copied it whole.", code="invalid_api_key")
    _refuse_unusable(api_key)
    user = api_key.created_by
    role: str | None = api_key.member_role if user is not None else None
    if user is not None and role is None:
        scopes: frozenset[str] = frozenset()  # creator left the tenant; membership_remove also revokes
    else:
        scopes = frozenset(api_key.scopes) & role_scopes(role)
    if api_key.issued_by_id is not None:
        # The issuer saw the secret: the key holds no more than the issuer's role holds now, so demoting
        # them narrows the keys they issued as it does their own (membership_remove revokes them).
        issuer_role: str | None = api_key.issuer_role
        scopes &= ROLE_SCOPES[issuer_role] if issuer_role else frozenset()
    return Principal(api_key=api_key, tenant=api_key.tenant, user=user, role=role, scopes=scopes)


def _refuse_unusable(api_key: ApiKey) -> None:
    """Raise ApiKeyRejected if the key may no longer be used: revoked, its tenant deactivated, or its
    account (or the one that issued it) switched off. Expiry is checked apart (see `authenticate`)."""
    if api_key.revoked_at is not None:
        raise ApiKeyRejected(
            f"API key {api_key.display_prefix} was revoked on {api_key.revoked_at:%Y-%m-%d}; "
            "ask an admin for a new one.",
            code="api_key_revoked",
        )
    if not api_key.tenant.is_active:
        raise ApiKeyRejected(
            f"Tenant {api_key.tenant.slug} is deactivated.", code="tenant_inactive", status=403
        )
    # A switched-off account stops its keys, and the keys it issued for others (it saw their secrets,
    # as removing it from the tenant revokes them).
    for account, whose in ((api_key.created_by, "behind"), (api_key.issued_by, "that issued")):
        if account is not None and not account.is_active:
            raise ApiKeyRejected(
                f"The account {whose} API key {api_key.display_prefix} is switched off; ask an admin.",
                code="account_inactive",
                status=403,
            )


def tenant_refusal(tenant_public_id: str) -> ApiKeyRejected | None:
    """Why the tenant's keys may no longer be used as a whole (None: they may): it is deactivated."""
    tenant = Tenant.objects.filter(public_id=tenant_public_id).first()
    if tenant is None or not tenant.is_active:
        slug = tenant.slug if tenant else tenant_public_id
        return ApiKeyRejected(f"Tenant {slug} is deactivated.", code="tenant_inactive", status=403)
    return None


def _refuse_expired(api_key: ApiKey, now: datetime) -> None:
    if api_key.is_expired(now):
        raise ApiKeyRejected(
            f"API key {api_key.display_prefix} expired on {api_key.expires_at:%Y-%m-%d}; "
            "ask an admin for a new one.",
            code="api_key_expired",
        )


def api_key_refusal(tenant_public_id: str, prefix: str) -> ApiKeyRejected | None:
    """Why the key `prefix` of the tenant may no longer be used (None: it may), for what it handed out
    without itself being presented again: a signed image URL stops working with the key behind it."""
    api_key = (
        ApiKey.objects.select_related("tenant", "created_by", "issued_by")
        .filter(prefix=prefix, tenant__public_id=tenant_public_id)
        .first()
    )
    if api_key is None:
        return ApiKeyRejected("Unknown API key.", code="invalid_api_key")
    try:
        _refuse_unusable(api_key)
        _refuse_expired(api_key, timezone.now())
    except ApiKeyRejected as refusal:
        return refusal
    return None


def _touch_last_used(api_key: ApiKey, now: datetime) -> bool:
    """Write last_used_at at most once per resolution window, with one conditional UPDATE; True when
    this request's window had run out (whether or not another process wrote it first)."""
    resolution = timedelta(seconds=settings.ASSAY_KEY_LAST_USED_RESOLUTION_SECONDS)
    if api_key.last_used_at is not None and now - api_key.last_used_at < resolution:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - resolution)
    ApiKey.objects.filter(stale, pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
    return True
