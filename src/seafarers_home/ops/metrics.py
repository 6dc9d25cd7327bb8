"""Metrics for a monitoring system, in Prometheus' text format at ``/metrics`` (prometheus_client).

Two kinds of figure:
- **per process**, counted as things happen: HTTP requests by method and status class and their
  duration (``RequestMetricsMiddleware``, first in MIDDLEWARE so that shed 503s count too), open
  WebSockets (core/socket_counter.py). With several server processes set
  ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory, cleared at each start) so that a scrape of
  any one process adds up all of them; without it the figures are this process' own;
- **from the database**, read at each scrape (``DatabaseCollector``): the worker's heartbeat,
  the task queue's lag, unresolved crisis alerts by age and the hotline queue.

The URL answers 404 unless the request carries ``Authorization: Bearer <METRICS_TOKEN>``: the
figures are operational (how many crisis alerts wait, how long), not for the public, and an
unset token switches the endpoint off.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.core.worker_health import worker_status
from seafarers_home.hotline.models import HotlineCall

REQUESTS = Counter(
    "seafarers_http_requests",
    "HTTP requests answered, by method and status class (2xx, 3xx, 4xx, 5xx).",
    ["method", "status"],
)
REQUEST_SECONDS = Histogram(
    "seafarers_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# Unresolved crisis alerts by how long they have waited: upper bounds in seconds and labels.
ALERT_AGE_BUCKETS: tuple[tuple[float, str], ...] = (
    (5 * 60, "under_5m"),
    (15 * 60, "5m_15m"),
    (60 * 60, "15m_1h"),
    (6 * 3600, "1h_6h"),
    (24 * 3600, "6h_24h"),
    (float("inf"), "over_24h"),
)


class RequestMetricsMiddleware:
    """Counts every answer (synchronous, as the whole chain the server builds:
    core/asgi_handler.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        observe(request, response, started)
        return response


def observe(request: HttpRequest, response: HttpResponse, started: float) -> None:
    # Labels from fixed sets only: a client's made-up method must not create a new series.
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(method, f"{response.status_code // 100}xx").inc()
    REQUEST_SECONDS.observe(time.perf_counter() - started)


class DatabaseCollector(Collector):
    """Figures read from the database at scrape time (a few indexed aggregates)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = timezone.now()
        worker = worker_status(now)
        up = GaugeMetricFamily(
            "seafarers_worker_up",
            "1 while the task worker's heartbeat is fresh (see /healthz), else 0.",
        )
        up.add_metric([], 1.0 if worker.healthy else 0.0)
        yield up
        if worker.beat_age_seconds is not None:
            yield GaugeMetricFamily(
                "seafarers_worker_heartbeat_age_seconds",
                "Seconds since the task worker's last heartbeat.",
                value=worker.beat_age_seconds,
            )
        yield GaugeMetricFamily(
            "seafarers_task_queue_lag_seconds",
            "How long the longest-waiting due task has been due (0 when none is).",
            value=worker.oldest_due_age_seconds or 0.0,
        )
        yield GaugeMetricFamily(
            "seafarers_tasks_due", "Tasks due and not yet picked up.", value=worker.due_tasks
        )
        yield alerts_by_age(now)
        yield hotline_queue()


def alerts_by_age(now: Any) -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        "seafarers_crisis_alerts_unresolved",
        "Crisis alerts not yet resolved, by status (open = not acknowledged) and age bucket.",
        labels=["status", "age"],
    )
    counts: dict[tuple[str, str], int] = {
        (status, label): 0
        for status in (CrisisAlert.Status.OPEN, CrisisAlert.Status.ACKNOWLEDGED)
        for _bound, label in ALERT_AGE_BUCKETS
    }
    rows = CrisisAlert.objects.exclude(status=CrisisAlert.Status.RESOLVED).values_list(
        "status", "created_at"
    )
    for status, created_at in rows.iterator():
        age = (now - created_at).total_seconds()
        label = next(label for bound, label in ALERT_AGE_BUCKETS if age < bound)
        counts[(status, label)] = counts.get((status, label), 0) + 1
    for (status, label), count in counts.items():
        family.add_metric([str(status), label], count)
    return family


def hotline_queue() -> GaugeMetricFamily:
    waiting = HotlineCall.objects.filter(
        status__in=[HotlineCall.Status.WAITING, HotlineCall.Status.OFFERED]
    ).count()
    return GaugeMetricFamily(
        "seafarers_hotline_queue_length",
        "Calls waiting for a counsellor (waiting or being offered).",
        value=waiting,
    )


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_registry = CollectorRegistry()
        MultiProcessCollector(process_registry)
    else:
        process_registry = REGISTRY  # ours, plus the process, platform and GC collectors
    database_registry = CollectorRegistry(auto_describe=False)
    database_registry.register(DatabaseCollector())
    return generate_latest(process_registry) + generate_latest(database_registry)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    supplied = request.headers.get("Authorization", "")
    if not token or not constant_time_compare(supplied, f"Bearer {token}"):
        raise Http404
    # The classic text format (0.0.4), which every Prometheus version and most agents read.
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_PLAIN_0_0_4)
