from __future__ import annotations

import gzip
import re
from xml.etree import ElementTree

from django.test import Client

from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.charts import SHADES
from seafarers_home.screening.instruments import get_instrument as find_instrument
from seafarers_home.screening.models import Battery, Screening
from tests.personas import World
from tests.screening_take.conftest import answers_for

SVG = "{http://www.w3.org/2000/svg}"


def _completed_pulse(seafarer, battery: Battery, value: int) -> Screening:
    screening = do_start_screening(seafarer, battery)
    for code in screening.instrument_codes:
        answers = {k: int(v) for k, v in answers_for(code, value).items()}
        do_submit_response(seafarer, code, answers, screening=screening)
    return do_complete_screening(screening)


def _inline_svg(html: str, code: str) -> ElementTree.Element:
    """The chart of ``code`` drawn into the history page, parsed (our own server's output, so
    parsing it also proves it is well-formed XML)."""
    found = re.search(rf'<svg [^>]*id="trend-{code}".*?</svg>', html, re.S)
    assert found, f"no inline chart for {code}"
    return ElementTree.fromstring(found.group(0))  # noqa: S314


def test_it_lists_past_results_in_the_users_time_zone(
    seafarer_client: Client, world: World, batteries: dict[str, Battery]
) -> None:
    seafarer = world.persona("seafarer")
    seafarer.time_zone = "Pacific/Auckland"
    seafarer.save()
    screening = _completed_pulse(seafarer, batteries["at-sea-pulse"], 1)
    html = seafarer_client.get("/screening/history/").content.decode()
    from zoneinfo import ZoneInfo

    local = screening.completed_at.astimezone(ZoneInfo("Pacific/Auckland"))
    assert local.strftime("%Y-%m-%d %H:%M") in html
    assert f"/screening/{screening.pk}/result/" in html
    assert 'id="trend-phq4"' in html and 'id="trend-who5"' in html
    assert len(gzip.compress(html.encode())) < 14 * 1024


def test_the_charts_are_in_the_page_itself_and_cost_no_request(
    seafarer_client: Client, world: World, batteries: dict[str, Battery]
) -> None:
    seafarer = world.persona("seafarer")
    for value in (0, 2):
        _completed_pulse(seafarer, batteries["at-sea-pulse"], value)
    html = seafarer_client.get("/screening/history/").content.decode()
    assert html.count("<svg ") == 2
    # Nothing on the page asks for another resource but the hashed stylesheet: no chart image.
    # (The app manifest of the installable app is read once by the browser, not per page.)
    assert "<img" not in html and ".svg" not in html and 'src="' not in html
    links = re.findall(r"<link [^>]*>", html)
    assert all(
        'rel="stylesheet"' in link or 'href="data:' in link or 'rel="manifest"' in link
        for link in links
    )
    # Accessible: an image named by its title and described in words; the table is the text.
    chart = _inline_svg(html, "phq4")
    assert chart.get("role") == "img"
    title = chart.find(f"{SVG}title")
    assert title is not None and chart.get("aria-labelledby") == title.get("id")
    assert "得分变化" in title.text and find_instrument("phq4").title in title.text
    desc = chart.find(f"{SVG}desc")
    assert desc is not None and chart.get("aria-describedby") == desc.get("id")
    assert "共 2 次结果" in desc.text and "下面的表格" in desc.text
    assert '<table id="history-table">' in html and "<caption>" in html
    seafarer_client.cookies["sh_language"] = "en"
    english = seafarer_client.get("/screening/history/").content.decode()
    assert "score over time" in english and "2 results" in english


def test_it_draws_a_trend_svg_with_a_point_per_response(
    seafarer_client: Client, world: World, batteries: dict[str, Battery]
) -> None:
    seafarer = world.persona("seafarer")
    for value in (0, 2, 1):
        _completed_pulse(seafarer, batteries["at-sea-pulse"], value)
    do_start_screening(seafarer, batteries["at-sea-pulse"])  # in progress: not drawn
    html = seafarer_client.get("/screening/history/").content.decode()
    root = _inline_svg(html, "phq4")
    assert len(ElementTree.tostring(root)) < 4096
    assert root.tag == f"{SVG}svg"
    polyline = root.find(f"{SVG}polyline")
    assert polyline is not None
    points = polyline.get("points").split()
    assert len(points) == 3
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[1] < ys[2] < ys[0]  # higher scores are drawn higher
    assert len(root.findall(f"{SVG}rect")) >= 3  # band shading


