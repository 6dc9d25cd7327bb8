"""Recording voyages: the rules, the audit trail and nothing half-done on bad input."""

from __future__ import annotations

import pytest
from django.utils import translation

from seafarers_home.audit.models import AuditEvent
from seafarers_home.voyages.actions import (
    do_cancel_voyage,
    do_record_crew,
    do_record_departure,
    do_record_return,
    do_record_voyage,
)
from seafarers_home.voyages.models import CareTask, Phase, Voyage
from seafarers_home.voyages.phases import seafarer_today
from seafarers_home.voyages.services_voyages import VoyageInvalid
from tests.voyages.conftest import add_seafarer, days, record


def test_it_records_a_voyage_with_its_batch_phase_audit_and_care_tasks(consenting) -> None:
    world = consenting
    voyage = record(world.seafarer, world, start=10, end=100)
    voyage.refresh_from_db()
    assert voyage.company == world.company_a
    assert len(voyage.crew_batch) == 32  # always set, also for one voyage
    assert voyage.phase == Phase.BEFORE_DEPARTURE
    event = AuditEvent.objects.get(action="voyages.record")
    assert event.target_id == str(voyage.pk)
    assert event.actor == world.officer_a
    # The care pathway caught up in the same transaction: the before-departure tasks exist.
    assert CareTask.objects.filter(voyage=voyage, phase=Phase.BEFORE_DEPARTURE).exists()


def test_it_refuses_a_return_before_the_departure_and_writes_nothing(consenting) -> None:
    world = consenting
    with pytest.raises(VoyageInvalid) as caught:
        record(world.seafarer, world, start=10, end=5)
    assert caught.value.messages == ["预计归港日期不能早于计划出海日期。"]
    assert not Voyage.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="voyages.").exists()


def test_it_says_so_in_english_for_an_english_reader(consenting) -> None:
    world = consenting
    with translation.override("en"), pytest.raises(VoyageInvalid) as caught:
        record(world.seafarer, world, start=10, end=5)
    assert caught.value.messages == ["The expected return cannot be before the planned departure."]


def test_it_refuses_overlapping_voyages_of_one_seafarer(consenting) -> None:
    world = consenting
    first = record(world.seafarer, world, start=10, end=100)
    with pytest.raises(VoyageInvalid) as caught:
        record(world.seafarer, world, start=50, end=150, vessel=world.vessel_a)
    assert first.planned_departure.isoformat() in caught.value.messages[0]
    assert "重叠" in caught.value.messages[0]
    with pytest.raises(VoyageInvalid):
        record(world.seafarer, world, start=0, end=200)  # around it
    assert Voyage.objects.count() == 1
    # Sailing again on the day the first one comes home is fine; so is a cancelled clash.
    record(world.seafarer, world, start=100, end=130)
    do_cancel_voyage(first, world.officer_a)
    record(world.seafarer, world, start=20, end=60)
    assert Voyage.objects.filter(cancelled_at__isnull=True).count() == 2


def test_it_refuses_a_seafarer_without_the_health_consent(world) -> None:
    with pytest.raises(VoyageInvalid) as caught:
        record(world.seafarer, world, start=10, end=100)
    assert "没有同意处理其心理健康数据" in caught.value.messages[0]
    with pytest.raises(VoyageInvalid) as own:
        record(world.seafarer, world, start=10, end=100, by=world.seafarer)
    assert "请先同意处理您的心理健康数据" in own.value.messages[0]
    assert not Voyage.objects.exists()


def test_it_keeps_officers_to_their_own_company(consenting) -> None:
    world = consenting
    with pytest.raises(VoyageInvalid) as vessel:
        record(world.seafarer_b, world, start=1, end=9, vessel=world.vessel_a, by=world.officer_b)
    assert vessel.value.messages == ["这艘船不属于本企业。"]
    with pytest.raises(VoyageInvalid) as person:
        record(world.seafarer, world, start=1, end=9, vessel=world.vessel_b, by=world.officer_b)
    assert "在本企业的海员中找不到此人。" in person.value.messages
    with pytest.raises(VoyageInvalid):
        record(world.seafarer, world, start=1, end=9, by=world.clinician)
    assert not Voyage.objects.exists()
    # Union staff record anyone anywhere; a seafarer their own voyage on any vessel.
    record(world.seafarer_b, world, start=1, end=9, vessel=world.vessel_a, by=world.union_staff)
    own = record(world.seafarer, world, start=1, end=9, vessel=world.vessel_b, by=world.seafarer)
    assert own.company == world.company_b


