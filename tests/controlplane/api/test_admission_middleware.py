"""The middleware on admission's path: `PageMiddleware` runs the page-only middleware (sessions, CSRF,
sign-in, htmx, messages, no framing) for everything but the API, and `ApiBodySizeLimitMiddleware`
answers without a thread; both under the WSGI test client and the ASGI handler."""

from __future__ import annotations

import asyncio

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponseBase
from django.test import AsyncClient, Client
from django.utils.module_loading import import_string

from controlplane.api.middleware import PAGE_MIDDLEWARE
from tests.helpers import assert_error

PAGE = "controlplane.api.middleware.PageMiddleware"


@pytest.fixture
def page_middleware(settings):
    """MIDDLEWARE with PageMiddleware in place of the page-only middleware it runs."""
    listed = [
        name for name in settings.MIDDLEWARE if name not in PAGE_MIDDLEWARE or name == PAGE_MIDDLEWARE[0]
    ]
    settings.MIDDLEWARE = [PAGE if name == PAGE_MIDDLEWARE[0] else name for name in listed]


@pytest.fixture
def sessions_opened(monkeypatch):
    """The paths SessionMiddleware ran for."""
    paths: list[str] = []
    process_request = SessionMiddleware.process_request

    def spy(self, request):
        paths.append(request.path)
        return process_request(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", spy)
    return paths


def test_the_page_middleware_has_no_hook_page_middleware_would_not_forward():
    for path in PAGE_MIDDLEWARE:
        middleware = import_string(path)
        assert not hasattr(middleware, "process_exception"), path
        assert not hasattr(middleware, "process_template_response"), path


@pytest.mark.django_db
@pytest.mark.usefixtures("page_middleware")
def test_api_requests_skip_the_page_middleware_and_pages_keep_it(tenant, key_client, sessions_opened):
    caller = key_client(tenant, "developer")
    api = caller.client.get("/v1/me")
    assert api.status_code == 200 and "X-Frame-Options" not in api and not api.cookies

    page = Client().get("/console/login")
    assert page.status_code == 200 and page["X-Frame-Options"] == "DENY"
    assert "csrftoken" in page.cookies
    assert sessions_opened == ["/console/login"]


@pytest.mark.django_db
@pytest.mark.usefixtures("page_middleware")
def test_pages_still_refuse_a_post_without_the_csrf_token(tenant, make_member):
    make_member(tenant, "admin", "admin@acme.example")
    refused = Client(enforce_csrf_checks=True).post(
        "/console/login", {"username": "admin@acme.example", "password": "whatever"}
    )
    assert refused.status_code == 403


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("page_middleware")
def test_under_asgi_the_api_skips_the_page_middleware_and_pages_keep_csrf(
    tenant, key_client, sessions_opened
):
    caller = key_client(tenant, "developer")

    async def requests() -> None:
        api = await AsyncClient().get("/v1/me", headers={"Authorization": f"Bearer {caller.key}"})
        assert api.status_code == 200 and "X-Frame-Options" not in api
        pages = AsyncClient(enforce_csrf_checks=True)
        page = await pages.get("/console/login")
        assert page.status_code == 200 and page["X-Frame-Options"] == "DENY"
        refused = await pages.post("/console/login", {"username": "a@b.example", "password": "x"})
        assert refused.status_code == 403

    asyncio.run(requests())
    assert sessions_opened == ["/console/login", "/console/login"]


@pytest.mark.django_db(transaction=True)
def test_under_asgi_an_oversized_body_is_refused_in_the_apis_shape(settings):
    settings.ASSAY_MAX_REQUEST_BYTES = 1024

    async def requests() -> tuple[HttpResponseBase, HttpResponseBase]:
        client = AsyncClient()
        api = await client.post("/v1/images/generations", b"x" * 2048, content_type="application/json")
        page = await client.post("/console/verify", b"x" * 2048, content_type="application/octet-stream")
        return api, page

    api, page = asyncio.run(requests())
    assert_error(api, 413)
    assert page.status_code == 413 and "Too large" in page.content.decode()
