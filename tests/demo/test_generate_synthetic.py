from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seafarers_home.accounts.models import RoleGrant, User
from seafarers_home.demo.synthetic import SYN_PASSWORD, SYN_PHONE_PREFIX
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel

pytestmark = pytest.mark.django_db


def generate(*extra: str, seafarers: int = 200, vessels: int = 12, companies: int = 3) -> str:
    out = io.StringIO()
    call_command(
        "generate_synthetic",
        f"--seafarers={seafarers}",
        f"--vessels={vessels}",
        f"--companies={companies}",
        "--no-progress",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def syn_counts() -> tuple[int, ...]:
    return (
        Organisation.objects.filter(code__startswith="syn-", kind="company").count(),
        Organisation.objects.filter(code__startswith="syn-", kind="company_union").count(),
        Vessel.objects.filter(registration_number__startswith="syn-").count(),
        User.objects.filter(phone__startswith=SYN_PHONE_PREFIX).count(),
        SeafarerProfile.objects.filter(seafarers_book_number__startswith="syn-").count(),
        RoleGrant.objects.filter(role="seafarer", organisation__code__startswith="syn-").count(),
    )


def test_it_creates_the_requested_counts() -> None:
    output = generate()
    assert syn_counts() == (3, 3, 12, 200, 200, 200)
    assert "created 618 rows" in output
    profile = SeafarerProfile.objects.select_related("current_vessel", "user").first()
    assert profile.company_id == profile.current_vessel.company_id
    assert profile.user.check_password(SYN_PASSWORD)
    # One shared hash: generating 50,000 accounts must not hash 50,000 passwords.
    assert (
        User.objects.filter(phone__startswith=SYN_PHONE_PREFIX)
        .values("password")
        .distinct()
        .count()
        == 1
    )


def test_it_is_deterministic_for_a_seed() -> None:
    generate("--seed=7")
    first = list(Vessel.objects.order_by("registration_number").values_list("name", "kind"))
    generate("--seed=7", "--reset")
    again = list(Vessel.objects.order_by("registration_number").values_list("name", "kind"))
    assert first == again


def test_it_refuses_to_run_twice_without_reset_and_replaces_with_reset() -> None:
    generate()
    with pytest.raises(CommandError, match="--reset"):
        generate()
    assert syn_counts() == (3, 3, 12, 200, 200, 200)
    output = generate("--reset", seafarers=50, vessels=5, companies=2)
    assert "deleted" in output
    assert syn_counts() == (2, 2, 5, 50, 50, 50)


def test_reset_leaves_the_demo_data_alone() -> None:
    call_command("load_demo", stdout=io.StringIO())
    before = (User.objects.count(), Vessel.objects.count(), Organisation.objects.count())
    generate()
    generate("--reset", seafarers=0, vessels=1, companies=1)
    generate("--reset", seafarers=0, vessels=1, companies=1)
    after = (User.objects.count(), Vessel.objects.count(), Organisation.objects.count())
    assert after == (before[0], before[1] + 1, before[2] + 2)
    assert User.objects.filter(phone="13900000001").exists()
