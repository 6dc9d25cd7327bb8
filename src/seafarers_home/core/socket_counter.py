"""Open WebSocket connections, for the metrics (core/metrics.py): each consumer calls
``opened(self)`` once it has accepted and ``closed(self)`` on disconnect, one line each.

Counting per consumer object (not per call) keeps the gauge right when a socket is refused
before accepting or disconnect runs twice: only a counted socket is uncounted. With several
server processes (PROMETHEUS_MULTIPROC_DIR set), the scrape adds up the live processes' counts.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Gauge

CONNECTIONS = Gauge(
    "seafarers_websocket_connections",
    "Open WebSocket connections, by socket (notifications, alerts, consultation, hotline).",
    ["socket"],
    multiprocess_mode="livesum",
)
_COUNTED = "_socket_counter_kind"


def kind_of(consumer: Any) -> str:
    """notifications / alerts / consultation / hotline: the consumer's module, not its path,
    so that a label never carries an id."""
    module = type(consumer).__module__.split(".")
    app = module[-2] if len(module) >= 2 else module[-1]
    return {"core": "notifications", "consultations": "consultation"}.get(app, app)


def opened(consumer: Any) -> None:
    if getattr(consumer, _COUNTED, None) is None:
        kind = kind_of(consumer)
        setattr(consumer, _COUNTED, kind)
        CONNECTIONS.labels(kind).inc()


def closed(consumer: Any) -> None:
    kind = getattr(consumer, _COUNTED, None)
    if kind is not None:
        setattr(consumer, _COUNTED, None)
        CONNECTIONS.labels(kind).dec()
