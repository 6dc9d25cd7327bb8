"""The legal workers' duty roster (issue 11 item 3): the union's staff keep it; an urgent case
alerts the rights officer on duty and the union's staff by SMS, not the officers off duty;
nobody on duty, every rights officer is alerted and the roster page says so; a shift that
cannot be is refused with its reason and nothing stored."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.notifications.models import Notification
from seafarers_home.rights.actions.reporting import do_submit_case
from seafarers_home.rights.models import LegalDutyShift, RightsCase
from tests.personas import World, _user, login

FORMAT = "%Y-%m-%dT%H:%M"


def _violence(world: World) -> RightsCase:
    return do_submit_case(
        world.seafarer,
        category="violence",
        summary="大副打人",
        description="大副喝酒后打了我,我现在还在船上。",
        values={"incident_date": "2026-11-20", "still_aboard": "yes", "known_date": "2026-11-20"},
    )


def worker_zone(staff: Client) -> str:
    """The zone the union's staff member types times in (their own, the hospital's)."""
    return User.objects.get(pk=staff.session["_auth_user_id"]).time_zone


def _shift(staff: Client, worker: User, start: object, end: object) -> object:
    local = ZoneInfo(worker_zone(staff))
    return staff.post(
        "/rights/roster/",
        {
            "worker": worker.pk,
            "starts_at": start.astimezone(local).strftime(FORMAT),  # type: ignore[attr-defined]
            "ends_at": end.astimezone(local).strftime(FORMAT),  # type: ignore[attr-defined]
        },
    )


def test_the_officer_on_duty_and_the_union_staff_are_alerted(
    world: World, officer: User, django_capture_on_commit_callbacks
) -> None:
    off_duty = _user("13800000017", "孔明", (Role.LEGAL_WORKER, world.union))
    staff = login(Client(), world.union_staff)
    now = timezone.now()
    added = _shift(staff, officer, now - timedelta(hours=1), now + timedelta(hours=7))
    assert added.status_code == 302, added.content.decode()
    page = staff.get("/rights/roster/").content.decode()
    assert officer.display_name in page and "现在没有人值班" not in page
    with django_capture_on_commit_callbacks(execute=True):
        case = _violence(world)
    assert case.urgent
    alerted = Notification.objects.filter(kind="rights.new_case")
    assert set(alerted.values_list("user", flat=True)) == {officer.pk, world.union_staff.pk}
    assert all(n.sms_status for n in alerted)
    assert not Notification.objects.filter(user=off_duty).exists()


def test_nobody_on_duty_alerts_every_rights_officer(
    world: World, officer: User, django_capture_on_commit_callbacks
) -> None:
    other = _user("13800000017", "孔明", (Role.LEGAL_WORKER, world.union))
    earlier = timezone.now() - timedelta(days=1)
    LegalDutyShift.objects.create(worker=officer, starts_at=earlier, ends_at=earlier + timedelta(1))
    page = login(Client(), world.union_staff).get("/rights/roster/").content.decode()
    assert "现在没有人值班" in page and "全部 2 位维权专员" in page
    with django_capture_on_commit_callbacks(execute=True):
        _violence(world)
    alerted = set(
        Notification.objects.filter(kind="rights.new_case").values_list("user", flat=True)
    )
    assert {officer.pk, other.pk, world.union_staff.pk} <= alerted
    assert world.legal_worker.pk not in alerted  # a partner firm's lawyer is not rostered


def test_shifts_that_cannot_be_are_refused(world: World, officer: User) -> None:
    staff = login(Client(), world.union_staff)
    now = timezone.now()
    backwards = _shift(staff, officer, now + timedelta(hours=5), now + timedelta(hours=1))
    assert backwards.status_code == 400 and "晚于开始时间" in backwards.content.decode()
    lawyer = _shift(staff, world.legal_worker, now, now + timedelta(hours=8))
    assert lawyer.status_code == 400
    too_long = _shift(staff, officer, now, now + timedelta(days=8))
    assert too_long.status_code == 400 and "7天" in too_long.content.decode()
    assert not LegalDutyShift.objects.exists()
    _shift(staff, officer, now, now + timedelta(hours=8))
    overlap = _shift(staff, officer, now + timedelta(hours=2), now + timedelta(hours=9))
    assert overlap.status_code == 400 and "已经有班次" in overlap.content.decode()
    shift = LegalDutyShift.objects.get()
    assert staff.post(f"/rights/roster/{shift.pk}/remove/").status_code == 302
    assert not LegalDutyShift.objects.exists()
    assert login(Client(), officer).get("/rights/roster/").status_code == 404
