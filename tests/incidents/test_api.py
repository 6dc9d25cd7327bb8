"""The incidents API: the seafarer's own care and tasks (nobody else's), and a crewmate
report with an Idempotency-Key (a resend files one report); both in the OpenAPI schema."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.actions import do_issue_api_token
from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.models import CrewmateReport
from seafarers_home.organisations.models import SeafarerProfile
from tests.personas import World


def _bearer(user) -> dict[str, str]:
    _token, plaintext = do_issue_api_token(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_a_seafarer_reads_their_own_care_and_tasks_only(world: World) -> None:
    do_open_incident(
        IncidentInput(
            kind="fire",
            occurred_at=timezone.now() - timedelta(hours=2),
            vessel=world.vessel_a,
            seafarers=[world.seafarer, world.consented_seafarer],
        ),
        world.union_staff,
    )
    mine = Client().get("/api/v1/incidents/mine", **_bearer(world.seafarer)).json()
    (record,) = mine
    assert record["type"] == "fire" and record["carer"] == ""
    states = {task["code"]: task["state"] for task in record["tasks"]}
    assert states["pfa"] == "due" and states["pcl5-1m"] == "later"
    # a screening task names the instruments an app answers through the screening API
    instruments = {task["code"]: task["instruments"] for task in record["tasks"]}
    assert instruments["screen-2w"] == ["pcptsd5", "phq4"] and instruments["pcl5-1m"] == ["pcl5"]
    assert instruments["pfa"] == []
    assert "张帆" not in json.dumps(mine, ensure_ascii=False)
    other = Client().get("/api/v1/incidents/mine", **_bearer(world.seafarer_b)).json()
    assert other == []


def test_a_crewmate_report_is_filed_once_per_key(world: World) -> None:
    SeafarerProfile.objects.filter(user=world.seafarer).update(rank="master")
    body = {
        "reported_id": world.consented_seafarer.pk,
        "vessel_id": world.vessel_a.pk,
        "observation": "整夜不睡,说想跳下去",
        "reach": "铱星 881612345678",
    }
    headers = _bearer(world.seafarer) | {"HTTP_IDEMPOTENCY_KEY": "k-1"}
    client = Client()
    first = client.post("/api/v1/incidents/crewmate-reports", body, "application/json", **headers)
    again = client.post("/api/v1/incidents/crewmate-reports", body, "application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] == CrewmateReport.objects.get().pk
    changed = client.post(
        "/api/v1/incidents/crewmate-reports",
        body | {"observation": "别的内容"},
        "application/json",
        **headers,
    )
    assert changed.json()["code"] == "idempotency_conflict"
    no_vessel = client.post(
        "/api/v1/incidents/crewmate-reports",
        body | {"vessel_id": None},
        "application/json",
        **(headers | {"HTTP_IDEMPOTENCY_KEY": "k-2"}),
    )
    assert no_vessel.status_code == 422 and no_vessel.json()["code"] == "invalid_report"
    assert CrewmateReport.objects.count() == 1
    schema = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/incidents/mine", "/api/v1/incidents/crewmate-reports"} <= set(schema)
