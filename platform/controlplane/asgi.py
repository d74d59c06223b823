"""ASGI entry point: the web server (`assay web`: gunicorn with uvicorn workers) serves this.

Django's ASGI handler runs each synchronous middleware method in the request's thread, one hop from
the event loop to that thread and back per method: on an image request 17 hops (SecurityMiddleware,
the sessions, CSRF, messages, ... each on the way in and out), a fifth of the web process's CPU per
submission (bench/admission_profile.py). `Handler` keeps on the loop only the middleware that must
be there, those down to `SyncWaitMiddleware` (it awaits a sync request's job without a thread), and
runs the ones below it and the view as Django's WSGI handler does: synchronously, in one hop to the
request's thread. Each middleware runs the same code in the same order, in the same thread as before.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("ASSAY_ASGI", "1")  # read by the settings: no persistent database connections

# Django after the environment it reads.
import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response
from django.utils.module_loading import import_string

# The middleware that awaits on the event loop; everything below it runs in the request's thread.
LAST_ON_LOOP = "controlplane.api.waiting.SyncWaitMiddleware"


class Handler(ASGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        """Django's `BaseHandler.load_middleware`, except that the middleware below LAST_ON_LOOP and
        the view are one synchronous chain (`_get_response`, as under WSGI) adapted to the loop once.
        Without LAST_ON_LOOP in MIDDLEWARE, Django's own."""
        if not is_async or LAST_ON_LOOP not in settings.MIDDLEWARE:
            super().load_middleware(is_async)
            return
        on_loop = settings.MIDDLEWARE.index(LAST_ON_LOOP) + 1
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler: Callable[..., Any] = convert_exception_to_response(self._get_response)
        handler_is_async = False
        for index in reversed(range(len(settings.MIDDLEWARE))):
            path = settings.MIDDLEWARE[index]
            middleware = import_string(path)
            can_sync = getattr(middleware, "sync_capable", True)
            can_async = getattr(middleware, "async_capable", False)
            if not can_sync and not can_async:
                raise RuntimeError(
                    f"Middleware {path} must have at least one of sync_capable/async_capable set."
                )
            # On the loop: async whenever it can be (as Django builds it); below: sync whenever it can be.
            middleware_is_async = can_async if index < on_loop else not can_sync
            adapted = self.adapt_method_mode(
                middleware_is_async,
                handler,
                handler_is_async,
                debug=settings.DEBUG,
                name=f"middleware {path}",
            )
            try:
                instance = middleware(adapted)
            except MiddlewareNotUsed:
                continue
            if instance is None:
                raise ImproperlyConfigured(f"Middleware factory {path} returned None.")
            # `_get_response` is synchronous: it calls these hooks in the request's thread.
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, self.adapt_method_mode(False, instance.process_view))
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(
                    self.adapt_method_mode(False, instance.process_template_response)
                )
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(self.adapt_method_mode(False, instance.process_exception))
            handler = convert_exception_to_response(instance)
            handler_is_async = middleware_is_async
        self._middleware_chain = self.adapt_method_mode(True, handler, handler_is_async)


def get_asgi_application() -> Handler:
    """Django's `get_asgi_application`, with this module's handler."""
    django.setup(set_prefix=False)
    return Handler()


# Static files (WhiteNoise) are file iterators, which Django's ASGI handler reads in a thread, as it
# should; its warning about it would fill the log with one line per stylesheet.
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")


def size_limited(handler: Handler) -> Callable[..., Any]:
    """The handler behind `RequestSizeLimit`: Django reads a body whole, to disk, before any middleware
    could refuse it, so the limit is kept outside Django (imported after `django.setup`: DRF)."""
    from controlplane.api.middleware import RequestSizeLimit

    return RequestSizeLimit(handler)


application = size_limited(get_asgi_application())
