from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit

URL = reverse("audit:list")


@pytest.mark.parametrize(
    "name",
    ["seafarer", "seafarer_b", "clinician", "counsellor", "union_staff", "officer_a", "outsider"],
)
def test_it_is_404_for_everyone_but_administrators(world, client_for, name):
    record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    response = client_for(name).get(URL)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="audit.view").exists()


def test_it_sends_anonymous_people_to_sign_in(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lists_rows_newest_first_for_an_administrator(world, client_for):
    first = record_audit(world.clinician, "inquiry.read", target=world.seafarer, purpose="复诊")
    second = record_audit(
        world.counsellor, "hotline.record_read", target_type="hotline.call", target_id=7
    )
    html = client_for("admin").get(URL).content.decode()
    assert f"user:{world.clinician.pk}" in html and "复诊" in html
    assert html.index(f"<td>{second.pk}</td>") < html.index(f"<td>{first.pk}</td>")
    assert "hotline.call #7" in html
    assert "<form" in html and 'method="post"' not in html.split("<main")[1].split("</main>")[0]


def test_it_audits_each_view_of_the_list(world, client_for):
    client = client_for("admin")
    client.get(URL, {"action": "inquiry.", "actor": world.clinician.pk})
    event = AuditEvent.objects.get(action="audit.view")
    assert event.actor_id == world.admin.pk
    assert event.detail == {
        "filters": {"action": "inquiry.", "actor": str(world.clinician.pk)},
        "page": 1,
    }


def test_it_filters_by_action_actor_and_target(world, client_for):
    a = record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    b = record_audit(world.counsellor, "inquiry.read", target=world.seafarer_b)
    c = record_audit(world.clinician, "consent.accept", target=world.seafarer_b)
    client = client_for("admin")

    def ids(**params) -> set[int]:
        page = client.get(URL, params).context["page"]
        return {e.pk for e in page.object_list}

    assert ids(action="inquiry.") == {a.pk, b.pk}
    assert ids(actor=world.clinician.pk) == {a.pk, c.pk}
    assert ids(target_type="accounts.user", target_id=str(world.seafarer_b.pk)) == {b.pk, c.pk}
    assert ids(action="consent.", actor=world.clinician.pk) == {c.pk}


def test_it_filters_by_date_range(world, client_for):
    event = record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    today = timezone.localdate()
    client = client_for("admin")
    page = client.get(URL, {"date_from": today, "date_to": today}).context["page"]
    assert event.pk in {e.pk for e in page.object_list}
    tomorrow = today + dt.timedelta(days=1)
    page = client.get(URL, {"date_from": tomorrow}).context["page"]
    assert event.pk not in {e.pk for e in page.object_list}


def test_it_rejects_bad_filters_with_a_clear_message(world, client_for):
    record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    response = client_for("admin").get(URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert "开始日期不能晚于结束日期。" in response.content.decode()
    assert len(response.context["page"].object_list) == 0
    response = client_for("admin").get(URL, {"actor": "abc"})
    assert response.status_code == 400


def test_it_pages_fifty_rows_at_a_time(world, client_for):
    for i in range(60):
        record_audit(None, "demo.load", target_type="bulk", target_id=i)
    client = client_for("admin")
    first = client.get(URL, {"action": "demo.load"}).context["page"]
    assert len(first.object_list) == 50
    assert first.object_list[0].target_id == "59"
    second = client.get(URL, {"action": "demo.load", "page": 2})
    assert len(second.context["page"].object_list) == 10
    assert "action=demo.load&amp;page=1" in second.content.decode()


def test_it_names_each_action_in_words_beside_its_code(world, client_for):
    record_audit(world.clinician, "alert.read", target=world.seafarer)
    html = client_for("admin").get(URL).content.decode()
    assert "查看危机警报 <code>alert.read</code>" in html
