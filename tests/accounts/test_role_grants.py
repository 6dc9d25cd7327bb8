from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.organisations.models import Organisation
from tests.personas import PASSWORD, World


@pytest.fixture
def person(db: None) -> User:
    return User.objects.create_user("13900005555", PASSWORD)


def _grant(user: User, role: str, org: Organisation | None) -> RoleGrant:
    return RoleGrant(user=user, role=role, organisation=org)


@pytest.mark.parametrize(
    ("role", "org_name"),
    [
        (Role.CLINICIAN, "clinic"),
        (Role.CLINICIAN, "hospital"),
        (Role.COUNSELLOR, "hospital"),
        (Role.UNION_STAFF, "federation"),
        (Role.UNION_STAFF, "union"),
        (Role.UNION_STAFF, "company_a_union"),
        (Role.COMPANY_OFFICER, "company_b"),
        (Role.COMPANY_OFFICER, "company_a_union"),
        (Role.SEAFARER, "company_a"),
        (Role.SEAFARER, None),
        (Role.ADMINISTRATOR, "federation"),
        (Role.ADMINISTRATOR, "hospital"),
        (Role.ADMINISTRATOR, None),
    ],
)
def test_it_accepts_grants_in_fitting_organisations(
    world: World, person: User, role: str, org_name: str | None
) -> None:
    org = getattr(world, org_name) if org_name else None
    _grant(person, role, org).full_clean()


@pytest.mark.parametrize(
    ("role", "org_name"),
    [
        (Role.CLINICIAN, None),
        (Role.CLINICIAN, "company_a"),
        (Role.COUNSELLOR, "union"),
        (Role.UNION_STAFF, None),
        (Role.UNION_STAFF, "company_a"),
        (Role.UNION_STAFF, "hospital"),
        (Role.COMPANY_OFFICER, None),
        (Role.COMPANY_OFFICER, "federation"),
        (Role.SEAFARER, "hospital"),
        (Role.SEAFARER, "company_a_union"),
    ],
)
def test_it_refuses_grants_in_the_wrong_organisation(
    world: World, person: User, role: str, org_name: str | None
) -> None:
    org = getattr(world, org_name) if org_name else None
    with pytest.raises(ValidationError) as error:
        _grant(person, role, org).full_clean()
    assert "organisation" in error.value.message_dict or "__all__" in error.value.message_dict


@pytest.mark.parametrize(
    "role", [Role.CLINICIAN, Role.COUNSELLOR, Role.UNION_STAFF, Role.COMPANY_OFFICER]
)
def test_the_database_refuses_staff_grants_without_an_organisation(person: User, role: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=person, role=role)
    assert not RoleGrant.objects.filter(user=person).exists()


def test_it_explains_a_missing_organisation_in_chinese(person: User) -> None:
    with pytest.raises(ValidationError) as error:
        _grant(person, Role.CLINICIAN, None).full_clean()
    assert "必须指定所属机构" in str(error.value)


def test_createsuperuser_makes_a_valid_administrator(db: None) -> None:
    admin = User.objects.create_superuser("13900005556", PASSWORD)
    grant = admin.role_grants.get()
    assert grant.role == Role.ADMINISTRATOR
    grant.full_clean()
    assert admin.needs_two_factor
