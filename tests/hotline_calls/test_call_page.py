"""The caller's page: calling the hotline, the place in the queue and an honest wait, hanging
up (also while being offered), booking and cancelling a callback in one's own time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seafarers_home.accounts.models import Role
from seafarers_home.hotline.actions.queue import (
    dispatch_calls,
    do_accept_offer,
    do_join_queue,
    do_set_counsellor_state,
)
from seafarers_home.hotline.models import CallbackRequest, CallOffer, CounsellorState, HotlineCall
from tests.hotline_calls.conftest import connected_call, offered_call
from tests.personas import _user, give_health_consent, login

pytestmark = pytest.mark.django_db


def test_it_asks_for_the_health_consent_first(world) -> None:
    response = login(Client(), world.seafarer).get("/hotline/")
    assert response.status_code == 403
    assert not HotlineCall.objects.exists()


def test_it_shows_the_call_form_and_who_is_on_duty(world, seafarer_client) -> None:
    page = seafarer_client.get("/hotline/").content.decode()
    assert 'action="/hotline/join/"' in page and 'name="key"' in page
    assert "现在没有咨询员值班。" in page and "请预约回拨" in page
    do_set_counsellor_state(world.counsellor, "available")
    page = seafarer_client.get("/hotline/").content.decode()
    assert "现在有 1 位咨询员值班。" in page


def test_it_queues_the_caller_once_when_joining_twice(world, caller, seafarer_client) -> None:
    seafarer_client.post("/hotline/join/", {"key": "k1", "anonymous": "1"})
    seafarer_client.post("/hotline/join/", {"key": "k1", "anonymous": "1"})  # resent
    seafarer_client.post("/hotline/join/", {"key": "k2"})  # a second tap on a fresh page
    call = HotlineCall.objects.get()
    assert call.seafarer == caller and call.anonymous and call.status == "waiting"


def test_it_says_honestly_that_nobody_is_on_duty(world, seafarer_client) -> None:
    seafarer_client.post("/hotline/join/", {"key": "k1"})
    response = seafarer_client.get("/hotline/")
    page = response.content.decode()
    assert "现在没有咨询员值班。" in page and "预约回拨" in page
    assert '<meta http-equiv="refresh" content="8">' in page


def test_it_shows_the_place_in_the_queue_and_an_estimate(world, caller, make_counsellor) -> None:
    # One counsellor busy with somebody else, so our caller waits behind one call.
    other = make_counsellor(1)
    give_health_consent(world.seafarer_b)
    do_set_counsellor_state(other, "available")
    first = do_join_queue(world.seafarer_b)
    dispatch_calls()
    do_accept_offer(HotlineCall.objects.get(pk=first.pk), other)
    do_join_queue(caller)
    page = login(Client(), caller).get("/hotline/").content.decode()
    assert "您排在第 1 位。" in page
    # Nobody free: one round of the default handle time (15 min) minus half a call.
    assert "预计等待约 8 分钟。" in page


def test_the_waiting_page_reads_the_same_queries_however_long_the_queue(
    world, caller, make_counsellor
) -> None:
    """A waiting caller reloads every 8 s: the page counts the counsellors on duty once and
    reads the same number of queries with 1 or 15 callers ahead."""
    other = make_counsellor(1)
    do_set_counsellor_state(other, "available")
    give_health_consent(world.seafarer_b)
    first = do_join_queue(world.seafarer_b)
    dispatch_calls()
    do_accept_offer(HotlineCall.objects.get(pk=first.pk), other)  # busy: nobody free
    client = login(Client(), caller)

    def page_queries() -> list[str]:
        client.get("/hotline/")
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/hotline/").content.decode()
        assert "预计等待约" in page  # the estimate's path: every count it needs
        return [q["sql"] for q in captured.captured_queries]

    ahead = [
        _user(f"1360000{n:04d}", f"海员{n}", (Role.SEAFARER, world.company_a)) for n in range(15)
    ]
    do_join_queue(ahead[0])
    do_join_queue(caller)
    short = page_queries()
    for person in ahead[1:]:
        do_join_queue(person)
    HotlineCall.objects.filter(seafarer=caller).update(queued_at=timezone.now())
    long = page_queries()
    assert len(long) == len(short)
    on_duty = [q for q in long if 'FROM "hotline_counsellorstate"' in q]
    assert len(on_duty) == 2, on_duty  # the line's counts (one query), the free counsellors


def test_it_withdraws_the_offer_when_the_caller_hangs_up_while_offered(
    world, caller, seafarer_client, counsellor_client
) -> None:
    call = offered_call(world, caller)
    response = seafarer_client.post(f"/hotline/calls/{call.pk}/hang-up/")
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == "abandoned" and call.offered_to is None
    assert CallOffer.objects.get(call=call).outcome == "withdrawn"
    # The counsellor's accept now fails politely; they are free for the next call.
    response = counsellor_client.post(f"/hotline/calls/{call.pk}/accept/", follow=True)
    assert "这通来电已不再分配给您。" in response.content.decode()
    assert HotlineCall.objects.get(pk=call.pk).status == "abandoned"
    assert CounsellorState.objects.get(user=world.counsellor).state == "available"


def test_it_links_a_connected_call_to_its_voice_room(world, caller, seafarer_client) -> None:
    call = connected_call(world, caller)
    page = seafarer_client.get("/hotline/").content.decode()
    assert f'href="/hotline/calls/{call.pk}/voice/"' in page
    assert 'http-equiv="refresh"' not in page
    seafarer_client.post(f"/hotline/calls/{call.pk}/hang-up/")
    call.refresh_from_db()
    assert call.status == "completed"


def test_it_refuses_another_callers_call(world, caller, seafarer_client) -> None:
    call = offered_call(world, caller)
    give_health_consent(world.seafarer_b)
    other = login(Client(), world.seafarer_b)
    assert other.post(f"/hotline/calls/{call.pk}/hang-up/").status_code == 404
    assert HotlineCall.objects.get(pk=call.pk).status == "offered"


def test_it_reads_the_callback_window_in_the_seafarers_own_zone(world, caller) -> None:
    caller.time_zone = "Pacific/Auckland"  # fishing in the South Pacific
    caller.save(update_fields=["time_zone"])
    client = login(Client(), caller)
    zone = ZoneInfo("Pacific/Auckland")
    start = (timezone.now() + timedelta(hours=2)).astimezone(zone).replace(second=0, microsecond=0)
    form = {
        "target": "satellite",
        "number": "+870 773 123 456",
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "key": "cb-1",
    }
    assert client.post("/hotline/callbacks/new/", form).status_code == 302
    assert client.post("/hotline/callbacks/new/", form).status_code == 302  # resent
    callback = CallbackRequest.objects.get()
    assert callback.window_start == start.astimezone(ZoneInfo("UTC"))
    assert callback.time_zone == "Pacific/Auckland" and callback.status == "scheduled"
    page = client.get("/hotline/").content.decode()
    assert start.strftime("%Y-%m-%d %H:%M") in page  # shown back in their zone


def test_it_refuses_a_bad_callback_with_translated_errors_and_stores_nothing(
    world, seafarer_client
) -> None:
    start = datetime.now() + timedelta(hours=1)
    form = {
        "target": "satellite",
        "number": "12",
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = seafarer_client.post("/hotline/callbacks/new/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写可以拨通的号码" in page and "结束时间必须晚于开始时间。" in page
    assert not CallbackRequest.objects.exists()
    response = seafarer_client.post(
        "/hotline/callbacks/new/", form, HTTP_ACCEPT_LANGUAGE="en", follow=False
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("number", "accepted"),
    [
        ("12345", False),
        ("1391234567", False),  # a digit short
        ("+1 234 56", False),  # too short for an international number
        ("139 1234 5678", True),
        ("+86 139-1234-5678", True),
        ("+63 917 123 4567", True),  # a Philippine mobile in a foreign port
        ("0063 917 123 4567", True),  # the same, dialled with 00
        ("１３９１２３４５６７８", True),  # full-width digits from a Chinese keyboard
    ],
)
def test_a_mobile_callback_needs_a_number_that_can_be_rung(
    world, seafarer_client, number: str, accepted: bool
) -> None:
    start = datetime.now() + timedelta(hours=1)
    form = {
        "target": "mobile",
        "number": number,
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = seafarer_client.post("/hotline/callbacks/new/", form)
    assert response.status_code == (302 if accepted else 400)
    assert CallbackRequest.objects.exists() == accepted
    if not accepted:
        assert "11位中国大陆手机号" in response.content.decode()


def test_it_cancels_a_callback(world, caller, seafarer_client) -> None:
    from seafarers_home.hotline.actions.callbacks import do_request_callback

    now = timezone.now()
    callback = do_request_callback(
        caller,
        target="mobile",
        number="13912345678",
        window_start=now + timedelta(hours=1),
        window_end=now + timedelta(hours=2),
    )
    page = seafarer_client.get("/hotline/").content.decode()
    assert f'action="/hotline/callbacks/{callback.pk}/cancel/"' in page
    seafarer_client.post(f"/hotline/callbacks/{callback.pk}/cancel/")
    callback.refresh_from_db()
    assert callback.status == "cancelled" and callback.next_attempt_at is None


def test_it_keeps_the_pages_small_for_satellite_links(world, caller, counsellor_client) -> None:
    import gzip

    call = connected_call(world, caller, anonymous=True)
    pages = {
        "call": login(Client(), caller).get("/hotline/"),
        "voice": login(Client(), caller).get(f"/hotline/calls/{call.pk}/voice/"),
        "console": counsellor_client.get("/hotline/console/"),
        "record": counsellor_client.get(f"/hotline/records/{call.record.pk}/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        size = len(gzip.compress(response.content))
        print(name, size)
        assert size <= 14 * 1024, (name, size)


def test_it_suggests_a_callback_when_nobody_answered(world, caller, seafarer_client) -> None:
    from seafarers_home.hotline.actions.timers import offer_callbacks_for_unanswered

    call = do_join_queue(caller)
    offer_callbacks_for_unanswered(now=timezone.now() + timedelta(minutes=3))
    assert HotlineCall.objects.get(pk=call.pk).status == "callback_offered"
    page = seafarer_client.get("/hotline/").content.decode()
    assert "刚才没有咨询员接听,很抱歉。" in page and 'id="hotline-callback"' in page
    assert 'id="hotline-join"' in page  # and may call again
