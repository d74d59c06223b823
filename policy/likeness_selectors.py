"""Reads of the likeness gallery. Every selector takes the tenant first: another tenant's person is None,
and a tenant's gallery holds only its own people (one tenant's faces never match for another)."""

from __future__ import annotations

import uuid
from datetime import datetime

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from foundation.tenancy import Tenant
from policy.models import LikenessPerson, LikenessPhoto
from policy.screening.likeness import GalleryPerson


def people_for_tenant(tenant: Tenant, *, include_removed: bool = False) -> QuerySet[LikenessPerson]:
    people = LikenessPerson.objects.filter(tenant=tenant)
    if not include_removed:
        people = people.filter(removed_at__isnull=True)
    return people.prefetch_related(Prefetch("photos", queryset=LikenessPhoto.objects.order_by("id")))


def person_for_tenant(tenant: Tenant, public_id: str) -> LikenessPerson | None:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return people_for_tenant(tenant, include_removed=True).filter(public_id=key).first()


def embedding_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")


def gallery_for_tenant(tenant: Tenant, *, now: datetime | None = None) -> list[GalleryPerson]:
    """The tenant's people with their embeddings and whether their consent holds `now`."""
    now = now or timezone.now()
    rows = LikenessPhoto.objects.filter(tenant=tenant, person__removed_at__isnull=True).values_list(
        "person_id", "embedding"
    )
    by_person: dict[int, list[np.ndarray]] = {}
    for person_id, embedding in rows:
        by_person.setdefault(person_id, []).append(embedding_from_bytes(embedding))
    people = LikenessPerson.objects.filter(tenant=tenant, pk__in=by_person)
    return [
        GalleryPerson(
            person_id=str(person.public_id),
            name=person.name,
            consenting=person.consenting_at(now),
            embeddings=np.stack(by_person[person.pk]),
        )
        for person in people
    ]
