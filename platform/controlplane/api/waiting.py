"""Sync requests that wait for their job without holding a thread.

A view that must wait for a job (a sync image request) returns `AwaitJob`: the job's id and how to
answer once it has settled. `SyncWaitMiddleware` does the waiting: under the ASGI server (production
and `make run`) it awaits the job's announcement on the event loop, so waiting requests use no
worker thread's time and hold no database connection; under WSGI and the test client it blocks the thread.
Then it builds the real answer (in a thread: it reads the database) and carries over the headers the
view set on the placeholder (rate limits).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from asgiref.sync import SyncToAsync, iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.log import log_response
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from controlplane.api.errors import api_exception_handler
from generation.models import TERMINAL_STATUSES, GenerationJob, JobStatus
from generation.settled import await_settled, wait_settled

SETTLED = [*TERMINAL_STATUSES, JobStatus.HELD_FOR_REVIEW]

_HOP_HEADERS = {"content-type", "content-length"}

logger = logging.getLogger(__name__)


class AwaitJob(HttpResponse):
    """A placeholder answer: the middleware replaces it with `answer()` once job `job_id` settled
    (ended, or held for review) or the sync timeout passed. `accepted`: the job as the view admitted
    it, answered with 202 when the database cannot be read for the answer (a failover, a full pool):
    the job exists and is counted, so the client must learn its id, not get a 500 and send it again."""

    def __init__(self, job_id: str, answer: Callable[[], Response], accepted: dict[str, Any]) -> None:
        super().__init__(status=202)
        self.job_id = job_id
        self.answer = answer
        self.accepted = accepted

    def render_answer(self, request: HttpRequest | None = None) -> HttpResponseBase:
        """The answer, with an API error rendered as the error handler renders it everywhere else."""
        try:
            response = self.answer()
        except DatabaseError:
            logger.warning(
                "job %s: the database could not be read for the answer; 202", self.job_id, exc_info=True
            )
            response = Response(self.accepted, status=202)
        except Exception as exc:
            response = api_exception_handler(exc, {})
            if response is None:
                raise
        response.accepted_renderer = JSONRenderer()
        response.accepted_media_type = "application/json"
        response.renderer_context = {}
        response.render()
        for name, value in self.items():
            if name.lower() not in _HOP_HEADERS and name not in response:
                response[name] = value
        if request is not None:
            # Django logged the placeholder (202); the answer's own 4xx/5xx goes to the log as any other.
            log_response(f"{response.reason_phrase}: %s", request.path, response=response, request=request)
        return response


def _is_settled(job_id: str) -> bool:
    """Whether the job settled; False while the database cannot be read (the wait goes on, and its
    answer falls back to 202 if the database is still away at the end)."""
    try:
        return GenerationJob.objects.filter(public_id=job_id, status__in=SETTLED).exists()
    except DatabaseError:
        # No traceback: every waiting request polls, and an outage would flood the log with them.
        logger.warning("job %s: the database could not be read while waiting", job_id)
        return False


def _is_settled_and_let_go(job_id: str) -> bool:
    try:
        return _is_settled(job_id)
    finally:
        close_old_connections()  # a shared pool thread: keep no connection (CONN_MAX_AGE is 0 here)


async def _ais_settled(job_id: str) -> bool:
    # In asgiref's shared pool, not the request's own thread: that was let go for the wait.
    return await sync_to_async(_is_settled_and_let_go, thread_sensitive=False)(job_id)


def _release_request_thread() -> None:
    """Let the request's thread go while it waits. Django's ASGI handler gives each request a thread of
    its own for its synchronous code (asgiref's ThreadSensitiveContext), kept until the request ends;
    a waiting request needs none. The answer's code, after the wait, gets a fresh one, which the
    request's end releases as usual. (asgiref's own bookkeeping: tests/controlplane/test_web_server.py
    counts the web process's threads, so a change there fails a test, not production.)"""
    context = SyncToAsync.thread_sensitive_context.get(None)
    executor = SyncToAsync.context_to_thread_executor.pop(context, None) if context is not None else None
    if executor is not None:
        executor.shutdown(wait=False)


class SyncWaitMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self._acall(request)
        response = self.get_response(request)
        if isinstance(response, AwaitJob):
            timeout = settings.ASSAY_SYNC_TIMEOUT_SECONDS
            wait_settled(response.job_id, lambda: _is_settled(response.job_id), timeout)
            response = response.render_answer(request)
        return response

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        response = await self.get_response(request)
        if isinstance(response, AwaitJob):
            job_id = response.job_id
            # The view's database session goes back now rather than at the end of the request: a
            # thousand waiting requests hold no connection. (Run in this request's own thread, whose
            # connection it is; the thread itself stays parked, idle, until the request ends.)
            await sync_to_async(connections.close_all)()
            _release_request_thread()
            await await_settled(job_id, lambda: _ais_settled(job_id), settings.ASSAY_SYNC_TIMEOUT_SECONDS)
            response = await sync_to_async(response.render_answer)(request)
        return response
