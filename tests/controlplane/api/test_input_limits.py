"""Hostile input is a 400 naming the field, never a 500 and never stored: JSON depth, NUL and lone
surrogates wherever text enters (body, query, path, form), metadata limits, the anonymous verify budget."""

from __future__ import annotations

import io
import json
import re

import pytest
from celery.app.task import Task
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern
from PIL import Image
from rest_framework.test import APIClient
from rest_framework.views import APIView

from audit.models import AuditEvent
from controlplane.api import parsers
from controlplane.api import urls as api_urls
from controlplane.api.images import ImageRequestInput
from foundation.text import TextInputError, check_json_text, text_problem
from generation.models import GenerationJob, ImageModel
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_the_api_uses_the_limiting_parsers():
    assert [type(p) for p in APIView().get_parsers()] == [
        parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser,
    ]  # fmt: skip


@pytest.fixture
def operator(tenant, key_client):
    return key_client(tenant, None)  # every scope


@pytest.fixture
def model(db, monkeypatch):
    """A catalog row, so a request that passes validation is admitted (nothing is published)."""
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kwargs: None)
    return ImageModel.objects.create(
        name="limits-test",
        backend="diffusers",
        family="sd15",
        license="test",
        capabilities=["text2img"],
        sizes=["64x64"],
    )


def nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


def generation(metadata: str) -> str:
    """A valid async generation body (raw JSON) whose `metadata` is the given JSON text."""
    return (
        '{"model": "limits-test", "prompt": "a red circle", "size": "64x64", "async": true, '
        f'"metadata": {metadata}}}'
    )


# Each of these answered 500 (RecursionError; UnicodeEncodeError/ValueError in the audit encoder;
# DataError on PostgreSQL) or stored the text. (body, code, param)
FORMER_500S = {
    "body nested 100,000 deep": (nested(100_000), "invalid_json", None),
    "metadata nested 5,000 deep": (generation('{"a": ' + nested(5_000, '"x"') + "}"), "invalid_json", None),
    "lone surrogate in a metadata key": (generation('{"\\ud800": "x"}'), "invalid_value", "metadata"),
    "NUL in a metadata key": (generation('{"a\\u0000b": "x"}'), "invalid_value", "metadata"),
    "lone surrogate in a metadata value": (generation('{"k": "\\udc00"}'), "invalid_value", "metadata.k"),
    "NUL in a metadata value": (generation('{"k": "x\\u0000"}'), "invalid_value", "metadata.k"),
}


@pytest.mark.parametrize(("body", "code", "param"), FORMER_500S.values(), ids=FORMER_500S.keys())
def test_former_500s_in_the_body_are_400s(operator, model, body, code, param):
    response = operator.client.generic("POST", "/v1/images/generations", body, content_type=JSON)
    error = assert_error(response, 400, code)
    assert error["param"] == param
    assert not GenerationJob.objects.exists()


def test_the_same_body_without_the_bad_character_is_admitted(operator, model):
    response = operator.client.generic(
        "POST",
        "/v1/images/generations",
        generation('{"k": "x", "emoji": "\\ud83d\\ude00"}'),
        content_type=JSON,
    )
    assert response.status_code == 202, response.content
    assert GenerationJob.objects.get().metadata == {"k": "x", "emoji": "\U0001f600"}


def test_texts_within_their_character_limits_but_too_many_bytes_to_audit_are_a_400(operator, model):
    """22,000 CJK characters (under the 32,000-character limit) are ~66,000 bytes of UTF-8, more than
    one audit log entry holds: the append raised and the request answered 500."""
    body = {"model": "limits-test", "prompt": "\u8d64\u3044\u5186" * 7334, "size": "64x64", "async": True}
    response = operator.client.post("/v1/images/generations", body, format="json")
    error = assert_error(response, 400, "request_too_long")
    assert error["param"] == "prompt" and "shorten them" in error["message"]
    assert not GenerationJob.objects.exists()
    assert not AuditEvent.objects.filter(event_type="job.received").exists()
    body["prompt"] = "\u8d64\u3044\u5186" * 5000  # 15,000 characters, ~45,000 bytes: fits
    assert operator.client.post("/v1/images/generations", body, format="json").status_code == 202


def test_a_name_repeated_in_a_json_object_is_refused(operator):
    """Python keeps the last of a repeated name; a proxy or log in front may read the first, so the
    text moderated and the text recorded could differ."""
    body = '{"model": "omni-moderation-latest", "input": "a harmful text", "input": "a cat"}'
    response = operator.client.generic("POST", "/v1/moderations", body, content_type=JSON)
    error = assert_error(response, 400)
    assert "'input' appears twice" in error["message"]
    nested_body = '{"input": "a cat", "metadata": {"k": "1", "k": "2"}}'
    response = operator.client.generic("POST", "/v1/moderations", nested_body, content_type=JSON)
    assert "'k' appears twice" in assert_error(response, 400)["message"]