def test_it_refuses_an_unknown_vessel(consenting) -> None:
    world = consenting
    today = seafarer_today(world.seafarer)
    with pytest.raises(VoyageInvalid) as caught:
        do_record_voyage(
            world.seafarer,
            vessel=None,
            planned_departure=days(1, today),
            expected_return=days(9, today),
            recorded_by=world.officer_a,
            source=Voyage.Source.COMPANY,
        )
    assert caught.value.messages == ["找不到这艘船:请核对船舶登记号。"]


def test_it_records_a_crew_all_or_nothing(consenting) -> None:
    world = consenting
    mate = add_seafarer("13900000201", "张三", world.company_a)
    holdout = add_seafarer("13900000202", "李四", world.company_a, consent=False)
    today = seafarer_today(world.seafarer)
    kwargs = {
        "vessel": world.vessel_a,
        "planned_departure": days(5, today),
        "expected_return": days(95, today),
        "recorded_by": world.officer_a,
        "source": Voyage.Source.COMPANY,
    }
    with pytest.raises(VoyageInvalid) as caught:
        do_record_crew([world.seafarer, mate, holdout], **kwargs)
    assert len(caught.value.messages) == 1
    assert caught.value.messages[0].startswith("李四:")
    assert not Voyage.objects.exists()
    assert not CareTask.objects.exists()
    voyages = do_record_crew([world.seafarer, mate], **kwargs)
    assert {v.crew_batch for v in voyages} == {voyages[0].crew_batch}
    assert Voyage.objects.filter(crew_batch=voyages[0].crew_batch).count() == 2
    assert AuditEvent.objects.filter(action="voyages.record").count() == 2


def test_it_records_departure_and_a_late_return(consenting) -> None:
    world = consenting
    today = seafarer_today(world.seafarer)
    voyage = record(world.seafarer, world, start=-100, end=-10)  # due home ten days ago
    voyage = do_record_departure(voyage, days(-98, today), world.officer_a)
    assert voyage.phase == Phase.AT_SEA  # late: still at sea
    with pytest.raises(VoyageInvalid) as early:
        do_record_return(voyage, days(-99, today), world.officer_a)
    assert early.value.messages == ["实际归港日期不能早于出海日期。"]
    with pytest.raises(VoyageInvalid) as future:
        do_record_return(voyage, days(3, today), world.officer_a)
    assert future.value.messages == ["实际归港日期不能晚于今天。"]
    voyage = do_record_return(voyage, days(-2, today), world.officer_a)
    voyage.refresh_from_db()
    assert voyage.actual_return == days(-2, today)
    assert voyage.phase == Phase.AFTER_RETURN
    with pytest.raises(VoyageInvalid):
        do_record_departure(voyage, days(-97, today), world.officer_a)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("voyages.depart") == 1
    assert actions.count("voyages.return") == 1


def test_it_cancels_only_before_departure(consenting) -> None:
    world = consenting
    today = seafarer_today(world.seafarer)
    voyage = record(world.seafarer, world, start=-3, end=60)
    do_record_departure(voyage, days(-3, today), world.officer_a)
    with pytest.raises(VoyageInvalid) as caught:
        do_cancel_voyage(voyage, world.officer_a)
    assert caught.value.messages == ["已出海的航次不能取消。"]
    later = record(world.seafarer, world, start=70, end=160)
    later = do_cancel_voyage(later, world.officer_a)
    assert later.cancelled_at is not None
    assert later.phase == Phase.ASHORE
    assert not CareTask.objects.filter(voyage=later, status=CareTask.Status.OPEN).exists()
    with pytest.raises(VoyageInvalid):
        do_cancel_voyage(later, world.officer_a)
