"""Signing up: idempotent forms, the deadline, guests against capacity, the waiting list and
its timed offers, and no overbooking when seafarers race for the last place."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.activities.actions.signups import do_sign_up, lapse_due_offers
from seafarers_home.activities.models import SignUp
from seafarers_home.activities.services import places_taken
from seafarers_home.consent.personal_data import do_erase_personal_data
from seafarers_home.notifications.models import Notification
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_a_resent_sign_up_signs_up_once_and_a_second_one_is_refused(
    world: World, client_for, publish
) -> None:
    activity = publish()
    client = client_for("seafarer")
    url = f"/activities/{activity.pk}/sign-up/"
    assert client.post(url, {"key": "k1"}).status_code == 302
    assert client.post(url, {"key": "k1"}).status_code == 302  # the link dropped: resent
    refused = client.post(url, {"key": "k2"})
    assert refused.status_code == 400 and "您已经报名了这个活动。" in refused.content.decode()
    assert SignUp.objects.filter(activity=activity).count() == 1


def test_sign_up_after_the_deadline_or_with_too_many_guests_is_refused(
    world: World, client_for, publish
) -> None:
    families = publish(audience="families", max_guests=2)
    client = client_for("seafarer")
    too_many = client.post(f"/activities/{families.pk}/sign-up/", {"guests": "3", "key": "a"})
    assert too_many.status_code == 400 and "同行家属最多 2 人。" in too_many.content.decode()
    start = timezone.now() + datetime.timedelta(hours=3)
    closed = publish(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        signup_deadline=timezone.now() - datetime.timedelta(minutes=1),
    )
    late = client.post(f"/activities/{closed.pk}/sign-up/", {"key": "b"})
    assert late.status_code == 400 and "报名已截止。" in late.content.decode()
    assert not SignUp.objects.exists()


def test_the_waiting_list_is_offered_oldest_first_and_an_unconfirmed_offer_passes_on(
    world: World, client_for, publish
) -> None:
    activity = publish(capacity=3, audience="families", max_guests=2)
    first, _ = do_sign_up(world.seafarer, activity, guests=2)  # 3 places: full
    assert first.status == "confirmed" and places_taken(activity) == 3
    second, _ = do_sign_up(world.consented_seafarer, activity)
    third, _ = do_sign_up(world.seafarer_b, activity)
    assert (second.status, third.status) == ("waiting", "waiting")
    listed = client_for("seafarer_b").get("/activities/").content.decode()
    assert "已满,候补 2 人" in listed

    # The first cancels: three places free, both waiting are offered in order.
    seafarer = client_for("seafarer")
    assert seafarer.post(f"/activities/{activity.pk}/cancel-sign-up/").status_code == 302
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == third.status == "offered"
    assert second.offered_until is not None
    assert Notification.objects.filter(
        user=world.consented_seafarer, kind="activity.offer"
    ).exists()

    # The second confirms in time; the third lets the deadline pass.
    response = client_for("consented_seafarer").post(f"/activities/{activity.pk}/confirm/")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert lapse_due_offers(now=third.offered_until - datetime.timedelta(seconds=1)) == 0
    assert lapse_due_offers(now=third.offered_until + datetime.timedelta(seconds=1)) == 1
    third.refresh_from_db()
    assert third.status == "lapsed"
    late = client_for("seafarer_b").post(f"/activities/{activity.pk}/confirm/")
    assert late.status_code == 404  # no standing sign-up any more


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_seafarers_racing_for_the_last_places_never_overbook(world: World, publish) -> None:
    activity = publish(capacity=5)
    seafarers = [
        User.objects.create_user(f"1370000{n:04d}", "x", display_name=f"s{n}") for n in range(16)
    ]
    barrier = threading.Barrier(len(seafarers))
    errors: list[BaseException] = []

    def take(user: User) -> None:
        try:
            barrier.wait()
            do_sign_up(user, activity, idempotency_key=f"race-{user.pk}")
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in seafarers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    statuses = list(SignUp.objects.filter(activity=activity).values_list("status", flat=True))
    assert (statuses.count("confirmed"), statuses.count("waiting")) == (5, 11)


def test_erasing_a_seafarer_offers_their_place_to_the_waiting_list(world: World, publish) -> None:
    activity = publish(capacity=1)
    do_sign_up(world.seafarer, activity)
    waiting, _ = do_sign_up(world.seafarer_b, activity)
    do_erase_personal_data(world.seafarer, "activities")
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    assert not SignUp.objects.filter(seafarer=world.seafarer).exists()
