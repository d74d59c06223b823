"""Likeness: faces in an image compared with a tenant's protected-person gallery.

The gallery is plain data (`GalleryPerson`), read from the database by `policy.likeness_selectors`, so
this module never sees another tenant's people: isolation is the caller's query, not a filter here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from policy.screening import faces as face_models
from policy.screening.base import ClassifierError, Finding


@dataclass(frozen=True)
class GalleryPerson:
    person_id: str  # public id
    name: str
    consenting: bool  # consent recorded and not expired at screening time
    embeddings: np.ndarray = field(repr=False)  # (photos, 128) float32


@dataclass(frozen=True)
class Match:
    person: GalleryPerson
    distance: float


class ReferencePhotoError(ValueError):
    """A gallery reference photo that cannot serve: it must show exactly one face."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def nearest(embedding: np.ndarray, gallery: list[GalleryPerson], max_distance: float) -> Match | None:
    """The gallery person closest to `embedding` (over all their photos), if closer than `max_distance`."""
    best: Match | None = None
    for person in gallery:
        if not len(person.embeddings):
            continue
        distance = float(np.min(np.linalg.norm(person.embeddings - embedding, axis=1)))
        if distance < max_distance and (best is None or distance < best.distance):
            best = Match(person=person, distance=distance)
    return best


def reference_face(image: Image.Image) -> face_models.Face:
    """The one face of a reference photo, embedded; `ReferencePhotoError` for none or several."""
    found = face_models.detect(image)
    if not found:
        raise ReferencePhotoError(
            "No face was found in the photo: send a clear, front-facing photo of the person's face "
            "(at least 8% of the photo's shorter side).",
            code="no_face",
        )
    if len(found) > 1:
        raise ReferencePhotoError(
            f"The photo shows {len(found)} faces: send a photo of this person alone, or crop it to them.",
            code="several_faces",
        )
    return face_models.embed(image, found)[0]


class LikenessClassifier:
    """One finding per face: `likeness` when it matches a gallery person (score = the embedding
    distance, compared with `match_distance`), `face` otherwise (score 1.0). Faces are embedded only
    when the gallery has someone to compare them with, and then every face found is: an image with more
    than `ASSAY_SCREENING_MAX_FACES` of them (8; embedding costs ~80 ms CPU a face) is not screened,
    a `ClassifierError`, which screening turns into the policy's `output.on_error` (review or block),
    never into a release of the faces left uncompared."""

    name = "likeness"

    def __init__(self, gallery: list[GalleryPerson], match_distance: float) -> None:
        self.gallery = gallery
        self.match_distance = match_distance

    def classify(self, image: Image.Image) -> list[Finding]:
        found = face_models.detect(image)
        if self.gallery:
            cap = face_models.max_faces()
            if len(found) > cap:
                raise ClassifierError(
                    f"{len(found)} faces found, more than the {cap} compared with the likeness gallery "
                    "(ASSAY_SCREENING_MAX_FACES): not screened"
                )
            found = face_models.embed(image, found)
        findings: list[Finding] = []
        for face in found:
            where = f"face at {face.box} ({face.detector})"
            match = None
            if face.embedding is not None:
                match = nearest(face.embedding, self.gallery, self.match_distance)
            if match is None:
                findings.append(Finding(category="face", score=1.0, evidence=where))
            else:
                findings.append(
                    Finding(
                        category="likeness",
                        score=round(match.distance, 4),
                        evidence=where,
                        person=match.person.person_id,
                        consenting=match.person.consenting,
                    )
                )
        return findings
