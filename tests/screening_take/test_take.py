from __future__ import annotations

import gzip

from django.test import Client

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.screening.models import Battery, Response, Screening
from tests.personas import World, give_health_consent, login
from tests.screening_take.conftest import answers_for


def _start(client: Client, battery: str = "pre-departure") -> Screening:
    response = client.post("/screening/", {"battery": battery})
    assert response.status_code == 200  # the first page itself: no redirect at sea
    return Screening.objects.filter(status=Screening.Status.IN_PROGRESS).latest("created_at")


def _submit(
    client: Client, screening: Screening, code: str, answers: dict, key: str, replaces: str = ""
):
    """``replaces``: the key of the stored answers the page showed (a page drawn after them)."""
    fields = {**answers, "key": key, "replaces": replaces}
    return client.post(f"/screening/{screening.pk}/{code}/", fields)


def test_it_takes_the_pre_departure_battery_page_by_page_to_the_result(
    seafarer_client: Client, world: World
) -> None:
    landing = seafarer_client.get("/screening/")
    assert "出海前心理CT" in landing.content.decode()
    screening = _start(seafarer_client)
    assert screening.instrument_codes == ["phq9", "gad7", "who5", "auditc"]
    for n, code in enumerate(screening.instrument_codes):
        page = seafarer_client.get(f"/screening/{screening.pk}/{code}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'type="radio"' in html and 'name="key"' in html and "<script" not in html
        reply = _submit(seafarer_client, screening, code, answers_for(code, 1), f"k{n}")
        assert reply.status_code == 200  # the next page, or the result, directly
    assert "<h1>心理CT结果</h1>" in reply.content.decode()
    location = f"/screening/{screening.pk}/result/"
    screening.refresh_from_db()
    assert screening.status == "completed" and screening.completed_at is not None
    assert screening.responses.count() == 4
    result = seafarer_client.get(location).content.decode()
    assert "筛查不是诊断" in result
    assert "tel:" in result and "/screening/training/" in result
    # Booking is open: the result leads to it, not to a "coming soon" description.
    assert 'href="/consultations/book/"' in result and "即将开放" not in result
    assert "PHQ-9" in result or "抑郁" in result
    phq9 = screening.responses.get(instrument_code="phq9")
    assert phq9.total_score == 8.0 and phq9.risk_level == "routine"
    assert 'id="crisis"' not in result
    assert len(gzip.compress(result.encode())) < 14 * 1024


def test_it_resumes_where_the_seafarer_left_with_answers_prefilled(
    seafarer_client: Client,
) -> None:
    screening = _start(seafarer_client)
    _submit(seafarer_client, screening, "phq9", answers_for("phq9", 2), "a1")
    # Leaves, comes back to the landing page: the same screening resumes at GAD-7.
    landing = seafarer_client.get("/screening/").content.decode()
    assert f"/screening/{screening.pk}/gad7/" in landing
    assert _start(seafarer_client).pk == screening.pk
    again = seafarer_client.get(f"/screening/{screening.pk}/phq9/").content.decode()
    assert 'name="phq9_1" value="2" checked' in again
    # Changing an answered instrument while in progress replaces it (one response each).
    assert 'name="replaces" value="a1"' in again
    _submit(seafarer_client, screening, "phq9", answers_for("phq9", 0), "a2", replaces="a1")
    assert screening.responses.get(instrument_code="phq9").total_score == 0.0
    assert Response.objects.filter(screening=screening).count() == 1


def test_it_refuses_bad_answers_with_translated_errors_and_stores_nothing(
    seafarer_client: Client,
) -> None:
    screening = _start(seafarer_client)
    answers = answers_for("gad7")
    del answers["gad7_1"]
    answers["gad7_2"] = "9"
    page = _submit(seafarer_client, screening, "gad7", answers, "b1")
    assert page.status_code == 400
    html = page.content.decode()
    assert "这一题必须回答" in html and "答案超出范围" in html
    answers["gad7_1"] = "abc"
    assert _submit(seafarer_client, screening, "gad7", answers, "b2").status_code == 400
    assert not Response.objects.exists()
    seafarer_client.cookies["sh_language"] = "en"
    english = _submit(seafarer_client, screening, "gad7", {}, "b4").content.decode()
    assert "This question must be answered" in english
    assert seafarer_client.get(f"/screening/{screening.pk}/k10/").status_code == 404
    assert seafarer_client.get(f"/screening/{screening.pk}/nope/").status_code == 404
    assert not Response.objects.exists()


def test_it_stores_a_repeated_post_with_the_same_key_once(seafarer_client: Client) -> None:
    screening = _start(seafarer_client)
    answers = answers_for("phq9", 1)
    first = _submit(seafarer_client, screening, "phq9", answers, "same-key")
    again = _submit(seafarer_client, screening, "phq9", answers, "same-key")
    assert first.status_code == again.status_code == 200
    assert 'name="gad7_1"' in again.content.decode()  # the next page, as the first time
    assert Response.objects.filter(seafarer=screening.seafarer).count() == 1
    # The same key with different answers (an old copy of the page): refused, nothing changed.
    changed = _submit(seafarer_client, screening, "phq9", answers_for("phq9", 2), "same-key")
    assert changed.status_code == 200
    assert Response.objects.get().total_score == 8.0


def test_it_raises_a_crisis_alert_and_shows_crisis_resources_first(
    seafarer_client: Client, world: World
) -> None:
    screening = _start(seafarer_client, "at-sea-pulse")
    assert screening.instrument_codes == ["phq4", "who5"]
    screening.instrument_codes = ["phq9"]
    screening.save()
    answers = answers_for("phq9")
    answers["phq9_9"] = "1"
    reply = _submit(seafarer_client, screening, "phq9", answers, "c1")
    assert reply.status_code == 200  # the result itself, crisis help first
    response = Response.objects.get()
    assert response.risk_level == "crisis"
    alert = CrisisAlert.objects.get()
    assert alert.seafarer == world.persona("seafarer")
    assert alert.source == "screening" and alert.source_id == str(response.pk)
    for html in (
        reply.content.decode(),
        seafarer_client.get(f"/screening/{screening.pk}/result/").content.decode(),
    ):
        main = html[html.index('<main id="main">') :]
        assert main.index('id="crisis"') < main.index("<h1>")
        assert "12356" in main and "船长" in main and "医生已经收到提醒" in main


def test_it_answers_404_for_another_seafarers_screening_and_for_staff(
    seafarer_client: Client, world: World
) -> None:
    screening = _start(seafarer_client)
    other = world.persona("seafarer_b")
    give_health_consent(other)
    other_client = login(Client(), other)
    assert other_client.get(f"/screening/{screening.pk}/phq9/").status_code == 404
    assert other_client.get(f"/screening/{screening.pk}/result/").status_code == 404
    posted = other_client.post(f"/screening/{screening.pk}/phq9/", answers_for("phq9"))
    assert posted.status_code == 404
    for name in ("clinician", "officer_a", "union_staff"):
        staff = login(Client(), world.persona(name))
        assert staff.get("/screening/").status_code == 404
        assert staff.get(f"/screening/{screening.pk}/result/").status_code == 404
    assert not Response.objects.exists()


def test_it_asks_for_health_consent_first(world: World, batteries: dict[str, Battery]) -> None:
    client = login(Client(), world.persona("seafarer"))
    for url in ("/screening/", "/screening/history/"):
        page = client.get(url)
        assert page.status_code == 403
        assert "/consent/" in page.content.decode()
    assert client.post("/screening/", {"battery": "pre-departure"}).status_code == 403
    assert not Screening.objects.exists()


def test_it_keeps_a_screening_page_under_14_kb_compressed(seafarer_client: Client) -> None:
    screening = _start(seafarer_client)
    for code in screening.instrument_codes:
        html = seafarer_client.get(f"/screening/{screening.pk}/{code}/").content
        assert len(gzip.compress(html)) < 14 * 1024
    landing = seafarer_client.get("/screening/").content
    assert len(gzip.compress(landing)) < 14 * 1024


def test_it_starts_an_invited_campaign_and_marks_the_invite_done(
    seafarer_client: Client, world: World, batteries: dict[str, Battery]
) -> None:
    from django.utils import timezone

    from seafarers_home.screening.models import Campaign, CampaignInvite

    campaign = Campaign.objects.create(
        title="浙舟渔12号开航前",
        organisation=world.company_a,
        battery=batteries["at-sea-pulse"],
        deadline=timezone.now(),
        created_by=world.persona("officer_a"),
    )
    invite = CampaignInvite.objects.create(campaign=campaign, seafarer=world.persona("seafarer"))
    assert "浙舟渔12号开航前" in seafarer_client.get("/screening/").content.decode()
    reply = seafarer_client.post("/screening/", {"invite": str(invite.pk)})
    screening = Screening.objects.get(campaign=campaign)
    assert reply.status_code == 200
    assert f'action="/screening/{screening.pk}/phq4/"' in reply.content.decode()
    for n, code in enumerate(screening.instrument_codes):
        _submit(seafarer_client, screening, code, answers_for(code, 1), f"i{n}")
    invite.refresh_from_db()
    assert invite.completed_at is not None and invite.screening == screening
    assert "浙舟渔12号开航前" not in seafarer_client.get("/screening/").content.decode()
    # Someone else's invite cannot be used.
    other = CampaignInvite.objects.create(campaign=campaign, seafarer=world.persona("seafarer_b"))
    assert seafarer_client.post("/screening/", {"invite": str(other.pk)}).status_code == 404


def test_it_draws_the_unanswered_questions_in_the_page_language_and_ticks_what_was_sent(
    seafarer_client: Client,
) -> None:
    """The questions of a page with nothing ticked are remembered per instrument and language
    (issue 20 item 8): the same page in another language, or with answers, is drawn afresh."""
    screening = _start(seafarer_client)
    url = f"/screening/{screening.pk}/gad7/"
    for language, question in [("zh-hans", "感觉紧张"), ("en", "nervous"), ("zh-hans", "感觉紧张")]:
        seafarer_client.cookies["sh_language"] = language
        html = seafarer_client.get(url).content.decode()
        assert question in html and 'name="gad7_7"' in html, language
        assert " checked" not in html and "errorlist" not in html
    answers = answers_for("gad7", 2)
    del answers["gad7_3"]
    page = _submit(seafarer_client, screening, "gad7", answers, "c1").content.decode()
    assert 'name="gad7_1" value="2" checked' in page and "这一题必须回答" in page
    assert seafarer_client.get(url).content.decode().count(" checked") == 0
