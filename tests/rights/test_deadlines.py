"""Time limits: the arithmetic across month ends and leap years, and the reminders at 60, 30
and 7 days (once each), to the case's holder or, for a case nobody holds, the union."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.notifications.models import Notification
from seafarers_home.rights.actions.working import do_claim_case
from seafarers_home.rights.deadlines import add_months
from tests.personas import World, login
from tests.rights.conftest import open_case


@pytest.mark.parametrize(
    ("start", "months", "ends"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day, common year: month's end
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 2, 28), 12, date(2024, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
    ],
)
def test_a_period_ends_on_the_corresponding_day_or_the_months_last(
    start: date, months: int, ends: date
) -> None:
    assert add_months(start, months) == ends


def _reminders(user: User) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind="rights.deadline").values_list(
            "dedupe_key", flat=True
        )
    )


def test_the_holder_is_reminded_once_per_step(world: World, officer: User) -> None:
    known = (timezone.localdate() - timedelta(days=365 - 25)).isoformat()
    case = open_case(world.seafarer, known_date=known, contract_end="")  # ~25 days on both
    do_claim_case(case, officer)
    call_command("runperiodic", "--job", "rights.deadline_reminders", "--force")
    call_command("runperiodic", "--job", "rights.deadline_reminders", "--force")
    keys = _reminders(officer)
    assert sorted(keys) == [
        f"rights.deadline.{case.pk}.labour_arbitration.30",
        f"rights.deadline.{case.pk}.maritime_lien.30",
    ]
    page = login(Client(), officer).get(f"/rights/work/{case.pk}/").content.decode()
    assert "第二十七条" in page


def test_a_case_nobody_holds_near_its_limit_goes_to_the_union(world: World, officer: User) -> None:
    far = (timezone.localdate() - timedelta(days=365 - 50)).isoformat()
    near = (timezone.localdate() - timedelta(days=365 - 5)).isoformat()
    open_case(world.seafarer, known_date=far, contract_end="")  # 50 days: nobody to remind
    call_command("runperiodic", "--job", "rights.deadline_reminders", "--force")
    assert _reminders(officer) == []
    case = open_case(world.seafarer_b, known_date=near, contract_end="")
    call_command("runperiodic", "--job", "rights.deadline_reminders", "--force")
    assert sorted(_reminders(officer)) == [
        f"rights.deadline.{case.pk}.labour_arbitration.7",
        f"rights.deadline.{case.pk}.maritime_lien.7",
    ]


def test_wages_owed_count_from_the_end_of_the_employment_when_it_is_given(
    world: World,
) -> None:
    # 劳动争议调解仲裁法 Art. 27 para. 4: wages owed while employed are claimed within a year of
    # the employment's end; without that date the page counts from the day the seafarer knew
    # (the earlier, safer date).
    seafarer = login(Client(), world.seafarer)
    ended = open_case(
        world.seafarer,
        known_date="2026-10-01",
        contract_start="2025-10-01",
        contract_end="2026-09-30",
    )
    page = seafarer.get(f"/rights/{ended.pk}/").content.decode()
    assert "2027-09-30" in page  # the maritime lien still counts from the known date
    no_end = open_case(world.seafarer, known_date="2026-10-01", contract_start="", contract_end="")
    assert "2027-09-30" not in seafarer.get(f"/rights/{no_end.pk}/").content.decode()
