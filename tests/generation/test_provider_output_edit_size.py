"""An edit whose output size follows its input (a local model's outpaint and inpaint) makes no more pixels
than the model's largest offered size: its maximum output. Without it, a 2048x2048 outpaint of a model
offering 512x512 held a worker for about a minute per denoising step."""

from __future__ import annotations

import pytest

from generation.models import Mode
from generation.params import GenerationParams
from generation.services import JobRequest, JobRequestError, check_against_model

pytestmark = pytest.mark.django_db


def request(model, mode: str, size: str, expand=None) -> JobRequest:
    return JobRequest(
        model=model, mode=mode, prompt="a red circle", params=GenerationParams(size=size, expand=expand)
    )


@pytest.mark.parametrize(
    ("mode", "size", "expand"),
    [(Mode.OUTPAINT, "320x256", (0, 0, 64, 0)), (Mode.INPAINT, "512x512", None)],
    ids=["outpaint", "inpaint"],
)
def test_an_edit_larger_than_the_models_largest_size_is_refused(tiny_model, mode, size, expand):
    # The tiny model offers 256x256 at most.
    with pytest.raises(JobRequestError, match="largest size, 256x256") as refused:
        check_against_model(request(tiny_model, mode, size, expand))

    assert refused.value.param == ("expand" if expand else "image")


def test_an_edit_within_the_largest_size_is_accepted_whatever_its_shape(tiny_model):
    check_against_model(request(tiny_model, Mode.OUTPAINT, "320x192", (0, 0, 64, 0)))  # 61440 <= 65536
    check_against_model(request(tiny_model, Mode.INPAINT, "256x256"))
