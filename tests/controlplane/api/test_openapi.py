"""/v1/openapi.json describes the whole API, and the generated schema validates without warnings."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_is_served_and_covers_every_endpoint():
    response = Client().get("/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path, method in [
        ("/v1/images/generations", "post"), ("/v1/images/edits", "post"), ("/v1/jobs/{job_id}", "get"),
        ("/v1/jobs/{job_id}/cancel", "post"), ("/v1/images/{image_id}", "get"),
        ("/v1/images/{image_id}/content", "get"), ("/v1/models", "get"), ("/v1/keys", "post"),
        ("/v1/members/{member_id}", "patch"), ("/v1/audit/events", "get"), ("/v1/audit/export", "get"),
    ]:  # fmt: skip
        assert method in paths[path], path
    generation = paths["/v1/images/generations"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    fields = schema["components"]["schemas"][generation["$ref"].rsplit("/", 1)[1]]["properties"]
    assert {"prompt", "n", "size", "seed", "steps", "async", "webhook_url"} <= set(fields)
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An Assay API key: ask_<prefix>_<secret>",
    }


def test_schema_generation_has_no_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO())


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_error_status_is_declared_with_the_one_error_shape():
    schema = Client().get("/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/Error"}
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        label = f"{method.upper()} {path}"
        for status, response in responses.items():
            if int(status) >= 400:
                assert response["content"] == {"application/json": {"schema": error}}, (label, status)
                assert response["description"], (label, status)
        expected = {"406", "500"}
        if not path.startswith("/v1/verify"):  # public: no tenant, no path or query rules
            expected |= {"400", "401", "403"}  # a key that does not work or lacks the scope; text rules
        if "{" in path:
            expected.add("404")
        if "requestBody" in operation:
            expected |= {"400", "413", "415"}
        assert expected <= set(responses), (label, sorted(expected - set(responses)))
    paths = schema["paths"]
    assert {"200", "202", "404", "409", "502", "503", "504"} <= set(
        paths["/v1/images/generations"]["post"]["responses"]
    )
    assert "409" in paths["/v1/jobs/{job_id}/cancel"]["post"]["responses"]
    assert "410" in paths["/v1/quarantine/images/{image_id}/content"]["get"]["responses"]
    # Revoking a key answers the revoked key; removing a member answers nothing.
    assert "200" in paths["/v1/keys/{key_id}"]["delete"]["responses"]
    assert "204" in paths["/v1/members/{member_id}"]["delete"]["responses"]


def test_the_error_schema_describes_what_the_api_answers():
    import jsonschema

    from controlplane.api.errors import error_body

    schema = Client().get("/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    detail = dict(components["ErrorDetail"])
    detail["properties"] = {
        name: components[prop["$ref"].rsplit("/", 1)[1]] if "$ref" in prop else prop
        for name, prop in detail["properties"].items()
    }
    for name in ("code", "param"):  # OpenAPI 3.0's `nullable` in JSON Schema
        detail["properties"][name] = {"type": ["string", "null"]}
    error = {**components["Error"], "properties": {"error": detail}}
    for status in (400, 401, 403, 404, 409, 413, 500, 503):
        jsonschema.validate(error_body(status, "message", code="some_code", param=None), error)
    jsonschema.validate(error_body(400, "n: too big", code="invalid_value", param="n"), error)


def test_request_rules_the_validators_apply_are_stated():
    schema = Client().get("/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    # Optional audit filters sent empty are read as not sent.
    for parameter in schema["paths"]["/v1/audit/export"]["get"]["parameters"]:
        assert parameter["allowEmptyValue"] is True, parameter["name"]
    # A PATCH body is validated whole, and JSON bodies are documented as JSON only.
    patch = schema["paths"]["/v1/members/{member_id}"]["patch"]["requestBody"]
    assert list(patch["content"]) == ["application/json"]
    assert components["MembershipUpdateRequest"]["required"] == ["role"]
    # Text is stripped before it is validated: spaces only are blank.
    generation = components["ImageRequestInputRequest"]["properties"]
    assert re.search(generation["prompt"]["pattern"], "a prompt")
    assert not re.search(generation["prompt"]["pattern"], " \t\x1f\u3000")
    assert components["ApiKeyCreateRequest"]["properties"]["scopes"]["minItems"] == 1
    edit = components["ImageEditRequestRequest"]["properties"]
    assert edit["strength"]["exclusiveMinimum"] is True
    for expand, valid in [
        ("0,0,128,0", True),
        ("[8,16,24,1000]", True),
        ("0,0,0,0", False),
        ("4,0,0,0", False),
    ]:
        assert bool(re.search(edit["expand"]["pattern"], expand)) is valid, expand
