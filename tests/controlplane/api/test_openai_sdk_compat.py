"""The official openai SDK as callers use it, in-process (the real pipeline, tasks run eagerly): None for
an optional parameter, `safety_identifier` for the end user, every `quality` its types list, and the
answer's `usage`, `background` and `quality`; plus what its typed values refuse, and a list of images
sent to edits."""

from __future__ import annotations

import io
import json
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import httpx2
import openai
import pytest
from django.core.wsgi import get_wsgi_application
from openai.types import ImagesResponse
from openai.types.image_edit_params import ImageEditParamsBase
from openai.types.image_generate_params import ImageGenerateParamsBase
from PIL import Image

from audit.events import Actor
from controlplane.api.images import OPENAI_FIELDS_IGNORED, QUALITIES, ImageRequestInput
from controlplane.quotas import services as quotas
from generation.catalog import model_register
from generation.models import GenerationJob, Mode
from tests.generation.backends import conftest as backends

# The openai backend's fixtures, by their names: a local OpenAI stand-in the settings point at.
server, fake = backends.server, backends.fake

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_pipeline")]

TINY = {"model": "assay-tiny", "prompt": "a red circle", "size": "64x64"}
ASSAY = {"seed": 0, "steps": 2}  # a seed the standard policy releases on the tiny model


class Recording(httpx2.WSGITransport):
    """Django in-process, keeping the JSON bodies the SDK sent."""

    def __init__(self) -> None:
        super().__init__(app=get_wsgi_application())
        self.bodies: list[dict[str, Any]] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.headers.get("content-type", "").startswith("application/json"):
            self.bodies.append(json.loads(request.read()))
        return super().handle_request(request)


@pytest.fixture
def transport() -> Recording:
    return Recording()


@pytest.fixture
def sdk(developer, transport) -> openai.OpenAI:
    return openai.OpenAI(
        base_url="http://testserver/v1",
        api_key=developer.key,
        http_client=httpx2.Client(transport=transport),
        max_retries=0,
    )


@pytest.fixture
def gpt_image(db):
    return model_register(
        name="gpt-image-1", backend="openai", family="openai", license="OpenAI terms",
        provider_model="gpt-image-1", capabilities=[Mode.TEXT2IMG, Mode.IMG2IMG],
        sizes=["1024x1024"], actor=Actor.system("tests"),
    )  # fmt: skip


def job_of(result: ImagesResponse) -> GenerationJob:
    return GenerationJob.objects.get(public_id=result.model_extra["job_id"])


