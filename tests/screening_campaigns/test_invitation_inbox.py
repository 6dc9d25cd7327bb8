"""Crew screening invitations reach the app inbox too, not only by SMS (issue 16 item 14), in the
invitee's language, linked to the screening page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seafarers_home.notifications.models import Notification
from tests.screening_campaigns.conftest import future

pytestmark = pytest.mark.django_db(transaction=True)  # invitations go out on commit


def test_an_invited_seafarer_finds_the_invitation_in_the_inbox(world, client_for, battery, outbox):
    world.seafarer.preferred_language = "en"
    world.seafarer.save(update_fields=["preferred_language"])
    officer = client_for("officer_a")
    officer.post(
        reverse("screening:campaign_new"),
        {
            "title": "平太荣1号 出海前",
            "battery": battery.pk,
            "deadline": future(),
            "vessel": world.vessel_a.pk,
        },
    )
    note = Notification.objects.filter(user=world.seafarer, kind="screening.invitation").first()
    assert note is not None, "the invitation is not in the app inbox"
    assert note.url == reverse("screening:start")
    assert note.message.startswith("You have a psychological check-up to complete by ")
    assert (world.seafarer.phone, "Seafarers' Home: " + note.message) in outbox
    inbox = client_for("seafarer").get(reverse("notifications:inbox")).content.decode()
    assert f'<a href="{reverse("screening:start")}">You have a psychological check-up' in inbox
