"""Export and erasure of a seafarer who used every service (issue 16 item 17, issue 18
item 2): the export holds every registered type with its content; after erasing the account
nothing stays linked to the person beyond what the privacy page says is kept."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seafarers_home.accounts.models import ApiToken, RoleGrant, User
from seafarers_home.alerts.models import AlertAction, CrisisAlert, HelpRequest
from seafarers_home.consent.models import ConsentRecord
from seafarers_home.consent.personal_data import personal_data_types
from seafarers_home.consultations.models import Appointment, ConsultationNote, UrgentRequest
from seafarers_home.hotline.actions.callbacks import do_request_callback
from seafarers_home.hotline.models import (
    CallbackRequest,
    CallRecord,
    HotlineCall,
    HotlineFollowUp,
)
from seafarers_home.inquiries.models import Question
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.notifications.models import Notification
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.screening.models import (
    CampaignInvite,
    Clearance,
    LessonCompletion,
    Response,
    Review,
    Screening,
)
from seafarers_home.voyages.models import (
    CareTask,
    GreenChannelReferral,
    SafeHomeShare,
    Voyage,
)
from tests.consent.used_every_service import (
    ALERT_NOTE,
    CALLBACK_NUMBER,
    HOTLINE_NOTE,
    SATELLITE_NUMBER,
    URGENT_NUMBER,
    Used,
    used_every_service,
)
from tests.personas import World, give_health_consent

PHONE = "13800000001"


@pytest.fixture
def used(world: World, outbox) -> Used:
    return used_every_service(world)


def _export(client: Client) -> dict:
    response = client.get(reverse("consent:my_data_export", args=["all"]))
    assert response.status_code == 200
    return json.loads(response.content)["data"]


def test_the_export_holds_every_registered_type_with_its_content(world, used, client_for):
    data = _export(client_for("seafarer"))
    assert set(data) == {t.key for t in personal_data_types()}

    screenings = data["screenings"]
    assert [s["id"] for s in screenings["screenings"]] == [
        used.reviewed_screening.pk,
        used.unreviewed_screening.pk,
    ]
    first = screenings["screenings"][0]["responses"][0]
    assert first["instrument"] == "phq9" and first["answers"]["phq9_9"] == 1
    assert first["total_score"] == 9 and first["safety_positive"] is True
    assert [r["instrument"] for r in screenings["single_responses"]] == ["phq4"]
    assert screenings["campaign_invitations"][0]["campaign"] == "出海前心理CT"
    assert screenings["lessons_completed"][0]["lesson"] == "stress-at-sea"
    assert data["screening_reviews"]["clearances"][0]["decision"] == "cleared_with_follow_up"

    consultations = data["consultations"]
    assert [a["status"] for a in consultations["appointments"]] == [
        "booked",
        "cancelled",
        "booked",
    ]
    assert consultations["appointments"][0]["reason"] == "最近睡不好,想和医生聊聊"
    note = consultations["notes_shared_with_you"][0]
    assert note["summary"] == "建议固定作息,三周后复诊。" and note["plan"] == ["follow_up"]
    text = json.dumps(data, ensure_ascii=False)
    # The clinician's own note and assessment are not the seafarer's copy.
    assert "入睡困难三周" not in text and "适应障碍可能" not in text
    assert "两周后随访" not in text  # nor the screening reviewer's note
    assert data["screening_reviews"]["reviews"][0]["follow_up_on"]
    assert consultations["urgent_consultations"][0]["callback_number"] == URGENT_NUMBER

    hotline = data["hotline"]
    assert [c["channel"] for c in hotline["calls"]] == ["in_app"]
    assert {c["number"] for c in hotline["callbacks"]} == {CALLBACK_NUMBER, SATELLITE_NUMBER}
    record = hotline["call_records"][0]
    assert record["reasons"] == ["crew_conflict", "sleep"] and record["crisis"] is True
    assert HOTLINE_NOTE not in text

    alerts = data["crisis_alerts"]
    assert {a["source"] for a in alerts["alerts"]} == {
        "screening",
        "consultation",
        "hotline",
        "self",
    }
    [press] = alerts["help_now_presses"]
    assert press["said_mistaken_at"]  # their own word that it was a mistake, with when
    assert ALERT_NOTE not in text

    assert data["voyages"]["voyages"][0]["vessel"] == "平太荣 1号"
    assert data["voyages"]["care_tasks"]
    assert [r["source"] for r in data["green_channel"]] == ["self"]
    assert len(data["safe_home_links"]) == 1
    assert {n["kind"] for n in data["notifications"]} >= {"test.hello"}
    assert [q["title"] for q in data["health_questions"]] == ["想家睡不着", "手上的伤口"]
    assert data["account"]["phone"] == PHONE
    assert data["work_records"] == {}


def _erase_account(client: Client) -> None:
    response = client.post(reverse("consent:my_data_erase", args=["account"]), {"confirm": "1"})
    assert response.status_code == 302


def _rows_holding(text: str) -> list[str]:
    """Every row of every model whose values (decrypted, as the ORM reads them) hold text."""
    found = []
    for model in apps.get_models():
        for row in model._default_manager.values():
            if text in json.dumps(row, ensure_ascii=False, default=str):
                found.append(f"{model._meta.label}:{row.get('id')}")
    return found


def test_erasure_leaves_only_what_the_privacy_page_says_is_kept(world, used, client_for):
    person = world.seafarer
    family_url = reverse("voyages:family", args=[used.share.token])
    assert Client().get(family_url).status_code == 200

    gone = (PHONE, CALLBACK_NUMBER, SATELLITE_NUMBER, URGENT_NUMBER, ALERT_NOTE, HOTLINE_NOTE)
    for text in gone:
        assert _rows_holding(text), text  # stored before: the scan below can see it

    _erase_account(client_for("seafarer"))

    # Account: anonymised, no roles, no tokens; consent records kept, all withdrawn.
    user = User.objects.get(pk=person.pk)
    assert user.phone != PHONE and user.display_name == "" and not user.is_active
    assert not RoleGrant.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user).exists()
    assert SeafarerProfile.objects.get(user=user).real_name == ""
    assert not ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True).exists()
    # 心理CT: the reviewed screening is a medical record, the rest is gone.
    assert list(Screening.objects.filter(seafarer=user)) == [used.reviewed_screening]
    assert set(Response.objects.filter(seafarer=user).values_list("screening", flat=True)) == {
        used.reviewed_screening.pk
    }
    assert Review.objects.filter(screening__seafarer=user).count() == 1
    assert Clearance.objects.filter(seafarer=user).count() == 1
    assert not CampaignInvite.objects.filter(seafarer=user).exists()
    assert not LessonCompletion.objects.filter(user=user).exists()
    # Message board: the answered thread is a consultation record.
    assert list(Question.objects.filter(seafarer=user)) == [used.answered_question]
    # Consultations: the held one and its note and the urgent episode stay, without numbers.
    assert list(Appointment.objects.filter(seafarer=user)) == [used.held_appointment]
    assert not Appointment.objects.filter(pk__in=[a.pk for a in used.dropped_appointments])
    assert ConsultationNote.objects.filter(seafarer=user).count() == 1
    urgent = UrgentRequest.objects.get(seafarer=user)
    assert urgent.callback_number == ""
    # Hotline: callbacks gone, calls and the record kept de-identified.
    assert not CallbackRequest.objects.filter(seafarer=user).exists()
    assert not HotlineCall.objects.filter(seafarer=user).exists()
    assert not CallRecord.objects.filter(seafarer=user).exists()
    record = CallRecord.objects.get(pk=used.record.pk)
    assert record.note == "" and record.caller_number_hash == "" and record.alert_id is None
    assert record.reason_categories == ["crew_conflict", "sleep"]  # statistics stay
    assert not HotlineFollowUp.objects.filter(record=record, done_at__isnull=True).exists()
    # Crisis alerts: kept for safety, none left open, no free text, no link to the cause.
    alerts = CrisisAlert.objects.filter(seafarer=user)
    assert sorted(alerts.values_list("pk", flat=True)) == sorted(used.alerts)
    assert not alerts.exclude(status="resolved").exists()
    assert alerts.filter(outcome="withdrawn").exists()  # the help-now alert was still open
    assert set(alerts.values_list("source_id", flat=True)) == {""}
    assert set(AlertAction.objects.filter(alert__seafarer=user).values_list("note", flat=True)) == {
        ""
    }
    assert HelpRequest.objects.filter(seafarer=user).count() == 1
    # Voyage care: gone, and the family link answers "not found".
    assert not Voyage.objects.filter(seafarer=user).exists()
    assert not CareTask.objects.filter(seafarer=user).exists()
    assert not GreenChannelReferral.objects.filter(seafarer=user).exists()
    assert not SafeHomeShare.objects.filter(seafarer=user).exists()
    assert Client().get(family_url).status_code == 404
    assert not Notification.objects.filter(user=user).exists()

    # Nowhere in the database: the numbers and the free text that had to go.
    for text in gone:
        assert _rows_holding(text) == [], text


def test_erasure_leaves_other_people_alone(world, used, client_for):
    give_health_consent(world.seafarer_b)
    start = timezone.now()
    theirs = do_request_callback(
        world.seafarer_b,
        target="mobile",
        number="13911112222",
        window_start=start + timedelta(hours=3),
        window_end=start + timedelta(hours=5),
    )
    do_send_notification(world.seafarer_b, kind="test.hello", message="您好", url="/", sms=False)

    _erase_account(client_for("seafarer"))

    assert CallbackRequest.objects.get(pk=theirs.pk).number == "13911112222"
    assert Notification.objects.filter(user=world.seafarer_b, kind="test.hello").exists()
