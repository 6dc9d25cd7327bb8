from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from seafarers_home.screening.access import get_response_for_user, get_screening_for_user
from seafarers_home.screening.models import Clearance, Review
from tests.personas import PERSONA_NAMES, World

NOT_CLINICIANS = [name for name in PERSONA_NAMES if name != "clinician"]


@pytest.mark.parametrize("name", NOT_CLINICIANS)
def test_everyone_but_clinicians_gets_404_on_every_review_url(
    client_for, world: World, make_screening, name: str
) -> None:
    screening = make_screening(world.seafarer, "crisis")
    client = client_for(name)
    until = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert client.get(reverse("screening:review_queue")).status_code == 404
    detail = reverse("screening:review_detail", args=[screening.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"note": "x"}).status_code == 404
    clearance = reverse("screening:clearance_new", args=[screening.pk])
    assert client.post(clearance, {"decision": "cleared", "valid_until": until}).status_code == 404
    assert not Review.objects.exists() and not Clearance.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "crisis")
    for url in (
        reverse("screening:review_queue"),
        reverse("screening:review_detail", args=[screening.pk]),
        reverse("screening:crew_clearances"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_access_helpers_give_seafarers_their_own_and_clinicians_any(
    world: World, make_screening
) -> None:
    # The helpers take a user, not a request: pages, the API and consumers ask the same.
    own = make_screening(world.seafarer, "routine")
    other = make_screening(world.seafarer_b, "routine")
    assert get_screening_for_user(world.seafarer, own.pk) == own
    with pytest.raises(Http404):
        get_screening_for_user(world.seafarer, other.pk)
    assert get_screening_for_user(world.clinician, other.pk) == other
    response = other.responses.get()
    assert get_response_for_user(world.clinician, response.pk) == response
    for name in ("seafarer", "officer_b", "union_staff", "counsellor", "admin"):
        with pytest.raises(Http404):
            get_response_for_user(world.persona(name), response.pk)
    with pytest.raises(Http404):
        get_screening_for_user(AnonymousUser(), own.pk)
