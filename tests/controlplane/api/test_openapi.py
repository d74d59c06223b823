"""/v1/openapi.json describes the whole API, and the generated schema validates without warnings."""

from __future__ import annotations

import io

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
