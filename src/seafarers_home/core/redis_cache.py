"""Django's Redis cache with one connection pool per process instead of one per thread.

Django keeps a cache object per thread, and each builds its own redis-py connection pool. On
the ASGI server every request runs in a thread of its own, so every request opened a new
connection to Redis — a TCP connect and redis-py's hand-shake commands, each a round trip that
waits for the GIL behind the other requests' threads — and closed it again; the load test's
samples showed requests waiting there (issue 20 item 8). Here the client, and with it the
pool, is shared by every thread of the process (redis-py's pool is thread-safe); its size is
the OPTIONS' ``max_connections`` (a pool that is full makes the caller wait, not fail).
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

_clients: dict[tuple[Any, ...], RedisCacheClient] = {}
_clients_lock = threading.Lock()


class SharedPoolRedisCache(RedisCache):
    @cached_property
    def _cache(self) -> RedisCacheClient:
        key = (tuple(self._servers), tuple(sorted((k, repr(v)) for k, v in self._options.items())))
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = self._class(self._servers, **self._options)
        return client
