"""From an alert to the person (issue 16 item 2): the alert page gives the clinician the name,
phone, vessel, satellite number, where the ship is and the cause; every read is audited and
nobody but a clinician learns the page exists."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.hotline.actions.callbacks import do_request_callback
from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.screening.models import Response, Screening
from seafarers_home.voyages.actions import do_record_voyage
from tests.alerts.test_list import NOT_CLINICIANS
from tests.personas import World, give_health_consent


def _press(client_for) -> int:
    client_for("seafarer").post("/alerts/help-now/", {"key": "k"})
    from seafarers_home.alerts.models import CrisisAlert

    return CrisisAlert.objects.get(source="self").pk


def test_it_shows_the_on_duty_clinician_how_to_reach_the_person(client_for, roster):
    seafarer = roster.seafarer
    seafarer.time_zone = "Pacific/Fiji"
    seafarer.save()
    give_health_consent(seafarer)  # voyage care is a health service
    today = timezone.localdate()
    do_record_voyage(
        seafarer,
        vessel=roster.vessel_a,
        planned_departure=today - datetime.timedelta(days=40),
        expected_return=today + datetime.timedelta(days=60),
        recorded_by=roster.officer_a,
        source="company",
    )
    pk = _press(client_for)
    now = timezone.now()
    do_request_callback(
        seafarer,
        target="satellite",
        number="+870 773 099 001",
        window_start=now,
        window_end=now + datetime.timedelta(hours=2),
    )

    response = client_for("clinician").get(f"/alerts/{pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    person = html[html.index('id="person"') :]
    assert "王海" in person and 'href="tel:13800000001"' in person
    assert "平太荣 1号 (ZS-A-0001)" in person and "平太荣远洋渔业" in person
    assert 'href="tel:+870 773 099 001"' in person  # the satellite number they gave
    assert "出海中" in person and "太平洋 · 斐济 (UTC+12)" in person
    assert "本人请求立即帮助" in html and "按下“我现在需要帮助”" in html
    read = AuditEvent.objects.get(action="alert.read")
    assert (read.actor, read.target_id, read.purpose) == (roster.clinician, str(pk), "crisis")
    assert read.detail == {"seafarer": seafarer.pk}


def test_it_says_what_is_not_known(client_for, roster):
    pk = _press(client_for)
    html = client_for("clinician").get(f"/alerts/{pk}/").content.decode()
    person = html[html.index('id="person"') : html.index('id="cause"')]
    assert "未知" in person  # no satellite number given yet
    assert "在岸" in person  # no voyage recorded


def test_it_links_to_the_screening_and_to_the_message_board_thread(client_for, roster):
    give_health_consent(roster.seafarer)
    screening = Screening.objects.create(seafarer=roster.seafarer, instrument_codes=["phq9"])
    response = Response.objects.create(
        seafarer=roster.seafarer,
        screening=screening,
        instrument_code="phq9",
        instrument_version="1.0",
        answers="{}",
        total_score=20,
        band="severe",
    )
    screening_alert = do_raise_crisis_alert(
        roster.seafarer, source="screening", source_id=str(response.pk), reason="phq9_item9"
    )
    question = do_ask_question(
        roster.seafarer, category="mental", title="睡不着", body="觉得活着没意思,不想活了。"
    )
    from seafarers_home.alerts.models import CrisisAlert

    inquiry_alert = CrisisAlert.objects.get(source="inquiry")
    client = client_for("clinician")

    html = client.get(f"/alerts/{screening_alert.pk}/").content.decode()
    assert f'href="/screening/review/{screening.pk}/" id="cause-link"' in html
    html = client.get(f"/alerts/{inquiry_alert.pk}/").content.decode()
    assert f'href="/inquiries/staff/{question.pk}/" id="cause-link"' in html
    assert client.get(f"/inquiries/staff/{question.pk}/").status_code == 200


def test_the_board_links_each_alert_to_its_page(client_for, roster):
    pk = _press(client_for)
    html = client_for("clinician").get("/alerts/").content.decode()
    assert f'href="/alerts/{pk}/"' in html


@pytest.mark.parametrize("name", NOT_CLINICIANS)
def test_it_answers_404_to_everyone_else(client_for, roster, name):
    pk = _press(client_for)
    client = client_for(name)
    assert client.get(f"/alerts/{pk}/").status_code == 404
    assert client.post(f"/alerts/{pk}/outcome/", {"outcome": "phone"}).status_code == 404
    assert not AuditEvent.objects.filter(action="alert.read").exists()


def test_it_answers_404_for_an_unknown_alert(client_for, world: World):
    assert client_for("clinician").get("/alerts/999999/").status_code == 404
