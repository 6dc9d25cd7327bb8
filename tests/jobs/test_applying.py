"""Applying: a short profile and chosen certificates; a resend is one application; applying
twice or to a closed posting is refused; each state change notifies; the message thread; the
advertised terms stay readable after the posting closes; company B gets 404 on company A's
applications; nothing from the health services reaches the company."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from seafarers_home.consent.personal_data import get_personal_data_type
from seafarers_home.jobs.models import Application, Posting
from seafarers_home.notifications.models import Notification
from seafarers_home.screening.models import Clearance, Screening
from tests.jobs.conftest import day, hold, publish


def _apply(client, posting, key="k1", **extra):
    data = {
        "name": "张帆",
        "rank": "fisherman",
        "sea_service_months": "36",
        "languages": "中文、英语",
        "key": key,
        **extra,
    }
    return client.post(f"/jobs/postings/{posting.pk}/apply/", data)


def test_applying_is_idempotent_and_twice_or_closed_is_refused(world, client_for):
    posting = publish(world)
    client = client_for("consented_seafarer")
    huge = _apply(client, posting, key="k3", certificates=["99999999999999999999999"])
    assert huge.status_code == 400 and "证书夹" in huge.content.decode()
    assert _apply(client, posting).status_code == 302
    assert _apply(client, posting).status_code == 302  # the same form resent
    again = _apply(client, posting, key="k2")
    assert again.status_code == 400 and "已经投递过" in again.content.decode()
    assert Application.objects.count() == 1
    Posting.objects.filter(pk=posting.pk).update(closes_on=day(world.seafarer, -1))
    closed = _apply(client_for("seafarer"), posting, name="王海")
    assert closed.status_code in (400, 404)
    assert Application.objects.count() == 1


def test_states_notify_the_thread_works_and_terms_stay_after_closing(
    world, client_for, django_capture_on_commit_callbacks
):
    posting = publish(world)
    client = client_for("consented_seafarer")
    _apply(client, posting)
    application = Application.objects.get()
    officer = client_for("officer_a")
    for to in ("viewed", "shortlisted", "interview", "offered"):
        with django_capture_on_commit_callbacks(execute=True):
            moved = officer.post(f"/jobs/company/applications/{application.pk}/move/", {"to": to})
        assert moved.status_code == 302
    application.refresh_from_db()
    assert application.status == "offered"
    kinds = Notification.objects.filter(user=world.consented_seafarer, kind="jobs.status")
    assert kinds.count() == 4
    officer.post(
        f"/jobs/company/applications/{application.pk}/message/",
        {"body": "请带证书原件面试", "key": "m1"},
    )
    officer.post(
        f"/jobs/company/applications/{application.pk}/message/",
        {"body": "请带证书原件面试", "key": "m1"},
    )
    assert application.messages.count() == 1
    client.post(f"/jobs/applications/{application.pk}/message/", {"body": "好的", "key": "m2"})
    page = client.get(f"/jobs/applications/{application.pk}/").content.decode()
    assert "请带证书原件面试" in page and "好的" in page
    Posting.objects.filter(pk=posting.pk).update(status="closed")
    assert client.get(f"/jobs/postings/{posting.pk}/").status_code == 200
    assert (
        "东南太平洋鱿钓渔场" in client.get(f"/jobs/applications/{application.pk}/").content.decode()
    )
    assert (
        client_for("consented_seafarer_b").get(f"/jobs/postings/{posting.pk}/").status_code == 404
    )


def test_company_b_gets_404_on_company_a_applications(world, client_for):
    posting = publish(world)
    _apply(client_for("consented_seafarer"), posting)
    application = Application.objects.get()
    other = client_for("officer_b")
    assert other.get(f"/jobs/company/applications/{application.pk}/").status_code == 404
    assert (
        other.post(
            f"/jobs/company/applications/{application.pk}/move/", {"to": "viewed"}
        ).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.status == "submitted"


def test_no_health_data_reaches_the_company(world, client_for, make_screening):
    seafarer = world.consented_seafarer
    screening = make_screening(seafarer, "crisis")
    Clearance.objects.create(
        seafarer=seafarer,
        screening=screening,
        clinician=world.clinician,
        decision=Clearance.Decision.NOT_CLEARED,
        valid_until=day(seafarer, 90),
    )
    certificate = hold(seafarer, "fishing_crew", 2000, number="FC-778")
    posting = publish(world)
    client = client_for("consented_seafarer")
    assert _apply(client, posting, certificates=[str(certificate)]).status_code == 302
    application = Application.objects.get()
    officer = client_for("officer_a")
    officer.post(f"/jobs/company/applications/{application.pk}/move/", {"to": "shortlisted"})
    pages = [
        officer.get(f"/jobs/company/postings/{posting.pk}/").content.decode(),
        officer.get(f"/jobs/company/applications/{application.pk}/").content.decode(),
        officer.get(f"/jobs/company/postings/{posting.pk}/shortlist.csv").content.decode(
            "utf-8-sig"
        ),
    ]
    assert "FC-778" in pages[1] and "FC-778" in pages[2] and "张帆" in pages[2]
    assert "✓ 覆盖合同期" in pages[1]
    # The clearance's decision and the screening's instrument and risk, as any page shows them.
    health_words = ("暂不适合出海", "not_cleared", "健康入职", "PHQ", "phq9", "风险", "Clearance")
    exported = json.dumps(
        get_personal_data_type("job_applications").export(seafarer), ensure_ascii=False
    )
    assert "FC-778" in exported
    for page in [*pages, exported]:
        for word in health_words:
            assert word not in page, word
    assert Screening.objects.filter(seafarer=seafarer).exists()
    assert timezone.now() - application.created_at < datetime.timedelta(minutes=5)
