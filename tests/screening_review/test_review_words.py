"""Issue 16 item 10: the review page lists past screenings with the instruments' names and
bands, not their codes ("WHO5 80 · PHQ4 4")."""

from __future__ import annotations

from django.utils import translation

from seafarers_home.screening.instruments import get_instrument
from tests.personas import World


def past_section(html: str) -> str:
    return html.split('id="past-screenings"', 1)[1].split("</table>", 1)[0]


def test_past_screenings_name_their_instruments_and_bands(
    client_for, world: World, make_screening
) -> None:
    make_screening(world.seafarer, "follow_up", hours_ago=48)
    current = make_screening(world.seafarer, "routine")
    html = client_for("clinician").get(f"/screening/review/{current.pk}/").content.decode()
    phq9 = get_instrument("phq9")
    moderate = next(band for band in phq9.bands if band.min <= 14 <= band.max)
    section = past_section(html)
    assert phq9.title in section
    assert "<strong>14</strong>" in section and moderate.label in section
    assert "PHQ9" not in section


def test_past_screenings_are_named_in_english_for_an_english_reader(
    client_for, world: World, make_screening
) -> None:
    make_screening(world.seafarer, "follow_up", hours_ago=48)
    current = make_screening(world.seafarer, "routine")
    client = client_for("clinician")
    html = client.get(f"/screening/review/{current.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
    translation.activate("zh-hans")  # the English request left English active
    section = past_section(html.decode())
    assert get_instrument("phq9").title_en in section
    assert "PHQ9" not in section
