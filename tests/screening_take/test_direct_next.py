"""Fewer round trips at sea (issue 20 item 6): a questionnaire page's POST is answered with the
next page (or the result) directly, not POST → 302 → GET. What POST-redirect-GET protected
against is covered by the form's idempotency key and the key of the answers the page was drawn
with: a resent POST is stored once and says so, and an old page sent again (a reload of an
earlier answer, the back button) is shown for checking, never stored silently."""

from __future__ import annotations

import re

from django.test import Client

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import Response, Screening
from tests.screening_take.conftest import answers_for


def _start(client: Client, battery: str = "pre-departure") -> tuple[Screening, str]:
    page = client.post("/screening/", {"battery": battery})
    assert page.status_code == 200
    return Screening.objects.get(status=Screening.Status.IN_PROGRESS), page.content.decode()


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
    assert found, name
    return found.group(1)


def _post_page(client: Client, screening: Screening, code: str, html: str, value: int = 1):
    """Submit the page ``html`` as a browser would: its hidden fields and every answer."""
    fields = {"key": _hidden(html, "key"), "replaces": _hidden(html, "replaces")}
    return client.post(f"/screening/{screening.pk}/{code}/", {**fields, **answers_for(code, value)})


def test_the_start_and_every_page_answer_with_the_next_page_and_the_last_with_the_result(
    seafarer_client: Client,
) -> None:
    screening, html = _start(seafarer_client)
    assert 'name="phq9_1"' in html
    assert f'action="/screening/{screening.pk}/phq9/"' in html
    for code, following in (("phq9", "gad7"), ("gad7", "who5"), ("who5", "auditc")):
        reply = _post_page(seafarer_client, screening, code, html)
        assert reply.status_code == 200, code
        html = reply.content.decode()
        # The next page's own questions, posting to the next page's own address.
        assert f'name="{following}_1"' in html and f'name="{code}_1"' not in html
        assert f'action="/screening/{screening.pk}/{following}/"' in html
        assert "<script" not in html
    last = _post_page(seafarer_client, screening, "auditc", html)
    assert last.status_code == 200
    assert "<h1>心理CT结果</h1>" in last.content.decode()
    screening.refresh_from_db()
    assert screening.status == Screening.Status.COMPLETED
    assert screening.responses.count() == 4


def test_a_resent_post_is_stored_once_and_says_it_was_already_saved(
    seafarer_client: Client,
) -> None:
    screening, html = _start(seafarer_client)
    fields = {"key": _hidden(html, "key"), "replaces": _hidden(html, "replaces")}
    answers = answers_for("phq9", 1)
    first = seafarer_client.post(f"/screening/{screening.pk}/phq9/", {**fields, **answers})
    # The link dropped the answer, or the seafarer pressed reload: the very same POST again.
    again = seafarer_client.post(f"/screening/{screening.pk}/phq9/", {**fields, **answers})
    assert first.status_code == again.status_code == 200
    assert 'name="gad7_1"' in again.content.decode()
    assert "已经保存过" in again.content.decode() and "已经保存过" not in first.content.decode()
    assert Response.objects.filter(screening=screening).count() == 1
    assert AuditEvent.objects.filter(action="screening.response_submit").count() == 1
    assert AuditEvent.objects.filter(action="screening.response_replace").count() == 0


def test_an_old_page_sent_again_is_shown_for_checking_and_never_stored_silently(
    seafarer_client: Client,
) -> None:
    screening, html = _start(seafarer_client)
    old_fields = {"key": _hidden(html, "key"), "replaces": _hidden(html, "replaces")}
    seafarer_client.post(
        f"/screening/{screening.pk}/phq9/", {**old_fields, **answers_for("phq9", 1)}
    )
    # The seafarer opens PHQ-9 again and changes the answers: a new page, a new key.
    reopened = seafarer_client.get(f"/screening/{screening.pk}/phq9/").content.decode()
    assert _hidden(reopened, "replaces") == old_fields["key"]
    changed = _post_page(seafarer_client, screening, "phq9", reopened, value=2)
    assert changed.status_code == 200
    assert Response.objects.get(screening=screening).total_score == 16.0

    # Then the browser resends the first page's POST (reload of an old tab, back and resend):
    # the key is no longer the stored answers' key and the page was drawn before them.
    stale = seafarer_client.post(
        f"/screening/{screening.pk}/phq9/", {**old_fields, **answers_for("phq9", 1)}
    )
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "什么都还没有保存" in page
    assert 'name="phq9_1" value="1" checked' in page  # what was sent, to check and send again
    assert Response.objects.get(screening=screening).total_score == 16.0
    # Sending the shown page again is a deliberate choice, and it is stored.
    confirmed = _post_page(seafarer_client, screening, "phq9", page, value=1)
    assert confirmed.status_code == 200
    assert Response.objects.get(screening=screening).total_score == 8.0
    assert Response.objects.filter(screening=screening).count() == 1


