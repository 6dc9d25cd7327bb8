from __future__ import annotations

from zoneinfo import ZoneInfo

from django.urls import reverse

from seafarers_home.consent.actions import do_withdraw_consent
from seafarers_home.consent.services import has_consent


def test_it_is_public_and_in_chinese(db, client):
    response = client.get(reverse("consent:privacy"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in html
    for heading in [
        "我们收集什么、为什么",
        "谁能看到",
        "保存多久",
        "您的权利",
        "联系我们",
        "现行版本",
    ]:
        assert heading in html
    assert "用人单位永远看不到您的答案、得分或记录" in html


def test_it_shows_a_retention_period_per_data_type(db, client):
    html = client.get(reverse("consent:privacy")).content.decode()
    assert "<th>保存期限</th>" in html
    assert "心理热线记录" in html and "3 年;加密存储" in html
    assert "不少于 15 年" in html


def test_it_lists_the_current_versions(db, client):
    html = client.get(reverse("consent:privacy")).content.decode()
    for kind in ["terms", "privacy", "health_data", "share_clearance"]:
        assert reverse("consent:document", args=[kind]) in html
    assert html.count("第 1 版,") == 4


def test_it_lets_a_signed_in_person_accept_the_policy_there(world, client_for):
    client = client_for("seafarer")
    do_withdraw_consent(world.seafarer, "privacy")  # the persona accepted it on sign-up
    url = reverse("consent:privacy")
    assert url == reverse("consent:document", args=["privacy"])
    html = client.get(url).content.decode()
    assert "海员之家隐私政策" in html and 'name="agree"' in html
    response = client.post(url, {"agree": "1", "version": 1})
    assert response.status_code == 302
    assert has_consent(world.seafarer, "privacy")
    assert has_consent(world.seafarer, "terms")
    assert 'name="agree"' not in client.get(url).content.decode()


def test_it_shows_the_contact_email_when_configured(db, client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@union.example"
    html = client.get(reverse("consent:privacy")).content.decode()
    assert 'href="mailto:privacy@union.example"' in html


def test_its_contact_is_the_privacy_officers_not_the_crisis_hotline(db, client, settings):
    """Someone asking about their data must not be sent to the counsellors' line."""
    settings.PRIVACY_CONTACT_PHONE = "0580-2620999"
    html = client.get(reverse("consent:privacy")).content.decode()
    contact = html[html.index("联系我们") :]
    contact = contact[: contact.index("</p>")]
    assert 'href="tel:0580-2620999"' in contact
    assert settings.PLATFORM_HOTLINE_NUMBER not in contact


def test_it_reads_in_english(db, client):
    client.cookies["sh_language"] = "en"
    html = client.get(reverse("consent:privacy")).content.decode()
    assert "How long we keep it" in html
    assert "3 years; encrypted" in html


def test_it_lists_the_documents_by_their_english_titles_in_english(db, client):
    client.cookies["sh_language"] = "en"
    html = client.get(reverse("consent:privacy")).content.decode()
    assert "Seafarers&#x27; Home terms of service</a>" in html
    assert "海员之家服务条款</a>" not in html


def test_it_shows_acceptance_times_once_and_beijing_beside_only_when_different(world, client_for):
    from seafarers_home.consent.models import ConsentRecord

    accepted = ConsentRecord.objects.filter(user=world.seafarer).latest("accepted_at").accepted_at
    client = client_for("seafarer")
    html = client.get(reverse("consent:overview")).content.decode()
    beijing = accepted.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"{beijing:%Y-%m-%d %H:%M}" in html
    assert "CST" not in html and "北京时间" not in html  # no abbreviation, nothing twice
    world.seafarer.time_zone = "Pacific/Fiji"
    world.seafarer.save(update_fields=["time_zone"])
    html = client.get(reverse("consent:overview")).content.decode()
    fiji = accepted.astimezone(ZoneInfo("Pacific/Fiji"))
    assert f"{fiji:%Y-%m-%d %H:%M} 太平洋 · 斐济 (UTC+12)(北京时间 " in html
    assert "CST" not in html


def test_it_says_for_every_type_of_data_what_erasure_does(db, client):
    from seafarers_home.consent.personal_data import personal_data_types
    from seafarers_home.consent.privacy import RETENTION

    described = {key for row in RETENTION for key in row.keys}
    assert described == {t.key for t in personal_data_types()}
    html = client.get(reverse("consent:privacy")).content.decode()
    assert "<th>您要求删除时</th>" in html
    for row in RETENTION:
        assert str(row.on_erasure) in html
    assert "删除:回拨预约连同号码删除" in html
    assert "未处理完的警报标记为已撤回" in html
