from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from seafarers_home.screening.actions_campaigns import do_create_campaign
from seafarers_home.screening.models import Campaign, CampaignInvite
from tests.screening_campaigns.conftest import add_response, add_seafarer
from tests.small_cells import assert_safe


@pytest.fixture
def campaign(world, battery):
    return do_create_campaign(
        world.officer_a,
        organisation=world.company_a,
        title="出海前 A",
        battery=battery,
        deadline=timezone.now() + timedelta(days=7),
        vessel=world.vessel_a,
    )


def test_it_shows_done_and_not_yet_and_never_a_score_or_band(world, client_for, campaign):
    invite = CampaignInvite.objects.get(campaign=campaign, seafarer=world.seafarer)
    response = add_response(
        world.seafarer, "phq9", "moderately_severe", campaign=campaign, score=17
    )
    invite.completed_at = timezone.now()
    invite.screening = response.screening
    invite.save()
    late = add_seafarer("13900000041", "未完成者", world.company_a)
    CampaignInvite.objects.create(campaign=campaign, seafarer=late)

    client = client_for("officer_a")
    url = reverse("screening:campaign_detail", args=[campaign.pk])
    before_deadline = client.get(url).content.decode()
    past_deadline(campaign)
    after_deadline = client.get(url).content.decode()

    for html in (before_deadline, after_deadline):
        assert "王海" in html and "已完成" in html
        assert "未完成者" in html and "未完成" in html
        assert "1 / 2" in html
        # Nothing of the individual result: no band code or label, no score, no risk.
        for secret in ("moderately_severe", "中重度", ">17<", "17.0", "routine", "常规"):
            assert secret not in html
    assert "为保护个人隐私不显示分布" in after_deadline


def past_deadline(campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now())
    campaign.refresh_from_db()


def test_it_shows_a_suppressed_distribution_for_a_large_enough_group(world, client_for, campaign):
    bands = ["minimal"] * 12 + ["mild"] * 3 + ["moderate"] * 7
    for i, band in enumerate(bands):
        person = add_seafarer(f"1390000{i:04d}", f"船员{i}", world.company_a)
        add_response(person, "phq9", band, campaign=campaign)
    past_deadline(campaign)
    html = (
        client_for("officer_a")
        .get(reverse("screening:campaign_detail", args=[campaign.pk]))
        .content.decode()
    )
    phq = html.split('id="dist-phq9"')[1].split("<h3")[0]
    assert "<td>12</td>" in phq
    assert "<td>3</td>" not in phq  # under 5: hidden
    assert "<td>7</td>" not in phq  # complementary: else 22 − 12 − 7 = 3
    assert "<th>22</th>" in phq
    response = client_for("officer_a").get(reverse("screening:campaign_detail", args=[campaign.pk]))
    for _code, _title, group in response.context["distributions"]:
        assert_safe(group.cells, group.total)


def test_it_shows_no_distribution_before_the_deadline_nor_counts_late_ones(
    world, client_for, campaign
):
    people = [add_seafarer(f"1380001{i:04d}", f"船员{i}", world.company_a) for i in range(12)]
    for person in people[:10]:
        add_response(person, "phq9", "minimal", campaign=campaign)
    url = reverse("screening:campaign_detail", args=[campaign.pk])
    before = client_for("officer_a").get(url).content.decode()
    assert 'id="dist-phq9"' not in before and "汇总分布在截止时间过后显示" in before

    past_deadline(campaign)
    for person in people[10:]:  # completed after the deadline: not counted
        add_response(person, "phq9", "severe", campaign=campaign)
    after = client_for("officer_a").get(url).content.decode()
    phq = after.split('id="dist-phq9"')[1].split("<h3")[0]
    assert "<th>10</th>" in phq and "<td>10</td>" in phq


def test_it_answers_404_to_another_companys_officer(world, client_for, campaign):
    url = reverse("screening:campaign_detail", args=[campaign.pk])
    assert client_for("officer_b").get(url).status_code == 404
    assert client_for("union_staff").get(url).status_code == 200
    for persona in ("seafarer", "clinician", "counsellor", "outsider"):
        assert client_for(persona).get(url).status_code == 404


def test_it_lists_only_the_officers_own_campaigns(world, client_for, campaign, battery):
    other = do_create_campaign(
        world.officer_b,
        organisation=world.company_b,
        title="东海 8 出海前",
        battery=battery,
        deadline=timezone.now() + timedelta(days=7),
    )
    html_a = client_for("officer_a").get(reverse("screening:campaign_list")).content.decode()
    assert campaign.title in html_a and other.title not in html_a
    html_union = client_for("union_staff").get(reverse("screening:campaign_list")).content.decode()
    assert campaign.title in html_union and other.title in html_union


def test_it_shows_union_staff_a_suppressed_report_across_companies(world, client_for, campaign):
    for i in range(11):
        person = add_seafarer(f"1370000{i:04d}", f"A{i}", world.company_a)
        add_response(person, "gad7", "minimal" if i < 9 else "severe")
    for i in range(4):
        person = add_seafarer(f"1360000{i:04d}", f"B{i}", world.company_b)
        add_response(person, "gad7", "minimal")
    html = client_for("union_staff").get(reverse("screening:campaign_list")).content.decode()
    report = html.split("各企业汇总")[1]
    company_a = report.split(f'id="company-{world.company_a.pk}"')[1].split("<h3")[0]
    assert "<td>9</td>" not in company_a and "<td>2</td>" not in company_a
    assert "<th>11</th>" in company_a
    # Company B's 4 people are too few to show: the page says so, and does not name it.
    assert f'id="company-{world.company_b.pk}"' not in report and "东海航运" not in report
    assert "不足 10 人的企业不显示" in html
    response = client_for("union_staff").get(reverse("screening:campaign_list"))
    for _company, groups in response.context["report"]:
        for _code, _title, group in groups:
            assert_safe(group.cells, group.total)
    # Officers get no cross-company report.
    officer_html = client_for("officer_a").get(reverse("screening:campaign_list")).content.decode()
    assert "各企业汇总" not in officer_html
