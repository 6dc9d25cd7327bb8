from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent.actions import do_withdraw_consent
from seafarers_home.screening.actions import do_issue_clearance, do_record_review
from seafarers_home.screening.models import Clearance
from seafarers_home.screening.review import clearance_visible_to_employer
from tests.personas import World

URL = reverse("screening:crew_clearances")
NOT_SHARED = "未授权查看"


def _clear(world: World, seafarer, decision: str = "cleared", days: int = 90) -> Clearance:
    until = timezone.localdate() + datetime.timedelta(days=days)
    return do_issue_clearance(seafarer, world.clinician, decision, until)


def test_it_shows_a_clearance_only_with_consent(
    client_for, world: World, share_consent, make_screening
) -> None:
    screening = make_screening(world.seafarer, "urgent")
    do_record_review(screening, world.clinician, "机密复核记录", None)
    clearance = _clear(world, world.seafarer)
    client = client_for("officer_a")

    html = client.get(URL).content.decode()
    assert "王海" in html and NOT_SHARED in html and "适合出海" not in html
    assert clearance_visible_to_employer(world.seafarer) is None

    share_consent(world.seafarer)
    html = client.get(URL).content.decode()
    assert "适合出海" in html and clearance.valid_until.isoformat() in html
    assert NOT_SHARED not in html
    assert clearance_visible_to_employer(world.seafarer) == clearance
    # Never the clinical content.
    for secret in ("机密复核记录", "紧急", "severe", "重度", "抑郁", "PHQ"):
        assert secret not in html

    do_withdraw_consent(world.seafarer, "share_clearance")
    html = client.get(URL).content.decode()
    assert NOT_SHARED in html and "适合出海" not in html
    assert clearance_visible_to_employer(world.seafarer) is None


def test_it_hides_expired_and_superseded_clearances(
    client_for, world: World, share_consent
) -> None:
    share_consent(world.seafarer)
    cleared = _clear(world, world.seafarer, "cleared", days=200)
    Clearance.objects.filter(pk=cleared.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    _clear(world, world.seafarer, "not_cleared", days=30)
    assert clearance_visible_to_employer(world.seafarer).decision == "not_cleared"
    Clearance.objects.filter(decision="not_cleared").update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert clearance_visible_to_employer(world.seafarer) is None
    assert NOT_SHARED in client_for("officer_a").get(URL).content.decode()


def test_officer_b_never_sees_company_a(client_for, world: World, share_consent) -> None:
    share_consent(world.seafarer)
    _clear(world, world.seafarer)
    html = client_for("officer_b").get(URL).content.decode()
    assert "李强" in html
    assert "王海" not in html and "平太荣" not in html


def test_union_staff_see_all_companies_but_only_consented_clearances(
    client_for, world: World, share_consent
) -> None:
    share_consent(world.seafarer_b)
    _clear(world, world.seafarer, "not_cleared")
    _clear(world, world.seafarer_b, "cleared_with_follow_up")
    response = client_for("union_staff").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "王海" in html and "李强" in html
    assert "适合出海,需随访" in html and "暂不适合出海" not in html
    assert html.count(NOT_SHARED) == 1
    event = AuditEvent.objects.get(action="clearance.employer_view")
    assert event.actor == world.union_staff
    assert event.detail["shown"] == [world.seafarer_b.pk]


def test_it_answers_404_to_people_without_a_company(client_for, world: World) -> None:
    for name in ("seafarer", "clinician", "counsellor", "outsider"):
        assert client_for(name).get(URL).status_code == 404, name
