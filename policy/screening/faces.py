"""Face detection and 128-d face embeddings.

Detection: OpenCV's Haar cascade `haarcascade_frontalface_alt2` (ships with opencv-python < 5) on a
grey copy, its contrast equalised in tiles (CLAHE), scaled up or down to `ASSAY_SCREENING_DETECT_SIDE`
(384 px) on its SHORTER side (at most `MAX_ASPECT` such squares: a longer panorama is scaled further
down), looked at upright and turned by 90, 180 and 270 degrees. Each cascade hit must be found again
on its box by `haarcascade_frontalface_alt` (upside down, the astronaut's neck ring passed alt2 as a
face); in a turn without a hit, dlib's HOG detector takes a second look. A face found in two turns
counts once; boxes are in the upright image's own pixels, and `Face.turn` says how to turn the image
for the face to stand upright, which `embed` does before aligning it.

Limits, measured on 2026-12-07 (a missed face is a released likeness, a false one only a review):
- size: the smallest window is 8% of the shorter side (and >= 24 px). Eileen Collins' face (skimage's
  astronaut) pasted in a corner, the centre or the far corner of a grey or a photo canvas is found at
  >= 9% of the shorter side in 256, 384, 512, 1024 and 2048 px squares, 1024x768 and 4096x800, at 8%
  in 0-2 of the 6 places; skimage's LFW faces pasted on a 512 px photo: 96-99 of 100 in each turn at
  60 px (12%), 16-22 at 42 px (8%). Up to `MAX_ASPECT` (8:1) this holds for any shape; beyond it a face
  must be 8% x sqrt(aspect / 8) of the shorter side.
- tilt: the cascade takes faces up to ~20 degrees off upright, so a face within ~20 degrees of any right
  turn is found; one tilted 25-70 degrees off all four only if it is large enough for HOG (~18% of the
  shorter side: Collins turned in 5 degree steps in her 512 px photo was missed at 50, 140, 230 and 320
  degrees, Grace Hopper's larger face at none; on a canvas grown to hold the turned photo, where her
  face is 13-19% of the side, at every angle 25-70 degrees off a right turn).
- false faces: none on the LFW subset's 100 non-faces, nor on 15 skimage photos without people in any
  of the four turns (`frontalface_default` took coins and the moon for faces; with one global
  equalisation instead of CLAHE, a face under 15% of a grey canvas went unseen, and LFW's faces padded
  on grey were found 93 times in 100 instead of 99).
- cost, CPU per image over 17 skimage photos of 512-1800 px: ~50 ms with the cascade upright on a copy
  384 px long, ~255 ms now (4 turns: ~210 ms for a 1024 px square, ~930 ms for 4096x800, at most ~1.5
  s for a panorama past 8:1). Detection runs only where a face can change a decision (a face rule that
  holds or blocks, or anyone in the tenant's gallery: `policy.screening.decide._can_matter`).

Embeddings: dlib's ResNet (`dlib_face_recognition_resnet_model_v1.dat`) on a face aligned with the
5-point landmark model, both from the `face-recognition-models` package, loaded from its folder with
dlib directly (the package's own helpers import the removed `pkg_resources`). Two faces of one person
are closer than ~0.6 (L2); the policy's `output.match_distance` sets the cut. ~80 ms CPU a face.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from policy.screening.base import ClassifierError

CASCADE = "haarcascade_frontalface_alt2.xml"
# Every hit of the cascade must be found again on its own box by this second one (in any turn).
SECOND_CASCADE = "haarcascade_frontalface_alt.xml"
# Faces smaller than this fraction of the image's shorter side are not looked for: smaller windows are
# where the cascade's false positives live, and dlib's embeddings of tiny faces are unreliable anyway.
MIN_FACE_FRACTION = 0.08
MIN_NEIGHBOURS = 4
CLAHE_CLIP = 2.0
# Scale steps of 20% instead of OpenCV's 10%: half the cascade passes (25-55 ms instead of 60-90 ms at
# 512 px on this CPU), with the same recall and no false positives on the measured images.
SCALE_FACTOR = 1.2
MIN_WINDOW = 24  # the cascade's own window is 20 px; below 24 its false positives multiply
# The turns (degrees counter-clockwise) each image is looked at in: the cascade finds faces within
# about 20 degrees of upright, so a face on its side, upside down, or whose photo was uploaded turned
# to be turned back after an edit, is found in another turn.
TURNS = (0, 90, 180, 270)
# The detection copy is at most this many squares of ASSAY_SCREENING_DETECT_SIDE (a panorama longer than
# 8:1 is scaled further down): each turn of a 4096x512 picture costs what eight 384 px squares do.
MAX_ASPECT = 8
# Boxes found in two turns that overlap this much (intersection over union) are one face.
SAME_FACE = 0.4
EMBEDDING_SIZE = 128
_lock = threading.Lock()  # dlib and OpenCV objects are shared by the threads of a process


@dataclass(frozen=True)
class Face:
    """A face in the image's own pixels, with its embedding when one was asked for."""

    left: int
    top: int
    width: int
    height: int
    detector: str  # "haar" | "hog"
    turn: int = 0  # degrees counter-clockwise the image was turned for this face to be found upright
    embedding: np.ndarray | None = None

    @property
    def box(self) -> list[int]:
        return [self.left, self.top, self.width, self.height]