def png(size=(64, 64)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(out, "PNG")
    return out.getvalue()


def literal_values(annotation: Any) -> tuple[str, ...]:
    """The strings of a Literal, inside Optional/Union as the SDK's types write them."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    if get_origin(annotation) is Union:
        return tuple(value for arg in get_args(annotation) for value in literal_values(arg))
    return ()


# 1. null is "not given" ---------------------------------------------------------------------------


@pytest.mark.usefixtures("tiny_model")
def test_none_for_every_optional_parameter_is_read_as_not_given(sdk, transport):
    result = sdk.images.generate(
        prompt="a red circle",
        model=None, n=None, size=None, quality=None, response_format=None, output_format=None,
        output_compression=None, background=None, moderation=None, style=None, safety_identifier=None,
        stream=None, extra_body=ASSAY,
    )  # fmt: skip

    sent = transport.bodies[-1]
    nulls = {"model", "n", "size", "quality", "response_format", "output_format", "output_compression",
             "background", "moderation", "style", "safety_identifier", "stream"}  # fmt: skip
    assert {name for name, value in sent.items() if value is None} == nulls  # the SDK sent JSON null
    assert len(result.data) == 1 and result.data[0].b64_json and result.output_format == "png"
    job = job_of(result)
    assert job.model.name == "assay-tiny" and job.params["n"] == 1
    assert job.params["response_format"] == "b64_json" and job.params["output_format"] == "png"
    assert not {"quality", "background", "output_compression", "user"} & set(job.params)


@pytest.mark.parametrize(
    "name", ["n", "model", "size", "quality", "response_format", "output_format", "output_compression",
             "background", "stream", "safety_identifier"],
)  # fmt: skip
def test_each_optional_field_takes_null(name):
    data = ImageRequestInput(data={"prompt": "a red circle", name: None})
    assert data.is_valid(), data.errors
    absent = ImageRequestInput(data={"prompt": "a red circle"})
    assert absent.is_valid() and data.validated_data == absent.validated_data


def test_the_prompt_and_assays_own_fields_still_refuse_null():
    for name in ("prompt", "seed", "user"):
        data = ImageRequestInput(data={"prompt": "a red circle", name: None})
        assert not data.is_valid() and name in data.errors


def test_the_edit_form_is_documented_without_null_and_the_json_body_with_it(client):
    schema = client.get("/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    generation = components["ImageRequestInputRequest"]["properties"]
    assert generation["n"]["nullable"] is True and generation["quality"]["nullable"] is True
    assert "nullable" not in generation["prompt"] and "nullable" not in generation["seed"]
    edit = components["ImageEditRequestRequest"]["properties"]
    assert not any(field.get("nullable") for field in edit.values())  # a form has no null


# 2. safety_identifier is the end user --------------------------------------------------------------


@pytest.mark.usefixtures("tiny_model")
def test_safety_identifier_is_the_end_user_of_quotas_and_usage(sdk, tenant):
    quotas.limit_set(
        tenant=tenant, api_key=None, end_user="*", values={"images_per_day": 1}, actor=Actor.system("tests")
    )
    result = sdk.images.generate(**TINY, safety_identifier="alice", extra_body=ASSAY)
    assert job_of(result).params["user"] == "alice" and result.safety_identifier == "alice"

    with pytest.raises(openai.RateLimitError) as refused:  # alice's one image of the day is spent
        sdk.images.generate(**TINY, safety_identifier="alice", extra_body=ASSAY)
    assert refused.value.code == "insufficient_quota" and "'alice'" in refused.value.message
    with pytest.raises(openai.RateLimitError):  # the same end user, named the older way
        sdk.images.generate(**TINY, user="alice", extra_body=ASSAY)
    assert sdk.images.generate(**TINY, safety_identifier="bob", extra_body=ASSAY).data


@pytest.mark.usefixtures("tiny_model")
def test_safety_identifier_on_an_edit_and_beside_user(sdk):
    result = sdk.images.edit(
        model="assay-tiny", image=("in.png", png(), "image/png"), prompt="make it red",
        safety_identifier="alice", extra_body=ASSAY,
    )  # fmt: skip
    assert job_of(result).params["user"] == "alice"

    same = sdk.images.generate(**TINY, user="alice", safety_identifier="alice", extra_body=ASSAY)
    assert job_of(same).params["user"] == "alice"
    empty = sdk.images.generate(**TINY, user="alice", safety_identifier="", extra_body=ASSAY)
    assert job_of(empty).params["user"] == "alice"  # empty is not given, as OpenAI reads it
    with pytest.raises(openai.BadRequestError) as both:
        sdk.images.generate(**TINY, user="alice", safety_identifier="bob", extra_body=ASSAY)
    assert both.value.param == "safety_identifier" and both.value.code == "invalid_value"
    assert GenerationJob.objects.count() == 3


# 3. the answer says how the images were made ------------------------------------------------------


@pytest.mark.usefixtures("gpt_image")
def test_a_provider_models_answer_has_its_usage_quality_and_background(sdk, developer, fake):
    result = sdk.images.generate(
        model="gpt-image-1", prompt="a lighthouse", size="1024x1024", quality="high", background="opaque",
        output_format="webp", safety_identifier="alice",
    )  # fmt: skip

    provider = fake.last_request
    assert provider.param("user") == "alice"  # the end user goes to the provider as `user`
    assert (result.quality, result.background, result.size, result.output_format) == (
        "high", "opaque", "1024x1024", "webp",
    )  # fmt: skip
    assert result.usage is not None and result.usage.total_tokens > 0
    assert result.usage.model_dump() == job_of(result).settings_used["provider_usage"]

    auto = developer.client.post(
        "/v1/images/generations", {"model": "gpt-image-1", "prompt": "a lighthouse"}, format="json"
    ).json()
    ImagesResponse.model_validate(auto)
    # `auto`: what the provider says it chose (the stand-in answers medium and opaque)
    assert (auto["quality"], auto["background"]) == ("medium", "opaque")
    assert auto["usage"]["total_tokens"] > 0


@pytest.mark.usefixtures("tiny_model")
def test_a_local_models_answer_is_opaque_with_no_quality_or_usage(developer):
    response = developer.client.post(
        "/v1/images/generations", TINY | ASSAY | {"quality": "high"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    ImagesResponse.model_validate(body)
    assert (body["background"], body["quality"], body["usage"]) == ("opaque", None, None)
    assert (body["size"], body["output_format"]) == ("64x64", "png")
    assert GenerationJob.objects.get().settings_used["ignored"] == ["quality"]  # not applied, and said so


# 4. ignored fields still refuse a value their types do not have -----------------------------------


@pytest.mark.usefixtures("tiny_model")
def test_moderation_and_style_are_ignored_but_checked(sdk):
    assert sdk.images.generate(**TINY, moderation="low", style="natural", extra_body=ASSAY).data
    for name, value, allowed in [("moderation", "lowest", "low, auto"), ("style", "vivd", "vivid, natural")]:
        with pytest.raises(openai.BadRequestError) as refused:
            sdk.images.generate(**TINY, extra_body=ASSAY | {name: value})
        assert refused.value.param == name
        assert refused.value.body["message"] == f'{name}: "{value}" is not one of {allowed}.'
    assert GenerationJob.objects.count() == 1


def test_the_ignored_fields_take_what_the_sdks_types_list():
    for name, allowed in OPENAI_FIELDS_IGNORED.items():
        for params in (ImageGenerateParamsBase, ImageEditParamsBase):
            hints = get_type_hints(params)
            if name in hints:
                assert set(literal_values(hints[name])) == set(allowed), name


# 5. every quality the SDK lists --------------------------------------------------------------------


def test_every_quality_the_sdk_lists_is_accepted():
    for params in (ImageGenerateParamsBase, ImageEditParamsBase):
        assert set(literal_values(get_type_hints(params)["quality"])) <= set(QUALITIES)


@pytest.mark.usefixtures("tiny_model")
@pytest.mark.parametrize("quality", ["xhigh", "max"])
def test_xhigh_and_max_reach_the_job(sdk, quality):
    result = sdk.images.generate(**TINY, quality=quality, extra_body=ASSAY)
    assert job_of(result).params["quality"] == quality


# 6. refusals say what is valid ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"output_format": "gif"}, '"gif" is not one of png, jpeg, webp.'),
        ({"response_format": "json"}, '"json" is not one of b64_json, url.'),
        ({"quality": "ultra"}, f'"ultra" is not one of {", ".join(QUALITIES)}.'),
        ({"background": "green"}, '"green" is not one of transparent, opaque, auto.'),
        ({"size": "huge"}, "must be WIDTHxHEIGHT (such as 1024x1024) or auto"),
    ],
)
def test_a_refused_value_is_answered_with_the_valid_ones(developer, body, message):
    (param,) = body
    response = developer.client.post("/v1/images/generations", TINY | body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert (error["param"], error["message"], error["code"]) == (
        param,
        f"{param}: {message}",
        "invalid_value",
    )


# 7. edits take one image -----------------------------------------------------------------------------


@pytest.mark.usefixtures("tiny_model")
def test_a_list_of_images_is_refused_for_assay_and_a_list_of_one_is_edited(sdk):
    image = ("in.png", png(), "image/png")
    with pytest.raises(openai.BadRequestError) as refused:
        sdk.images.edit(model="assay-tiny", image=[image, image], prompt="make it red", extra_body=ASSAY)
    assert refused.value.param == "image" and refused.value.code == "invalid_value"
    assert refused.value.body["message"].startswith("Assay edits one image per request; send one `image`")
    assert "assay-tiny" not in refused.value.body["message"]  # not the model's limit
    assert not GenerationJob.objects.exists()

    result = sdk.images.edit(model="assay-tiny", image=[image], prompt="make it red", extra_body=ASSAY)
    assert len(result.data) == 1


# 8. moderations ---------------------------------------------------------------------------------------


def test_a_moderation_answer_has_every_field_the_sdks_types_require(sdk):
    """OpenAI's finer categories are not told apart from their parent: they carry its score and flag."""
    answer = sdk.moderations.create(input=["a red circle", "gas the jews"])
    for result in answer.results:
        strict = openai.types.Moderation.model_validate(result.model_dump(by_alias=True))
        assert strict.category_applied_input_types.hate == ["text"]
    clean, hateful = answer.results
    assert not clean.flagged and not clean.categories.hate_threatening
    assert hateful.flagged and hateful.categories.hate and hateful.categories.hate_threatening
    assert hateful.category_scores.hate_threatening == hateful.category_scores.hate > 0.5
    assert hateful.category_scores.self_harm_intent == hateful.category_scores.self_harm
