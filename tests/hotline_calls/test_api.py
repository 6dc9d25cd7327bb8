"""The hotline API: join (Idempotency-Key; 201 new, 200 existing), status with place and
honest wait, hang up, request / list / cancel a callback; wrong roles refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from seafarers_home.hotline.actions.queue import do_set_counsellor_state
from seafarers_home.hotline.models import CallbackRequest, HotlineCall
from tests.api.conftest import make_token
from tests.hotline_calls.conftest import connected_call
from tests.personas import give_health_consent

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def api(caller) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(caller)}")


def join(client: Client, key: str, **body) -> object:
    return client.post("/api/v1/hotline/calls", body, content_type=JSON, HTTP_IDEMPOTENCY_KEY=key)


def test_it_joins_once_whatever_the_client_resends(world, api, caller) -> None:
    first = join(api, "k1", anonymous=True)
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "waiting" and body["anonymous"] is True
    assert body["position"] == 1 and body["estimated_wait_seconds"] is None  # nobody on duty
    assert join(api, "k1", anonymous=True).status_code == 200  # the same request again
    again = join(api, "k2")  # a new request while the call is live
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert HotlineCall.objects.filter(seafarer=caller).count() == 1


def test_it_needs_an_idempotency_key(world, api) -> None:
    response = api.post("/api/v1/hotline/calls", {}, content_type=JSON)
    assert response.status_code == 422
    assert not HotlineCall.objects.exists()


def test_it_reads_the_status_and_hangs_up(world, api, caller) -> None:
    do_set_counsellor_state(world.counsellor, "available")
    call_id = join(api, "k1").json()["id"]
    call_command("runperiodic", "--job", "hotline.timers")  # the worker's timers dispatch
    status = api.get(f"/api/v1/hotline/calls/{call_id}").json()
    assert status["status"] == "offered" and status["counsellors_on_duty"] == 1
    assert status["estimated_wait_seconds"] == 0 and status["voice_url"] is None
    hung = api.post(f"/api/v1/hotline/calls/{call_id}/hang-up")
    assert hung.status_code == 200 and hung.json()["status"] == "abandoned"
    assert HotlineCall.objects.get(pk=call_id).offered_to is None


def test_it_gives_the_voice_room_once_connected(world, api, caller) -> None:
    call = connected_call(world, caller)
    body = api.get(f"/api/v1/hotline/calls/{call.pk}").json()
    assert body["status"] == "connected" and body["voice_url"] == f"/hotline/calls/{call.pk}/voice/"


def test_it_requests_lists_and_cancels_a_callback(world, api, caller) -> None:
    start = timezone.now() + timedelta(hours=1)
    payload = {
        "target": "satellite",
        "number": "+870773123456",
        "window_start": start.isoformat(),
        "window_end": (start + timedelta(hours=1)).isoformat(),
    }
    post = lambda: api.post(  # noqa: E731
        "/api/v1/hotline/callbacks", payload, content_type=JSON, HTTP_IDEMPOTENCY_KEY="cb1"
    )
    created = post()
    assert created.status_code == 201 and created.json()["status"] == "scheduled"
    assert post().status_code == 200
    assert CallbackRequest.objects.count() == 1
    listed = api.get("/api/v1/hotline/callbacks").json()
    assert [c["id"] for c in listed] == [created.json()["id"]]
    cancelled = api.post(f"/api/v1/hotline/callbacks/{created.json()['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_it_refuses_a_bad_callback_with_field_errors(world, api) -> None:
    start = timezone.now() + timedelta(hours=1)
    naive = {
        "target": "mobile",
        "number": "13912345678",
        "window_start": start.replace(tzinfo=None).isoformat(),
        "window_end": (start + timedelta(hours=1)).replace(tzinfo=None).isoformat(),
    }
    response = api.post(
        "/api/v1/hotline/callbacks", naive, content_type=JSON, HTTP_IDEMPOTENCY_KEY="x"
    )
    assert response.status_code == 422
    backwards = {**naive, "window_start": start.isoformat(), "window_end": start.isoformat()}
    response = api.post(
        "/api/v1/hotline/callbacks", backwards, content_type=JSON, HTTP_IDEMPOTENCY_KEY="y"
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "window_end" and "结束时间必须晚于开始时间" in detail[0]["msg"]
    assert not CallbackRequest.objects.exists()


def test_it_refuses_wrong_roles_and_other_peoples_calls(world, api, caller) -> None:
    call_id = join(api, "k1").json()["id"]
    counsellor = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.counsellor)}")
    assert join(counsellor, "k9").status_code == 403
    assert counsellor.get(f"/api/v1/hotline/calls/{call_id}").status_code == 403
    give_health_consent(world.seafarer_b)
    other = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.seafarer_b)}")
    assert other.get(f"/api/v1/hotline/calls/{call_id}").status_code == 404
    assert other.post(f"/api/v1/hotline/calls/{call_id}/hang-up").status_code == 404
    assert HotlineCall.objects.get(pk=call_id).status == "waiting"


def test_it_documents_every_operation(world) -> None:
    schema = Client().get("/api/openapi.json").json()
    hotline = {
        (path, method): op
        for path, ops in schema["paths"].items()
        if path.startswith("/api/v1/hotline/")
        for method, op in ops.items()
    }
    assert len(hotline) == 6
    for op in hotline.values():
        assert op["summary"] and op["tags"] == ["hotline"]
    join_op = hotline[("/api/v1/hotline/calls", "post")]
    assert any(p["name"] == "Idempotency-Key" for p in join_op["parameters"])
    assert {"200", "201", "401", "403", "422"} <= set(join_op["responses"])
