"""A seafarer who used every service, built through the services' own ``do_…`` functions (as
the demo is): the subject of the export and erasure tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from seafarers_home.accounts.actions import do_issue_api_token
from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.help_now import do_press_help_now, do_say_help_now_mistaken
from seafarers_home.alerts.actions.outcomes import do_record_alert_outcome
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.consultations.actions.booking import (
    do_book_consultation,
    do_cancel_consultation,
)
from seafarers_home.consultations.actions.notes import NoteInput, do_write_consultation_note
from seafarers_home.consultations.actions.urgent import (
    do_arrange_callback,
    do_open_urgent_request,
    do_take_urgent_request,
)
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.hotline.actions.callbacks import do_request_callback
from seafarers_home.hotline.actions.help_now import do_request_help_callback
from seafarers_home.hotline.actions.queue import do_end_call
from seafarers_home.hotline.actions.records import do_complete_call_record, do_mark_crisis
from seafarers_home.hotline.models import CallRecord
from seafarers_home.hotline.records import RecordInput
from seafarers_home.inquiries.actions.answering import do_reply
from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.inquiries.models import Question
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.screening.actions import (
    do_complete_lesson,
    do_complete_screening,
    do_issue_clearance,
    do_record_review,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.actions_campaigns import do_create_campaign
from seafarers_home.screening.models import Battery, Screening
from seafarers_home.screening.training import get_lesson
from seafarers_home.voyages.actions import (
    do_create_safe_home_share,
    do_record_return,
    do_record_voyage,
)
from seafarers_home.voyages.green_referrals import do_request_green_channel
from seafarers_home.voyages.models import SafeHomeShare, Voyage
from tests.hotline_calls.conftest import connected_call
from tests.personas import World, give_health_consent

CALLBACK_NUMBER = "13912345678"  # the hotline callback's mobile number
SATELLITE_NUMBER = "+870 773 012 345"  # the help-now callback's satellite phone
URGENT_NUMBER = "+870 773 099 999"  # the urgent consultation's callback number
ALERT_NOTE = "电话里说船上有绳子,已请大副陪着他"  # a clinician's free text on the alert
HOTLINE_NOTE = "和大副有矛盾,三周睡不好"  # the counsellor's note
PHQ9_CRISIS = {f"phq9_{n}": 1 for n in range(1, 10)}  # item 9 above 0
PHQ9_ROUTINE = {f"phq9_{n}": 0 for n in range(1, 10)}
PHQ4 = {"phq4_1": 1, "phq4_2": 0, "phq4_3": 1, "phq4_4": 0}


@dataclass
class Used:
    """What the seafarer left behind, by what the privacy page says happens to it."""

    reviewed_screening: Screening
    unreviewed_screening: Screening
    answered_question: Question
    unanswered_question: Question
    held_appointment: Appointment
    dropped_appointments: list[Appointment]
    record: CallRecord
    share: SafeHomeShare
    alerts: list[int] = field(default_factory=list)


def _battery() -> Battery:
    battery = Battery.objects.filter(code="phq9-only").first()
    return battery or Battery.objects.create(
        code="phq9-only", name="PHQ-9", instrument_codes=["phq9"]
    )


def _slot(world: World, days: int, hour: int) -> Slot:
    day = timezone.now() + timedelta(days=days)
    start = day.replace(hour=hour, minute=0, second=0, microsecond=0)
    return Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        mode="remote",
    )


def _screenings(world: World, seafarer: User) -> tuple[Screening, Screening]:
    battery = _battery()
    do_create_campaign(
        world.officer_a,
        organisation=world.company_a,
        title="出海前心理CT",
        battery=battery,
        deadline=timezone.now() + timedelta(days=7),
        invitees=[seafarer],
    )
    reviewed = do_start_screening(seafarer, battery)
    do_submit_response(seafarer, "phq9", PHQ9_CRISIS, screening=reviewed, idempotency_key="s1")
    reviewed = do_complete_screening(reviewed)
    follow_up = timezone.localdate() + timedelta(days=14)
    do_record_review(reviewed, world.clinician, "已电话联系,两周后随访", follow_up)
    until = timezone.localdate() + timedelta(days=90)
    do_issue_clearance(
        seafarer, world.clinician, "cleared_with_follow_up", until, reviewed, crisis_assessed=True
    )
    unreviewed = do_start_screening(seafarer, battery)
    do_submit_response(seafarer, "phq9", PHQ9_ROUTINE, screening=unreviewed)
    unreviewed = do_complete_screening(unreviewed)
    do_submit_response(seafarer, "phq4", PHQ4, idempotency_key="pulse-1")  # at-sea pulse
    lesson = get_lesson("stress-at-sea")
    assert lesson is not None
    do_complete_lesson(seafarer, lesson)
    return reviewed, unreviewed


def _consultations(world: World, seafarer: User) -> tuple[Appointment, list[Appointment]]:
    held = do_book_consultation(
        seafarer, _slot(world, 2, 9), reason="最近睡不好,想和医生聊聊", share_screening=True
    )
    do_write_consultation_note(
        world.clinician,
        NoteInput(
            note="入睡困难三周,与同事冲突",
            assessment="适应障碍可能",
            plan=["follow_up"],
            follow_up_on=timezone.localdate() + timedelta(days=21),
            shared_summary="建议固定作息,三周后复诊。",
            share=True,
        ),
        appointment=held,
    )
    cancelled = do_book_consultation(
        seafarer, _slot(world, 3, 9), reason="想换个时间", share_screening=False
    )
    do_cancel_consultation(cancelled, seafarer)
    booked = do_book_consultation(
        seafarer, _slot(world, 4, 9), reason="复诊", share_screening=False
    )
    urgent = do_open_urgent_request(seafarer, world.counsellor, reason="热线来电中情绪崩溃")
    urgent = do_take_urgent_request(urgent, world.clinician)
    do_arrange_callback(
        urgent, world.clinician, number=URGENT_NUMBER, at=timezone.now() + timedelta(hours=1)
    )
    return held, [cancelled, booked]


def _hotline(world: World, seafarer: User) -> CallRecord:
    call = connected_call(world, seafarer)
    do_end_call(call, world.counsellor)
    record = CallRecord.objects.get(call=call)
    data = RecordInput(
        reason_categories=["crew_conflict", "sleep"],
        risk={"no_support": True},
        actions=["listened", "consultation"],
        follow_up="callback",
        note=HOTLINE_NOTE,
    )
    record = do_complete_call_record(record, world.counsellor, data)
    record = do_mark_crisis(
        record, world.counsellor, steps=["safety", "means"], master_basis="not_contacted"
    )
    now = timezone.now()
    do_request_callback(
        seafarer,
        target="mobile",
        number=CALLBACK_NUMBER,
        window_start=now + timedelta(hours=2),
        window_end=now + timedelta(hours=4),
    )
    return record


def _voyages(world: World, seafarer: User) -> SafeHomeShare:
    today = timezone.localdate()
    voyage = do_record_voyage(
        seafarer,
        vessel=world.vessel_a,
        planned_departure=today - timedelta(days=100),
        expected_return=today - timedelta(days=5),
        recorded_by=seafarer,
        source=Voyage.Source.SELF,
    )
    do_record_return(voyage, today - timedelta(days=5), seafarer)
    do_request_green_channel(seafarer, reason="归港后压力大")
    return do_create_safe_home_share(seafarer)


def _call_about_the_screening(world: World, seafarer: User) -> None:
    alert = CrisisAlert.objects.get(seafarer=seafarer, source="screening")  # PHQ-9 item 9
    do_record_alert_outcome(alert, world.clinician, outcome="phone", note=ALERT_NOTE)
    assert alert.actions.get().note == ALERT_NOTE


def _alerts(world: World, seafarer: User) -> list[int]:
    # Pressed last: the hotline's crisis record closes the alerts open before it.
    press = do_press_help_now(seafarer, idempotency_key="help-1")
    do_say_help_now_mistaken(seafarer, press)
    now = timezone.now()
    do_request_help_callback(
        press,
        seafarer,
        target="satellite",
        number=SATELLITE_NUMBER,
        window_start=now,
        window_end=now + timedelta(hours=2),
    )
    return list(CrisisAlert.objects.filter(seafarer=seafarer).values_list("pk", flat=True))


def used_every_service(world: World) -> Used:
    seafarer = world.seafarer
    give_health_consent(seafarer)
    do_issue_api_token(seafarer, name="王海的手机")
    reviewed, unreviewed = _screenings(world, seafarer)
    _call_about_the_screening(world, seafarer)
    answered = do_ask_question(
        seafarer, category="mental", title="想家睡不着", body="出海两个月了,每天晚上都想家睡不着。"
    )
    do_reply(answered, world.clinician, "可以试试呼吸练习。")
    unanswered = do_ask_question(
        seafarer, category="physical", title="手上的伤口", body="拉网时手上划了一道口子,有点红肿。"
    )
    held, dropped = _consultations(world, seafarer)
    record = _hotline(world, seafarer)
    share = _voyages(world, seafarer)
    do_send_notification(seafarer, kind="test.hello", message="您有一条新消息", url="/", sms=False)
    alerts = _alerts(world, seafarer)
    return Used(
        reviewed_screening=reviewed,
        unreviewed_screening=unreviewed,
        answered_question=answered,
        unanswered_question=unanswered,
        held_appointment=held,
        dropped_appointments=dropped,
        record=record,
        share=share,
        alerts=alerts,
    )
