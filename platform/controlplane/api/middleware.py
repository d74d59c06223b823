from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.html import escape
from django.utils.module_loading import import_string

from controlplane.api.errors import too_large_body

GetResponse = Callable[[HttpRequest], HttpResponseBase | Awaitable[HttpResponseBase]]


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/v1/")


async def _answered(response: HttpResponseBase) -> HttpResponseBase:
    return response


class ApiBodySizeLimitMiddleware:
    """Refuse oversized API and console bodies (ASSAY_MAX_REQUEST_BYTES) with 413 before anything reads
    them (Django's own check says 400, and does not count uploaded files). The API answers in its error
    shape; the console, whose uploads (verify) would otherwise spool to disk, in a plain page.
    Sync and async capable, and it only reads a header: under the ASGI server it runs on the event loop
    (a sync middleware would cost every request a hop to a thread and back)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        refusal = self._refusal(request)
        if refusal is None:
            return self.get_response(request)
        return _answered(refusal) if iscoroutinefunction(self) else refusal

    @staticmethod
    def _refusal(request: HttpRequest) -> HttpResponse | None:
        api = is_api(request)
        if not api and not request.path.startswith("/console/"):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= settings.ASSAY_MAX_REQUEST_BYTES:
            return None
        if api:
            return JsonResponse(too_large_body(), status=413)
        message = too_large_body()["error"]["message"]
        return HttpResponse(f"<!doctype html><title>Too large</title><p>{escape(message)}</p>", status=413)


# What only people's pages need, in the order they run: the console's and Django admin's sign-in
# (sessions, CSRF, the signed-in user, htmx, flash messages, no framing). API requests carry a key, are
# exempt from CSRF and have no session, messages or frames, so they skip it all. Under the ASGI server
# each of these sync middleware's hooks is a hop to a thread and back: skipping them takes 10 of the 18
# hops of an API request (bench/admission_profile.py).
PAGE_MIDDLEWARE = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)

ViewHook = Callable[
    [HttpRequest, Callable[..., Any], tuple[Any, ...], dict[str, Any]], HttpResponseBase | None
]


class PageMiddleware:
    """Runs PAGE_MIDDLEWARE, as if listed in its place in MIDDLEWARE, for every request but the API's.

    Their `process_view` hooks (CSRF's check) run through this class's own, which Django calls as it
    would theirs; none of them has other hooks (`process_exception`, `process_template_response`).
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        pages: GetResponse = get_response
        self._view_hooks: list[ViewHook] = []
        for path in reversed(PAGE_MIDDLEWARE):
            middleware = import_string(path)(pages)
            if hasattr(middleware, "process_view"):
                self._view_hooks.insert(0, middleware.process_view)
            pages = middleware
        self.pages = pages
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)
            self.process_view = self._aprocess_view
        else:
            self.process_view = self._process_view

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        return self.get_response(request) if is_api(request) else self.pages(request)

    def _process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponseBase | None:
        if is_api(request):
            return None
        for hook in self._view_hooks:
            response = hook(request, view, args, kwargs)
            if response is not None:
                return response
        return None

    async def _aprocess_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponseBase | None:
        if is_api(request):
            return None
        for hook in self._view_hooks:
            response = await sync_to_async(hook, thread_sensitive=True)(request, view, args, kwargs)
            if response is not None:
                return response
        return None
