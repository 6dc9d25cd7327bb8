"""The response to an incident: the seed's story end to end, tasks that complete themselves,
reminders once, referral rules, and nothing clinical for union staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.models import CrisisAlert, DutyShift
from seafarers_home.consultations.actions.urgent import (
    do_call_seafarer_into_room,
    do_close_urgent_request,
    do_open_urgent_request,
    do_take_urgent_request,
)
from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.facts import sync_incidents
from seafarers_home.incidents.models import AffectedPerson, Incident, ResponseTask
from seafarers_home.notifications.models import Notification
from seafarers_home.screening.actions import do_submit_response
from seafarers_home.screening.models import Response
from seafarers_home.voyages.models import GreenChannelReferral
from tests.personas import World, _user, login

CLINICAL_HEADING = "临床(仅负责医生可见)"


@pytest.fixture
def psychiatrist(world: World) -> User:
    """The on-call psychiatrist: tier 2 on the roster around now."""
    user = _user("13800000021", "孙主任", (Role.CLINICIAN, world.clinic))
    now = timezone.now()
    DutyShift.objects.create(
        user=user, tier=2, starts_at=now - timedelta(hours=4), ends_at=now + timedelta(hours=8)
    )
    return user


def _open(world: World, *seafarers: User) -> Incident:
    incident, _created = do_open_incident(
        IncidentInput(
            kind="sinking",
            occurred_at=timezone.now() - timedelta(hours=5),
            vessel=world.vessel_a,
            seafarers=list(seafarers),
        ),
        world.union_staff,
    )
    return incident


def _days_pass(incident: Incident, days: int) -> None:
    """As if the people had been added ``days`` ago (their tasks move with them)."""
    shift = timedelta(days=days)
    AffectedPerson.objects.filter(incident=incident).update(created_at=F("created_at") - shift)
    ResponseTask.objects.filter(person__incident=incident).update(
        opens_at=F("opens_at") - shift, due_at=F("due_at") - shift
    )


def test_the_rescued_seafarers_story(
    world: World, psychiatrist: User, outbox, django_capture_on_commit_callbacks
) -> None:
    seafarer = world.consented_seafarer  # rescued at sea, a month from shore
    union = login(Client(), world.union_staff)
    doctor = login(Client(), psychiatrist)
    when = timezone.localtime(timezone.now() - timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    form = {"vessel": world.vessel_a.pk, "kind": "sinking", "occurred_at": when}
    form |= {"seafarers": [seafarer.pk], "idempotency_key": "story"}
    with django_capture_on_commit_callbacks(execute=True):
        union.post("/incidents/new/", form)
    incident = Incident.objects.get()
    person = incident.people.get()
    assert psychiatrist.phone in [phone for phone, _text in outbox]  # paged

    doctor.post(f"/alerts/{incident.alert_id}/acknowledge/")
    assert CrisisAlert.objects.get().status == CrisisAlert.Status.ACKNOWLEDGED
    union.post(f"/incidents/people/{person.pk}/assign/", {"responder": psychiatrist.pk})
    pfa = person.tasks.get(code="pfa")
    doctor.post(
        f"/incidents/people/{person.pk}/contact/",
        {"task": pfa.pk, "channel": "callback", "reached": "1"},
    )
    pfa.refresh_from_db()
    assert pfa.status == "done" and pfa.completed_at - person.created_at < timedelta(hours=24)

    urgent = do_open_urgent_request(seafarer, world.union_staff, reason="获救后一对一支持")
    do_take_urgent_request(urgent, psychiatrist)
    do_call_seafarer_into_room(urgent, psychiatrist)
    do_close_urgent_request(urgent, psychiatrist, outcome="talked")

    _days_pass(incident, 31)
    pcl5 = person.tasks.get(code="pcl5-1m")
    board = union.get(f"/incidents/{incident.pk}/").content.decode()
    assert "PCL-5 评估(1 个月)" in board and 'class="state due"' in board
    with django_capture_on_commit_callbacks(execute=True):
        doctor.post(f"/incidents/tasks/{pcl5.pk}/score/", {"total": "47"})
    pcl5.refresh_from_db()
    person.refresh_from_db()
    assert pcl5.status == "done" and person.referred_at is not None  # 47 ≥ 33
    assert GreenChannelReferral.objects.filter(seafarer=seafarer, referred_by=psychiatrist).exists()
    assert Notification.objects.filter(user=seafarer, kind="incidents.referred").exists()

    do_submit_response(seafarer, "phq4", {"phq4_1": 2, "phq4_2": 2, "phq4_3": 1, "phq4_4": 1})
    own_doctor = doctor.get(f"/incidents/people/{person.pk}/").content.decode()
    assert "PCL-5 47" in own_doctor and "PHQ4 6" in own_doctor
    for page in (f"/incidents/{incident.pk}/", f"/incidents/people/{person.pk}/"):
        html = union.get(page).content.decode()
        assert "PCL-5 47" not in html and "PHQ4 6" not in html and CLINICAL_HEADING not in html
    other_doctor = login(Client(), world.clinician).get(f"/incidents/people/{person.pk}/")
    assert CLINICAL_HEADING not in other_doctor.content.decode()

    own = login(Client(), seafarer).get("/incidents/mine/").content.decode()
    assert "孙主任" in own and "PCL-5 47" not in own
    other = login(Client(), world.consented_seafarer_b).get("/incidents/mine/").content.decode()
    assert "孙主任" not in other and world.vessel_a.name not in other


def test_a_screen_completes_itself_and_each_reminder_goes_once(world: World) -> None:
    seafarer = world.consented_seafarer
    incident = _open(world, seafarer)
    person = incident.people.get()
    do_submit_response(seafarer, "phq4", {"phq4_1": 1, "phq4_2": 0, "phq4_3": 1, "phq4_4": 0})
    _days_pass(incident, 8)  # the short screen opened a day ago; that answer came before it
    Response.objects.update(created_at=F("created_at") - timedelta(days=8))
    sync_incidents()
    sync_incidents()
    screen = person.tasks.get(code="screen-2w")
    assert screen.status == "open"
    reminders = Notification.objects.filter(kind="incidents.reminder")
    assert reminders.filter(user=seafarer).count() == 1  # the screen, when it opened
    (lead,) = reminders.filter(user=world.union_staff)  # one for the overdue contact tasks
    assert "2 项" in lead.message
    board = login(Client(), world.union_staff).get(f"/incidents/{incident.pk}/").content.decode()
    assert 'class="state overdue"' in board and 'class="overdue"' in board

    do_submit_response(seafarer, "phq4", {"phq4_1": 1, "phq4_2": 0, "phq4_3": 1, "phq4_4": 0})
    sync_incidents()
    screen.refresh_from_db()
    assert screen.status == "done"


def test_phq9_item_9_above_zero_refers_the_person(world: World) -> None:
    seafarer = world.consented_seafarer
    incident = _open(world, seafarer)
    answers = {f"phq9_{n}": 0 for n in range(1, 10)}
    do_submit_response(seafarer, "phq9", answers)
    sync_incidents()
    assert incident.people.get().referred_at is None
    do_submit_response(seafarer, "phq9", answers | {"phq9_9": 1})
    sync_incidents()
    assert incident.people.get().referred_at is not None
    assert GreenChannelReferral.objects.filter(seafarer=seafarer).count() == 1


def test_a_score_below_the_cutoff_does_not_refer_and_out_of_range_is_refused(
    world: World,
) -> None:
    incident = _open(world, world.consented_seafarer)
    person = incident.people.get()
    login(Client(), world.union_staff).post(
        f"/incidents/people/{person.pk}/assign/", {"responder": world.clinician.pk}
    )
    doctor = login(Client(), world.clinician)
    task = person.tasks.get(code="pcl5-1m")
    refused = doctor.post(f"/incidents/tasks/{task.pk}/score/", {"total": "81"}, follow=True)
    assert "80" in refused.content.decode()
    doctor.post(f"/incidents/tasks/{task.pk}/score/", {"total": "32"})
    person.refresh_from_db()
    task.refresh_from_db()
    assert task.status == "done" and person.referred_at is None
    doctor.post(f"/incidents/people/{person.pk}/refer/")  # the clinician's judgement
    person.refresh_from_db()
    assert person.referred_at is not None


def test_the_lead_gives_everyone_not_yet_looked_after_to_one_counsellor(world: World) -> None:
    incident = _open(world, world.seafarer, world.consented_seafarer)
    first = incident.people.get(seafarer=world.seafarer)
    union = login(Client(), world.union_staff)
    union.post(f"/incidents/people/{first.pk}/assign/", {"responder": world.clinician.pk})
    union.post(f"/incidents/{incident.pk}/assign/", {"responder": world.counsellor.pk})
    carers = dict(incident.people.values_list("seafarer__phone", "responder__phone"))
    assert carers == {
        world.seafarer.phone: world.clinician.phone,
        world.consented_seafarer.phone: world.counsellor.phone,
    }
    refused = login(Client(), world.counsellor).post(
        f"/incidents/{incident.pk}/assign/", {"responder": world.counsellor.pk}, follow=True
    )
    assert "只有事件负责人和工会工作人员可以指派" in refused.content.decode()
