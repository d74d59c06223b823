"""A provider edit of a photo stored sideways with an EXIF orientation (a phone's): admission checks and
screens the picture upright (`foundation.images.decode_image`), so the provider is sent it upright too,
re-encoded losslessly as PNG; an image without an orientation is sent byte for byte as it came.

It used to be sent as stored: a 400x600 JPEG shown 600x400 with a 600x400 mask was admitted, then failed
in the backend ("the mask is 600x400 but the image is 400x600") after its quota was reserved."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageOps

from audit.events import Actor
from generation.backends.base import GenerationSpec, InvalidGenerationInput
from generation.backends.openai_backend import OpenAIBackend
from generation.catalog import model_register
from generation.models import GenerationJob, JobStatus, Mode
from tests.generation.backends import conftest as backends
from tests.generation.backends.conftest import GPT_IMAGE

# The openai backend's own fixtures, by their names: the local OpenAI stand-in (`tests.fakes.openai_server`,
# one per module) the settings point at, reset for each test.
server, fake = backends.server, backends.fake

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]

ORIENTATION = 0x0112
STORED = (400, 600)  # as the camera wrote it
SHOWN = (600, 400)  # as a viewer (and Assay's admission) shows it: orientation 6 turns it a quarter


@pytest.fixture
def provider_model(db):
    return model_register(
        name="gpt-image-1",
        backend="openai",
        family="openai",
        license="OpenAI terms",
        provider_model="gpt-image-1",
        capabilities=[Mode.IMG2IMG, Mode.INPAINT],
        sizes=["1024x1024"],
        actor=Actor.system("tests"),
    )


def photo(orientation: int | None) -> bytes:
    """A JPEG stored 400x600 whose top band is red (on its right once shown upright), with the EXIF
    orientation given (None: no EXIF at all)."""
    image = Image.new("RGB", STORED, (40, 90, 200))
    image.paste((220, 30, 30), (0, 0, STORED[0], 100))
    out = io.BytesIO()
    if orientation is None:
        image.save(out, "JPEG", quality=90)
    else:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        exif[0x010F] = "Assay test camera"  # Make: EXIF that is not an orientation
        image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def mask_png(size: tuple[int, int]) -> bytes:
    """A PNG mask of `size`: alpha 0 (the area to edit) in its middle."""
    mask = Image.new("RGBA", size, (0, 0, 0, 255))
    mask.paste((0, 0, 0, 0), (size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4))
    out = io.BytesIO()
    mask.save(out, "PNG")
    return out.getvalue()


def edit(developer, image: bytes, mask: bytes | None = None):
    data = {
        "model": "gpt-image-1",
        "prompt": "make it sunny",
        "size": "1024x1024",
        "image": io.BytesIO(image),
    }
    data["image"].name = "photo.jpg"
    if mask is not None:
        data["mask"] = io.BytesIO(mask)
        data["mask"].name = "mask.png"
    return developer.client.post("/v1/images/edits", data, format="multipart")


def assert_sent_upright(sent, uploaded: bytes) -> None:
    """The provider received the upload turned upright, pixel for pixel, as a PNG without orientation."""
    (image,) = sent.input_images
    assert (image.filename, image.content_type) == ("image.png", "image/png")
    received = Image.open(io.BytesIO(image.data))
    assert (received.format, received.size) == ("PNG", SHOWN)
    assert received.getexif().get(ORIENTATION, 1) == 1
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(uploaded)))
    assert np.array_equal(np.asarray(received), np.asarray(expected))  # lossless: the decoded pixels
    assert received.getpixel((SHOWN[0] - 1, 0))[0] > 150  # the stored top band is on the right


@pytest.mark.usefixtures("provider_model")
def test_an_edit_of_a_sideways_photo_with_an_upright_mask_runs_on_the_upright_picture(developer, fake):
    uploaded, mask = photo(orientation=6), mask_png(SHOWN)  # the mask drawn on the photo as shown

    response = edit(developer, uploaded, mask)

    assert response.status_code == 200, response.content
    job = GenerationJob.objects.get()
    assert (job.status, job.mode) == (JobStatus.COMPLETED, Mode.INPAINT), job.error
    sent = fake.last_request
    assert sent.endpoint == "images/edits"
    assert_sent_upright(sent, uploaded)
    assert sent.mask.data == mask  # no orientation: sent as it came


@pytest.mark.usefixtures("provider_model")
def test_a_sideways_photo_without_a_mask_is_sent_upright(developer, fake):
    uploaded = photo(orientation=6)

    response = edit(developer, uploaded)

    assert response.status_code == 200, response.content
    assert GenerationJob.objects.get().mode == Mode.IMG2IMG
    sent = fake.last_request
    assert_sent_upright(sent, uploaded)
    assert sent.mask is None


@pytest.mark.usefixtures("provider_model")
@pytest.mark.parametrize("orientation", [None, 1], ids=["no-exif", "orientation-1"])
def test_an_image_without_an_orientation_is_sent_byte_for_byte(developer, fake, orientation):
    uploaded, mask = photo(orientation), mask_png(STORED)  # shown as stored: 400x600

    response = edit(developer, uploaded, mask)

    assert response.status_code == 200, response.content
    sent = fake.last_request
    (image,) = sent.input_images
    assert (image.filename, image.content_type, image.data) == ("image.jpeg", "image/jpeg", uploaded)
    assert sent.mask.data == mask


def tagged_png(size: tuple[int, int], orientation: int, clear: tuple[int, int, int, int]) -> bytes:
    """An RGBA PNG stored at `size` with an EXIF orientation, fully transparent inside `clear`."""
    image = Image.new("RGBA", size, (40, 90, 200, 255))
    image.paste((0, 0, 0, 0), clear)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "PNG", exif=exif)
    return out.getvalue()


def test_a_tagged_png_image_and_mask_are_both_sent_upright_with_their_alpha(fake):
    """The mask is turned as admission turns it (`decode_image`), and transparency survives: it is what
    the provider edits."""
    image, mask = tagged_png(STORED, 6, (0, 0, 40, 40)), tagged_png(STORED, 6, (0, 0, 400, 100))
    spec = GenerationSpec(
        model=GPT_IMAGE, mode="inpaint", prompt="p", width=1024, height=1024, image=image, mask=mask
    )

    OpenAIBackend().generate(spec)

    sent = fake.last_request
    for upload, uploaded in ((sent.input_images[0], image), (sent.mask, mask)):
        received = Image.open(io.BytesIO(upload.data))
        assert (upload.content_type, received.mode, received.size) == ("image/png", "RGBA", SHOWN)
        expected = ImageOps.exif_transpose(Image.open(io.BytesIO(uploaded)))
        assert np.array_equal(np.asarray(received), np.asarray(expected))
    assert Image.open(io.BytesIO(sent.mask.data)).getpixel((SHOWN[0] - 1, 0))[3] == 0  # top band: right


def test_an_input_over_the_pixel_limit_is_refused_before_any_request(fake, settings):
    settings.ASSAY_MAX_INPUT_PIXELS = 100 * 100
    spec = GenerationSpec(
        model=GPT_IMAGE, mode="img2img", prompt="p", width=1024, height=1024, image=photo(orientation=6)
    )

    with pytest.raises(InvalidGenerationInput, match="input image is 400x600 pixels; send at most 10,000"):
        OpenAIBackend().generate(spec)
    assert fake.requests_to("images/edits") == []


def mpo_photo() -> bytes:
    """A camera's MPO: a 600x400 JPEG (its top band red) with a second, blue picture after it."""
    first = Image.new("RGB", SHOWN, (40, 90, 200))
    first.paste((220, 30, 30), (0, 0, SHOWN[0], 100))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[Image.new("RGB", (160, 120), (0, 0, 255))])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    return out.getvalue()


