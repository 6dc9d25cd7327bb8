"""A crewmate in crisis: a master reports a crewmate; the hospital gets a crisis alert with
the words, the master gets the guide at once, the crewmate is told (by whom only if agreed),
and the report is in the crewmate's data export. Bad input stores nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent.personal_data import get_personal_data_type
from seafarers_home.incidents.models import CrewmateReport
from seafarers_home.notifications.models import Notification
from seafarers_home.organisations.models import SeafarerProfile
from tests.personas import World, login


@pytest.fixture
def master(world: World):
    SeafarerProfile.objects.filter(user=world.seafarer).update(rank="master")
    return world.seafarer


def _form(world: World, **changes: object) -> dict[str, object]:
    form = {
        "vessel": world.vessel_a.pk,
        "reported": world.consented_seafarer.pk,
        "observation": "这几天不吃饭,一个人站在船舷边,说活着没意思",
        "position": "北纬29度 东经124度",
        "reach": "卫星电话 870123456789",
        "idempotency_key": "r-1",
    }
    form.update(changes)
    return form


def test_a_report_alerts_the_hospital_guides_the_master_and_tells_the_crewmate(
    world: World, master, django_capture_on_commit_callbacks
) -> None:
    client = login(Client(), master)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/incidents/report/", _form(world), follow=True)
        client.post("/incidents/report/", _form(world))  # resent after a dropped link
    assert response.redirect_chain[-1][0] == "/incidents/report/guide/"
    assert "12395" in response.content.decode()  # the guide, at once
    report = CrewmateReport.objects.get()
    alert = CrisisAlert.objects.get()
    assert (alert.seafarer, alert.tier) == (world.consented_seafarer, 1)
    alert_page = login(Client(), world.clinician).get(f"/alerts/{alert.pk}/").content.decode()
    assert "站在船舷边" in alert_page and "870123456789" in alert_page
    told = Notification.objects.get(user=world.consented_seafarer)
    assert "王海" not in told.message  # not named: the master did not agree
    assert AuditEvent.objects.filter(action="incidents.crewmate_report").count() == 1
    export = get_personal_data_type("incidents").export(world.consented_seafarer)
    (about,) = export["crewmate_reports_about_you"]
    assert about["reporter"] == "" and "船舷" in about["what_was_seen"]
    assert report.name_the_reporter is False


def test_the_crewmate_learns_who_reported_only_if_the_master_agreed(
    world: World, master, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        login(Client(), master).post("/incidents/report/", _form(world, name_the_reporter="on"))
    assert "王海" in Notification.objects.get(user=world.consented_seafarer).message
    page = login(Client(), world.consented_seafarer).get("/incidents/mine/").content.decode()
    assert "王海" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"vessel": ""}, "请选择您所在的船舶"),
        ({"reach": ""}, "请填写医院怎样联系到船上"),
        ({"observation": "  "}, "请简要写下您看到的情况"),
        ({"reported": ""}, "请选择您担心的船员"),
    ],
)
def test_a_report_missing_what_the_hospital_needs_is_refused(
    world: World, master, changes: dict[str, object], message: str
) -> None:
    response = login(Client(), master).post("/incidents/report/", _form(world, **changes))
    assert response.status_code == 400 and response.content.decode().count(message) == 1
    assert not CrewmateReport.objects.exists() and not CrisisAlert.objects.exists()
