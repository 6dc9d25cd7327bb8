"""The result page only reads (issue 17 item 7): a screening whose every page was answered but
which was never completed (the last submission failed after storing its answers) is completed
by the button's POST, not by opening the page."""

from __future__ import annotations

from seafarers_home.screening.actions import do_start_screening, do_submit_response
from seafarers_home.screening.models import Screening
from tests.queries import writes_during
from tests.screening_take.conftest import answers_for


def test_opening_the_result_of_an_answered_screening_completes_nothing(
    world, batteries, seafarer_client
):
    seafarer = world.persona("seafarer")
    screening = do_start_screening(seafarer, batteries["at-sea-pulse"])
    for code in screening.instrument_codes:
        answers = {item: int(value) for item, value in answers_for(code).items()}
        do_submit_response(seafarer, code, answers, screening=screening)
    url = f"/screening/{screening.pk}/result/"

    assert writes_during(lambda: seafarer_client.get(url)) == []
    screening.refresh_from_db()
    assert screening.status == Screening.Status.IN_PROGRESS
    page = seafarer_client.get(url).content.decode()
    assert f'<form method="post" action="{url}">' in page

    response = seafarer_client.post(url)

    assert response.status_code == 302 and response["Location"] == url
    screening.refresh_from_db()
    assert screening.status == Screening.Status.COMPLETED
    assert "<h1>心理CT结果</h1>" in seafarer_client.get(url).content.decode()


def test_an_unanswered_page_still_leads_to_that_page(world, batteries, seafarer_client):
    seafarer = world.persona("seafarer")
    screening = do_start_screening(seafarer, batteries["at-sea-pulse"])
    response = seafarer_client.post(f"/screening/{screening.pk}/result/")
    first = screening.instrument_codes[0]
    assert response["Location"] == f"/screening/{screening.pk}/{first}/"
    screening.refresh_from_db()
    assert screening.status == Screening.Status.IN_PROGRESS
