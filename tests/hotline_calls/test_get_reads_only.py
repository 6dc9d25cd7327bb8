"""No GET writes (issue 17 item 7, issue 20 item 3): the console, the caller's page and the
API's call status only read — no INSERT, UPDATE or DELETE in the SQL a load runs — and the
queue still moves, through the worker's periodic job ``hotline.timers``."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from seafarers_home.hotline.actions.queue import do_join_queue
from seafarers_home.hotline.models import CallOffer, CounsellorState, HotlineCall
from tests.api.conftest import make_token
from tests.hotline_calls.conftest import offered_call
from tests.queries import writes_during


def test_the_console_and_the_callers_page_do_not_run_the_timers(
    world, caller, seafarer_client, counsellor_client
):
    call = offered_call(world, caller)
    # The offer ran out and the caller has waited past the no-answer time: due work.
    HotlineCall.objects.filter(pk=call.pk).update(
        offer_expires_at=timezone.now() - timedelta(seconds=1),
        queued_at=timezone.now() - timedelta(minutes=1),
    )
    seen_before = CounsellorState.objects.get(user=world.counsellor).last_seen_at

    assert writes_during(lambda: counsellor_client.get("/hotline/console/")) == []
    assert writes_during(lambda: seafarer_client.get("/hotline/")) == []
    call.refresh_from_db()
    assert call.status == "offered"  # the pages left the timers to the worker
    assert CounsellorState.objects.get(user=world.counsellor).last_seen_at == seen_before

    call_command("runperiodic", "--job", "hotline.timers")

    call.refresh_from_db()
    assert call.status == "waiting"
    assert CallOffer.objects.get(call=call).outcome == "timed_out"
    assert CounsellorState.objects.get(user=world.counsellor).state == "away"


def test_the_api_call_status_only_reads(world, caller):
    call = do_join_queue(caller)
    HotlineCall.objects.filter(pk=call.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(caller)}")

    assert writes_during(lambda: client.get(f"/api/v1/hotline/calls/{call.pk}")) == []
    call.refresh_from_db()
    assert call.status == "waiting"

    call_command("runperiodic", "--job", "hotline.timers")
    call.refresh_from_db()
    assert call.status == "callback_offered"


def test_a_counsellor_without_a_state_row_sees_the_console_without_one_being_made(
    world, counsellor_client
):
    CounsellorState.objects.filter(user=world.counsellor).delete()
    assert writes_during(lambda: counsellor_client.get("/hotline/console/")) == []
    assert not CounsellorState.objects.filter(user=world.counsellor).exists()


def test_the_console_heartbeat_is_a_post(world, caller, counsellor_client):
    offered_call(world, caller)
    CounsellorState.objects.filter(user=world.counsellor).update(
        last_seen_at=timezone.now() - timedelta(minutes=5)
    )
    assert counsellor_client.get("/hotline/console/heartbeat/").status_code == 405
    assert counsellor_client.post("/hotline/console/heartbeat/").status_code == 204
    seen = CounsellorState.objects.get(user=world.counsellor).last_seen_at
    assert seen > timezone.now() - timedelta(seconds=10)


def test_the_voice_page_only_reads(world, caller, seafarer_client, counsellor_client):
    from tests.hotline_calls.conftest import connected_call

    call = connected_call(world, caller)
    url = f"/hotline/calls/{call.pk}/voice/"
    assert writes_during(lambda: counsellor_client.get(url)) == []
    assert writes_during(lambda: seafarer_client.get(url)) == []
