"""The trauma instruments on the real 心理CT pages: the PC-PTSD-5's branching in the form engine
(no trauma exposure: the five items are not asked, nothing ticked there is stored), and an
instrument given only when assigned stays out of the self-check choices, the crew campaigns and
the company and union band reports; the clinician sees that its Chinese awaits review."""

from __future__ import annotations

import json

from django.test import Client

from seafarers_home.screening.actions import do_complete_screening, do_start_screening
from seafarers_home.screening.band_counts import raw_band_counts, stored_band_counts
from seafarers_home.screening.models import Battery, Response, Screening
from seafarers_home.screening.services import general_batteries
from tests.personas import World, login

FLAG = "这个量表的中文版是本平台的翻译,尚待临床医生审核"


def _take(client: Client, screening: Screening, code: str, answers: dict[str, int]):
    page = client.get(f"/screening/{screening.pk}/{code}/").content.decode()
    form = page.split(f'<form class="stack" method="post" action="/screening/{screening.pk}/')[1]
    key = form.split('name="key" value="')[1].split('"')[0]
    fields = {"key": key, "replaces": ""} | {k: str(v) for k, v in answers.items()}
    return client.post(f"/screening/{screening.pk}/{code}/", fields)


def test_no_trauma_exposure_ends_the_pcptsd5_and_what_was_ticked_below_is_dropped(
    world: World,
) -> None:
    seafarer = world.consented_seafarer
    client = login(Client(), seafarer)
    screening = do_start_screening(seafarer, None, instrument_codes=["pcptsd5", "phq4"])
    page = client.get(f"/screening/{screening.pk}/pcptsd5/").content.decode()
    assert "/screening/skip." in page and "data-skip" in page
    assert page.count("skippable") == 5  # the five items after the trauma question
    assert "回答“否”时,下面的题目不用回答" in page

    # "No" to the trauma question, with an item still ticked below it (no CSS :has()).
    answered = _take(client, screening, "pcptsd5", {"pcptsd5_trauma": 0, "pcptsd5_1": 1})
    assert answered.status_code == 200
    assert f"/screening/{screening.pk}/phq4/" in answered.content.decode()  # the next page
    response = Response.objects.get(instrument_code="pcptsd5")
    assert json.loads(response.answers) == {"pcptsd5_trauma": 0}
    assert (response.total_score, response.band, response.risk_level) == (0, "negative", "routine")


def test_trauma_exposure_asks_all_five_and_counts_the_yes_answers(world: World) -> None:
    seafarer = world.consented_seafarer
    client = login(Client(), seafarer)
    screening = do_start_screening(seafarer, None, instrument_codes=["pcptsd5"])
    four = {"pcptsd5_trauma": 1} | {f"pcptsd5_{n}": 1 for n in range(1, 5)}
    refused = _take(client, screening, "pcptsd5", four)
    assert refused.status_code == 400 and "这一题必须回答" in refused.content.decode()
    assert not Response.objects.exists()

    result = _take(client, screening, "pcptsd5", four | {"pcptsd5_5": 0})
    assert result.status_code == 200 and "阳性" in result.content.decode()
    response = Response.objects.get()
    assert (response.total_score, response.band, response.risk_level) == (
        4,
        "positive",
        "follow_up",
    )
    screening.refresh_from_db()
    assert screening.status == "completed" and screening.risk_level == "follow_up"


def test_an_assigned_only_instrument_is_never_a_self_check_or_a_campaign(world: World) -> None:
    # Every shipped battery (the self-checks, the campaigns' choices) holds general
    # instruments only; the incident's screenings are made of its task's instruments.
    shipped = set(Battery.objects.values_list("code", flat=True))
    assert {"pre-departure", "at-sea-pulse", "after-return"} <= shipped
    assert set(general_batteries().values_list("code", flat=True)) == shipped
    Battery.objects.create(code="trauma", name="创伤专用组合", instrument_codes=["phq4", "pcl5"])
    seafarer = login(Client(), world.consented_seafarer)
    assert "创伤专用组合" not in seafarer.get("/screening/").content.decode()
    assert seafarer.post("/screening/", {"battery": "trauma"}).status_code == 404
    assert not Screening.objects.exists()
    assert seafarer.post("/screening/", {"battery": "at-sea-pulse"}).status_code == 200

    form = login(Client(), world.officer_a).get("/screening/campaigns/new/").content.decode()
    assert "出海前心理CT" in form and "创伤专用组合" not in form


def test_assigned_only_answers_stay_out_of_the_band_reports(world: World) -> None:
    seafarer = world.consented_seafarer
    screening = do_start_screening(seafarer, None, instrument_codes=["pcl5", "phq4"])
    client = login(Client(), seafarer)
    _take(client, screening, "pcl5", {f"pcl5_{n}": 2 for n in range(1, 21)})  # 40
    _take(client, screening, "phq4", {f"phq4_{n}": 1 for n in range(1, 5)})
    screening = do_complete_screening(screening)
    assert screening.status == "completed"
    counted = {(code, band): n for (_company, code, band), n in stored_band_counts().items()}
    assert counted == {("phq4", "mild"): 1}
    assert stored_band_counts() == raw_band_counts()


def test_the_clinician_sees_that_the_chinese_version_awaits_review(world: World) -> None:
    seafarer = world.consented_seafarer
    screening = do_start_screening(seafarer, None, instrument_codes=["pcl5", "phq4"])
    client = login(Client(), seafarer)
    _take(client, screening, "pcl5", {f"pcl5_{n}": 1 for n in range(1, 21)})
    _take(client, screening, "phq4", {f"phq4_{n}": 0 for n in range(1, 5)})
    page = login(Client(), world.clinician).get(f"/screening/review/{screening.pk}/")
    html = page.content.decode()
    assert "创伤后应激障碍检查量表(PCL-5)" in html and html.count(FLAG) == 1  # not PHQ-4's
