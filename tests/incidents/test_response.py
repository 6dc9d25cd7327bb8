"""The response to an incident: the seed's story end to end on the real screening pages (the
PC-PTSD-5 + PHQ-4 short screen, the PCL-5 at one month answered by the seafarer and reviewed
by the clinician), tasks that complete themselves, reminders once, the referral rules on the
seafarer's own PCL-5 and the plan's cut-off, the clinician's phone fallback, and nothing
clinical for union staff."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
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
from seafarers_home.incidents.models import AffectedPerson, ClinicalScore, Incident, ResponseTask
from seafarers_home.incidents.plan_schema import default_plan_data
from seafarers_home.notifications.models import Notification
from seafarers_home.screening.actions import do_submit_response
from seafarers_home.screening.models import Response, Review, Screening
from seafarers_home.voyages.models import GreenChannelReferral
from tests.personas import World, _user, login

CLINICAL_HEADING = "临床(仅负责医生可见)"
ADD_PLAN = "/admin/incidents/responseplan/add/"


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


QUESTIONS = '<form class="stack" method="post" action="'  # an instrument's page


def _answer_on_the_screening_pages(client: Client, start: str, answers: dict) -> str:
    """The seafarer presses their task's button and answers each page as a browser would
    (each POST is answered with the next page); returns the result page."""
    started = client.post(start)
    assert started.status_code == 302, started
    page = client.get(started["Location"])
    for _page in range(len(answers) + 1):
        html = page.content.decode()
        if QUESTIONS not in html:
            return html
        form = html.split(QUESTIONS)[1]
        action = form.split('"')[0]
        key = form.split('name="key" value="')[1].split('"')[0]
        code = action.rstrip("/").rsplit("/", 1)[1]
        fields = {"key": key, "replaces": ""} | {k: str(v) for k, v in answers[code].items()}
        page = client.post(action, fields)
        assert page.status_code == 200, page.content.decode()
    raise AssertionError("more pages than instruments")


PCL5_47 = {f"pcl5_{n}": value for n, value in enumerate([3] * 15 + [0] * 3 + [1, 1], start=1)}
PCPTSD5_POSITIVE = {"pcptsd5_trauma": 1} | {f"pcptsd5_{n}": 1 for n in range(1, 6)}
PHQ4_6 = {"phq4_1": 2, "phq4_2": 2, "phq4_3": 1, "phq4_4": 1}


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

    # A week on, the short screen: PC-PTSD-5 + PHQ-4, answered by the seafarer.
    _days_pass(incident, 8)
    call_command("runperiodic", "--job", "incidents.sync", "--force")
    own = login(Client(), seafarer)
    screen = person.tasks.get(code="screen-2w")
    assert "现在做:简短筛查(1–2 周)" in own.get("/incidents/mine/").content.decode()
    answers = {"pcptsd5": PCPTSD5_POSITIVE, "phq4": PHQ4_6}
    result = _answer_on_the_screening_pages(
        own, f"/incidents/mine/tasks/{screen.pk}/screening/", answers
    )
    assert "阳性" in result  # the seafarer sees their own result
    call_command("runperiodic", "--job", "incidents.sync", "--force")
    screen.refresh_from_db()
    person.refresh_from_db()
    assert screen.status == "done" and person.referred_at is None  # no rule refers on these

    # A month on, the PCL-5 is due: answered on the real pages, the task completes itself.
    _days_pass(incident, 23)
    pcl5 = person.tasks.get(code="pcl5-1m")
    board = union.get(f"/incidents/{incident.pk}/").content.decode()
    assert "PCL-5 评估(1 个月)" in board and 'class="state due"' in board
    result = _answer_on_the_screening_pages(
        own, f"/incidents/mine/tasks/{pcl5.pk}/screening/", {"pcl5": PCL5_47}
    )
    assert "达到分界值" in result
    assert Response.objects.get(instrument_code="pcl5").total_score == 47
    with django_capture_on_commit_callbacks(execute=True):
        call_command("runperiodic", "--job", "incidents.sync", "--force")
    pcl5.refresh_from_db()
    person.refresh_from_db()
    assert pcl5.status == "done" and person.referred_at is not None  # 47 ≥ 33 (the plan's)
    assert GreenChannelReferral.objects.filter(seafarer=seafarer, referred_by=psychiatrist).exists()
    assert Notification.objects.filter(user=seafarer, kind="incidents.referred").exists()

    # The assigned clinician reads it (flagged: the Chinese version awaits review) and reviews.
    own_doctor = doctor.get(f"/incidents/people/{person.pk}/").content.decode()
    # Named as the review pages name them (not the raw codes), with the band's label.
    assert "(PCL-5) 47 · 达到分界值" in own_doctor and "(PC-PTSD-5) 5 · 阳性" in own_doctor
    assert "海上简测) 6" in own_doctor
    assert "中文版待临床审核" in own_doctor
    screening = Response.objects.get(instrument_code="pcl5").screening
    assert f"/screening/review/{screening.pk}/" in own_doctor
    review = doctor.post(
        f"/screening/review/{screening.pk}/",
        {"note": "PCL-5 47,已转介绿色通道。", "follow_up_on": ""},
    )
    assert review.status_code in (200, 302)
    assert Review.objects.filter(screening=screening, clinician=psychiatrist).exists()

    for page in (f"/incidents/{incident.pk}/", f"/incidents/people/{person.pk}/"):
        html = union.get(page).content.decode()
        for clinical in (
            "(PCL-5) 47",
            "(PC-PTSD-5) 5",
            "简测) 6",
            "阳性",
            "达到分界值",
            "待临床审核",
        ):
            assert clinical not in html, (page, clinical)
        assert CLINICAL_HEADING not in html and "/screening/review/" not in html
    other_doctor = login(Client(), world.clinician).get(f"/incidents/people/{person.pk}/")
    assert CLINICAL_HEADING not in other_doctor.content.decode()

    mine = own.get("/incidents/mine/").content.decode()
    assert "孙主任" in mine and "(PCL-5) 47" not in mine and "达到分界值" not in mine
    assert "家属联络" not in mine  # the carer's call to the family is not the seafarer's step
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
    assert screen.status == "open"  # the PC-PTSD-5 is still to come
    do_submit_response(seafarer, "pcptsd5", {"pcptsd5_trauma": 0})
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


@pytest.mark.parametrize(("total", "referred"), [(32, False), (33, True)])
def test_a_pcl5_given_by_phone_is_the_clinicians_fallback(
    world: World, total: int, referred: bool
) -> None:
    """At sea with only a satellite phone the seafarer cannot answer online: the assigned
    clinician gives the PCL-5 by phone and records its total; the cut-off refers as the
    seafarer's own answers would."""
    incident = _open(world, world.consented_seafarer)
    person = incident.people.get()
    login(Client(), world.union_staff).post(
        f"/incidents/people/{person.pk}/assign/", {"responder": world.clinician.pk}
    )
    doctor = login(Client(), world.clinician)
    task = person.tasks.get(code="pcl5-1m")
    assert (
        f"/incidents/tasks/{task.pk}/score/"
        in doctor.get(f"/incidents/people/{person.pk}/").content.decode()
    )
    short_screen = person.tasks.get(code="screen-2w")  # two instruments: no phone total
    refused = doctor.post(f"/incidents/tasks/{short_screen.pk}/score/", {"total": "3"}, follow=True)
    assert "这项任务不需要医生评估" in refused.content.decode()
    refused = doctor.post(f"/incidents/tasks/{task.pk}/score/", {"total": "81"}, follow=True)
    assert "总分须在 0 到 80 之间" in refused.content.decode()
    assert not ClinicalScore.objects.exists()
    doctor.post(f"/incidents/tasks/{task.pk}/score/", {"total": str(total)})
    person.refresh_from_db()
    task.refresh_from_db()
    assert task.status == "done" and (person.referred_at is not None) is referred
    page = doctor.get(f"/incidents/people/{person.pk}/").content.decode()
    assert f"PCL-5 {total} · 电话评估" in page
    assert (
        f"PCL-5 {total}"
        not in login(Client(), world.union_staff)
        .get(f"/incidents/people/{person.pk}/")
        .content.decode()
    )
    if not referred:
        doctor.post(f"/incidents/people/{person.pk}/refer/")  # the clinician's judgement
        person.refresh_from_db()
        assert person.referred_at is not None


