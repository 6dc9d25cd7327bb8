from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent

NOT_CLINICIANS = [
    "seafarer",
    "counsellor",
    "union_staff",
    "officer_a",
    "officer_b",
    "outsider",
    "admin",
]


def raise_alert(world, reason: str = "phq9_item9") -> CrisisAlert:
    return do_raise_crisis_alert(world.seafarer, source="screening", source_id="3", reason=reason)


def test_it_shows_open_alerts_first_with_name_reason_and_local_time(client_for, roster, outbox):
    done = raise_alert(roster, "help_now")
    done.status = CrisisAlert.Status.ACKNOWLEDGED
    done.acknowledged_by = roster.clinician
    done.save()
    opened = raise_alert(roster)
    CrisisAlert.objects.filter(pk=opened.pk).update(
        created_at=timezone.now() - timedelta(minutes=12)
    )
    roster.clinician.time_zone = "Pacific/Auckland"
    roster.clinician.save()

    response = client_for("clinician").get(reverse("alerts:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(f'data-alert="{opened.pk}"') < html.index(f'data-alert="{done.pk}"')
    assert "王海" in html
    assert "PHQ-9 第9题(自伤或轻生念头)阳性" in html
    assert "已等待 12 分钟" in html
    # Times in the viewer's own zone, named, with Beijing beside; never an abbreviation.
    assert "太平洋 · 新西兰 (UTC+1" in html and "(北京时间 " in html
    assert "NZDT" not in html and "NZST" not in html and "CST" not in html
    assert reverse("alerts:acknowledge", args=[opened.pk]) in html
    assert reverse("alerts:acknowledge", args=[done.pk]) not in html
    assert 'http-equiv="refresh"' in html
    assert "alerts/live" in html


def test_it_acknowledges_from_the_board(client_for, roster, outbox):
    alert = raise_alert(roster)
    client = client_for("clinician")

    response = client.post(reverse("alerts:acknowledge", args=[alert.pk]))

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "acknowledged"
    assert alert.acknowledged_by == roster.clinician
    assert AuditEvent.objects.filter(action="alert.acknowledge", actor=roster.clinician).exists()


def test_its_summary_part_is_the_counts_alone_and_leaves_the_next_pages_message(
    client_for, roster, outbox
):
    first = raise_alert(roster)
    raise_alert(roster, "help_now")
    client = client_for("clinician")
    # Acknowledging leaves a message for the page the clinician goes to next.
    assert client.post(reverse("alerts:acknowledge", args=[first.pk])).status_code == 302

    part = client.get(reverse("alerts:list"), {"part": "summary"})
    assert part.status_code == 200
    html = part.content.decode().strip()
    assert html.startswith('<p class="notice" id="alert-summary">') and html.endswith("</p>")
    assert "未结束的警报 2 条(其中待确认 1 条)" in html
    assert "data-alert" not in html and "<html" not in html  # no rows, no page around it

    page = client.get(reverse("alerts:list")).content.decode()
    assert "已确认该警报,升级已停止。" in page  # still there for the board itself


def test_it_refuses_to_acknowledge_by_get(client_for, roster, outbox):
    alert = raise_alert(roster)
    response = client_for("clinician").get(reverse("alerts:acknowledge", args=[alert.pk]))
    assert response.status_code == 405
    alert.refresh_from_db()
    assert alert.status == "open"


def test_it_answers_404_for_an_unknown_alert(client_for, world):
    response = client_for("clinician").post(reverse("alerts:acknowledge", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", NOT_CLINICIANS)
def test_it_hides_the_board_from_everyone_else(client_for, roster, outbox, name):
    alert = raise_alert(roster)
    client = client_for(name)
    assert client.get(reverse("alerts:list")).status_code == 404
    assert client.post(reverse("alerts:acknowledge", args=[alert.pk])).status_code == 404
    alert.refresh_from_db()
    assert alert.status == "open"


def test_it_sends_anonymous_visitors_to_sign_in(client, roster, outbox):
    alert = raise_alert(roster)
    for response in (
        client.get(reverse("alerts:list")),
        client.post(reverse("alerts:acknowledge", args=[alert.pk])),
    ):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    alert.refresh_from_db()
    assert alert.status == "open"
