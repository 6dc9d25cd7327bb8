"""法律援助: a seafarer applies from their case; a union rights officer decides with a
reason; an approval gives the case to a partner firm's lawyer; the decision notice downloads."""

from __future__ import annotations

from django.test import Client

from seafarers_home.accounts.models import User
from seafarers_home.rights.models import LegalAidApplication
from tests.personas import World, login
from tests.rights.conftest import open_case

APPLY = {
    "hardship": "yes",
    "employer_reachable": "no",
    "monthly_income": "1800",
    "statement": "家里只靠我一个人的工资,现在被拖欠,请不起律师。",
}


def test_apply_approve_and_download_the_notice(
    world: World, officer: User, django_capture_on_commit_callbacks
) -> None:
    case = open_case(world.seafarer)
    seafarer = login(Client(), world.seafarer)
    url = f"/rights/{case.pk}/legal-aid/"
    bad = seafarer.post(url, {**APPLY, "hardship": "maybe", "monthly_income": "-3"})
    assert bad.status_code == 400 and not LegalAidApplication.objects.exists()
    seafarer.post(url, APPLY)
    seafarer.post(url, APPLY)  # a resend
    application = LegalAidApplication.objects.get()
    assert application.decision == "pending"
    assert seafarer.get(url + "notice/").status_code == 404  # nothing decided yet
    union = login(Client(), officer)
    decide = f"/rights/work/{case.pk}/legal-aid/"
    no_lawyer = union.post(decide, {"decision": "approved", "reason": "符合经济困难条件"})
    assert no_lawyer.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        union.post(
            decide,
            {"decision": "approved", "reason": "符合经济困难条件", "lawyer": world.legal_worker.pk},
        )
    case.refresh_from_db()
    assert case.owner == world.legal_worker and case.law_firm == world.law_firm
    lawyer = login(Client(), world.legal_worker)
    assert lawyer.get(f"/rights/work/{case.pk}/").status_code == 200
    # Only the union decides, and only once.
    assert lawyer.post(decide, {"decision": "rejected", "reason": "改主意"}).status_code == 302
    application.refresh_from_db()
    assert application.decision == "approved"
    notice = seafarer.get(url + "notice/")
    assert notice["Content-Disposition"].startswith("attachment")
    text = notice.content.decode()
    assert "符合经济困难条件" in text and world.legal_worker.display_name in text
    assert world.seafarer.notifications.filter(kind="rights.update").exists()
    # Another seafarer: 404.
    other = login(Client(), world.seafarer_b)
    assert other.get(url).status_code == 404 and other.get(url + "notice/").status_code == 404


def test_a_rejection_needs_a_reason(world: World, officer: User) -> None:
    case = open_case(world.seafarer)
    login(Client(), world.seafarer).post(f"/rights/{case.pk}/legal-aid/", APPLY)
    union = login(Client(), officer)
    decide = f"/rights/work/{case.pk}/legal-aid/"
    assert union.post(decide, {"decision": "rejected"}).status_code == 400
    union.post(decide, {"decision": "rejected", "reason": "家庭收入超过当地援助标准"})
    assert LegalAidApplication.objects.get().decision == "rejected"
    case.refresh_from_db()
    assert case.owner is None
