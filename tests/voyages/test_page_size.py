"""Voyage pages stay within the sea budget (gzip'd HTML ≤ 14 KB) at full size."""

from __future__ import annotations

import gzip

from django.urls import reverse

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.voyages.models import Voyage
from tests.voyages.conftest import days

BUDGET = 14 * 1024


def _size(response) -> int:
    assert response.status_code == 200
    return len(gzip.compress(response.content))


def test_it_keeps_full_pages_within_the_budget(consenting, client_for) -> None:
    world = consenting
    users = []
    for n in range(60):
        user = User.objects.create_user(f"1390000{n:04d}", None, display_name=f"船员{n}")
        RoleGrant.objects.create(user=user, role=Role.SEAFARER, organisation=world.company_a)
        SeafarerProfile.objects.create(
            user=user,
            real_name=f"船员{n:02d}号",
            company=world.company_a,
            current_vessel=world.vessel_a,
            seafarers_book_number=f"SB9{n:06d}",
        )
        users.append(user)
    Voyage.objects.bulk_create(
        Voyage(
            seafarer=user,
            vessel=world.vessel_a,
            company=world.company_a,
            planned_departure=days(7),
            expected_return=days(90),
            source=Voyage.Source.COMPANY,
            recorded_by=world.officer_a,
            crew_batch="bigcrew",
        )
        for user in users
    )
    Voyage.objects.bulk_create(
        Voyage(
            seafarer=world.seafarer,
            vessel=world.vessel_a,
            company=world.company_a,
            planned_departure=days(-400 + 12 * n),
            expected_return=days(-400 + 12 * n + 10),
            source=Voyage.Source.SELF,
            recorded_by=world.seafarer,
            crew_batch=f"own{n}",
        )
        for n in range(30)
    )
    officer = client_for("officer_a")
    assert _size(officer.get(reverse("voyages:list"))) < BUDGET
    assert _size(officer.get(reverse("voyages:readiness", args=["bigcrew"]))) < BUDGET
    crew_page = officer.get(reverse("voyages:record_crew"), {"vessel": "ZS-A-0001"})
    assert "船员59号" in crew_page.content.decode()
    assert _size(crew_page) < BUDGET
    assert _size(client_for("seafarer").get(reverse("voyages:mine"))) < BUDGET
