"""Face detection's size limit holds for every shape of picture: it is looked for on a copy scaled from
the picture's SHORTER side (a 4096x800 panorama was shrunk to 384x75, and a face 30% of its height was
too small to find), its contrast equalised in tiles (a flat border took the grey levels of a global
equalisation, and a face of 10% of a grey canvas went unseen), and the copy's cost is bounded."""

from __future__ import annotations

import pytest
from PIL import Image

from policy.decisions import Decision
from policy.screening import faces
from tests.policy.test_screening import astronaut, decide, enrol, png

# Eileen Collins' face in the 512x512 astronaut photo (left, top, width, height), as the cascade boxes it.
COLLINS = (176, 67, 96, 96)


def collins_on_canvas(size: tuple[int, int], fraction: float, where: str) -> tuple[Image.Image, tuple]:
    """A grey canvas of `size` with Collins' head on it, her face `fraction` of the canvas' shorter side;
    and where her face is."""
    scale = fraction * min(size) / COLLINS[2]
    left, top, side, _ = COLLINS
    head = astronaut().crop((left - 60, max(0, top - 60), left + side + 60, top + side + 80))
    head = head.resize((round(head.width * scale), round(head.height * scale)), Image.Resampling.BICUBIC)
    canvas = Image.new("RGB", size, (128, 128, 128))
    x = {"corner": 0, "centre": (size[0] - head.width) // 2, "far corner": size[0] - head.width}[where]
    y = {"corner": 0, "centre": (size[1] - head.height) // 2, "far corner": size[1] - head.height}[where]
    canvas.paste(head, (x, y))
    face = (x + round(60 * scale), y + round((top - max(0, top - 60)) * scale), round(side * scale))
    return canvas, face


def found_at(found: list[faces.Face], face: tuple) -> bool:
    x, y, side = face
    centre = (x + side / 2, y + side / 2)
    return any(
        f.left <= centre[0] <= f.left + f.width and f.top <= centre[1] <= f.top + f.height for f in found
    )


@pytest.mark.parametrize("size", [(4096, 800), (4096, 1024), (800, 4096)])
@pytest.mark.parametrize("where", ["corner", "centre", "far corner"])
def test_a_face_of_a_third_of_a_wide_pictures_height_is_found(size, where):
    image, face = collins_on_canvas(size, 0.3, where)
    found = faces.detect(image)
    assert found_at(found, face), (found, face)


@pytest.mark.parametrize("side", [256, 1024, 2048])
@pytest.mark.parametrize("where", ["corner", "far corner"])
def test_a_face_of_a_tenth_of_the_side_is_found_in_a_corner(side, where):
    image, face = collins_on_canvas((side, side), 0.1, where)
    assert found_at(faces.detect(image), face)


@pytest.mark.django_db
def test_a_protected_face_in_a_panorama_is_blocked(tenant):
    enrol(tenant, astronaut())
    image, _ = collins_on_canvas((4096, 800), 0.3, "centre")
    assert decide(tenant, "", png(image), stage="input").decision == Decision.BLOCK


@pytest.mark.parametrize(
    ("size", "shorter"),
    [((4096, 800), 384), ((800, 4096), 384), ((200, 300), 384), ((16384, 1024), None), ((65536, 256), None)],
)
def test_the_detection_copy_is_scaled_from_the_shorter_side_within_a_bounded_area(size, shorter):
    pixels, back = faces._detection_copy(Image.new("RGB", size))
    height, width = pixels.shape[:2]
    assert width * height <= faces.MAX_ASPECT * 384 * 384 * 1.01
    if shorter is not None:  # within MAX_ASPECT: a face of 8% of the shorter side is above the window
        assert min(width, height) == shorter and 0.08 * shorter >= faces.MIN_WINDOW
    assert abs(width * back - size[0]) <= back
