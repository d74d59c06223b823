"""The brokers' transports: kombu's own, with two changes.

Redis (production's): kombu's channel makes a new Redis client for every message it publishes, which
copies redis-py's table of some 170 response callbacks each time (0.17 ms; two per task published, with
the task-sent event). This channel keeps one client per connection pool instead: redis-py's clients
are thread-safe, and each command takes a connection from the pool as before.

The embedded default's: kombu's file-system transport, with every message written whole.

kombu's own `_put` writes the message file in place, and a consumer listing the folder at that moment
moves and reads a half-written file: `JSONDecodeError`, and the worker dies (measured: 20 concurrent
requests killed it). Here a message is written under a name no consumer looks at, then renamed into
the queue (`os.replace` is atomic on one file system), so a consumer sees a message whole or not at all.

A message a worker took is held only in that worker's memory until acknowledged, so `kill -9` loses it;
the job reconciler (`generation.reconciler`) re-enqueues such jobs.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.transport import redis as kombu_redis
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # A leading dot and no ".<queue>.msg" ending: `_get`, `_size` and `_purge` never match it.
        partial = os.path.join(self.data_folder_out, f".partial-{uuid.uuid4()}")
        try:
            with open(partial, "wb") as handle:
                handle.write(dumps(payload).encode())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


class RedisChannel(kombu_redis.Channel):
    _shared_client: Any = None  # redis.Redis on `self.pool`, made on first use

    @contextmanager
    def conn_or_acquire(self, client: Any = None) -> Iterator[Any]:
        if client:
            yield client
            return
        pool = self.pool  # a new one after the connection was lost: then a new client too
        if self._shared_client is None or self._shared_client.connection_pool is not pool:
            self._shared_client = self._create_client()
        yield self._shared_client


class RedisTransport(kombu_redis.Transport):
    Channel = RedisChannel


def register() -> None:
    """Make `filesystem://` and `redis://` (`rediss://`) mean these transports in every process that
    loads the Celery app."""
    TRANSPORT_ALIASES["filesystem"] = "controlplane.broker:Transport"
    TRANSPORT_ALIASES["redis"] = TRANSPORT_ALIASES["rediss"] = "controlplane.broker:RedisTransport"
