"""Erasing one type from the my-data page does what its help text and the privacy page say,
and nothing to the person's other types or to other people."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seafarers_home.consent.personal_data import personal_data_types
from seafarers_home.consultations.actions.booking import do_book_consultation
from seafarers_home.consultations.models import Appointment, UrgentRequest
from seafarers_home.hotline.actions.callbacks import do_request_callback
from seafarers_home.hotline.actions.queue import do_join_queue
from seafarers_home.hotline.actions.records import do_ingest_call_detail_record
from seafarers_home.hotline.models import CallbackRequest, CallRecord, HotlineCall
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.notifications.models import Notification
from seafarers_home.screening.models import Screening
from seafarers_home.voyages.green_referrals import do_refer_to_green_channel
from seafarers_home.voyages.models import GreenChannelReferral
from tests.consent.used_every_service import URGENT_NUMBER, Used, used_every_service
from tests.personas import World, give_health_consent

PHONE = "13800000001"


def _erase(client: Client, key: str) -> None:
    response = client.post(reverse("consent:my_data_erase", args=[key]), {"confirm": "1"})
    assert response.status_code == 302


def _export(client: Client, key: str) -> object:
    response = client.get(reverse("consent:my_data_export", args=[key]))
    return json.loads(response.content)["data"][key]


@pytest.fixture
def used(world: World, outbox) -> Used:
    return used_every_service(world)


def test_the_my_data_page_lists_every_type(world, client_for):
    html = client_for("seafarer").get(reverse("consent:my_data")).content.decode()
    for data_type in personal_data_types():
        assert str(data_type.label) in html
        erase_url = reverse("consent:my_data_erase", args=[data_type.key])
        assert (erase_url in html) == data_type.erasable, data_type.key


def test_erasing_the_hotline_ends_a_waiting_call_and_forgets_the_numbers(world, client_for):
    give_health_consent(world.seafarer)
    call = do_join_queue(world.seafarer)  # nobody available: it waits
    now = timezone.now()
    do_request_callback(
        world.seafarer,
        target="mobile",
        number="13912345678",
        window_start=now + timedelta(hours=1),
        window_end=now + timedelta(hours=2),
    )
    # A call on the hospital's ordinary line from the account's own mobile number.
    record, _ = do_ingest_call_detail_record(
        {
            "call_id": "pbx-1",
            "started_at": now.isoformat(),
            "duration_seconds": 300,
            "caller": PHONE,
        },
        timestamp=str(int(now.timestamp())),
        nonce="n-1",
    )
    do_send_notification(world.seafarer, kind="test.hello", message="您好", url="/", sms=False)
    client = client_for("seafarer")
    assert [r["duration_seconds"] for r in _export(client, "hotline")["call_records"]] == [300]

    _erase(client, "hotline")

    call.refresh_from_db()
    assert call.seafarer_id is None and call.status == "abandoned"
    assert not CallbackRequest.objects.exists()
    record = CallRecord.objects.get(pk=record.pk)
    assert record.caller_number_hash == "" and record.external_id is None
    assert record.duration_seconds == 300  # kept for the hotline's statistics
    assert _export(client, "hotline") == {"calls": [], "callbacks": [], "call_records": []}
    assert Notification.objects.filter(user=world.seafarer, kind="test.hello").exists()


def test_erasing_consultations_frees_the_slot_and_keeps_the_held_one(world, used, client_for):
    booked = used.dropped_appointments[1]
    client = client_for("seafarer")

    _erase(client, "consultations")

    assert list(Appointment.objects.filter(seafarer=world.seafarer)) == [used.held_appointment]
    assert UrgentRequest.objects.get(seafarer=world.seafarer).callback_number == ""
    assert URGENT_NUMBER not in json.dumps(_export(client, "consultations"), ensure_ascii=False)
    # The freed slot can be booked by someone else.
    give_health_consent(world.seafarer_b)
    again = do_book_consultation(
        world.seafarer_b, booked.slot, reason="睡眠不好", share_screening=False
    )
    assert again.slot_id == booked.slot_id
    # Other types are untouched.
    assert Screening.objects.filter(seafarer=world.seafarer).count() == 2


def test_erasing_screenings_keeps_the_reviewed_one_as_a_medical_record(world, used, client_for):
    client = client_for("seafarer")

    _erase(client, "screenings")

    assert list(Screening.objects.filter(seafarer=world.seafarer)) == [used.reviewed_screening]
    exported = _export(client, "screenings")
    assert [s["id"] for s in exported["screenings"]] == [used.reviewed_screening.pk]
    assert exported["single_responses"] == [] and exported["lessons_completed"] == []
    assert Screening.objects.filter(seafarer=world.seafarer_b).count() == 0


def test_a_clinicians_green_channel_referral_is_kept(world, client_for):
    give_health_consent(world.seafarer)
    referral = do_refer_to_green_channel(
        world.seafarer, source="clinician", referred_by=world.clinician, reason="归港后失眠加重"
    )
    client = client_for("seafarer")
    assert [r["source"] for r in _export(client, "green_channel")] == ["clinician"]

    _erase(client, "green_channel")

    assert list(GreenChannelReferral.objects.filter(seafarer=world.seafarer)) == [referral]


def test_erasing_the_account_ends_a_waiting_hotline_call(world, client_for):
    give_health_consent(world.seafarer)
    call = do_join_queue(world.seafarer)

    _erase(client_for("seafarer"), "account")

    call.refresh_from_db()
    assert call.status == "abandoned" and call.seafarer_id is None
    assert not HotlineCall.objects.filter(status="waiting").exists()


def test_the_account_erasure_page_says_what_is_kept_and_where_help_is(world, client_for):
    html = client_for("seafarer").get(reverse("consent:my_data_erase", args=["account"]))
    text = html.content.decode()
    assert "依法保存的病历" in text and reverse("consent:privacy") in text
    assert "12356" in text and "将无法再联系您" in text


def test_erasing_the_account_ends_a_running_urgent_consultation(world, used, client_for):
    urgent = UrgentRequest.objects.get(seafarer=world.seafarer)
    assert urgent.status == "callback_arranged"

    _erase(client_for("seafarer"), "account")

    urgent.refresh_from_db()
    assert (urgent.status, urgent.outcome, urgent.callback_number) == ("closed", "withdrawn", "")
    assert urgent.events.last().kind == "closed"


def test_erasing_the_account_signs_out_every_other_device_too(world, client_for):
    phone_on_the_bridge = client_for("seafarer")
    assert phone_on_the_bridge.get(reverse("consent:my_data")).status_code == 200

    _erase(client_for("seafarer"), "account")

    response = phone_on_the_bridge.get(reverse("consent:my_data"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
