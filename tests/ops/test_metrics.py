"""/metrics: Prometheus text for a monitoring system, behind a bearer token (404 without)."""

from __future__ import annotations

import datetime

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.raising import do_acknowledge_alert, do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.core.models import WorkerHeartbeat
from seafarers_home.core.worker_health import worker_heartbeat
from seafarers_home.hotline.actions.queue import do_join_queue
from tests.ops.conftest import WebsocketCommunicator
from tests.ops.test_consumers import HEADERS, PATH, session_headers
from tests.personas import login

TOKEN = "metrics-token-for-tests-7Hq2"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN


def scrape(client: Client | None = None) -> dict[tuple[str, tuple], float]:
    response = (client or Client()).get("/metrics", **AUTH)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_it_answers_404_without_the_token(db, settings, world):
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404

    settings.METRICS_TOKEN = TOKEN
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 404
    # A signed-in administrator is no monitoring system either.
    assert login(Client(), world.admin).get("/metrics").status_code == 404
    assert Client().get("/metrics", **AUTH).status_code == 200


def test_it_counts_requests(db, token):
    before = scrape()
    client = Client()
    for _ in range(3):
        assert client.get("/help/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    after = scrape()
    name = "seafarers_http_requests_total"
    # The three pages and the first scrape itself (counted once it had answered).
    assert value(after, name, method="GET", status="2xx") - value(
        before, name, method="GET", status="2xx"
    ) == pytest.approx(4)
    assert value(after, name, method="GET", status="4xx") - value(
        before, name, method="GET", status="4xx"
    ) == pytest.approx(1)
    assert value(after, "seafarers_http_request_duration_seconds_count") > value(
        before, "seafarers_http_request_duration_seconds_count"
    )


def test_it_reports_the_worker_and_the_task_queue(db, token, settings):
    settings.WORKER_SILENT_SECONDS = 120
    samples = scrape()
    assert value(samples, "seafarers_worker_up") == 1  # nothing due, nothing undone yet
    assert ("seafarers_worker_heartbeat_age_seconds", ()) not in samples

    WorkerHeartbeat.objects.create(
        queue="default", beat_at=timezone.now() - datetime.timedelta(seconds=30)
    )
    worker_heartbeat.using(run_after=timezone.now() - datetime.timedelta(seconds=90)).enqueue()
    samples = scrape()
    assert value(samples, "seafarers_worker_up") == 1
    assert 29 < value(samples, "seafarers_worker_heartbeat_age_seconds") < 60
    assert 89 < value(samples, "seafarers_task_queue_lag_seconds") < 120
    assert value(samples, "seafarers_tasks_due") == 1

    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(minutes=10))
    assert value(scrape(), "seafarers_worker_up") == 0


def test_it_counts_unresolved_alerts_by_age_and_the_hotline_queue(world, token):
    def alert(minutes_ago: int) -> CrisisAlert:
        raised = do_raise_crisis_alert(world.seafarer, source="self", source_id="m", reason="test")
        CrisisAlert.objects.filter(pk=raised.pk).update(
            created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
        )
        return raised

    alert(1)
    alert(20)
    alert(25)
    acknowledged = alert(3 * 60)
    do_acknowledge_alert(acknowledged, world.clinician)
    resolved = alert(2)
    CrisisAlert.objects.filter(pk=resolved.pk).update(status=CrisisAlert.Status.RESOLVED)
    do_join_queue(world.seafarer)

    samples = scrape()
    name = "seafarers_crisis_alerts_unresolved"
    assert value(samples, name, status="open", age="under_5m") == 1  # the resolved one is out
    assert value(samples, name, status="open", age="15m_1h") == 2
    assert value(samples, name, status="acknowledged", age="1h_6h") == 1
    assert value(samples, name, status="open", age="over_24h") == 0
    assert sum(v for (n, _labels), v in samples.items() if n == name) == 4
    assert value(samples, "seafarers_hotline_queue_length") == 1


def test_it_counts_open_websockets(token, transactional_db):
    from seafarers_home.asgi import application

    user = User.objects.create_user("13900000002", "Haiyuan-2026!", display_name="王海")
    headers = session_headers(user)
    name = "seafarers_websocket_connections"

    async def scenario() -> list[float]:
        seen = [value(await sync_to_async(scrape)(), name, socket="notifications")]
        sockets = [WebsocketCommunicator(application, PATH, headers=headers) for _ in range(2)]
        for socket in sockets:
            assert (await socket.connect())[0]
        seen.append(value(await sync_to_async(scrape)(), name, socket="notifications"))
        await sockets[0].disconnect()
        seen.append(value(await sync_to_async(scrape)(), name, socket="notifications"))
        await sockets[1].disconnect()
        seen.append(value(await sync_to_async(scrape)(), name, socket="notifications"))
        # A refused socket (no session) is never counted.
        refused = WebsocketCommunicator(application, PATH, headers=HEADERS)
        assert not (await refused.connect())[0]
        await refused.disconnect()
        seen.append(value(await sync_to_async(scrape)(), name, socket="notifications"))
        return seen

    base, two, one, none, still_none = async_to_sync(scenario)()
    assert (two, one, none, still_none) == (base + 2, base + 1, base, base)
