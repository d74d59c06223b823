"""/v1/likeness/people: the tenant's likeness gallery (protected people, their reference photos and
consent). Reads need `likeness:read`, changes `likeness:write`; every change is audited by its service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from controlplane.api.base import TenantAPIView
from controlplane.api.errors import ApiError, NotFound
from controlplane.api.uploads import form_fields, read_upload
from controlplane.tenants.scopes import Scope
from policy import likeness_selectors as selectors
from policy import likeness_services as services
from policy.models import LikenessPerson

PHOTO_FIELDS = ("photo", "photo[]", "photos")


def _person_data(person: LikenessPerson) -> dict[str, Any]:
    now = timezone.now()
    return {
        "id": str(person.public_id),
        "object": "likeness_person",
        "name": person.name,
        "reason": person.reason,
        "consent": {
            "consenting": person.consenting_at(now),
            "evidence": person.consent_evidence or None,
            "granted_at": person.consented_at.isoformat() if person.consented_at else None,
            "expires_at": person.consent_expires_at.isoformat() if person.consent_expires_at else None,
        },
        "photos": [
            {
                "id": str(photo.public_id),
                "sha256": photo.sha256,
                "face_box": photo.face_box,
                "stored": bool(photo.storage_path),
                "created_at": photo.created_at.isoformat(),
            }
            for photo in person.photos.all()
        ],
        "created_by": {"kind": person.created_by_kind, "id": person.created_by_id},
        "created_at": person.created_at.isoformat(),
        "removed_at": person.removed_at.isoformat() if person.removed_at else None,
    }


def _photos(request: Request) -> list[services.PreparedPhoto]:
    """Every uploaded reference photo, checked and embedded (before any transaction opens)."""
    uploads = [upload for field in PHOTO_FIELDS for upload in request.FILES.getlist(field)]
    if not uploads:
        raise ApiError(
            "Send one or more reference photos as the multipart field 'photo'.",
            code="invalid_value",
            param="photo",
        )
    if len(uploads) > settings.ASSAY_LIKENESS_MAX_PHOTOS:
        raise ApiError(
            f"Send at most {settings.ASSAY_LIKENESS_MAX_PHOTOS} photos per request.",
            code="invalid_value",
            param="photo",
        )
    prepared = []
    for index, upload in enumerate(uploads):
        param = "photo" if len(uploads) == 1 else f"photo[{index}]"
        data = read_upload(upload, param)
        prepared.append(services.prepare_photo(data, param=param, max_pixels=settings.ASSAY_MAX_INPUT_PIXELS))
    return prepared


class _PersonView(TenantAPIView):
    def _get_person(self, person_id: str) -> LikenessPerson:
        person = selectors.person_for_tenant(self.tenant, person_id)
        if person is None:
            raise NotFound("likeness person", person_id)
        return person

    def _fresh(self, person: LikenessPerson) -> dict[str, Any]:
        return _person_data(self._get_person(str(person.public_id)))


_REMOVED = OpenApiResponse(description="`person_removed`: the person was removed from the gallery")

_PHOTO_UPLOAD = {
    "photo": serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        max_length=settings.ASSAY_LIKENESS_MAX_PHOTOS,
        help_text="reference photos (PNG, JPEG or WebP), each showing the person's face and no other",
    ),
    "store_photo": serializers.BooleanField(
        required=False, help_text="keep the photos (default: embeddings only)"
    ),
}


class LikenessPeopleView(_PersonView):
    required_scopes = {"GET": Scope.LIKENESS_READ, "POST": Scope.LIKENESS_WRITE}

    class Input(serializers.Serializer):
        name = serializers.CharField(max_length=200)
        reason = serializers.CharField(max_length=1000, help_text="why this person is in the gallery")
        store_photo = serializers.BooleanField(default=False)
        consent_evidence = serializers.CharField(
            max_length=500,
            required=False,
            default="",
            allow_blank=True,
            help_text="consent: a reference to the signed release (with `consent_expires_at`)",
        )
        consent_expires_at = serializers.DateTimeField(
            required=False,
            default=None,
            allow_null=True,
            help_text="consent: until when, in the future (with `consent_evidence`)",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "include_removed",
                str,
                description="`true` (or `1`, `yes`) to also list people removed from the gallery; any other "
                "value lists those still in it",
            )
        ]
    )
    def get(self, request: Request) -> Response:
        include_removed = request.query_params.get("include_removed", "").lower() in ("1", "true", "yes")
        people = selectors.people_for_tenant(self.tenant, include_removed=include_removed)
        return Response({"object": "list", "data": [_person_data(person) for person in people]})

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "LikenessPersonCreate",
                fields={
                    **Input().fields,
                    # A form cannot send null: leave it out for no consent.
                    "consent_expires_at": serializers.DateTimeField(
                        required=False, help_text=Input().fields["consent_expires_at"].help_text
                    ),
                    **_PHOTO_UPLOAD,
                },
            )
        },
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        fields = form_fields(request.data, PHOTO_FIELDS)
        data = self.Input(data=fields)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        photos = _photos(request)
        person = services.likeness_person_create(
            tenant=self.tenant,
            name=values["name"],
            reason=values["reason"],
            photos=photos,
            store_photos=values["store_photo"],
            actor=self.principal.actor,
            consent_evidence=values["consent_evidence"],
            consent_expires_at=values["consent_expires_at"],
        )
        return Response(self._fresh(person), status=status.HTTP_201_CREATED)


class LikenessPersonView(_PersonView):
    required_scopes = {"GET": Scope.LIKENESS_READ, "DELETE": Scope.LIKENESS_WRITE}

    def get(self, request: Request, person_id: str) -> Response:
        return Response(_person_data(self._get_person(person_id)))

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 409: _REMOVED})
    def delete(self, request: Request, person_id: str) -> Response:
        """Remove the person: embeddings and kept photos are deleted; the record stays, marked removed."""
        person = services.likeness_person_remove(
            tenant=self.tenant, person=self._get_person(person_id), actor=self.principal.actor
        )
        return Response(self._fresh(person))


class LikenessPhotosView(_PersonView):
    required_scopes = {"POST": Scope.LIKENESS_WRITE}

    @extend_schema(
        request={"multipart/form-data": inline_serializer("LikenessPhotoCreate", fields=_PHOTO_UPLOAD)},
        responses={201: OpenApiTypes.OBJECT, 409: _REMOVED},
    )
    def post(self, request: Request, person_id: str) -> Response:
        person = self._get_person(person_id)
        store = serializers.BooleanField().to_internal_value(request.data.get("store_photo", False))
        for photo in _photos(request):
            services.likeness_photo_add(
                tenant=self.tenant,
                person=person,
                photo=photo,
                store_photo=store,
                actor=self.principal.actor,
            )
        return Response(self._fresh(person), status=status.HTTP_201_CREATED)


class LikenessConsentView(_PersonView):
    """POST records the person's consent for this tenant (evidence and expiry); DELETE withdraws it."""

    required_scopes = {"POST": Scope.LIKENESS_WRITE, "DELETE": Scope.LIKENESS_WRITE}

    @extend_schema_serializer(component_name="LikenessConsent")
    class Input(serializers.Serializer):
        evidence = serializers.CharField(
            max_length=500, help_text="reference to the signed release or contract"
        )
        expires_at = serializers.DateTimeField(help_text="in the future")

    @extend_schema(request=Input, responses={200: OpenApiTypes.OBJECT, 409: _REMOVED})
    def post(self, request: Request, person_id: str) -> Response:
        person = self._get_person(person_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.likeness_consent_grant(
            tenant=self.tenant,
            person=person,
            evidence=data.validated_data["evidence"],
            expires_at=data.validated_data["expires_at"],
            actor=self.principal.actor,
        )
        return Response(self._fresh(person))

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 409: _REMOVED})
    def delete(self, request: Request, person_id: str) -> Response:
        person = services.likeness_consent_revoke(
            tenant=self.tenant, person=self._get_person(person_id), actor=self.principal.actor
        )
        return Response(self._fresh(person))
