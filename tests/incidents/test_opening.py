"""Opening an incident over HTTP: the psychiatrist is paged, every person gets the plan's tasks
once (even if the form is sent twice), an unregistered person gets an invitation that says
nothing about the incident, and bad input is refused with nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import Role
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.facts import sync_incidents
from seafarers_home.incidents.models import AffectedPerson, Incident, ResponseTask
from seafarers_home.incidents.plan_schema import default_plan_data
from tests.personas import World, _user, login

STEPS = len(default_plan_data()["steps"])


def _form(world: World, **changes: object) -> dict[str, object]:
    past = timezone.localtime(timezone.now() - timedelta(hours=3))
    form = {
        "vessel": world.vessel_a.pk,
        "kind": "sinking",
        "occurred_at": past.strftime("%Y-%m-%dT%H:%M"),
        "latitude": "29.5",
        "longitude": "124.25",
        "place": "东海渔场",
        "seafarers": [world.seafarer.pk],
        "phones": "13912345678",
        "idempotency_key": "key-1",
    }
    form.update(changes)
    return form


def test_opening_pages_the_psychiatrist_and_creates_each_persons_tasks_once(
    world: World, outbox, django_capture_on_commit_callbacks
) -> None:
    client = login(Client(), world.union_staff)
    page = client.get(f"/incidents/new/?vessel={world.vessel_a.pk}").content.decode()
    assert "王海" in page  # from the vessel's crew records

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/incidents/new/", _form(world))
        again = client.post("/incidents/new/", _form(world))  # the link dropped; sent again

    incident = Incident.objects.get()
    assert first.status_code == again.status_code == 302
    assert again["Location"] == f"/incidents/{incident.pk}/"
    assert incident.people.count() == 2
    assert ResponseTask.objects.count() == 2 * STEPS
    alert = CrisisAlert.objects.get()
    assert (alert.tier, alert.source, alert.seafarer) == (2, "incident", world.seafarer)
    invitation = [text for phone, text in outbox if phone == "13912345678"]
    assert len(invitation) == 1
    assert not any(word in invitation[0] for word in ("事件", "沉船", "东海", "平太荣"))

    board = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "王海" in board and "已发邀请,未注册" in board
    alert_page = login(Client(), world.clinician).get(f"/alerts/{alert.pk}/").content.decode()
    assert f"/incidents/{incident.pk}/" in alert_page


def test_adding_people_later_gives_only_them_tasks(world: World, outbox) -> None:
    client = login(Client(), world.union_staff)
    client.post("/incidents/new/", _form(world, phones=""))
    incident = Incident.objects.get()
    client.post(f"/incidents/{incident.pk}/people/", {"phones": "13912345679"})
    twice = client.post(f"/incidents/{incident.pk}/people/", {"phones": "13912345679"})
    assert AffectedPerson.objects.filter(incident=incident).count() == 2
    assert ResponseTask.objects.count() == 2 * STEPS
    assert "同一个人被添加了两次" in client.get(twice["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_at": "2099-01-01T00:00"}, "事件发生时间不能晚于现在"),
        ({"phones": "12345"}, "不是中国大陆手机号码"),
        ({"phones": "13800000001"}, "同一个人被添加了两次"),  # 王海's own number
        ({"seafarers": [], "phones": "13912345678"}, "请至少从船员名单中选择一位受影响的海员"),
        ({"latitude": "95"}, "90"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    world: World,
    outbox,
    django_capture_on_commit_callbacks,
    changes: dict[str, object],
    message: str,
) -> None:
    client = login(Client(), world.union_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/incidents/new/", _form(world, **changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if len(message) > 4:  # a whole sentence: said once, not in two boxes
        assert html.count(message) == 1
    assert not Incident.objects.exists() and not CrisisAlert.objects.exists()
    assert outbox == []


def test_every_mistake_on_the_incident_form_is_shown_in_one_round(world: World, outbox) -> None:
    """A latitude out of range, a time in the future and a number that is no mobile come back
    together (they were said one per submit, three rounds in an incident)."""
    client = login(Client(), world.union_staff)
    mistakes = {"latitude": "200", "occurred_at": "2099-01-01T00:00", "phones": "abc"}
    html = client.post("/incidents/new/", _form(world, **mistakes)).content.decode()
    for words in ("小于或等于90", "事件发生时间不能晚于现在", "“abc”不是中国大陆手机号码"):
        assert words in html, words
    assert not Incident.objects.exists()


def test_a_seafarer_not_on_the_vessels_crew_cannot_be_chosen(world: World, outbox) -> None:
    client = login(Client(), world.union_staff)
    response = client.post("/incidents/new/", _form(world, seafarers=[world.seafarer_b.pk]))
    assert response.status_code == 400
    assert not Incident.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_unacknowledged_page_escalates_through_the_task_worker(world: World, settings) -> None:
    # Raised with no delay, so its escalation task is already due; later steps use 5 minutes.
    settings.CRISIS_ESCALATION_SECONDS = 0
    incident, _created = do_open_incident(
        IncidentInput(
            kind="piracy",
            occurred_at=timezone.now() - timedelta(hours=1),
            vessel=world.vessel_a,
            seafarers=[world.seafarer],
        ),
        world.union_staff,
    )
    settings.CRISIS_ESCALATION_SECONDS = 300
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    incident.alert.refresh_from_db()
    assert (incident.alert.tier, incident.alert.status) == (3, "open")  # on-call → clinic head


def test_an_invited_person_who_registers_sees_their_care(world: World) -> None:
    incident, _created = do_open_incident(
        IncidentInput(
            kind="sinking",
            occurred_at=timezone.now() - timedelta(hours=1),
            vessel=world.vessel_a,
            seafarers=[world.seafarer],
            phones=["13912345670"],
        ),
        world.union_staff,
    )
    newcomer = _user("13912345670", "赵新", (Role.SEAFARER, world.company_a))
    sync_incidents()
    assert incident.people.filter(seafarer=newcomer).exists()
    page = login(Client(), newcomer).get("/incidents/mine/").content.decode()
    assert world.vessel_a.name in page


def test_an_id_beyond_the_databases_integers_is_not_found(world: World) -> None:
    client = login(Client(), world.union_staff)
    huge = "9" * 20
    for url in (f"/incidents/{huge}/", f"/incidents/people/{huge}/"):
        assert client.get(url).status_code == 404
    assert client.get(f"/incidents/new/?vessel={huge}").status_code == 200  # pick a vessel
