"""Families as contacts, with the seafarer's consent: the seafarer adds them on their own page
(and can remove them), the team sees them for family liaison; a bad number stores nothing."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.models import FamilyContact
from seafarers_home.notifications.models import Notification
from tests.personas import World, login


def test_the_seafarer_adds_and_removes_a_family_contact_the_team_sees(world: World) -> None:
    incident, _created = do_open_incident(
        IncidentInput(
            kind="death",
            occurred_at=timezone.now() - timedelta(hours=3),
            vessel=world.vessel_a,
            seafarers=[world.seafarer],
        ),
        world.union_staff,
    )
    person = incident.people.get()
    seafarer = login(Client(), world.seafarer)
    bad = seafarer.post(
        f"/incidents/mine/{person.pk}/family/",
        {"name": "李梅", "relation": "妻子", "phone": "0580-1234567"},
        follow=True,
    )
    assert "不是中国大陆手机号码" in bad.content.decode()
    assert not FamilyContact.objects.exists()
    seafarer.post(
        f"/incidents/mine/{person.pk}/family/",
        {"name": "李梅", "relation": "妻子", "phone": "13712345678"},
    )
    team_page = login(Client(), world.counsellor).get(f"/incidents/people/{person.pk}/")
    assert "李梅 · 妻子 · 13712345678" in team_page.content.decode()

    contact = FamilyContact.objects.get()
    other = login(Client(), world.consented_seafarer)
    assert other.post(f"/incidents/family/{contact.pk}/remove/").status_code == 404
    seafarer.post(f"/incidents/family/{contact.pk}/remove/")
    assert not FamilyContact.objects.exists()


def test_the_seafarer_asks_their_carer_to_call_the_ship(
    world: World, django_capture_on_commit_callbacks
) -> None:
    incident, _created = do_open_incident(
        IncidentInput(
            kind="detention",
            occurred_at=timezone.now() - timedelta(days=2),
            vessel=world.vessel_a,
            seafarers=[world.seafarer],
        ),
        world.union_staff,
    )
    person = incident.people.get()
    seafarer = login(Client(), world.seafarer)
    bad = seafarer.post(
        f"/incidents/mine/{person.pk}/call-me/", {"number": "请打给我"}, follow=True
    )
    assert "请填写电话号码" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        seafarer.post(f"/incidents/mine/{person.pk}/call-me/", {"number": "+870 773 112233"})
    asked = Notification.objects.get(kind="incidents.asked")
    assert asked.user == world.union_staff  # nobody assigned yet: the incident's lead
    board = login(Client(), world.union_staff).get(f"/incidents/people/{person.pk}/")
    assert "+870 773 112233" in board.content.decode()
