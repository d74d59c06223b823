"""ASGI entry point: the web server (`assay web`: gunicorn with uvicorn workers) serves this.

Django's ASGI handler runs each synchronous middleware method in the request's thread, one hop from
the event loop to that thread and back per method: on an image request 17 hops (SecurityMiddleware,
the sessions, CSRF, messages, ... each on the way in and out), a fifth of the web process's CPU per
submission (bench/admission_profile.py). `Handler` keeps on the loop only the middleware that must
be there, those down to `SyncWaitMiddleware` (it awaits a sync request's job without a thread), and
runs the ones below it and the view as Django's WSGI handler does: synchronously, in one hop to the
request's thread. Each middleware runs the same code in the same order, in the same thread as before.

Django's handler also gives each request a thread of its own (asgiref's `ThreadSensitiveContext`: a
new single-thread executor, its thread started on the first hop and joined at the end), so everything
a thread keeps was built again per request: the thread itself, Django's connection wrapper, Celery's
per-thread result backend. `Handler` takes each request's thread from `ThreadLanes` instead: still
one thread per request in flight, used by that request alone (what thread-sensitive code relies on),
but kept for the next request when this one ends, as WSGI's thread pools do. The database connection
is still closed at the end of every request (`request_finished`), so no session state outlives one.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "controlplane.settings")
os.environ.setdefault("ASSAY_ASGI", "1")  # read by the settings: no persistent database connections

# Django after the environment it reads.
import django
from asgiref.sync import SyncToAsync, ThreadSensitiveContext
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response
from django.utils.module_loading import import_string

# The middleware that awaits on the event loop; everything below it runs in the request's thread.
LAST_ON_LOOP = "controlplane.api.waiting.SyncWaitMiddleware"


class ThreadLanes:
    """Single-thread executors, one per request in flight, kept for reuse when their request ends.

    As many as requests run at once (no cap: a cap would queue requests that Django today serves at
    once); at most `keep` idle ones are kept, the most recently used first (its thread is warm)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.idle: list[ThreadPoolExecutor] = []

    def take(self) -> ThreadPoolExecutor:
        return self.idle.pop() if self.idle else ThreadPoolExecutor(max_workers=1)

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        if len(self.idle) < self.keep:
            self.idle.append(executor)
        else:
            executor.shutdown(wait=False)  # its thread ends once idle; the loop does not wait for it


class RequestThread(ThreadSensitiveContext):
    """A request's thread-sensitive context on an executor from `lanes`, given back when it ends.

    If the request let its thread go meanwhile (a sync request's wait, `api.waiting`, shuts it down),
    asgiref made a new one for what ran after; that one, which no one else owns, is shut down here."""

    def __init__(self, lanes: ThreadLanes) -> None:
        self.lanes = lanes
        super().__init__(executor=lanes.take())

    async def __aexit__(self, *exc: object) -> None:
        current = SyncToAsync.context_to_thread_executor.get(self)
        await super().__aexit__(*exc)
        if current is self._executor:
            self.lanes.give_back(current)
        elif current is not None:
            current.shutdown(wait=False)


class Handler(ASGIHandler):
    # Idle request threads kept per web process: about as many requests as one process has in flight
    # under load (bench/admission.py: 32 closed-loop users on 2 processes). A request waiting for its
    # job holds none (api.waiting lets its thread go).
    IDLE_THREADS = 16

    def __init__(self) -> None:
        self.lanes = ThreadLanes(self.IDLE_THREADS)
        super().__init__()

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        """Django's, with the request's thread from `self.lanes`."""
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        async with RequestThread(self.lanes):
            await self.handle(scope, receive, send)

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

application = get_asgi_application()
