"""Django's Redis cache with one connection pool per process instead of one per thread.

Django keeps a cache object per thread, and each builds its own redis-py connection pool. On
the ASGI server every request runs in a thread of its own, so every request opened a new
connection to Redis — a TCP connect and redis-py's hand-shake commands, each a round trip that
waits for the GIL behind the other requests' threads — and closed it again; the load test's
samples showed requests waiting there (issue 20 item 8). Here the client, and with it the
pool, is shared by every thread of the process (redis-py's pool is thread-safe): at most one
connection per request in flight, each reused.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

_clients: dict[tuple[str, ...], RedisCacheClient] = {}
_clients_lock = threading.Lock()


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # As RedisCache reads them (its own attributes are private to it).
        self.shared_servers = re.split("[;,]", server) if isinstance(server, str) else server
        self.shared_options = dict(params.get("OPTIONS", {}))

    @cached_property
    def _cache(self) -> RedisCacheClient:
        key = (*self.shared_servers, repr(sorted(self.shared_options.items())))
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = RedisCacheClient(self.shared_servers, **self.shared_options)
                _clients[key] = client
        return client
