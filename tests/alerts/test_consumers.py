from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.utils import timezone, translation

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.asgi import application
from seafarers_home.lib.zones import format_time
from tests.alerts.conftest import session_headers
from tests.ops.conftest import WebsocketCommunicator

PATH = "/ws/alerts/"

pytestmark = pytest.mark.django_db(transaction=True)


def receive_a_new_alert(roster, raised_in: str = "zh-hans") -> list[dict]:
    """The two messages the on-duty clinician's board socket gets when a seafarer's PHQ-9
    raises an alert (the board's group and the clinician's own), and nothing more; the alert
    raised while the seafarer's request is in ``raised_in``."""
    headers = session_headers(roster.clinician)

    def raise_alert() -> None:
        with translation.override(raised_in):
            do_raise_crisis_alert(
                roster.seafarer, source="screening", source_id="5", reason="phq9_item9"
            )

    async def scenario() -> list[dict]:
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(raise_alert)()
        received = [await communicator.receive_json_from(), await communicator.receive_json_from()]
        assert await communicator.receive_nothing()
        await communicator.disconnect()
        return received

    return async_to_sync(scenario)()


def test_it_delivers_a_new_alert_live_after_commit(roster, outbox):
    board, personal = sorted(receive_a_new_alert(roster), key=lambda m: m["attention"])
    assert board["event"] == personal["event"] == "new"
    assert personal["attention"] is True  # the on-duty clinician's own group
    alert = board["alert"]
    assert alert["status"] == "open"
    assert alert["status_label"] == "待确认"  # as the page's own rows word it
    assert alert["tier"] == 1
    assert alert["seafarer"] == "王海"
    assert alert["reason"] == "PHQ-9 第9题(自伤或轻生念头)阳性"
    # The time as the board's own rows print it, in the clinician's zone and language.
    raised = CrisisAlert.objects.get()
    assert alert["raised_at"] == format_time(raised.created_at, roster.clinician.time_zone)
    assert alert["waiting"] == "已等待 0 分钟"


def test_it_shows_the_time_in_the_clinicians_own_zone_and_language(roster, outbox):
    User.objects.filter(pk=roster.clinician.pk).update(
        time_zone="Europe/London", preferred_language="en"
    )
    alert = receive_a_new_alert(roster)[0]["alert"]
    raised = timezone.localtime(CrisisAlert.objects.get().created_at, ZoneInfo("Europe/London"))
    assert alert["raised_at"].startswith(raised.strftime("%Y-%m-%d %H:%M"))
    assert "Beijing" in alert["raised_at"]  # the hospital's time beside, translated
    assert alert["waiting"] == "Waiting 0 minutes"


def test_it_words_the_alert_in_the_clinicians_language_not_the_seafarers(roster, outbox):
    # A seafarer reading in English raises it; a clinician with no preference reads Chinese.
    alert = receive_a_new_alert(roster, raised_in="en")[0]["alert"]
    assert alert["reason"] == "PHQ-9 第9题(自伤或轻生念头)阳性"
    assert alert["source"] == "心理CT"
    assert alert["status_label"] == "待确认"
    assert alert["labels"] is None  # the other languages' words stay on the server
    User.objects.filter(pk=roster.clinician.pk).update(preferred_language="en")
    CrisisAlert.objects.all().delete()
    alert = receive_a_new_alert(roster, raised_in="zh-hans")[0]["alert"]
    with translation.override("en"):
        assert alert["source"] == str(CrisisAlert.Source("screening").label) != "心理CT"
        assert alert["status_label"] == str(CrisisAlert.Status.OPEN.label) != "待确认"
    assert "PHQ-9" in alert["reason"] and "第9题" not in alert["reason"]


def test_it_sends_nothing_for_a_rolled_back_alert(roster, outbox):
    from django.db import transaction

    headers = session_headers(roster.clinician)

    def raise_and_roll_back() -> None:
        try:
            with transaction.atomic():
                do_raise_crisis_alert(
                    roster.seafarer, source="self", source_id="", reason="help_now"
                )
                raise RuntimeError
        except RuntimeError:
            pass

    async def scenario() -> bool:
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        await database_sync_to_async(raise_and_roll_back)()
        nothing = await communicator.receive_nothing()
        await communicator.disconnect()
        return nothing

    assert async_to_sync(scenario)() is True


@pytest.mark.parametrize("name", ["seafarer", "counsellor", "union_staff", "officer_a", "admin"])
def test_it_refuses_everyone_but_clinicians(world, name):
    headers = session_headers(world.persona(name))

    async def scenario() -> tuple[bool, int | None]:
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        return await communicator.connect()

    assert async_to_sync(scenario)() == (False, 4403)


def test_it_refuses_a_clinician_who_has_not_passed_two_factor(world):
    headers = session_headers(world.clinician, two_factor=False)

    async def scenario() -> tuple[bool, int | None]:
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        return await communicator.connect()

    assert async_to_sync(scenario)() == (False, 4403)


def test_it_refuses_anonymous_connections(transactional_db):
    from tests.alerts.conftest import HEADERS

    async def scenario() -> tuple[bool, int | None]:
        communicator = WebsocketCommunicator(application, PATH, headers=HEADERS)
        return await communicator.connect()

    assert async_to_sync(scenario)() == (False, 4403)
