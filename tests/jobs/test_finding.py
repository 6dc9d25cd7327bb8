"""Finding work: filters, certificate matching against the wallet (expiry before the contract
ends), pages without JavaScript, saved searches notified on publication."""

from __future__ import annotations

from seafarers_home.notifications.models import Notification
from tests.jobs.conftest import day, hold, publish


def test_filters_narrow_the_list_and_bad_filters_answer_400(world, client_for):
    publish(world)
    publish(world, rank="cook", area="北太平洋秋刀鱼渔场", wage_min=5000, wage_max=6000)
    client = client_for("seafarer")
    both = client.get("/jobs/").content.decode()
    assert "东南太平洋" in both and "北太平洋" in both
    cooks = client.get("/jobs/", {"rank": "cook"}).content.decode()
    assert "北太平洋" in cooks and "东南太平洋" not in cooks
    rich = client.get("/jobs/", {"wage_from": "10000"}).content.decode()
    assert "东南太平洋" in rich and "北太平洋" not in rich
    late = client.get("/jobs/", {"joining_from": day(world.seafarer, 60).isoformat()})
    assert "东南太平洋" not in late.content.decode()
    negative = client.get("/jobs/", {"wage_from": "-1"})
    assert negative.status_code == 400 and "工资不能为负数" in negative.content.decode()
    reversed_dates = {
        "joining_from": day(world.seafarer, 60).isoformat(),
        "joining_to": day(world.seafarer, 10).isoformat(),
    }
    backwards = client.get("/jobs/", reversed_dates)
    assert backwards.status_code == 400
    assert "“上船日期到”不能早于“上船日期从”" in backwards.content.decode()
    assert 'class="pager"' not in both


def test_a_posting_shows_held_expiring_and_missing_certificates(world, client_for):
    posting = publish(world, required_kinds=["fishing_crew", "basic_safety", "seafarers_passport"])
    seafarer = world.consented_seafarer
    hold(seafarer, "fishing_crew", 2000)
    # Valid today, but expires before the 12-month contract ends.
    hold(seafarer, "basic_safety", 100, number="B-1")
    page = client_for("consented_seafarer").get(f"/jobs/postings/{posting.pk}/").content.decode()
    assert "✓ 持有,有效期覆盖合同期" in page
    assert "✗ 持有,但在合同结束前到期" in page
    assert "✗ 未持有" in page


def test_a_saved_search_is_told_of_a_matching_posting_once_published(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("consented_seafarer")
    saved = client.post("/jobs/searches/", {"rank": "fisherman", "area": "太平洋"})
    assert saved.status_code == 302
    assert client.post("/jobs/searches/", {}).status_code == 302  # refused, nothing stored
    assert world.consented_seafarer.job_searches.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        publish(world, rank="cook")
    assert not Notification.objects.filter(user=world.consented_seafarer, kind="jobs.match")
    with django_capture_on_commit_callbacks(execute=True):
        publish(world)
    assert (
        Notification.objects.filter(user=world.consented_seafarer, kind="jobs.match").count() == 1
    )