def test_it_pages_the_table_newest_first_and_charts_every_result_on_the_first_page(
    seafarer_client: Client, world: World, batteries: dict[str, Battery]
) -> None:
    seafarer = world.persona("seafarer")
    pulses = [_completed_pulse(seafarer, batteries["at-sea-pulse"], n % 3) for n in range(27)]

    def table_links(html: str) -> list[str]:
        table = html.split('id="history-table"', 1)[1].split("</table>", 1)[0]
        return re.findall(r'href="/screening/(\d+)/result/"', table)

    first = seafarer_client.get("/screening/history/").content.decode()
    # 54 results (PHQ-4 and WHO-5 per pulse): the newest 50 in the table, every one charted.
    assert len(table_links(first)) == 50
    assert table_links(first)[:2] == [str(pulses[-1].pk)] * 2
    assert len(_inline_svg(first, "phq4").find(f"{SVG}polyline").get("points").split()) == 27
    assert 'href="?page=2"' in first and "第 1 页,共 2 页" in first

    second = seafarer_client.get("/screening/history/?page=2").content.decode()
    assert table_links(second) == [str(p.pk) for p in reversed(pulses[:2]) for _ in (0, 1)]
    assert 'id="trend-phq4"' not in second  # the charts open the first page only
    assert 'href="?page=1"' in second and "第 2 页,共 2 页" in second
    # An older page says so at its top (the pager is at the bottom), with the way back.
    assert 'id="older-page"' not in first
    notice = second.split('id="older-page"', 1)[1].split("</p>", 1)[0]
    assert "较早的结果:第 2 页,共 2 页。" in notice and 'href="?page=1"' in notice
    assert second.index('id="older-page"') < second.index('id="history-table"')

    # Whatever the page asked for, a page of the table, never an error.
    for asked, shown in (("abc", 1), ("0", 2), ("-1", 2), ("99", 2), ("9" * 30, 2)):
        response = seafarer_client.get("/screening/history/", {"page": asked})
        assert response.status_code == 200, asked
        assert f"第 {shown} 页,共 2 页" in response.content.decode(), asked


def _band_fill(root: ElementTree.Element, label: str) -> str:
    """The fill of the plot band whose tooltip names ``label``."""
    for rect in root.findall(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        if title is not None and title.text == label:
            return rect.get("fill")
    raise AssertionError(label)


def test_the_worrying_end_is_shaded_as_severe_and_a_legend_names_the_bands(
    seafarer_client: Client, world: World, batteries: dict[str, Battery]
) -> None:
    seafarer = world.persona("seafarer")
    _completed_pulse(seafarer, batteries["at-sea-pulse"], 1)
    html = seafarer_client.get("/screening/history/").content.decode()
    who5, phq4 = _inline_svg(html, "who5"), _inline_svg(html, "phq4")
    # WHO-5: LOW well-being is the severe end; PHQ-4: HIGH distress is.
    assert _band_fill(who5, "幸福感良好") == SHADES[0]
    assert _band_fill(who5, "幸福感很低") != SHADES[0]
    lowest_phq4 = min((b for b in find_instrument("phq4").bands), key=lambda band: band.min).label
    assert _band_fill(phq4, lowest_phq4) == SHADES[0]
    legend = " ".join(t.text or "" for t in who5.findall(f"{SVG}text"))
    assert "幸福感很低 (0–28)" in legend and "幸福感良好 (50–100)" in legend
    assert len(who5.findall(f"{SVG}rect[@class='legend']")) == 3


def test_it_shows_no_history_to_others(world: World, client_for, batteries) -> None:
    _completed_pulse(world.persona("seafarer"), batteries["at-sea-pulse"], 2)
    for name in ("clinician", "officer_a", "union_staff", "outsider"):
        client = client_for(name)
        assert client.get("/screening/history/").status_code == 404
