"""/v1/me, /v1/keys and /v1/members: who am I, API keys and members of the caller's tenant."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError, NotFound
from controlplane.api.schema import documented
from controlplane.review import services as review_services
from controlplane.tenants import selectors, services
from controlplane.tenants.models import ApiKey, Membership, Role
from controlplane.tenants.scopes import ALL_SCOPES, DEFAULT_KEY_SCOPES, Scope


class ApiKeyOutput(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    object = serializers.SerializerMethodField()
    prefix = serializers.CharField(source="display_prefix")
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = ApiKey
        fields = [
            "id", "object", "name", "prefix", "scopes", "created_by",
            "created_at", "last_used_at", "expires_at", "revoked_at",
        ]  # fmt: skip

    def get_object(self, _: ApiKey) -> str:
        return "api_key"

    def get_created_by(self, key: ApiKey) -> str | None:
        return key.created_by.get_username() if key.created_by else None


class ApiKeyCreatedOutput(ApiKeyOutput):
    """A new key: the only answer that ever shows its secret."""

    key = serializers.CharField(help_text="the secret, shown this once: ask_<prefix>_<secret>")

    class Meta(ApiKeyOutput.Meta):
        fields = [*ApiKeyOutput.Meta.fields, "key"]


class MembershipOutput(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    object = serializers.SerializerMethodField()
    email = serializers.CharField(source="user.email")

    class Meta:
        model = Membership
        fields = ["id", "object", "email", "role", "created_at"]

    def get_object(self, _: Membership) -> str:
        return "membership"


# An e-mail that Django's EmailValidator takes and whose characters a user name may hold (ASCII only): a
# dot-atom of letters, digits and _+- before the @, then labels (no - at either end) and a TLD of letters.
_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = (
    rf"^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z][A-Za-z-]{{0,61}}[A-Za-z]$"
)


def _list(data: list[dict]) -> dict:
    return {"object": "list", "data": data}


class MeView(TenantAPIView):
    required_scopes = {"GET": None}

    def get(self, request: Request) -> Response:
        return Response(
            {
                "object": "principal",
                "tenant": {
                    "id": str(self.tenant.public_id),
                    "slug": self.tenant.slug,
                    "name": self.tenant.name,
                },
                "api_key": ApiKeyOutput(self.principal.api_key).data,
                "role": self.principal.role,
                "scopes": sorted(self.principal.scopes),
            }
        )


class ApiKeyListView(TenantAPIView):
    required_scopes = {"GET": Scope.KEYS_READ, "POST": Scope.KEYS_WRITE}

    @extend_schema_serializer(component_name="ApiKeyCreate")
    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        scopes = documented(
            serializers.ListField, minItems=1, items={"type": "string", "enum": sorted(ALL_SCOPES)}
        )(
            child=serializers.CharField(),
            required=False,
            help_text=f"at most the scopes of the key that creates it and of its owner's role; left out: "
            f"{', '.join(DEFAULT_KEY_SCOPES)}, or for a key made for `member`, that member's role's scopes",
        )
        expires_at = serializers.DateTimeField(
            required=False,
            allow_null=True,
            default=None,
            help_text="in the future, and no later than the expiry of the key that creates it",
        )
        member = serializers.CharField(
            required=False,
            max_length=150,
            help_text="admins and operator keys only: the member (e-mail or membership id) who will own "
            "the key; their role caps its scopes, and removing them revokes it",
        )

    def get(self, request: Request) -> Response:
        keys = selectors.api_keys_for_tenant(self.tenant)
        return Response(_list(ApiKeyOutput(keys, many=True).data))

    @extend_schema(
        request=Input,
        responses={
            201: ApiKeyCreatedOutput,
            403: OpenApiResponse(
                description="the key lacks `keys:write`, or names another `member` and is neither an "
                "admin's nor the operator's (`admin_only`)"
            ),
            404: OpenApiResponse(description="`member` names no member of this tenant"),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        membership = self._other_member(fields.pop("member", None))
        if membership is not None:
            api_key, secret = services.api_key_create_for_member(
                membership=membership,
                name=fields["name"],
                scopes=fields.get("scopes"),
                actor=self.principal.actor,
                issuer=self.principal,
                expires_at=fields["expires_at"],
            )
        else:
            api_key, secret = services.api_key_create(
                tenant=self.tenant,
                name=fields["name"],
                scopes=fields.get("scopes", list(DEFAULT_KEY_SCOPES)),
                created_by=self.principal.user,
                grantable=self.principal.scopes,
                actor=self.principal.actor,
                parent=self.principal.api_key,
                expires_at=fields["expires_at"],
            )
        # The only time the secret is ever shown.
        return Response({**ApiKeyOutput(api_key).data, "key": secret}, status=status.HTTP_201_CREATED)

    def _other_member(self, reference: str | None) -> Membership | None:
        """The member `reference` names, or None when it names no one or the caller themselves."""
        if reference is None:
            return None
        own = selectors.membership_for_user(self.tenant, self.principal.user)
        if own is not None and reference.lower() in (str(own.public_id), own.user.get_username().lower()):
            return None
        if not self.principal.manages_tenant:
            # Refused before the lookup, so that the answer does not tell who is a member.
            raise ApiError(
                "Only the tenant's admins (or an operator key) can create keys for other members.",
                status_code=403,
                code="admin_only",
                param="member",
            )
        membership = selectors.membership_by_reference(self.tenant, reference)
        if membership is None:
            raise ApiError(
                f"No member {reference!r} in this tenant: name a member by e-mail or by membership id "
                "(GET /v1/members).",
                status_code=404,
                code="not_found",
                param="member",
            )
        return membership


class ApiKeyDetailView(TenantAPIView):
    required_scopes = {"GET": Scope.KEYS_READ, "DELETE": Scope.KEYS_WRITE}

    def _get_key(self, key_id: str) -> ApiKey:
        api_key = selectors.api_key_for_tenant(self.tenant, key_id)
        if api_key is None:
            raise NotFound("API key", key_id)
        return api_key

    def get(self, request: Request, key_id: str) -> Response:
        return Response(ApiKeyOutput(self._get_key(key_id)).data)

    @extend_schema(
        responses={
            200: ApiKeyOutput,
            403: OpenApiResponse(
                description="the key lacks `keys:write`, or the key to revoke is someone else's and the "
                "caller is not an admin (`not_key_owner`)"
            ),
        }
    )
    def delete(self, request: Request, key_id: str) -> Response:
        """Revoke (keys are never deleted: the audit trail refers to them)."""
        api_key = self._get_key(key_id)
        # Whose key it is is who holds it (`same_holder`, as for jobs): a member's keys are theirs, an
        # operator key's lineage its holder's. Comparing `created_by` alone read two operator keys (no
        # member behind either: None == None) as one person's, so a narrowed one revoked any other.
        if not self.principal.manages_tenant and not review_services.same_holder(
            self.principal.api_key, api_key
        ):
            raise ApiError(
                "Only admins can revoke keys that someone else created.",
                status_code=403,
                code="not_key_owner",
            )
        api_key = services.api_key_revoke(
            api_key=api_key,
            actor=self.principal.actor,
            revoked_by=self.principal.user,
            reason="revoked via API",
        )
        return Response(ApiKeyOutput(api_key).data)


class MembershipListView(TenantAPIView):
    required_scopes = {"GET": Scope.MEMBERS_READ, "POST": Scope.MEMBERS_WRITE}

    @extend_schema_serializer(component_name="MembershipCreate")
    class Input(serializers.Serializer):
        # The e-mail becomes the member's user name: at most 150 characters, and of those an e-mail may
        # hold (Django's EmailValidator) only letters, digits and .+-_ before the @. The pattern is the
        # rule: `format: email` (RFC 5321) would refuse some that Django takes, such as a long local part.
        email = documented(serializers.EmailField, format=None, maxLength=150, pattern=EMAIL_PATTERN)(
            help_text="an e-mail address"
        )
        role = serializers.ChoiceField(choices=Role.choices)

    def get(self, request: Request) -> Response:
        members = selectors.memberships_for_tenant(self.tenant)
        return Response(_list(MembershipOutput(members, many=True).data))

    @extend_schema(
        request=Input,
        responses={
            201: MembershipOutput,
            409: OpenApiResponse(description="`already_member`: that e-mail is a member already"),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            user = services.user_get_or_create(email=data.validated_data["email"])
            membership = services.membership_create(
                tenant=self.tenant,
                user=user,
                role=data.validated_data["role"],
                actor=self.principal.actor,
            )
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)


class MembershipDetailView(TenantAPIView):
    required_scopes = {"GET": Scope.MEMBERS_READ, "PATCH": Scope.MEMBERS_WRITE, "DELETE": Scope.MEMBERS_WRITE}

    @extend_schema_serializer(component_name="MembershipUpdate")
    class Input(serializers.Serializer):
        role = serializers.ChoiceField(choices=Role.choices)

    def _get_membership(self, member_id: str) -> Membership:
        membership = selectors.membership_for_tenant(self.tenant, member_id)
        if membership is None:
            raise NotFound("member", member_id)
        return membership

    def get(self, request: Request, member_id: str) -> Response:
        return Response(MembershipOutput(self._get_membership(member_id)).data)

    @extend_schema(
        request=Input,
        responses={
            200: MembershipOutput,
            409: OpenApiResponse(description="`last_admin`: the tenant would be left without an admin"),
        },
    )
    def patch(self, request: Request, member_id: str) -> Response:
        membership = self._get_membership(member_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_change_role(
            membership=membership, role=data.validated_data["role"], actor=self.principal.actor
        )
        return Response(MembershipOutput(membership).data)

    @extend_schema(
        responses={
            204: None,
            409: OpenApiResponse(description="`last_admin`: the tenant would be left without an admin"),
        }
    )
    def delete(self, request: Request, member_id: str) -> Response:
        membership = self._get_membership(member_id)
        services.membership_remove(membership=membership, actor=self.principal.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretView(TenantAPIView):
    """The secret that signs this tenant's job webhooks (header Assay-Signature). Admins only: whoever
    holds it can forge the tenant's webhooks."""

    required_scopes = {"GET": Scope.KEYS_WRITE}

    @extend_schema(
        responses={
            200: OpenApiTypes.OBJECT,
            403: OpenApiResponse(
                description="the key lacks `keys:write`, or is neither an admin's nor the operator's "
                "(`admin_only`)"
            ),
        }
    )
    def get(self, request: Request) -> Response:
        if not self.principal.manages_tenant:
            raise ApiError(
                "Only the tenant's admins (or an operator key) can read the webhook signing secret.",
                status_code=403,
                code="admin_only",
            )
        return Response({"object": "webhook_secret", "secret": self.tenant.webhook_secret})
