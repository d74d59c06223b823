"""Every face of an image is compared with the tenant's gallery, or none is released: only the largest
8 were, so eight bystanders larger than a protected person released her. More faces than
`ASSAY_SCREENING_MAX_FACES` fail closed, as a classifier error does (`output.on_error`)."""

from __future__ import annotations

import pytest
from PIL import Image

from policy.decisions import Decision
from policy.screening import faces
from tests.policy.test_screening import astronaut, decide, enrol, hopper, png, version

CELL = 340


def crowd(bystanders: int) -> Image.Image:
    """A 1020x1020 grid of 3x3 cells: `bystanders` portraits of Grace Hopper, then one of Eileen Collins
    a little smaller than theirs (so she is the smallest face), the other cells grey."""
    grid = Image.new("RGB", (3 * CELL, 3 * CELL), (128, 128, 128))
    grace = hopper().crop((40, 0, 490, 450)).resize((CELL, CELL), Image.Resampling.BICUBIC)
    collins = astronaut().crop((100, 0, 350, 250)).resize((CELL - 60, CELL - 60), Image.Resampling.BICUBIC)
    for cell in range(bystanders):
        grid.paste(grace, ((cell % 3) * CELL, (cell // 3) * CELL))
    cell = bystanders
    grid.paste(collins, ((cell % 3) * CELL + 30, (cell // 3) * CELL + 30))
    return grid


def test_the_crowd_has_all_its_faces_the_protected_one_smallest():
    found = faces.detect(crowd(8))
    assert len(found) == 9
    assert found[-1].left > 2 * CELL and found[-1].top > 2 * CELL  # Collins, in the last cell


@pytest.mark.django_db
@pytest.mark.parametrize("on_error", ["review", "block"])
def test_more_faces_than_the_cap_fail_closed(tenant, on_error):
    enrol(tenant, astronaut())
    label = version(tenant, on_error=on_error).label
    decision = decide(tenant, label, png(crowd(8)))
    assert decision.decision == Decision(on_error)
    (reason,) = [reason for reason in decision.reasons if reason.source == "likeness"]
    assert reason.category == "classifier_error"
    assert "9 faces" in reason.detail and "ASSAY_SCREENING_MAX_FACES" in reason.detail


@pytest.mark.django_db
def test_up_to_the_cap_every_face_is_compared(tenant, settings):
    person = enrol(tenant, astronaut())
    decision = decide(tenant, "", png(crowd(7)))  # 8 faces: at the cap
    assert decision.decision == Decision.BLOCK
    assert [reason.person for reason in decision.reasons] == [str(person.public_id)]
    settings.ASSAY_SCREENING_MAX_FACES = 9  # configurable: 9 faces are then all compared
    decision = decide(tenant, "", png(crowd(8)))
    assert decision.decision == Decision.BLOCK
    assert [reason.category for reason in decision.reasons] == ["likeness"]


@pytest.mark.django_db
def test_without_a_gallery_a_crowd_is_judged_by_the_face_rule_alone(tenant):
    # Nothing to compare: no embedding, no cap; standard holds any face of an edit's upload.
    decision = decide(tenant, "", png(crowd(8)), stage="input")
    assert decision.decision == Decision.REVIEW
    assert {reason.category for reason in decision.reasons} == {"face"}
