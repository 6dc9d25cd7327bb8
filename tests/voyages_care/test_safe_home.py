"""The safe-home plan: "I have read it" completes the task (opening the page writes nothing);
family links carry no name and no health data, count views and answer 404 once revoked."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import Screening
from seafarers_home.voyages.models import SafeHomeShare
from seafarers_home.voyages.services_care import MAX_ACTIVE_SHARES
from tests.personas import login
from tests.queries import writes_during
from tests.voyages_care.conftest import NOW, day, make_voyage, run_at, task

pytestmark = pytest.mark.django_db


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_it_shows_the_plan_and_completes_the_safe_home_task(world, care_plan, client_for):
    voyage = make_voyage(
        world.seafarer, world.vessel_a, departs=day(-90), returns=day(-2), actual_return=day(-2)
    )
    run_at(0)
    assert task(voyage, "after-return-safe-home").status == "open"

    seafarer = client_for("seafarer")
    response = seafarer.get(reverse("voyages:safe_home"))

    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("睡觉和作息", "家里的角色", "喝酒", "钱的事", "哪里可以求助"):
        assert heading in page
    assert "0580-2620120" in page  # the hotline from settings
    assert len(gzip.compress(response.content)) <= 14 * 1024
    # Opening the page writes nothing; the button does.
    assert writes_during(lambda: seafarer.get(reverse("voyages:safe_home"))) == []
    assert task(voyage, "after-return-safe-home").status == "open"
    assert reverse("voyages:safe_home_read") in page
    answer = seafarer.post(reverse("voyages:safe_home_read"), follow=True)
    assert "已记录:您看过了安心回家计划。" in answer.content.decode()
    assert reverse("voyages:safe_home_read") not in answer.content.decode()  # nothing left to do
    done = task(voyage, "after-return-safe-home")
    assert done.status == "done"
    assert done.completed_at is not None
    assert task(voyage, "after-return-screening").status == "open"
    assert AuditEvent.objects.filter(
        action="voyages.care_task.complete", target_id=str(done.pk)
    ).exists()


def test_it_shows_the_plan_in_english(world, client_for):
    client = client_for("seafarer")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("voyages:safe_home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sleep and rhythm" in page
    assert "睡觉和作息" not in page


def test_it_gives_the_family_a_page_without_name_or_health_data(world, client_for):
    Screening.objects.create(
        seafarer=world.seafarer,
        instrument_codes=["phq9"],
        status=Screening.Status.COMPLETED,
        completed_at=NOW,
        risk_level="urgent",
    )
    seafarer = client_for("seafarer")
    response = seafarer.post(reverse("voyages:safe_home_share"))
    assert response.status_code == 302
    share = SafeHomeShare.objects.get(seafarer=world.seafarer)
    assert len(share.token) == 43
    listing = seafarer.get(reverse("voyages:safe_home")).content.decode()
    assert reverse("voyages:family", args=[share.token]) in listing

    family = Client()
    page = family.get(reverse("voyages:family", args=[share.token]))
    family.get(reverse("voyages:family", args=[share.token]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "写给海员的家人" in text
    for private in ("王海", world.seafarer.phone, "平太荣", "urgent", "phq9"):
        assert private not in text
    # Nothing on it depends on who shared it: seafarer B's link shows the same page.
    login(Client(), world.seafarer_b).post(reverse("voyages:safe_home_share"))
    token_b = SafeHomeShare.objects.get(seafarer=world.seafarer_b).token
    text_b = Client().get(reverse("voyages:family", args=[token_b])).content.decode()
    assert without_csrf(text_b).replace(token_b, "T") == without_csrf(text).replace(
        share.token, "T"
    )
    assert page["Referrer-Policy"] == "no-referrer"
    assert "noindex" in page["X-Robots-Tag"]
    share.refresh_from_db()
    assert share.views == 2


def test_it_answers_404_for_a_revoked_or_unknown_link(world, client_for):
    seafarer = client_for("seafarer")
    seafarer.post(reverse("voyages:safe_home_share"))
    share = SafeHomeShare.objects.get(seafarer=world.seafarer)
    url = reverse("voyages:family", args=[share.token])
    assert Client().get(url).status_code == 200

    response = seafarer.post(reverse("voyages:safe_home_revoke", args=[share.pk]))

    assert response.status_code == 302
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("voyages:family", args=["x" * 43])).status_code == 404
    assert AuditEvent.objects.filter(action="voyages.safe_home.revoke").count() == 1
    assert reverse("voyages:family", args=[share.token]) not in (
        seafarer.get(reverse("voyages:safe_home")).content.decode()
    )


def test_it_answers_404_when_revoking_someone_elses_link(world, client_for):
    client_for("seafarer").post(reverse("voyages:safe_home_share"))
    share = SafeHomeShare.objects.get(seafarer=world.seafarer)
    other = login(Client(), world.seafarer_b)
    assert other.post(reverse("voyages:safe_home_revoke", args=[share.pk])).status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None


def test_it_limits_the_live_links(world, client_for):
    seafarer = client_for("seafarer")
    for _ in range(MAX_ACTIVE_SHARES + 1):
        seafarer.post(reverse("voyages:safe_home_share"))
    assert SafeHomeShare.objects.filter(seafarer=world.seafarer).count() == MAX_ACTIVE_SHARES
