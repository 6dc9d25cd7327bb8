"""Item 6: the at-sea pulse and the help reminder go to a bound terminal when the seafarer has not
opened the app in the period; once per task; a seafarer may switch it off; opening the app
(noted by the middleware) keeps them in the app."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from seafarers_home.short_messages.models import OutboundMessage, Terminal
from seafarers_home.short_messages.proactive import send_at_sea_check_ins
from seafarers_home.voyages.care import sync_voyage
from seafarers_home.voyages.models import CareTask
from tests.personas import login
from tests.short_messages.conftest import BEIDOU_CARD, texts_to
from tests.voyages_care.conftest import ensure_default_plan, make_voyage


def at_sea_with_pulse(seafarer, days_ago: int = 0) -> CareTask:
    """A voyage at sea since ten days ago with its care tasks; the pulse's period began
    ``days_ago`` days ago."""
    ensure_default_plan()
    today = timezone.localdate()
    vessel = seafarer.seafarer_profile.current_vessel
    voyage = make_voyage(
        seafarer,
        vessel,
        departs=today - datetime.timedelta(days=10),
        returns=today + datetime.timedelta(days=60),
        recorded=timezone.now() - datetime.timedelta(days=20),
        actual_departure=today - datetime.timedelta(days=10),
    )
    sync_voyage(voyage)
    task = CareTask.objects.get(voyage=voyage, step__kind="pulse", status="open")
    CareTask.objects.filter(pk=task.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return task


def test_the_pulse_goes_to_the_terminal_once_when_the_app_was_not_opened(
    world, bound, sent, committed
):
    at_sea_with_pulse(world.consented_seafarer, days_ago=4)
    with committed():
        report = send_at_sea_check_ins()
    assert report.pulses == 1
    texts = texts_to(sent, BEIDOU_CARD)
    assert len(texts) == 1 and "P4" in texts[0] and "W5" in texts[0] and "平安" in texts[0]
    assert send_at_sea_check_ins().pulses == 0  # once per period
    assert OutboundMessage.objects.filter(kind="pulse").count() == 1


def test_no_pulse_too_early_or_when_switched_off(world, bound, sent):
    at_sea_with_pulse(world.consented_seafarer, days_ago=1)
    assert send_at_sea_check_ins().pulses == 0
    CareTask.objects.filter(step__kind="pulse").update(
        created_at=timezone.now() - datetime.timedelta(days=5)
    )
    Terminal.objects.update(proactive=False)
    assert send_at_sea_check_ins().pulses == 0
    assert sent == []


def test_opening_the_app_keeps_the_pulse_in_the_app(world, bound, sent):
    at_sea_with_pulse(world.consented_seafarer, days_ago=4)
    login(Client(), world.consented_seafarer).get("/short-messages/")
    bound.refresh_from_db()
    assert bound.app_opened_at is not None
    assert send_at_sea_check_ins().pulses == 0


def test_the_help_reminder_follows_when_the_app_stayed_closed(world, bound, sent, committed):
    at_sea_with_pulse(world.consented_seafarer)
    CareTask.objects.filter(step__kind="help_reminder").update(
        status="done", reminded_at=timezone.now() - datetime.timedelta(days=4)
    )
    with committed():
        assert send_at_sea_check_ins().help_reminders == 1
    assert "12356" in texts_to(sent, BEIDOU_CARD)[-1]
    assert send_at_sea_check_ins().help_reminders == 0


def test_answers_by_short_message_complete_the_pulse_screening(world, bound, sent, deliver):
    from seafarers_home.screening.models import Screening
    from tests.short_messages.conftest import beidou

    at_sea_with_pulse(world.consented_seafarer, days_ago=4)
    deliver("beidou", beidou("P4 0101"))
    deliver("beidou", beidou("W5 44444"))
    screening = Screening.objects.get(seafarer=world.consented_seafarer)
    assert screening.battery.code == "at-sea-pulse" and screening.status == "completed"
    assert screening.responses.count() == 2