@pytest.mark.usefixtures("provider_model")
def test_an_mpo_photo_is_edited_as_its_first_picture_sent_as_png(developer, fake):
    """Pillow reads a phone's JPEG with a depth map or preview after it as MPO. It was refused ("the file
    is an MPO image"); the picture a viewer shows is its first, which admission screens and the provider
    is sent, losslessly, without the pictures after it."""
    uploaded = mpo_photo()

    response = edit(developer, uploaded, mask_png(SHOWN))

    assert response.status_code == 200, response.content
    assert GenerationJob.objects.get().status == JobStatus.COMPLETED
    (image,) = fake.last_request.input_images
    received = Image.open(io.BytesIO(image.data))
    assert (image.content_type, received.format, received.size) == ("image/png", "PNG", SHOWN)
    first = Image.open(io.BytesIO(uploaded))
    first.load()
    assert np.array_equal(np.asarray(received), np.asarray(first.convert("RGB")))


def test_an_animated_input_is_sent_as_its_first_frame_alone(fake):
    """Admission screens an animation's first frame (`decode_image`); the frames after it never reach the
    provider, which might read another."""
    first, second = Image.new("RGB", SHOWN, (220, 30, 30)), Image.new("RGB", SHOWN, (30, 30, 220))
    out = io.BytesIO()
    first.save(out, "WEBP", save_all=True, append_images=[second], lossless=True)
    spec = GenerationSpec(
        model=GPT_IMAGE, mode="img2img", prompt="p", width=1024, height=1024, image=out.getvalue()
    )

    OpenAIBackend().generate(spec)

    (image,) = fake.last_request.input_images
    received = Image.open(io.BytesIO(image.data))
    assert (image.content_type, received.format, getattr(received, "n_frames", 1)) == ("image/png", "PNG", 1)
    assert received.convert("RGB").getpixel((10, 10)) == (220, 30, 30)
