"""Issue 18 item 8: ordinary input that used to end in a server error gets a clear, translated
answer — NUL characters in forms, CSV cells with NUL or over 131,072 characters, request
bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (JSON from the API, a page elsewhere)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from seafarers_home.inquiries.models import Question
from seafarers_home.screening.models import CampaignInvite
from seafarers_home.voyages.models import Voyage
from tests.api.conftest import make_token
from tests.personas import World, give_health_consent, login
from tests.test_permissions import _campaign_of_company_a


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", "空字符(NUL)"), ("en", "contains a NUL character")],
)
def test_a_nul_in_a_question_title_is_refused_in_words(world: World, language, words) -> None:
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    response = client.post(
        "/inquiries/ask/",
        {"category": "sleep", "title": "睡不着\x00怎么办", "body": "出海第三天开始睡不着。"},
        HTTP_ACCEPT_LANGUAGE=language,
        headers={"Cookie": f"django_language={language}"},
    )
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Question.objects.exists()


def test_a_nul_in_a_query_string_is_refused(world: World) -> None:
    response = Client().get("/inquiries/knowledge/", {"q": "晕\x00船"})
    assert response.status_code == 400
    api = Client().get("/api/v1/inquiries/knowledge", {"q": "晕\x00船"})
    assert api.status_code == 422
    assert api.json()["detail"][0]["type"] == "nul_character"


def _csv(text: str, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


CREW_HEADER = "phone,registration_number,planned_departure,expected_return\n"


@pytest.mark.parametrize(
    ("cell", "words"),
    [("1380000\x000001", "含有空字符(NUL)"), ("x" * 140_000, "单元格过长(最多 131072 个字符)")],
)
def test_a_crew_list_with_a_bad_cell_names_the_line(world: World, cell: str, words: str) -> None:
    client = login(Client(), world.officer_a)
    rows = (
        CREW_HEADER
        + f"{world.seafarer.phone},{world.vessel_a.registration_number},2027-01-01,2027-03-01\n"
        + f"{cell},{world.vessel_a.registration_number},2027-01-01,2027-03-01\n"
    )
    response = client.post("/voyages/crew/import/", {"crew_list": _csv(rows)})
    assert response.status_code == 422
    page = response.content.decode()
    assert words in page and "第 3 行" in page
    assert not Voyage.objects.exists()


@pytest.mark.parametrize("cell", ["1380000\x000001", "y" * 140_000])
def test_a_campaign_list_with_a_bad_cell_is_refused(world: World, cell: str) -> None:
    campaign = _campaign_of_company_a(world)["pk"]
    client = login(Client(), world.officer_a)
    response = client.post(
        f"/screening/campaigns/{campaign}/import/",
        {"invitees": _csv(f"phone\n{world.seafarer.phone}\n{cell}\n")},
    )
    assert response.status_code < 500
    assert "第 3 行" in response.content.decode()
    assert not CampaignInvite.objects.exists()


@pytest.mark.parametrize("debug", [False, True])
def test_a_body_over_the_limit_is_a_413_in_json_from_the_api(
    world: World, settings, debug: bool
) -> None:
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    give_health_consent(world.seafarer)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.seafarer)}")
    body = {"category": "sleep", "title": "睡不着", "body": "很长" * 20_000}
    response = client.post(
        "/api/v1/inquiries/questions",
        body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="big-1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "too large" in response.json()["detail"]
    assert not Question.objects.exists()


@pytest.mark.parametrize("debug", [False, True])
def test_a_form_over_the_limit_is_a_413_page(world: World, settings, debug: bool) -> None:
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    response = client.post(
        "/inquiries/ask/", {"category": "sleep", "title": "睡不着", "body": "很长" * 20_000}
    )
    assert response.status_code == 413
    assert "提交的内容太大" in response.content.decode()
    assert not Question.objects.exists()
