"""Output screening with the real models on real photos from packages (no NSFW image is in the repo):
skimage's astronaut (Eileen Collins) and matplotlib's Grace Hopper are two different people."""

from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone
from PIL import Image, ImageEnhance, ImageOps

from audit.events import Actor
from policy.decisions import Decision, job_policy
from policy.models import PolicyVersion
from policy.schema import OutputRules
from policy.screening import faces
from policy.screening.base import ClassifierError, decode
from policy.screening.decide import screen
from policy.screening.likeness import GalleryPerson, LikenessClassifier, nearest
from policy.screening.nsfw import NSFWClassifier
from policy.services import policy_ensure_active, policy_version_create
from policy.templates import template

ACTOR = Actor.system("tests")


def decide(tenant, label: str, image: bytes, *, stage: str = "output"):
    """Screen `image` under the tenant's version labelled `label` (its active one for "")."""
    version = next((v for v in PolicyVersion.objects.filter(tenant=tenant) if v.label == label), None)
    policy = job_policy(version or policy_ensure_active(tenant=tenant))
    return policy.decide_input(image) if stage == "input" else policy.decide_image(image)


def astronaut() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut())


def hopper() -> Image.Image:
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as handle:
        return Image.open(handle).convert("RGB")


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def no_people() -> dict[str, Image.Image]:
    from skimage import data

    grey = {"coins": data.coins(), "moon": data.moon(), "camera_brick": data.brick()}
    images = {name: Image.fromarray(pixels).convert("RGB") for name, pixels in grey.items()}
    return images | {name: Image.fromarray(getattr(data, name)()) for name in ("coffee", "chelsea", "rocket")}


