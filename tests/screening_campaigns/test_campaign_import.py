from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from seafarers_home.screening.actions_campaigns import do_create_campaign
from seafarers_home.screening.models import CampaignInvite
from tests.screening_campaigns.conftest import add_seafarer


@pytest.fixture
def campaign(world, battery):
    return do_create_campaign(
        world.officer_a,
        organisation=world.company_a,
        title="名单导入",
        battery=battery,
        deadline=timezone.now() + timedelta(days=7),
    )


@pytest.fixture
def crew(world):
    return [
        add_seafarer("13900000031", "甲", world.company_a, book="SB1000031"),
        add_seafarer("13900000032", "乙", world.company_a, book="SB1000032"),
    ]


def upload(data: bytes) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = "名单.csv"
    return file


def post(client, campaign, data: bytes):
    url = reverse("screening:campaign_import", args=[campaign.pk])
    return client.post(url, {"invitees": upload(data)})


def test_it_imports_a_utf8_file_with_bom(
    world, client_for, campaign, crew, outbox, django_capture_on_commit_callbacks
):
    data = "\ufeffseafarers_book_number,phone\nSB1000031,\n,13900000032\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for("officer_a"), campaign, data)
    assert response.status_code == 302
    assert set(campaign.invites.values_list("seafarer__phone", flat=True)) == {
        "13900000031",
        "13900000032",
    }
    assert sorted(phone for phone, _m in outbox) == ["13900000031", "13900000032"]


def test_it_imports_a_gbk_file_from_excel_with_chinese_headers(
    world, client_for, campaign, crew, outbox
):
    data = "姓名,海员证号\r\n甲,SB1000031\r\n乙,SB1000032\r\n,\r\n".encode("gbk")
    response = post(client_for("officer_a"), campaign, data)
    assert response.status_code == 302
    assert campaign.invites.count() == 2


def test_it_imports_nothing_when_one_row_is_bad_and_reports_each_row(
    world, client_for, campaign, crew, outbox, django_capture_on_commit_callbacks
):
    data = (
        b"seafarers_book_number,phone\n"
        b"SB1000031,\n"  # row 2: fine
        b"SB9999999,\n"  # row 3: unknown
        b",1380000\n"  # row 4: malformed phone
        b"SB1000031,\n"  # row 5: duplicate of row 2
        b",13900000032\n"  # row 6: fine
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for("officer_a"), campaign, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert not CampaignInvite.objects.filter(campaign=campaign).exists()
    assert outbox == []
    assert "第 3 行" in html and "找不到此人" in html
    assert "第 4 行" in html and "手机号码格式不正确" in html
    assert "第 5 行" in html and "与第 2 行是同一人" in html
    assert html.count("<td>第 ") == 3  # rows 2 and 6 are fine and not listed


def test_it_will_not_let_an_officer_invite_another_companys_seafarer(
    world, client_for, campaign, crew
):
    data = f"phone\n13900000031\n{world.seafarer_b.phone}\n".encode()
    response = post(client_for("officer_a"), campaign, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "第 3 行" in html and "在本企业的海员中找不到此人" in html
    assert not campaign.invites.exists()


def test_it_refuses_a_file_without_the_required_header(world, client_for, campaign, crew):
    response = post(client_for("officer_a"), campaign, b"name\nfoo\n")
    assert response.status_code == 422
    assert "表头" in response.content.decode()
    assert not campaign.invites.exists()


def test_it_refuses_a_file_in_an_unknown_encoding(world, client_for, campaign, crew):
    response = post(client_for("officer_a"), campaign, b"phone\n\xff\xfe\xff\n")
    assert response.status_code == 422
    assert not campaign.invites.exists()


def test_it_skips_people_already_invited(
    world, client_for, campaign, crew, outbox, django_capture_on_commit_callbacks
):
    CampaignInvite.objects.create(campaign=campaign, seafarer=crew[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for("officer_a"), campaign, b"phone\n13900000031\n13900000032\n")
    assert response.status_code == 302
    assert campaign.invites.count() == 2
    assert [phone for phone, _m in outbox] == ["13900000032"]


def test_it_answers_404_for_another_companys_campaign(world, client_for, campaign):
    url = reverse("screening:campaign_import", args=[campaign.pk])
    assert client_for("officer_b").get(url).status_code == 404
    assert client_for("officer_b").post(url, {"invitees": upload(b"phone\n")}).status_code == 404


def test_it_looks_people_up_in_a_few_queries_not_one_per_row(
    world, client_for, campaign, django_assert_max_num_queries
):
    people = [add_seafarer(f"1370001{i:04d}", f"船员{i}", world.company_a) for i in range(40)]
    data = ("phone\n" + "\n".join(person.phone for person in people) + "\n").encode()
    client = client_for("officer_a")
    with django_assert_max_num_queries(30):
        response = post(client, campaign, data)
    assert response.status_code == 302
    assert campaign.invites.count() == 40


def test_it_keeps_a_companys_campaign_to_its_own_seafarers_even_for_union_staff(
    world, client_for, campaign, crew
):
    data = f"phone\n13900000031\n{world.seafarer_b.phone}\n".encode()
    response = post(client_for("union_staff"), campaign, data)
    assert response.status_code == 422
    assert "第 3 行" in response.content.decode()
    assert not campaign.invites.exists()