def test_a_reload_after_the_last_page_shows_the_result_without_storing_again(
    seafarer_client: Client,
) -> None:
    screening, html = _start(seafarer_client, "at-sea-pulse")
    reply = _post_page(seafarer_client, screening, "phq4", html)
    html = reply.content.decode()
    fields = {"key": _hidden(html, "key"), "replaces": _hidden(html, "replaces")}
    answers = answers_for("who5", 1)
    done = seafarer_client.post(f"/screening/{screening.pk}/who5/", {**fields, **answers})
    assert "<h1>心理CT结果</h1>" in done.content.decode()
    again = seafarer_client.post(f"/screening/{screening.pk}/who5/", {**fields, **answers})
    assert again.status_code == 302
    assert again["Location"] == f"/screening/{screening.pk}/result/"
    assert Response.objects.filter(screening=screening).count() == 2
    assert AuditEvent.objects.filter(action="screening.complete").count() == 1


def test_a_resent_start_resumes_the_same_screening(seafarer_client: Client) -> None:
    first, _html = _start(seafarer_client, "at-sea-pulse")
    again = seafarer_client.post("/screening/", {"battery": "at-sea-pulse"})
    assert again.status_code == 200 and 'name="phq4_1"' in again.content.decode()
    assert Screening.objects.get() == first


def test_switching_the_language_on_a_page_from_a_post_comes_back_to_that_page(
    seafarer_client: Client,
) -> None:
    screening, html = _start(seafarer_client, "at-sea-pulse")
    assert f'name="next" value="/screening/{screening.pk}/phq4/"' in html
    shown = _post_page(seafarer_client, screening, "phq4", html).content.decode()
    # The WHO-5 page came back at PHQ-4's address; the language form returns to WHO-5's.
    assert f'name="next" value="/screening/{screening.pk}/who5/"' in shown
    switched = seafarer_client.post(
        "/i18n/setlang/", {"language": "en", "next": f"/screening/{screening.pk}/who5/"}
    )
    assert switched["Location"] == f"/screening/{screening.pk}/who5/"


def test_a_failed_completion_keeps_the_last_answers_and_completes_after(
    seafarer_client: Client, monkeypatch
) -> None:
    """The last page completes the screening in its answers' transaction, in a savepoint: if
    completing fails there, the answers still commit and the page completes it after."""
    from django.db import DatabaseError

    from seafarers_home.screening import actions
    from seafarers_home.screening.models import BandCount

    real, calls = actions.add_screening, []

    def fails_once(screening: Screening) -> None:
        calls.append(screening.pk)
        if len(calls) == 1:
            raise DatabaseError("the band counts could not be written")
        real(screening)

    monkeypatch.setattr(actions, "add_screening", fails_once)
    screening, html = _start(seafarer_client, "at-sea-pulse")
    html = _post_page(seafarer_client, screening, "phq4", html).content.decode()
    last = _post_page(seafarer_client, screening, "who5", html)
    assert last.status_code == 200
    assert "<h1>心理CT结果</h1>" in last.content.decode()
    assert calls == [screening.pk, screening.pk]  # in the answers' transaction, then after
    screening.refresh_from_db()
    assert screening.status == Screening.Status.COMPLETED
    assert sorted(screening.responses.values_list("instrument_code", flat=True)) == [
        "phq4",
        "who5",
    ]
    # Counted once: the failed attempt's writes were rolled back with its savepoint.
    assert sum(BandCount.objects.values_list("n", flat=True)) == 2
    assert AuditEvent.objects.filter(action="screening.complete").count() == 1