def _routes_with_ids() -> list[tuple[str, str, str]]:
    """(method, path with a NUL in every id, the first id's name) for every /v1 route that takes one."""
    cases = []
    for pattern in api_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        names = re.findall(r"<str:(\w+)>", route)
        if not names:
            continue
        path = "/v1/" + re.sub(r"<str:\w+>", "x_%00", route)
        view = pattern.callback.view_class
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view, method):
                cases.append((method.upper(), path, names[0]))
    return cases


ROUTES_WITH_IDS = _routes_with_ids()


def test_every_route_with_an_id_is_covered():
    covered = {path for _method, path, _name in ROUTES_WITH_IDS}
    for path in ("jobs/x_%00", "jobs/x_%00/cancel", "jobs/x_%00/review", "images/x_%00",
                 "images/x_%00/content", "quarantine/images/x_%00", "quarantine/images/x_%00/content",
                 "models/x_%00"):  # fmt: skip
        assert f"/v1/{path}" in covered


@pytest.mark.parametrize(
    ("method", "path", "param"), ROUTES_WITH_IDS, ids=[f"{m} {p}" for m, p, _ in ROUTES_WITH_IDS]
)
def test_nul_in_a_path_id_is_a_400_naming_it(operator, method, path, param):
    error = assert_error(operator.client.generic(method, path), 400, "invalid_value")
    assert error["param"] == param and "NUL" in error["message"]


def test_nul_in_a_signed_content_url_is_a_400():
    error = assert_error(APIClient().get("/v1/images/img_%00/content?token=abc"), 400, "invalid_value")
    assert error["param"] == "image_id"


def test_nul_in_a_path_id_still_needs_a_key():
    assert_error(APIClient().get("/v1/jobs/job_%00"), 401)


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/v1/quarantine/images?decision=held%00", "decision"),
        ("/v1/audit/events?subject=job:job_%00", "subject"),
        ("/v1/audit/events?actor=%00", "actor"),
        ("/v1/models?a%00=1", None),
    ],
)
def test_nul_in_a_query_parameter_is_a_400(tenant, key_client, path, param):
    client = key_client(tenant, "auditor" if "audit" in path else "admin").client
    error = assert_error(client.get(path), 400, "invalid_value")
    assert error["param"] == param


@pytest.mark.parametrize(
    ("path", "body", "param"),
    [
        ("/v1/policies", '{"document": {"name": "a\\u0000"}}', "document.name"),
        ("/v1/policies", '{"document": {"categories": {"x\\ud800": {}}}}', "document.categories"),
        ("/v1/moderations", '{"input": ["fine", "not\\u0000fine"]}', "input.1"),
        ("/v1/keys", '{"\\u0000": 1}', None),
    ],
)
def test_bad_text_at_any_depth_of_a_json_body_names_its_path(operator, path, body, param):
    response = operator.client.generic("POST", path, body, content_type=JSON)
    error = assert_error(response, 400, "invalid_value")
    assert error["param"] == param


def test_nul_in_a_multipart_text_field_is_a_400(operator):
    image = SimpleUploadedFile("in.png", png(64, 64))
    for fields, param in (({"prompt": "a\x00b"}, "prompt"), ({"expand": "0,0,64,0\x00"}, "expand")):
        response = operator.client.post(
            "/v1/images/edits", {"image": image, "prompt": "x", **fields}, format="multipart"
        )
        assert assert_error(response, 400, "invalid_value")["param"] == param
        image.seek(0)


def test_nul_in_an_idempotency_key_is_a_400(operator, model):
    response = operator.client.generic(
        "POST", "/v1/images/generations", generation("{}"), content_type=JSON, HTTP_IDEMPOTENCY_KEY="k\x00"
    )
    assert assert_error(response, 400, "invalid_value")["param"] == "Idempotency-Key"


def test_the_text_rule():
    assert text_problem("an emoji \U0001f600, an umlaut \u00fc, a tab\t") is None
    assert "NUL character (U+0000)" in text_problem("a\x00")
    assert "lone surrogate (U+DC00)" in text_problem("\udc00")
    with pytest.raises(TextInputError) as caught:
        check_json_text({"a": ["ok", {"b\x00": 1}], "c": "\x00"})
    assert caught.value.param == "a.1"  # the first in document order: a key of the object at a.1
    assert str(caught.value).startswith("A key of a.1 contains a NUL")
    with pytest.raises(TextInputError) as caught:
        check_json_text([[[["\ud800"]]]], param="deep")
    assert caught.value.param == "deep.0.0.0.0"


# JSON depth -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("{}", 1),
        ('{"a": [1, {"b": [[]]}]}', 5),
        ('["[[[[", "\\"[[", {"]]]]": "{{{{"}]', 2),  # brackets inside strings are not structure
        ('["\\\\", [[]]]', 3),  # an escaped backslash ends before the quote
        ('["unterminated [[[[', 1),
        ("[" * 100_000, 100_000),
    ],
)
def test_json_depth_is_counted_outside_strings(text, depth):
    assert parsers.json_depth(text) == depth


