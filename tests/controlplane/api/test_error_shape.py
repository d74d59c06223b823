"""One JSON error shape for every failure of the API, 400 to 500."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.helpers import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tenant, key_client):
    return key_client(tenant, "admin")


def test_400_names_the_field(admin):
    error = assert_error(
        admin.client.post("/v1/keys", {"scopes": ["images:read"]}, format="json"), 400, "invalid_value"
    )
    assert error["param"] == "name"
    assert error["type"] == "invalid_request_error"
    error = assert_error(admin.client.post("/v1/keys", {"name": "x", "scopes": ["nope"]}, format="json"), 400)
    assert error["code"] == "invalid_scopes" and "nope" in error["message"]


def test_400_on_unparseable_json(admin):
    response = admin.client.generic("POST", "/v1/keys", "{not json", content_type="application/json")
    assert "JSON" in assert_error(response, 400, "parse_error")["message"]


def test_400_for_a_host_this_server_does_not_answer_for(admin, settings):
    """Django refuses it before any view: in the one error shape under /v1/, without naming settings."""
    settings.ALLOWED_HOSTS = ["assay.example.com"]
    response = admin.client.post("/v1/images/generations", {}, format="json", HTTP_HOST="evil.example")
    error = assert_error(response, 400, "bad_request")
    assert "Host header" in error["message"] and "ALLOWED_HOSTS" not in error["message"]
    assert Client(HTTP_HOST="evil.example").get("/console/").status_code == 400  # the console: HTML


def test_401(db):
    assert_error(Client().get("/v1/keys"), 401, "missing_api_key")


def test_403(tenant, key_client):
    assert_error(key_client(tenant, "reviewer").client.post("/v1/keys", {"name": "x"}, format="json"), 403)


def test_404_unknown_url_and_unknown_object(admin):
    error = assert_error(admin.client.get("/v1/no-such-thing"), 404, "unknown_url")
    assert "/v1/no-such-thing" in error["message"]
    assert_error(admin.client.get("/v1/keys/not-a-uuid"), 404, "not_found")


def test_405(admin):
    error = assert_error(admin.client.put("/v1/keys", {}, format="json"), 405, "method_not_allowed")
    assert "PUT" in error["message"]


@override_settings(ASSAY_MAX_REQUEST_BYTES=2048)
def test_413(admin):
    response = admin.client.post("/v1/keys", {"name": "x" * 5000}, format="json")
    error = assert_error(response, 413, "request_too_large")
    assert "2048" in error["message"]


def test_415(admin):
    response = admin.client.generic("POST", "/v1/keys", "name=x", content_type="text/csv")
    assert "text/csv" in assert_error(response, 415, "unsupported_media_type")["message"]


@override_settings(ROOT_URLCONF="tests.controlplane.api.error_urls")
def test_429(admin):
    response = admin.client.get("/v1/test/throttled")
    assert assert_error(response, 429, "throttled")["type"] == "rate_limit_error"
    assert response["Retry-After"] == "7"


@override_settings(ROOT_URLCONF="tests.controlplane.api.error_urls")
def test_500_inside_and_outside_drf(admin):
    error = assert_error(admin.client.get("/v1/test/crash"), 500, "server_error")
    assert "boom" not in error["message"]  # internals are logged, never sent
    plain = Client(raise_request_exception=False).get("/v1/test/plain-crash")
    assert_error(plain, 500, "server_error")
