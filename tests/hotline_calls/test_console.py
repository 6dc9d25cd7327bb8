"""The counsellor's console: state, offers (accept / decline), the current call, ending it,
a queued callback's number and outcome, records and follow-ups; wrong roles refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from seafarers_home.hotline.actions.callbacks import do_request_callback, queue_due_callbacks
from seafarers_home.hotline.actions.queue import dispatch_calls, do_join_queue
from seafarers_home.hotline.models import (
    CallRecord,
    CounsellorState,
    HotlineCall,
    HotlineFollowUp,
)
from tests.hotline_calls.conftest import connected_call, offered_call
from tests.personas import login

pytestmark = pytest.mark.django_db


def test_it_sets_the_counsellor_available_and_away(world, counsellor_client) -> None:
    counsellor_client.post("/hotline/console/state/", {"state": "available"})
    state = CounsellorState.objects.get(user=world.counsellor)
    assert state.state == "available" and state.available_since is not None
    page = counsellor_client.get("/hotline/console/").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    counsellor_client.post("/hotline/console/state/", {"state": "away"})
    assert CounsellorState.objects.get(user=world.counsellor).state == "away"
    counsellor_client.post("/hotline/console/state/", {"state": "busy"})  # not a choice
    assert CounsellorState.objects.get(user=world.counsellor).state == "away"


def test_the_open_console_posts_the_heartbeat_and_a_load_writes_nothing(
    world, counsellor_client
) -> None:
    counsellor_client.post("/hotline/console/state/", {"state": "available"})
    old = timezone.now() - timedelta(minutes=10)
    CounsellorState.objects.filter(user=world.counsellor).update(last_seen_at=old)
    page = counsellor_client.get("/hotline/console/").content.decode()
    assert CounsellorState.objects.get(user=world.counsellor).last_seen_at == old
    assert 'data-heartbeat-url="/hotline/console/heartbeat/"' in page
    assert counsellor_client.post("/hotline/console/heartbeat/").status_code == 204
    assert CounsellorState.objects.get(user=world.counsellor).last_seen_at > old


def test_it_offers_accepts_and_opens_the_voice_room(world, caller, counsellor_client) -> None:
    call = offered_call(world, caller)
    page = counsellor_client.get("/hotline/console/").content.decode()
    assert f'action="/hotline/calls/{call.pk}/accept/"' in page and "王海" in page
    response = counsellor_client.post(f"/hotline/calls/{call.pk}/accept/")
    assert response["Location"] == f"/hotline/calls/{call.pk}/voice/"
    call.refresh_from_db()
    assert call.status == "connected" and call.counsellor == world.counsellor
    assert CallRecord.objects.filter(call=call).exists()  # a crisis can be marked during it
    page = counsellor_client.get("/hotline/console/").content.decode()
    assert f'href="/hotline/calls/{call.pk}/voice/"' in page
    assert f'href="/hotline/records/{call.record.pk}/crisis/"' in page


def test_it_declines_back_to_the_queue(world, caller, counsellor_client) -> None:
    call = offered_call(world, caller)
    counsellor_client.post(f"/hotline/calls/{call.pk}/decline/")
    call.refresh_from_db()
    assert call.status in ("waiting", "offered")
    assert call.offers.filter(counsellor=world.counsellor, outcome="declined").exists()


def test_it_ends_a_call_and_asks_for_the_record(world, caller, counsellor_client) -> None:
    call = connected_call(world, caller)
    response = counsellor_client.post(f"/hotline/calls/{call.pk}/end/")
    record = CallRecord.objects.get(call=call)
    assert response["Location"] == f"/hotline/records/{record.pk}/"
    call.refresh_from_db()
    assert call.status == "completed"
    assert CounsellorState.objects.get(user=world.counsellor).state == "available"
    page = counsellor_client.get("/hotline/console/").content.decode()
    assert f'href="/hotline/records/{record.pk}/"' in page


def test_it_shows_a_queued_callback_number_and_retries_a_missed_attempt(
    world, caller, counsellor_client, settings
) -> None:
    settings.HOTLINE_CALLBACK_RETRY_MINUTES = 10
    now = timezone.now()
    callback = do_request_callback(
        caller,
        target="satellite",
        number="+870773123456",
        window_start=now,
        window_end=now + timedelta(hours=2),
        anonymous=True,
    )
    queue_due_callbacks()
    counsellor_client.post("/hotline/console/state/", {"state": "available"})
    dispatch_calls()
    call = HotlineCall.objects.get(callback=callback)
    counsellor_client.post(f"/hotline/calls/{call.pk}/accept/")
    page = counsellor_client.get("/hotline/console/").content.decode()
    assert "+870773123456" in page and "匿名来电者" in page and "王海" not in page
    assert f'action="/hotline/calls/{call.pk}/callback-attempt/"' in page
    response = counsellor_client.post(
        f"/hotline/calls/{call.pk}/callback-attempt/", {"outcome": "no_answer"}
    )
    assert response["Location"] == f"/hotline/records/{CallRecord.objects.get(call=call).pk}/"
    callback.refresh_from_db()
    assert callback.status == "scheduled" and callback.attempts == 1
    assert callback.next_attempt_at - timezone.now() > timedelta(minutes=9)


def test_it_lists_follow_ups_and_marks_them_done(world, caller, counsellor_client) -> None:
    call = connected_call(world, caller)
    counsellor_client.post(f"/hotline/calls/{call.pk}/end/")
    record = CallRecord.objects.get(call=call)
    counsellor_client.post(
        f"/hotline/records/{record.pk}/",
        {"reason_categories": ["family"], "follow_up": "callback", "note": ""},
    )
    follow_up = HotlineFollowUp.objects.get(record=record)
    page = counsellor_client.get("/hotline/console/").content.decode()
    assert f'action="/hotline/follow-ups/{follow_up.pk}/done/"' in page
    counsellor_client.post(f"/hotline/follow-ups/{follow_up.pk}/done/")
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_it_keeps_other_counsellors_and_roles_out(world, caller, make_counsellor) -> None:
    call = connected_call(world, caller)
    other = login(Client(), make_counsellor(9))
    assert other.post(f"/hotline/calls/{call.pk}/end/").status_code == 404
    assert other.get(f"/hotline/records/{call.record.pk}/").status_code == 404
    assert other.get(f"/hotline/calls/{call.pk}/voice/").status_code == 404
    for persona in ("clinician", "union_staff", "officer_a", "admin"):
        client = login(Client(), world.persona(persona))
        assert client.get("/hotline/console/").status_code == 404, persona
        assert client.post(f"/hotline/calls/{call.pk}/end/").status_code == 404, persona
    seafarer = login(Client(), caller)
    assert seafarer.get(f"/hotline/records/{call.record.pk}/").status_code == 404
    assert HotlineCall.objects.get(pk=call.pk).status == "connected"


def test_it_offers_the_oldest_call_to_the_console(world, caller, counsellor_client) -> None:
    from tests.personas import give_health_consent

    give_health_consent(world.seafarer_b)
    first = do_join_queue(world.seafarer_b)
    do_join_queue(caller)
    counsellor_client.post("/hotline/console/state/", {"state": "available"})
    call_command("runperiodic", "--job", "hotline.timers")  # the worker's timers dispatch
    assert HotlineCall.objects.get(pk=first.pk).offered_to == world.counsellor