def parse(text: str):
    return parsers.JSONParser().parse(io.BytesIO(text.encode()), JSON, {})


def test_the_depth_limit_is_exact():
    limit = parsers.MAX_JSON_DEPTH
    assert parse(nested(limit)) == json.loads(nested(limit))
    with pytest.raises(Exception, match=f"{limit + 1} levels deep; the limit is {limit}") as caught:
        parse(nested(limit + 1))
    assert caught.value.error_code == "invalid_json" and caught.value.param is None


def test_a_json_body_over_the_json_size_limit_is_a_413(operator):
    body = "[" + ",".join(["[]"] * (parsers.MAX_JSON_BYTES // 3 + 1)) + "]"  # shallow, but huge
    response = operator.client.generic("POST", "/v1/keys", body, content_type=JSON)
    assert_error(response, 413, "request_too_large")


def test_unparseable_json_is_still_a_parse_error(operator):
    response = operator.client.generic("POST", "/v1/keys", '{"a": [}', content_type=JSON)
    assert_error(response, 400, "parse_error")
    response = operator.client.generic("POST", "/v1/keys", b"\xff\xfe", content_type=JSON)
    assert_error(response, 400, "parse_error")


# metadata ---------------------------------------------------------------------------------------------


def metadata_errors(metadata):
    data = ImageRequestInput(data={"prompt": "x", "metadata": metadata})
    return None if data.is_valid() else data.errors["metadata"]


def test_metadata_at_the_limits_is_accepted():
    full = {f"{i:02d}".ljust(64, "k"): "v" * 512 for i in range(16)}
    assert metadata_errors(full) is None
    assert metadata_errors({}) is None and metadata_errors({"k": ""}) is None


@pytest.mark.parametrize(
    ("metadata", "param", "says"),
    [
        ({f"k{i}": "v" for i in range(17)}, "metadata", "17 keys; send at most 16"),
        ({"k" * 65: "v"}, "metadata", "65 characters; keys are at most 64"),
        ({"k" * 1_048_576: "v"}, "metadata", "1048576 characters"),
        ({"k": "v" * 513}, "metadata.k", "513 characters; values are at most 512"),
        ({"k": 1}, "metadata.k", "must be a string, not a number"),
        ({"k": True}, "metadata.k", "not a boolean"),
        ({"k": None}, "metadata.k", "not null"),
        ({"k": {"nested": "x"}}, "metadata.k", "not an object"),
        (["k", "v"], "metadata", "must be an object"),
    ],
)
def test_metadata_over_the_limits_is_a_400_naming_the_field(operator, metadata, param, says):
    response = operator.client.post(
        "/v1/images/generations", {"prompt": "x", "metadata": metadata}, format="json"
    )
    error = assert_error(response, 400, "invalid_value")
    assert error["param"] == param and says in error["message"], error
    assert len(error["message"]) < 300  # a 1 MB key is not echoed back


# /v1/verify -------------------------------------------------------------------------------------------


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 130, 140)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def verify_settings(settings, tmp_path):
    settings.ASSAY_C2PA_DEV_CA_DIR = tmp_path / "c2pa-dev-ca"
    settings.ASSAY_C2PA_TRUST_ANCHORS_FILE = None
    settings.ASSAY_VERIFY_MAX_PIXELS = 64 * 64
    return settings


def verify(client, data: bytes):
    return client.post("/v1/verify", {"image": SimpleUploadedFile("i.png", data)}, format="multipart")


def test_anonymous_verify_has_a_smaller_pixel_limit(verify_settings, tenant, key_client):
    assert verify(APIClient(), png(64, 64)).status_code == 200
    error = assert_error(verify(APIClient(), png(65, 64)), 400, "invalid_image")
    assert error["param"] == "image"
    assert "65x64 pixels; without an API key send at most 4,096 pixels" in error["message"]
    keyed = key_client(tenant, "developer").client
    assert verify(keyed, png(65, 64)).status_code == 200


def test_the_default_anonymous_limit_is_4_megapixels(verify_settings):
    del verify_settings.ASSAY_VERIFY_MAX_PIXELS
    # 2001x2000 is over 4,000,000 pixels: refused from its header, before anything is decoded.
    error = assert_error(verify(APIClient(), png(2001, 2000)), 400, "invalid_image")
    assert "send at most 4,000,000 pixels" in error["message"]


def test_no_audit_event_records_refused_text(operator, model):
    before = AuditEvent.objects.count()
    for body, _code, _param in FORMER_500S.values():
        operator.client.generic("POST", "/v1/images/generations", body, content_type=JSON)
    assert AuditEvent.objects.count() == before
