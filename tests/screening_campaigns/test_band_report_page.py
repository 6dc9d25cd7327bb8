"""The union's band report at a country's scale (issue 20 item 4, screening/band_report.py):
the page lists the companies by name a page at a time and suppresses only that page's; the
figures are those of the whole report, companies too small to show are on no page, and the
page costs the same queries whatever the number of companies."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from seafarers_home.organisations.models import Organisation
from seafarers_home.screening import band_report
from seafarers_home.screening.aggregates import union_band_report
from tests.personas import World, login
from tests.screening_campaigns.conftest import add_response, add_seafarer
from tests.small_cells import assert_safe


def _company(name: str, code: str, people: int, prefix: str) -> Organisation:
    company = Organisation.objects.create(
        name=name, code=code, kind="company", company_kind="fishing"
    )
    for i in range(people):
        person = add_seafarer(f"{prefix}{i:04d}", f"{code}{i}", company)
        add_response(person, "who5", "good" if i % 3 else "poor")
        if i < 6:
            add_response(person, "phq4", "normal")
    return company


def _page(client: Client, number: int) -> tuple[str, list]:
    response = client.get("/screening/campaigns/", {"page": number})
    assert response.status_code == 200
    return response.content.decode().split("各企业汇总")[1], response.context["report"]


@pytest.fixture
def three_pages(world: World, monkeypatch: pytest.MonkeyPatch) -> list[Organisation]:
    monkeypatch.setattr(band_report, "REPORT_PAGE_SIZE", 2)
    return [
        _company("丙远洋", "c-bing", 12, "1350101"),
        _company("甲远洋", "c-jia", 10, "1350102"),
        _company("乙远洋", "c-yi", 4, "1350103"),  # too few: on no page, not even its name
        _company("丁远洋", "c-ding", 15, "1350104"),
    ]


def test_the_report_is_paged_by_company_name_with_the_whole_reports_figures(
    world: World, three_pages: list[Organisation]
) -> None:
    bing, jia, yi, ding = three_pages
    client = login(Client(), world.persona("union_staff"))
    whole = union_band_report()
    listed: list[Organisation] = []
    for number in (1, 2):
        html, report = _page(client, number)
        assert f"第 {number} 页,共 2 页" in html
        assert "乙远洋" not in html and f'id="company-{yi.pk}"' not in html
        for company, groups in report:
            listed.append(company)
            shown = {code: group for code, _title, group in groups}
            # The same suppressed figures as the report over every company.
            assert {c: (g.cells, g.total) for c, g in shown.items()} == {
                c: (g.cells, g.total) for c, g in whole[company.pk].items()
            }
            for group in shown.values():
                assert_safe(group.cells, group.total)
            assert shown["who5"].labels  # the bands' names, in the reader's language
    # Names in the database's order (丙 丁 甲 here), two a page; the small company nowhere.
    expected = sorted([bing, jia, ding], key=lambda c: (c.name, c.pk))
    assert listed == expected
    assert _page(client, 2)[1] == _page(client, 99)[1]  # past the end: the last page


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/screening/campaigns/").status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_over_one_and_many_companies(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(band_report, "REPORT_PAGE_SIZE", 3)
    client = login(Client(), world.persona("union_staff"))
    _company("甲远洋", "c-jia", 10, "1350102")
    _queries(client)  # warm: session, consent
    with_one = _queries(client)
    for n in range(5):
        _company(f"远洋{n}", f"c-{n}", 10, f"135011{n}")
    assert _queries(client) == with_one
