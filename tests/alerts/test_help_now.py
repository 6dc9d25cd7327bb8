""" "I need help now" (issue 16 item 1): the button in the crisis bar and on the help page, one
alert of source "self" however often the form is resent, the crisis box at once, and the
hotline's callback booked from the same page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.models import CrisisAlert, HelpRequest
from seafarers_home.alerts.services import ALERT_SMS_TEXT
from seafarers_home.audit.models import AuditEvent
from seafarers_home.hotline.models import CallbackRequest
from tests.personas import World

BUTTON = "我现在需要帮助"


def _key(html: str) -> str:
    form = html.split('action="/alerts/help-now/"')[1]
    return form.split('name="key" value="')[1].split('"')[0]


def _callback_form(key: str = "cb-1") -> dict[str, str]:
    start = timezone.localtime()
    return {
        "key": key,
        "target": "satellite",
        "number": "+870 773 012 345",
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    }


def test_every_page_offers_the_button_to_a_signed_in_seafarer(client_for, world: World):
    client = client_for("seafarer")
    for url in ("/", "/help/", "/notifications/"):
        html = client.get(url).content.decode()
        bar = html.split('class="crisis"')[1].split("</div>")[0]
        assert BUTTON in bar and 'action="/alerts/help-now/"' in bar, url
        assert "<script" not in bar  # a plain form: works without JavaScript
    help_page = client.get("/help/").content.decode()
    assert 'id="help-now-page"' in help_page


def test_anonymous_visitors_see_the_numbers_and_a_sign_in_prompt(client, world: World):
    html = client.get("/help/").content.decode()
    assert 'href="tel:12356"' in html
    assert 'action="/alerts/help-now/"' not in html
    assert 'id="help-now-sign-in"' in html and "/accounts/login/?next=/help/" in html
    home = client.get("/").content.decode()
    assert 'action="/alerts/help-now/"' not in home and 'href="tel:12356"' in home


@pytest.mark.parametrize("name", ["clinician", "counsellor", "officer_a", "outsider"])
def test_people_who_are_not_seafarers_get_no_button(client_for, world: World, name):
    client = client_for(name)
    assert 'action="/alerts/help-now/"' not in client.get("/help/").content.decode()
    assert client.post("/alerts/help-now/", {"key": "x"}).status_code == 404
    assert not CrisisAlert.objects.exists()


def test_one_press_raises_one_self_alert_however_often_it_is_resent(
    client_for, roster, outbox, django_capture_on_commit_callbacks
):
    client = client_for("seafarer")  # no health-data consent: help never waits for it
    key = _key(client.get("/").content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/alerts/help-now/", {"key": key})
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/alerts/help-now/", {"key": key})  # the link dropped; resent

    assert first.status_code == 302 and again["Location"] == first["Location"]
    alert = CrisisAlert.objects.get()
    assert (alert.seafarer, alert.source, alert.reason, alert.status, alert.tier) == (
        roster.seafarer,
        "self",
        "help_now",
        "open",
        1,
    )
    assert HelpRequest.objects.get().alert == alert
    # The on-duty clinician was paged once, by an SMS without health details.
    assert outbox == [(roster.clinician.phone, ALERT_SMS_TEXT)]
    assert AuditEvent.objects.filter(action="alert.help_now").count() == 1
    page = client.get(first["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("data-crisis-box") < html.index('id="help-now-callback-form"')
    assert 'href="tel:12356"' in html and "值班医生已经收到提醒" in html


def test_presses_while_the_alert_is_unanswered_join_it_and_later_ones_raise_a_new_one(
    client_for, roster
):
    client = client_for("seafarer")
    client.post("/alerts/help-now/", {"key": "a"})
    client.post("/alerts/help-now/", {"key": "b"})  # another tab, pressed again
    assert CrisisAlert.objects.count() == 1 and HelpRequest.objects.count() == 2

    alert = CrisisAlert.objects.get()
    client_for("clinician").post(f"/alerts/{alert.pk}/acknowledge/")
    client.post("/alerts/help-now/", {"key": "c"})  # taken, yet they press again: new news
    assert CrisisAlert.objects.filter(source="self").count() == 2


def test_the_seafarer_books_the_hotline_callback_from_the_help_page(client_for, roster):
    client = client_for("seafarer")
    page_url = client.post("/alerts/help-now/", {"key": "k"})["Location"]
    form_html = client.get(page_url).content.decode()
    assert 'name="anonymous"' not in form_html  # they asked to be reached by name
    callback_url = page_url + "callback/"

    assert client.post(callback_url, _callback_form()).status_code == 302
    assert client.post(callback_url, _callback_form()).status_code == 302  # resent
    callback = CallbackRequest.objects.get()
    assert (callback.seafarer, callback.number, callback.status) == (
        roster.seafarer,
        "+870 773 012 345",
        "scheduled",
    )
    assert HelpRequest.objects.get().callback == callback
    assert "+870 773 012 345" in client.get(page_url).content.decode()

    bad = _callback_form("cb-2")
    bad["window_start"] = bad["window_end"]
    response = client.post(callback_url, bad)
    assert response.status_code == 400 and "结束时间必须晚于开始时间" in response.content.decode()


def test_a_press_is_visible_to_its_seafarer_only(client_for, roster):
    page_url = client_for("seafarer").post("/alerts/help-now/", {"key": "k"})["Location"]
    other = Client()
    other.force_login(roster.seafarer_b)
    assert other.get(page_url).status_code == 404
    assert other.post(page_url + "callback/", _callback_form()).status_code == 404
    assert not CallbackRequest.objects.exists()


def test_a_seafarer_who_pressed_by_mistake_says_so_and_the_alert_still_stands(
    client_for, roster, outbox, django_capture_on_commit_callbacks
):
    """The alert is not withdrawn (a crisis signal is never lost): the clinician sees the
    seafarer's word on it, with when, and still acknowledges it."""
    client = client_for("seafarer")
    with django_capture_on_commit_callbacks(execute=True):
        page_url = client.post("/alerts/help-now/", {"key": "k"})["Location"]
    assert 'id="help-now-mistaken-form"' in client.get(page_url).content.decode()

    for _ in range(2):  # resent after a dropped link: said once
        assert client.post(page_url + "mistaken/").status_code == 302
    press = HelpRequest.objects.get()
    assert press.mistaken_at is not None
    assert AuditEvent.objects.filter(action="alert.help_now_mistaken").count() == 1
    page = client.get(page_url).content.decode()
    assert 'id="help-now-mistaken"' in page and 'id="help-now-mistaken-form"' not in page

    alert = CrisisAlert.objects.get()
    assert (alert.status, alert.outcome) == ("open", "")  # still paging, still escalating
    assert outbox == [(roster.clinician.phone, ALERT_SMS_TEXT)]
    detail = client_for("clinician").get(f"/alerts/{alert.pk}/").content.decode()
    assert 'class="notice said-mistaken"' in detail and "按错了" in detail
    # Pressed again after saying so: new news, paged again as a new alert the note is not on.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/alerts/help-now/", {"key": "k2"})["Location"]
    assert CrisisAlert.objects.filter(status="open").count() == 2
    assert len(outbox) == 2 and "按错了" not in client.get(again).content.decode().split("<h2")[0]
    newest = CrisisAlert.objects.latest("pk")
    fresh = client_for("clinician").get(f"/alerts/{newest.pk}/").content.decode()
    assert "said-mistaken" not in fresh
    # Another seafarer cannot say it for them.
    other = Client()
    other.force_login(roster.seafarer_b)
    assert other.post(page_url + "mistaken/").status_code == 404
