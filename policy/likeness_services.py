"""Writes of the likeness gallery: add a person (with reference photos), add a photo, grant or revoke
consent, remove a person. Each writes its audit event in the same transaction.

Faces are detected and embedded before the transaction opens (~0.1 s a photo on a CPU), so a slow
upload never holds a database lock; a photo without exactly one face is refused before anything is
written. The photo itself is kept only when the admin asks (`store_photo`), in Django's default storage.
Audit payloads carry ids, reasons and digests but not the person's name: the log is immutable, while
the name stays on the person row, which the audit subject points to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audit.events import Actor, EventType
from audit.services import record_event
from foundation import media
from foundation.errors import ServiceError
from foundation.storage import stored_files
from foundation.tenancy import Tenant
from policy.models import LikenessPerson, LikenessPhoto
from policy.screening.base import UnreadableImage, decode
from policy.screening.likeness import ReferencePhotoError, reference_face


class LikenessError(ServiceError):
    """A gallery change that cannot be made (409 when the person was removed, else 400)."""

    def __init__(self, message: str, *, code: str, param: str | None = None) -> None:
        super().__init__(message, code=code, param=param, status=409 if code == "person_removed" else 400)


@dataclass(frozen=True)
class PreparedPhoto:
    """A reference photo checked and embedded, ready to store."""

    data: bytes
    extension: str
    embedding: bytes
    face_box: list[int]
    sha256: str


def prepare_photo(data: bytes, *, param: str = "photo", max_pixels: int = 4096 * 4096) -> PreparedPhoto:
    """Decode `data` and embed its one face; `LikenessError` (400) for a bad image, no face or several."""
    try:
        image = decode(data, max_pixels=max_pixels)
    except UnreadableImage as exc:
        raise LikenessError(
            f"{param}: {exc}; send a PNG, JPEG or WebP photo.", code="invalid_image", param=param
        ) from exc
    try:
        face = reference_face(image)
    except ReferencePhotoError as exc:
        raise LikenessError(f"{param}: {exc}", code=exc.code, param=param) from exc
    assert face.embedding is not None
    extension = (media.sniff(data) or media.JPEG).extension
    return PreparedPhoto(
        data=data,
        extension=extension,
        embedding=face.embedding.astype("<f4").tobytes(),
        face_box=face.box,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _creator(actor: Actor) -> dict[str, str]:
    return {"created_by_kind": str(actor.kind), "created_by_id": actor.id, "created_by_label": actor.label}


def _add_photos(
    *,
    tenant: Tenant,
    person: LikenessPerson,
    photos: list[PreparedPhoto],
    store: bool,
    actor: Actor,
    saved: list[str],
) -> list[LikenessPhoto]:
    rows = []
    for prepared in photos:
        row = LikenessPhoto(
            tenant=tenant,
            person=person,
            embedding=prepared.embedding,
            face_box=prepared.face_box,
            sha256=prepared.sha256,
            **_creator(actor),
        )
        if store:
            name = f"likeness/{tenant.public_id}/{person.public_id}/{row.public_id}.{prepared.extension}"
            row.storage_path = default_storage.save(name, ContentFile(prepared.data))
            saved.append(row.storage_path)
        row.full_clean()
        row.save()
        rows.append(row)
    return rows


def _check_consent(evidence: str, expires_at: datetime | None) -> None:
    if not evidence.strip():
        raise LikenessError(
            "Consent needs evidence: a reference to the signed release, contract or ticket.",
            code="invalid_value",
            param="consent_evidence",
        )
    if expires_at is None or expires_at <= timezone.now():
        raise LikenessError(
            "Consent needs an expiry in the future (consent_expires_at, ISO 8601).",
            code="invalid_value",
            param="consent_expires_at",
        )


def _photo_payload(rows: list[LikenessPhoto]) -> list[dict[str, Any]]:
    return [
        {"id": str(row.public_id), "sha256": row.sha256, "stored": bool(row.storage_path)} for row in rows
    ]


def likeness_person_create(
    *,
    tenant: Tenant,
    name: str,
    reason: str,
    photos: list[PreparedPhoto],
    store_photos: bool,
    actor: Actor,
    consent_evidence: str = "",
    consent_expires_at: datetime | None = None,
) -> LikenessPerson:
    """Add a person with at least one reference photo, consenting if evidence and expiry are given."""
    if not photos:
        raise LikenessError(
            "Send at least one reference photo of the person.", code="invalid_value", param="photo"
        )
    consenting = bool(consent_evidence or consent_expires_at)
    if consenting:
        _check_consent(consent_evidence, consent_expires_at)
    with stored_files() as saved, transaction.atomic():
        person = LikenessPerson(
            tenant=tenant,
            name=name.strip(),
            reason=reason.strip(),
            consent_evidence=consent_evidence.strip() if consenting else "",
            consent_expires_at=consent_expires_at if consenting else None,
            consented_at=timezone.now() if consenting else None,
            **_creator(actor),
        )
        person.full_clean()
        person.save()
        rows = _add_photos(
            tenant=tenant, person=person, photos=photos, store=store_photos, actor=actor, saved=saved
        )
        record_event(
            tenant=tenant,
            event_type=EventType.LIKENESS_PERSON_ADDED,
            actor=actor,
            subjects={"likeness_person": person.public_id},
            payload={
                "reason": person.reason,
                "photos": _photo_payload(rows),
                "consenting": consenting,
                "consent_evidence": person.consent_evidence,
                "consent_expires_at": consent_expires_at.isoformat()
                if consenting and consent_expires_at
                else None,
            },
        )
    return person


def _locked(tenant: Tenant, person: LikenessPerson) -> LikenessPerson:
    locked = LikenessPerson.objects.select_for_update().get(pk=person.pk, tenant=tenant)
    if locked.removed_at is not None:
        raise LikenessError(
            f"Person {locked.public_id} was removed from the gallery; add them again as a new person.",
            code="person_removed",
        )
    return locked


def likeness_photo_add(
    *, tenant: Tenant, person: LikenessPerson, photo: PreparedPhoto, store_photo: bool, actor: Actor
) -> LikenessPhoto:
    with stored_files() as saved, transaction.atomic():
        person = _locked(tenant, person)
        (row,) = _add_photos(
            tenant=tenant, person=person, photos=[photo], store=store_photo, actor=actor, saved=saved
        )
        record_event(
            tenant=tenant,
            event_type=EventType.LIKENESS_PHOTO_ADDED,
            actor=actor,
            subjects={"likeness_person": person.public_id, "likeness_photo": row.public_id},
            payload={"photos": _photo_payload([row])},
        )
    return row


@transaction.atomic
def likeness_consent_grant(
    *, tenant: Tenant, person: LikenessPerson, evidence: str, expires_at: datetime | None, actor: Actor
) -> LikenessPerson:
    """Mark the person as consenting for this tenant until `expires_at` (replacing any earlier consent)."""
    _check_consent(evidence, expires_at)
    person = _locked(tenant, person)
    person.consent_evidence = evidence.strip()
    person.consent_expires_at = expires_at
    person.consented_at = timezone.now()
    person.full_clean()
    person.save(update_fields=["consent_evidence", "consent_expires_at", "consented_at"])
    record_event(
        tenant=tenant,
        event_type=EventType.LIKENESS_CONSENT_CHANGED,
        actor=actor,
        subjects={"likeness_person": person.public_id},
        payload={
            "consenting": True,
            "evidence": person.consent_evidence,
            "expires_at": expires_at.isoformat(),
        },
    )
    return person


@transaction.atomic
def likeness_consent_revoke(*, tenant: Tenant, person: LikenessPerson, actor: Actor) -> LikenessPerson:
    person = _locked(tenant, person)
    person.consent_evidence = ""
    person.consent_expires_at = None
    person.consented_at = None
    person.save(update_fields=["consent_evidence", "consent_expires_at", "consented_at"])
    record_event(
        tenant=tenant,
        event_type=EventType.LIKENESS_CONSENT_CHANGED,
        actor=actor,
        subjects={"likeness_person": person.public_id},
        payload={"consenting": False},
    )
    return person


@transaction.atomic
def likeness_person_remove(*, tenant: Tenant, person: LikenessPerson, actor: Actor) -> LikenessPerson:
    """Remove a person: embeddings and kept photos are deleted, the row stays (decisions name its id)."""
    person = _locked(tenant, person)
    photos = list(person.photos.all())
    paths = [photo.storage_path for photo in photos if photo.storage_path]
    person.photos.all().delete()
    person.removed_at = timezone.now()
    person.save(update_fields=["removed_at"])
    record_event(
        tenant=tenant,
        event_type=EventType.LIKENESS_PERSON_REMOVED,
        actor=actor,
        subjects={"likeness_person": person.public_id},
        payload={"photos_deleted": len(photos), "stored_photos_deleted": len(paths)},
    )
    # Files cannot roll back: they go once the removal has committed.
    transaction.on_commit(lambda: [default_storage.delete(path) for path in paths])
    return person