def test_the_referral_reads_the_seafarers_pcl5_against_the_plans_cutoff(world: World) -> None:
    plan = default_plan_data() | {"pcl5_cutoff": 38}
    form = {"name": "分界值 38", "definition": json.dumps(plan), "is_active": "on"}
    assert login(Client(), world.admin).post(ADD_PLAN, form).status_code == 302
    seafarer = world.consented_seafarer
    incident = _open(world, seafarer)
    _days_pass(incident, 31)
    person = incident.people.get()
    pcl5 = {f"pcl5_{n}": 2 for n in range(1, 19)}  # 36: over 33, under this plan's 38
    do_submit_response(seafarer, "pcl5", pcl5 | {"pcl5_19": 0, "pcl5_20": 0})
    sync_incidents()
    person.refresh_from_db()
    assert person.tasks.get(code="pcl5-1m").status == "done" and person.referred_at is None
    _days_pass(incident, 60)
    Response.objects.update(created_at=F("created_at") - timedelta(days=60))  # a month's answer
    do_submit_response(seafarer, "pcl5", pcl5 | {"pcl5_19": 1, "pcl5_20": 1})  # 38
    sync_incidents()
    person.refresh_from_db()
    assert person.tasks.get(code="pcl5-3m").status == "done" and person.referred_at is not None


def test_a_seafarer_starts_only_their_own_open_screening_task(world: World) -> None:
    seafarer = world.consented_seafarer
    incident = _open(world, seafarer)
    person = incident.people.get()
    own = login(Client(), seafarer)
    pfa, screen = person.tasks.get(code="pfa"), person.tasks.get(code="screen-2w")
    not_yet = own.post(f"/incidents/mine/tasks/{screen.pk}/screening/", follow=True)
    assert "这项心理CT现在不需要做" in not_yet.content.decode()
    assert own.post(f"/incidents/mine/tasks/{pfa.pk}/screening/").status_code == 302
    assert not Screening.objects.exists()
    other = login(Client(), world.consented_seafarer_b)
    _days_pass(incident, 8)
    assert other.post(f"/incidents/mine/tasks/{screen.pk}/screening/").status_code == 404
    started = own.post(f"/incidents/mine/tasks/{screen.pk}/screening/")
    screening = Screening.objects.get()
    assert started["Location"] == f"/screening/{screening.pk}/pcptsd5/"
    assert (screening.battery, screening.instrument_codes) == (None, ["pcptsd5", "phq4"])
    again = own.post(f"/incidents/mine/tasks/{screen.pk}/screening/")  # resumed, not twice
    assert again["Location"] == started["Location"] and Screening.objects.count() == 1


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
