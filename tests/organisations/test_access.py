from __future__ import annotations

import pytest
from django.http import Http404

from seafarers_home.organisations.access import get_seafarer_for_user, get_vessel_for_user
from seafarers_home.organisations.models import SeafarerProfile
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_it_gives_each_officer_only_their_own_companys_seafarers(world: World) -> None:
    profile_a = SeafarerProfile.objects.get(user=world.seafarer)
    profile_b = SeafarerProfile.objects.get(user=world.seafarer_b)
    assert get_seafarer_for_user(world.officer_a, profile_a.pk) == profile_a
    assert get_seafarer_for_user(world.officer_b, profile_b.pk) == profile_b
    with pytest.raises(Http404):
        get_seafarer_for_user(world.officer_a, profile_b.pk)
    with pytest.raises(Http404):
        get_seafarer_for_user(world.officer_b, profile_a.pk)


def test_it_gives_a_seafarer_only_their_own_profile(world: World) -> None:
    profile_a = SeafarerProfile.objects.get(user=world.seafarer)
    profile_b = SeafarerProfile.objects.get(user=world.seafarer_b)
    assert get_seafarer_for_user(world.seafarer, profile_a.pk) == profile_a
    with pytest.raises(Http404):
        get_seafarer_for_user(world.seafarer, profile_b.pk)


@pytest.mark.parametrize("persona", ["clinician", "outsider", "counsellor"])
def test_it_gives_other_roles_no_seafarer(world: World, persona: str) -> None:
    profile = SeafarerProfile.objects.get(user=world.seafarer)
    with pytest.raises(Http404):
        get_seafarer_for_user(world.persona(persona), profile.pk)
    with pytest.raises(Http404):
        get_vessel_for_user(world.persona(persona), world.vessel_a.pk)


def test_it_lets_union_staff_see_but_not_manage_vessels(world: World) -> None:
    user = world.union_staff
    assert get_vessel_for_user(user, world.vessel_b.pk) == world.vessel_b
    with pytest.raises(Http404):
        get_vessel_for_user(user, world.vessel_b.pk, manage=True)
    with pytest.raises(Http404):
        get_vessel_for_user(user, 999_999)