def _setting(name: str, default: Any) -> Any:
    from django.conf import settings

    return getattr(settings, name, default)


def models_dir() -> Path:
    configured = _setting("ASSAY_FACE_MODELS_DIR", None)
    if configured:
        return Path(configured)
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise ClassifierError("the face-recognition-models package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _load_cascade(name: str) -> Any:
    import cv2

    cascade = cv2.CascadeClassifier(str(Path(cv2.data.haarcascades) / name))
    if cascade.empty():
        raise ClassifierError(f"OpenCV could not load {name} (opencv-python 5 has no cascades)")
    return cascade


@cache
def _cascade() -> Any:
    return _load_cascade(CASCADE)


@cache
def _second_cascade() -> Any:
    return _load_cascade(SECOND_CASCADE)


def _confirmed(grey: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether `SECOND_CASCADE` finds a face on `box` of `grey` (with a quarter of its side around it)."""
    x, y, w, h = box
    margin = w // 4
    crop = grey[max(0, y - margin) : y + h + margin, max(0, x - margin) : x + w + margin]
    found = _second_cascade().detectMultiScale(
        crop, scaleFactor=1.1, minNeighbors=3, minSize=(w // 2, w // 2)
    )
    return len(found) > 0


@cache
def _hog() -> Any:
    import dlib

    return dlib.get_frontal_face_detector()


@cache
def _embedder() -> tuple[Any, Any]:
    import dlib

    folder = models_dir()
    for name in ("shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"):
        if not (folder / name).is_file():
            raise ClassifierError(f"face model {name} not found in {folder}")
    return (
        dlib.shape_predictor(str(folder / "shape_predictor_5_face_landmarks.dat")),
        dlib.face_recognition_model_v1(str(folder / "dlib_face_recognition_resnet_model_v1.dat")),
    )


def max_faces() -> int:
    """At most this many faces of one image are compared with a gallery (`ASSAY_SCREENING_MAX_FACES`):
    `LikenessClassifier` fails closed on an image with more, never leaves one out."""
    return int(_setting("ASSAY_SCREENING_MAX_FACES", 8))


def turn_box(box: tuple[int, int, int, int], size: tuple[int, int], turn: int) -> tuple[int, int, int, int]:
    """`box` (left, top, width, height) of a picture of `size` (width, height), in the same picture
    turned `turn` degrees counter-clockwise (0, 90, 180 or 270: numpy's `rot90`, PIL's `ROTATE_90`)."""
    left, top, width, height = box
    picture_width, picture_height = size
    if turn == 0:
        return left, top, width, height
    if turn == 90:
        return top, picture_width - left - width, height, width
    if turn == 180:
        return picture_width - left - width, picture_height - top - height, width, height
    if turn == 270:
        return picture_height - top - height, left, height, width
    raise ValueError(f"turn {turn} is not 0, 90, 180 or 270")


def _turned(pixels: np.ndarray, turn: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(pixels, turn // 90))


def _detection_copy(image: Image.Image) -> tuple[np.ndarray, float]:
    """The RGB pixels detection runs on, and the factor back to the image's own pixels: the image scaled
    (down or up) to `ASSAY_SCREENING_DETECT_SIDE` pixels on its SHORTER side, so that a face of
    `MIN_FACE_FRACTION` of that side is at least `MIN_WINDOW` pixels however long the other side is;
    but never more than `MAX_ASPECT` squares of that side (a longer picture is scaled further down)."""
    side = int(_setting("ASSAY_SCREENING_DETECT_SIDE", 384))
    area = image.width * image.height
    scale = min(side / min(image.size), math.sqrt(MAX_ASPECT * side * side / area))
    if scale != 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.BILINEAR)
    return np.asarray(image.convert("RGB")), 1.0 / scale


def detect(image: Image.Image) -> list[Face]:
    """Every face, largest first, in the image's own pixels, found upright or turned by 90, 180 or 270
    degrees (`Face.turn`); one found in two turns counts once (the first turn's)."""
    import cv2

    pixels, back = _detection_copy(image)
    # Contrast equalised in 8x8 tiles (CLAHE), not over the whole picture: a global equalisation let a
    # flat border take the grey levels, and a face under 15% of the side on a grey canvas went unseen.
    clahe = cv2.createCLAHE(clipLimit=CLAHE_CLIP, tileGridSize=(8, 8))
    grey = clahe.apply(cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY))
    smallest = max(MIN_WINDOW, int(min(grey.shape) * MIN_FACE_FRACTION))
    found: list[Face] = []
    with _lock:
        for turn in TURNS:
            turned = _turned(grey, turn)
            boxes = _cascade().detectMultiScale(
                turned, scaleFactor=SCALE_FACTOR, minNeighbors=MIN_NEIGHBOURS, minSize=(smallest, smallest)
            )
            hits = [
                (int(x), int(y), int(w), int(h), "haar")
                for x, y, w, h in boxes
                if _confirmed(turned, (int(x), int(y), int(w), int(h)))
            ]
            if not hits:
                hits = [
                    (r.left(), r.top(), r.width(), r.height(), "hog")
                    for r in _hog()(_turned(pixels, turn), 0)
                    if min(r.width(), r.height()) >= smallest
                ]
            turned_size = (turned.shape[1], turned.shape[0])
            for *box, detector in hits:
                # Back to the upright copy, then to the image's own pixels.
                x, y, w, h = turn_box(tuple(box), turned_size, (360 - turn) % 360)
                face = Face(
                    left=max(0, round(x * back)),
                    top=max(0, round(y * back)),
                    width=round(w * back),
                    height=round(h * back),
                    detector=detector,
                    turn=turn,
                )
                if not any(kept.turn != turn and _overlap(kept, face) >= SAME_FACE for kept in found):
                    found.append(face)
    found.sort(key=lambda face: face.width * face.height, reverse=True)
    return found


def _overlap(a: Face, b: Face) -> float:
    """Intersection over union of two boxes."""
    width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    shared = width * height
    return shared / (a.width * a.height + b.width * b.height - shared)


def embed(image: Image.Image, faces: list[Face]) -> list[Face]:
    """The same faces with their 128-d embeddings, each aligned on 5 landmarks in the image turned the
    way its face was found (upright), in the image's own pixels."""
    import dlib

    if not faces:
        return []
    shape_predictor, recogniser = _embedder()
    upright = np.asarray(image.convert("RGB"))
    turned: dict[int, np.ndarray] = {}
    embedded = []
    with _lock:
        for face in faces:
            if face.turn not in turned:
                turned[face.turn] = _turned(upright, face.turn)
            pixels = turned[face.turn]
            left, top, width, height = turn_box(tuple(face.box), image.size, face.turn)
            rect = dlib.rectangle(left, top, left + width, top + height)
            descriptor = recogniser.compute_face_descriptor(pixels, shape_predictor(pixels, rect))
            vector = np.asarray(descriptor, dtype=np.float32)
            embedded.append(replace(face, embedding=vector))
    return embedded


def detect_and_embed(image: Image.Image) -> list[Face]:
    return embed(image, detect(image))


def warm_up() -> None:
    """Load every face model now (a worker calls this at start, so the first image is not slow)."""
    _cascade()
    _second_cascade()
    _hog()
    _embedder()
