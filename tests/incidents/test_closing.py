"""After the incident: it closes only when every person's plan is done or handed over; the
closing summary shows aggregates with small cells suppressed; the review checklist is kept."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.actions.response import do_record_contact
from seafarers_home.incidents.models import Incident
from tests.personas import World, login


def _open(world: World, phones: list[str]) -> Incident:
    incident, _created = do_open_incident(
        IncidentInput(
            kind="piracy",
            occurred_at=timezone.now() - timedelta(days=1),
            vessel=world.vessel_a,
            seafarers=[world.seafarer],
            phones=phones,
        ),
        world.union_staff,
    )
    return incident


def test_it_closes_only_when_every_plan_is_done_or_handed_over(world: World) -> None:
    incident = _open(world, ["13912340001"])
    union = login(Client(), world.union_staff)
    refused = union.post(f"/incidents/{incident.pk}/close/", follow=True)
    assert "还有 2 人的计划没有完成或转交" in refused.content.decode()
    incident.refresh_from_db()
    assert incident.status == "open"

    for person in incident.people.all():
        union.post(f"/incidents/people/{person.pk}/hand-over/")
    assert union.post(f"/incidents/{incident.pk}/close/")["Location"].endswith("/summary/")
    incident.refresh_from_db()
    assert incident.status == "closed"

    summary = union.get(f"/incidents/{incident.pk}/summary/").content.decode()
    assert "人数太少,不显示任务汇总" in summary  # 2 people: nothing that could identify them
    union.post(f"/incidents/{incident.pk}/review/", {"done": ["first_contact", "plan"]})
    incident.refresh_from_db()
    assert incident.review_done == ["first_contact", "plan"]


def test_the_summary_of_a_large_crew_shows_figures_and_hides_small_cells(world: World) -> None:
    incident = _open(world, [f"139123400{n:02d}" for n in range(1, 15)])
    people = list(incident.people.all())
    for person in people[:10]:
        do_record_contact(
            person,
            world.clinician,
            task=person.tasks.get(code="pfa"),
            channel="call",
            reached=True,
        )
    page = login(Client(), world.union_staff).get(f"/incidents/{incident.pk}/summary/")
    html = page.content.decode()
    assert (
        "<th>已联系上</th><td>10</td>" in html
    )  # 10 of 15 (of 12 the 2 not reached would hide it)
    assert "<th>已转介</th><td>0</td>" in html
    assert "首次联系用时(中位数,小时)</th><td>0.0</td>" in html
