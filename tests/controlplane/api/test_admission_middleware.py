"""The body-size middleware on admission's path answers on the event loop, without a thread: under the
ASGI handler an oversized body is refused in the API's shape and the console's."""

from __future__ import annotations

import asyncio

import pytest
from django.http import HttpResponseBase
from django.test import AsyncClient

from tests.helpers import assert_error


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
