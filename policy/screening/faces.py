"""Face detection and 128-d face embeddings.

Detection: OpenCV's Haar cascade `haarcascade_frontalface_alt2` (ships with opencv-python < 5) on a
grey, histogram-equalised copy scaled down to `ASSAY_SCREENING_DETECT_SIDE` (384 px) on its longer side
(faces down to ~9% of the image's side are found; at 512 px 8%, for ~60% more time).
Measured on package images: alt2 (scale step 1.2, 4 neighbours, faces >= 8% of the shorter side)
found 97 of the 100 faces of skimage's LFW subset (upscaled, padded), dlib's HOG detector, which gets
a second look when the cascade finds nothing, 2 more; together they flagged none of the subset's 100
non-faces and nothing in 17 skimage photos without people (`frontalface_default` took coins and the
moon for faces). HOG is only the fallback because it found the mission patch on the astronaut's suit
at some scales; a missed face is a released likeness, a false one only a review.

Embeddings: dlib's ResNet (`dlib_face_recognition_resnet_model_v1.dat`) on a face aligned with the
5-point landmark model, both from the `face-recognition-models` package, loaded from its folder with
dlib directly (the package's own helpers import the removed `pkg_resources`). Two faces of one person
are closer than ~0.6 (L2); the policy's `output.match_distance` sets the cut.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from policy.screening.base import ClassifierError

CASCADE = "haarcascade_frontalface_alt2.xml"
# Faces smaller than this fraction of the image's shorter side are not looked for: smaller windows are
# where the cascade's false positives live, and dlib's embeddings of tiny faces are unreliable anyway.
MIN_FACE_FRACTION = 0.08
MIN_NEIGHBOURS = 4
# Scale steps of 20% instead of OpenCV's 10%: half the cascade passes (25-55 ms instead of 60-90 ms at
# 512 px on this CPU), with the same recall and no false positives on the measured images.
SCALE_FACTOR = 1.2
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


@cache
def _cascade() -> Any:
    import cv2

    cascade = cv2.CascadeClassifier(str(Path(cv2.data.haarcascades) / CASCADE))
    if cascade.empty():
        raise ClassifierError(f"OpenCV could not load {CASCADE} (opencv-python 5 has no cascades)")
    return cascade


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


def _detection_copy(image: Image.Image) -> tuple[np.ndarray, float]:
    """The RGB pixels detection runs on, and the factor back to the image's own pixels."""
    side = int(_setting("ASSAY_SCREENING_DETECT_SIDE", 384))
    scale = min(1.0, side / max(image.size))
    if scale < 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.BILINEAR)
    return np.asarray(image.convert("RGB")), 1.0 / scale


def detect(image: Image.Image) -> list[Face]:
    """Faces, largest first, at most `ASSAY_SCREENING_MAX_FACES` of them (the rest are not embedded:
    an image of a crowd costs a bounded time)."""
    import cv2

    pixels, back = _detection_copy(image)
    grey = cv2.equalizeHist(cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY))
    smallest = max(24, int(min(grey.shape) * MIN_FACE_FRACTION))
    with _lock:
        boxes = _cascade().detectMultiScale(
            grey, scaleFactor=SCALE_FACTOR, minNeighbors=MIN_NEIGHBOURS, minSize=(smallest, smallest)
        )
        found = [(int(x), int(y), int(w), int(h), "haar") for x, y, w, h in boxes]
        if not found:
            found = [
                (r.left(), r.top(), r.width(), r.height(), "hog")
                for r in _hog()(pixels, 0)
                if min(r.width(), r.height()) >= smallest
            ]
    faces = [
        Face(
            left=max(0, round(x * back)),
            top=max(0, round(y * back)),
            width=round(w * back),
            height=round(h * back),
            detector=detector,
        )
        for x, y, w, h, detector in found
    ]
    faces.sort(key=lambda face: face.width * face.height, reverse=True)
    return faces[: int(_setting("ASSAY_SCREENING_MAX_FACES", 8))]


def embed(image: Image.Image, faces: list[Face]) -> list[Face]:
    """The same faces with their 128-d embeddings (aligned on 5 landmarks in the image's own pixels)."""
    import dlib

    if not faces:
        return []
    shape_predictor, recogniser = _embedder()
    pixels = np.asarray(image.convert("RGB"))
    embedded = []
    with _lock:
        for face in faces:
            rect = dlib.rectangle(face.left, face.top, face.left + face.width, face.top + face.height)
            descriptor = recogniser.compute_face_descriptor(pixels, shape_predictor(pixels, rect))
            vector = np.asarray(descriptor, dtype=np.float32)
            embedded.append(
                Face(face.left, face.top, face.width, face.height, face.detector, embedding=vector)
            )
    return embedded


def detect_and_embed(image: Image.Image) -> list[Face]:
    return embed(image, detect(image))


def warm_up() -> None:
    """Load every face model now (a worker calls this at start, so the first image is not slow)."""
    _cascade()
    _hog()
    _embedder()