TRANSFORMS = {
    "half size": lambda image: image.resize((image.width // 2, image.height // 2)),
    "double size": lambda image: image.resize((image.width * 2, image.height * 2)),
    "mirrored": ImageOps.mirror,
    "brighter": lambda image: ImageEnhance.Brightness(image).enhance(1.4),
    "darker": lambda image: ImageEnhance.Brightness(image).enhance(0.6),
    "jpeg q40": lambda image: Image.open(io.BytesIO(jpeg(image, 40))).convert("RGB"),
}


def embedding(image: Image.Image) -> np.ndarray:
    (face,) = faces.detect_and_embed(image)
    assert face.embedding is not None
    return face.embedding


# Classifiers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["astronaut", "hopper"])
def test_benign_photo_passes_nsfw(name):
    image = astronaut() if name == "astronaut" else hopper()
    (finding,) = NSFWClassifier().classify(image)
    assert finding.category == "sexual"
    assert finding.score < 0.1  # the standard policy reviews at 0.4


def test_face_photos_have_one_face_where_it_is():
    (face,) = faces.detect(astronaut())
    # Eileen Collins' face is around x 180-270, y 70-160 of the 512x512 photo.
    assert 160 < face.left < 200 and 50 < face.top < 100 and 70 < face.width < 120
    (face,) = faces.detect(hopper())
    assert face.width > 150


def test_photos_without_people_have_no_face():
    # Haar's frontalface_default took coins and the moon for faces; alt2 with 5 neighbours does not.
    for name, image in no_people().items():
        assert faces.detect(image) == [], name


def test_a_large_image_is_detected_on_a_smaller_copy_in_its_own_pixels():
    image = astronaut().resize((1536, 1536))
    (face,) = faces.detect(image)
    assert 480 < face.left < 600 and face.width > 210


@pytest.mark.parametrize("transform", sorted(TRANSFORMS))
def test_same_person_matches_after_transform_and_different_person_does_not(transform):
    collins, grace = embedding(astronaut()), embedding(hopper())
    changed = embedding(TRANSFORMS[transform](astronaut()))
    assert np.linalg.norm(changed - collins) < 0.35
    assert np.linalg.norm(changed - grace) > 0.6
    gallery = [
        GalleryPerson("p-collins", "Collins", False, collins[None]),
        GalleryPerson("p-h", "H", False, grace[None]),
    ]
    match = nearest(changed, gallery, 0.6)
    assert match is not None and match.person.person_id == "p-collins"


def test_likeness_classifier_finds_no_match_for_a_different_person():
    gallery = [GalleryPerson("p-collins", "Collins", False, embedding(astronaut())[None])]
    (finding,) = LikenessClassifier(gallery, 0.6).classify(hopper())
    assert (finding.category, finding.person) == ("face", None)


# Decisions under a tenant's policy version ------------------------------------------------------------


def version(tenant, *, activate=True, **output):
    document = template("standard") | {"name": "screening"}
    document["output"] = document["output"] | output
    return policy_version_create(tenant=tenant, document=document, actor=ACTOR, activate=activate)


def enrol(tenant, image, *, consent_until=None):
    from policy.likeness_services import likeness_person_create, prepare_photo

    return likeness_person_create(
        tenant=tenant,
        name="Eileen Collins",
        reason="contracted: no depictions",
        photos=[prepare_photo(png(image))],
        store_photos=False,
        actor=ACTOR,
        consent_evidence="release #12" if consent_until else "",
        consent_expires_at=consent_until,
    )


@pytest.fixture
def collins(tenant):
    return enrol(tenant, astronaut())


@pytest.mark.django_db
def test_gallery_match_under_block_rule_blocks(tenant, collins):
    label = version(tenant).label
    decision = decide(tenant, label, png(ImageOps.mirror(astronaut())))
    assert decision.decision == Decision.BLOCK and decision.stage == "output"
    (reason,) = decision.reasons
    assert (reason.category, reason.source, reason.person) == ("likeness", "likeness", str(collins.public_id))
    assert reason.score < 0.35 and reason.threshold == 0.6
    assert decision.policy_name == label
    assert decision.as_dict()["reasons"][0]["person"] == str(collins.public_id)


@pytest.mark.django_db
def test_different_person_is_released(tenant, collins):
    decision = decide(tenant, "", jpeg(hopper()))
    assert decision.decision == Decision.ALLOW and decision.reasons == []
    assert decision.policy_name == "standard@v1"


@pytest.mark.django_db
def test_consenting_person_is_allowed_until_consent_expires(tenant):
    person = enrol(tenant, astronaut(), consent_until=timezone.now() + timedelta(days=30))
    image = png(ImageEnhance.Brightness(astronaut()).enhance(1.3))
    decision = decide(tenant, "", image)
    assert decision.decision == Decision.ALLOW
    (reason,) = decision.reasons
    assert reason.person == str(person.public_id) and "consenting" in reason.detail

    type(person).objects.filter(pk=person.pk).update(consent_expires_at=timezone.now() - timedelta(seconds=1))
    decision = decide(tenant, "", image)
    assert decision.decision == Decision.BLOCK


@pytest.mark.django_db
def test_another_tenants_gallery_never_matches(tenant, other_tenant, collins):
    decision = decide(other_tenant, "", png(astronaut()))
    assert decision.decision == Decision.ALLOW


@pytest.mark.django_db
def test_rules_and_thresholds_come_from_the_version_the_job_recorded(tenant, collins):
    lenient = version(tenant, likeness="review").label
    strict = version(tenant, nsfw={"review_at": 0.01, "block_at": 0.02}, likeness="allow").label
    image = png(astronaut())  # Open NSFW scores it ~0.03
    held = decide(tenant, lenient, image)
    assert held.decision == Decision.REVIEW and held.policy_name == lenient
    assert [r.category for r in held.reasons] == ["likeness"]
    blocked = decide(tenant, strict, image)
    assert blocked.decision == Decision.BLOCK
    sexual = next(r for r in blocked.reasons if r.category == "sexual")
    assert (sexual.source, sexual.threshold) == ("nsfw", 0.02) and sexual.score > 0.02


@pytest.mark.django_db
def test_any_face_rule_and_only_listed_classifiers_run(tenant):
    image = jpeg(hopper())
    label = version(tenant, any_face="review").label
    decision = decide(tenant, label, image)
    assert decision.decision == Decision.REVIEW
    assert [r.category for r in decision.reasons] == ["face"]
    label = version(tenant, any_face="block", classifiers=["nsfw"]).label
    assert decide(tenant, label, image).decision == (Decision.ALLOW)


@pytest.mark.django_db
def test_edit_input_with_a_face_is_held_and_with_a_gallery_face_blocked(tenant):
    decision = decide(tenant, "", png(astronaut()), stage="input")
    assert decision.stage == "input" and decision.decision == Decision.REVIEW  # standard: input_face review
    assert [r.category for r in decision.reasons] == ["face"]
    enrol(tenant, astronaut())
    decision = decide(tenant, "", png(astronaut()), stage="input")
    assert decision.decision == Decision.BLOCK
    assert {r.category for r in decision.reasons} == {"likeness", "face"}


def nearly_transparent(image: Image.Image) -> bytes:
    """The photo under an alpha of 1: a viewer shows a white page, a model reads the photo."""
    layered = image.convert("RGBA")
    layered.putalpha(1)
    return png(layered)


def sixteen_bit_grey(image: Image.Image) -> bytes:
    grey = np.asarray(image.convert("L"), dtype=np.uint16) * 257
    sixteen = Image.fromarray(grey)
    assert sixteen.mode == "I;16"
    return png(sixteen)


@pytest.mark.django_db
@pytest.mark.parametrize("encode", [nearly_transparent, sixteen_bit_grey], ids=["alpha 1", "16-bit grey"])
def test_an_edit_input_is_screened_as_the_model_reads_it_too(tenant, encode):
    """A face under a nearly transparent layer, or in a 16-bit file, was screened as a white page and
    edited as the face."""
    decision = decide(tenant, "", encode(astronaut()), stage="input")
    assert decision.decision == Decision.REVIEW, decision.reasons  # standard: input_face review
    assert [r.category for r in decision.reasons] == ["face"]
    enrol(tenant, astronaut())
    assert decide(tenant, "", encode(astronaut()), stage="input").decision == Decision.BLOCK


@pytest.mark.django_db
@pytest.mark.parametrize("on_error", ["review", "block"])
def test_a_classifier_error_fails_closed(tenant, monkeypatch, on_error):
    def broken(self, image):
        raise RuntimeError("onnxruntime exploded")

    monkeypatch.setattr(NSFWClassifier, "classify", broken)
    label = version(tenant, on_error=on_error).label
    decision = decide(tenant, label, png(astronaut()))
    assert decision.decision == Decision(on_error)
    (reason,) = decision.reasons
    assert (reason.category, reason.source) == ("classifier_error", "nsfw")
    assert "onnxruntime exploded" in reason.detail


@pytest.mark.parametrize("data", [b"", b"not an image", png(Image.new("RGB", (64, 64)))[:40]])
def test_an_unreadable_image_is_never_released(data):
    decision, reasons = screen(image=data, rules=OutputRules(), gallery=[], stage="output", max_pixels=10**7)
    assert decision == Decision.REVIEW
    assert [r.category for r in reasons] == ["classifier_error"]


def test_a_missing_face_model_is_a_classifier_error(settings, tmp_path):
    faces._embedder.cache_clear()
    settings.ASSAY_FACE_MODELS_DIR = str(tmp_path)
    try:
        gallery = [GalleryPerson("p", "P", False, np.zeros((1, 128), dtype=np.float32))]
        rules = OutputRules(on_error="block")
        decision, reasons = screen(
            image=png(astronaut()), rules=rules, gallery=gallery, stage="output", max_pixels=10**7
        )
        assert decision == Decision.BLOCK and reasons[0].source == "likeness"
    finally:
        faces._embedder.cache_clear()


def test_decode_refuses_too_many_pixels():
    with pytest.raises(ClassifierError, match="pixels"):
        decode(png(Image.new("RGB", (300, 300))), max_pixels=300 * 299)


class Recording:
    """A classifier that records the image it was given and finds nothing."""

    name = "recording"

    def __init__(self) -> None:
        self.seen: list[Image.Image] = []

    def classify(self, image: Image.Image) -> list:
        self.seen.append(image)
        return []


def test_pixels_handed_over_are_screened_without_decoding_the_file_again():
    pixels = astronaut().convert("RGB")
    recording = Recording()
    # Bytes that do not decode: only the handed-over pixels can be what the classifier saw.
    decision, reasons = screen(
        image=b"not decoded", rules=OutputRules(), gallery=[], stage="output", max_pixels=10**7,
        classifiers=[recording], decoded=pixels,
    )  # fmt: skip
    assert decision == Decision.ALLOW and reasons == []
    assert recording.seen == [pixels]


@pytest.mark.parametrize(
    "handed",
    [Image.new("RGBA", (64, 64), (0, 0, 0, 0)), Image.new("RGB", (300, 300))],
    ids=["rgba", "too big"],
)
def test_pixels_that_decode_would_not_give_are_ignored_for_the_file(handed):
    # Transparent: screened as shown (on white) and as a model reads it (the red under the alpha).
    data = png(Image.new("RGBA", (64, 64), (255, 0, 0, 0)))
    recording = Recording()
    decision, _ = screen(
        image=data, rules=OutputRules(), gallery=[], stage="output", max_pixels=300 * 299,
        classifiers=[recording], decoded=handed,
    )  # fmt: skip
    assert decision == Decision.ALLOW
    assert [(seen.mode, seen.size, seen.getpixel((0, 0))) for seen in recording.seen] == [
        ("RGB", (64, 64), (255, 255, 255)),
        ("RGB", (64, 64), (255, 0, 0)),
    ]
