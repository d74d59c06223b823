"""Faces are found however the picture is turned: an edit could upload a protected person's photo on its
side (or upside down) and the requester turn the result back; the cascade alone sees only upright faces.
Pictures without people stay without faces in every turn (a false face only holds an image for review,
but the extra turns are three more chances of one)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from policy.decisions import Decision
from policy.screening import faces
from tests.policy.test_screening import astronaut, decide, enrol, no_people, png

TURNS = {
    90: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}
# Eileen Collins' face in the 512x512 astronaut photo (left, top, width, height), as the cascade boxes it.
COLLINS = (176, 67, 96, 96)


def turned(image: Image.Image, degrees: int) -> Image.Image:
    """`image` turned `degrees` counter-clockwise (PIL's ROTATE_90 is counter-clockwise)."""
    return image.transpose(TURNS[degrees]) if degrees else image


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["output", "input"])
@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_protected_face_turned_is_blocked(tenant, stage, degrees):
    person = enrol(tenant, astronaut())
    decision = decide(tenant, "", png(turned(astronaut(), degrees)), stage=stage)
    assert decision.decision == Decision.BLOCK, decision.reasons
    likeness = [reason for reason in decision.reasons if reason.category == "likeness"]
    assert likeness and likeness[0].person == str(person.public_id)
    assert likeness[0].score < 0.35  # the same photo: as close as the upright one


@pytest.mark.django_db
@pytest.mark.parametrize("degrees", [100, 195, 255])
def test_a_protected_face_tilted_off_a_right_turn_is_blocked(tenant, degrees):
    """The cascade takes faces up to ~20 degrees off upright, so in a turn to ~20 degrees of theirs. (Not
    further: a face tilted 25-70 degrees off every right turn is found only when it is large enough for
    the HOG fallback, ~20% of the picture's shorter side.)"""
    enrol(tenant, astronaut())
    tilted = astronaut().rotate(degrees, Image.Resampling.BICUBIC, expand=True, fillcolor=(128, 128, 128))
    assert decide(tenant, "", png(tilted), stage="input").decision == Decision.BLOCK


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_turned_face_is_boxed_in_the_pictures_own_pixels_and_embedded_upright(degrees):
    upright = faces.detect_and_embed(astronaut())
    (face,) = faces.detect_and_embed(turned(astronaut(), degrees))
    # Where Collins' face is in the turned picture, give or take a few pixels.
    expected = faces.turn_box(COLLINS, (512, 512), degrees)
    assert np.abs(np.array(face.box) - np.array(expected)).max() <= 16, (face.box, expected)
    assert face.embedding is not None and upright[0].embedding is not None
    assert np.linalg.norm(face.embedding - upright[0].embedding) < 0.2


def test_turn_box_turns_a_box_with_its_picture():
    pixels = np.zeros((30, 50), dtype=np.uint8)  # 50 wide, 30 high
    box = (5, 7, 11, 4)  # left, top, width, height
    pixels[7:11, 5:16] = 1
    for degrees in (0, 90, 180, 270):
        left, top, width, height = faces.turn_box(box, (50, 30), degrees)
        rotated = np.rot90(pixels, degrees // 90)
        ys, xs = np.nonzero(rotated)
        assert (left, top, width, height) == (
            xs.min(),
            ys.min(),
            xs.max() - xs.min() + 1,
            ys.max() - ys.min() + 1,
        )
        size = (rotated.shape[1], rotated.shape[0])
        assert faces.turn_box((left, top, width, height), size, (360 - degrees) % 360) == box


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_photos_without_people_have_no_face_in_any_turn(degrees):
    for name, image in no_people().items():
        assert faces.detect(turned(image, degrees)) == [], name
