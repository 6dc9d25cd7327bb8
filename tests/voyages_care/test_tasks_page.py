"""The seafarer's care-task page: phase, overdue / due / done tasks with where to do each."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from seafarers_home.screening.models import Battery, Screening
from seafarers_home.voyages.care import sync_voyage
from seafarers_home.voyages.phases import seafarer_today
from tests.personas import give_health_consent
from tests.voyages_care.conftest import make_voyage

pytestmark = pytest.mark.django_db


@pytest.fixture
def voyage(world, care_plan):
    give_health_consent(world.seafarer)
    today = seafarer_today(world.seafarer)
    # Recorded 10 days ago, departs in 5 days: the screening and training (due 7 days after
    # recording) are overdue, the clearance (due the day before departure) is still due.
    voyage = make_voyage(
        world.seafarer,
        world.vessel_a,
        departs=today + datetime.timedelta(days=5),
        returns=today + datetime.timedelta(days=90),
        recorded=timezone.now() - datetime.timedelta(days=10),
    )
    sync_voyage(voyage)  # as recording it through the services does; the page only reads
    return voyage


def sections(page: str) -> tuple[str, str, str]:
    """(overdue items, items still due, done section): overdue tasks are listed under 待完成
    with a badge, so the page never says "nothing to do" above overdue tasks."""
    _, _, rest = page.partition("<h2>待完成</h2>")
    to_do, _, done = rest.partition("<h2>已完成</h2>")
    items = to_do.split("<li>")
    overdue = "".join(item for item in items if "已过期" in item)
    due = "".join(item for item in items if "已过期" not in item)
    return overdue, due, done


def test_it_shows_overdue_due_and_done_tasks_with_where_to_do_them(world, voyage, client_for):
    client = client_for("seafarer")

    page = client.get(reverse("voyages:tasks")).content.decode()

    assert "出海前" in page
    assert "平太荣 1号" in page
    overdue, due, done = sections(page)
    assert "已过期" in overdue
    assert "出海前心理CT" in overdue
    assert 'name="battery" value="pre-departure"' in overdue
    assert reverse("screening:training") in overdue
    assert "健康入职结论" in due
    assert reverse("screening:my_clearances") in due
    assert done == ""  # nothing done yet: no "done" section


def test_it_counts_a_screening_taken_just_now_after_the_minute_job(world, voyage, client_for):
    client = client_for("seafarer")
    client.get(reverse("voyages:tasks"))
    battery = Battery.objects.get(code="pre-departure")
    Screening.objects.create(
        seafarer=world.seafarer,
        battery=battery,
        instrument_codes=battery.instrument_codes,
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
        risk_level="routine",
    )
    # The page only reads: the worker's minute job brings the fresh fact in.
    assert "出海前心理CT" in sections(client.get(reverse("voyages:tasks")).content.decode())[0]
    call_command("runperiodic", "--job", "voyages.sync_recent")

    response = client.get(reverse("voyages:tasks"))

    overdue, _due, done = sections(response.content.decode())
    assert "出海前心理CT" not in overdue
    assert "出海前心理CT" in done
    assert len(gzip.compress(response.content)) <= 14 * 1024


def test_it_asks_for_the_health_consent_first(world, care_plan, client_for):
    assert client_for("seafarer").get(reverse("voyages:tasks")).status_code == 403


def test_an_overdue_task_can_be_set_aside_and_stops_reminding(world, voyage, client_for):
    from seafarers_home.audit.models import AuditEvent
    from seafarers_home.voyages.models import CareTask

    client = client_for("seafarer")
    page = client.get(reverse("voyages:tasks")).content.decode()
    overdue, _due, _done = sections(page)
    assert "移除,不再提醒" in overdue and "现在没有待完成的任务" not in page
    task = CareTask.objects.get(
        seafarer=world.seafarer, step__code="pre-departure-screening", status="open"
    )
    response = client.post(reverse("voyages:task_dismiss", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == CareTask.Status.CANCELLED
    assert AuditEvent.objects.filter(
        action="voyages.care_task.dismiss", target_id=str(task.pk)
    ).exists()
    assert "出海前心理CT" not in sections(client.get(reverse("voyages:tasks")).content.decode())[0]
    # A task still due cannot be set aside; someone else's task is not found.
    still_due = CareTask.objects.filter(
        seafarer=world.seafarer, status="open", due_at__gt=timezone.now()
    ).first()
    client.post(reverse("voyages:task_dismiss", args=[still_due.pk]))
    still_due.refresh_from_db()
    assert still_due.status == CareTask.Status.OPEN
    other = client_for("seafarer_b").post(reverse("voyages:task_dismiss", args=[task.pk]))
    assert other.status_code in (403, 404)


def test_the_page_writes_nothing_and_the_minute_job_completes_the_task(world, voyage, client_for):
    from tests.queries import writes_during

    client = client_for("seafarer")
    battery = Battery.objects.get(code="pre-departure")
    Screening.objects.create(
        seafarer=world.seafarer,
        battery=battery,
        instrument_codes=battery.instrument_codes,
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
        risk_level="routine",
    )

    assert writes_during(lambda: client.get(reverse("voyages:tasks"))) == []
    call_command("runperiodic", "--job", "voyages.sync_recent")
    assert "出海前心理CT" in sections(client.get(reverse("voyages:tasks")).content.decode())[2]
