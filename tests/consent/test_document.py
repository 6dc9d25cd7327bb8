from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent.models import ConsentDocument, ConsentRecord
from seafarers_home.consent.services import current_document, has_consent

URL = reverse("consent:document", args=["health_data"])


def accept(client, kind: str = "health_data", **extra):
    doc = current_document(kind)
    data = {"agree": "1", "version": doc.version, **extra}
    return client.post(reverse("consent:document", args=[kind]), data)


def test_it_shows_an_unticked_checkbox_for_one_document(world, client_for):
    response = client_for("seafarer").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "敏感个人信息(心理健康数据)处理单独同意书" in html
    assert html.count('type="checkbox"') == 1
    assert 'name="agree" value="1">' in html and "checked" not in html
    assert "还没有勾选同意" not in html


def test_it_accepts_with_an_explicit_tick_and_audits(world, client_for):
    response = accept(client_for("seafarer"))
    assert response.status_code == 302
    assert response["Location"] == reverse("consent:overview")
    assert has_consent(world.seafarer, "health_data")
    # Separate consents are never bundled: accepting one accepts nothing else.
    assert not has_consent(world.seafarer, "share_clearance")
    assert (
        ConsentRecord.objects.filter(user=world.seafarer, document__kind="health_data").count() == 1
    )
    event = AuditEvent.objects.get(action="consent.accept")
    assert event.actor_id == world.seafarer.pk
    assert event.detail == {"kind": "health_data", "version": 1}
    assert event.ip_address == "127.0.0.1"


def test_it_refuses_without_the_tick_and_changes_nothing(world, client_for):
    doc = current_document("health_data")
    response = client_for("seafarer").post(URL, {"version": doc.version})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请勾选“我已阅读并同意”后再提交。" in html
    # Said at the top too, with a link down to the box: the page is long and opens at its top.
    top = html.index("<h1>")
    assert top < html.index("还没有勾选同意") < html.index("<article") < html.index('id="agree"')
    assert '<a href="#agree">' in html
    assert not ConsentRecord.objects.filter(document__kind="health_data").exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_an_acceptance_of_a_superseded_version(world, client_for):
    client = client_for("seafarer")
    before = ConsentRecord.objects.count()  # the personas accepted terms v1 on sign-up
    old = current_document("terms")
    ConsentDocument.objects.create(
        kind="terms", version=2, title="服务条款 第二版", body="新正文", published_at=timezone.now()
    )
    response = client.post(
        reverse("consent:document", args=["terms"]), {"agree": "1", "version": old.version}
    )
    assert response.status_code == 400
    assert "文件已经更新为新版本" in response.content.decode()
    assert ConsentRecord.objects.count() == before


def test_it_asks_again_when_a_new_version_is_published(world, client_for):
    client = client_for("seafarer")
    accept(client, "privacy")
    assert has_consent(world.seafarer, "privacy")
    ConsentDocument.objects.create(
        kind="privacy",
        version=2,
        title="隐私政策 第二版",
        body="新正文",
        published_at=timezone.now(),
    )
    assert not has_consent(world.seafarer, "privacy")
    page = client.get(reverse("consent:document", args=["privacy"])).content.decode()
    assert "您之前同意的是旧版本" in page
    overview = client.get(reverse("consent:overview")).content.decode()
    assert "文件已更新为第 2 版" in overview
    accept(client, "privacy")
    assert has_consent(world.seafarer, "privacy")
    assert ConsentRecord.objects.filter(user=world.seafarer, document__kind="privacy").count() == 2


def test_it_goes_back_to_a_local_next_only(world, client_for):
    client = client_for("seafarer")
    response = accept(client, "terms", next="/health/")
    assert response["Location"] == "/health/"
    response = accept(client, "privacy", next="https://evil.example/")
    assert response["Location"] == reverse("consent:overview")


def test_it_answers_404_for_an_unknown_kind(world, client_for):
    client = client_for("seafarer")
    assert client.get("/consent/marketing/").status_code == 404
    assert client.post("/consent/marketing/", {"agree": "1", "version": 1}).status_code == 404
    assert client.get("/consent/marketing/withdraw/").status_code == 404


def test_it_lets_anyone_read_but_only_a_signed_in_person_accept(world, client):
    page = client.get(URL)
    assert page.status_code == 200
    assert "登录后同意" in page.content.decode()
    response = client.post(URL, {"agree": "1", "version": 1})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not ConsentRecord.objects.filter(document__kind="health_data").exists()


def test_it_shows_english_text_in_english(world, client_for):
    client = client_for("seafarer")
    client.cookies["sh_language"] = "en"
    html = client.get(URL).content.decode()
    assert "Separate consent to process sensitive personal information" in html
    assert "I have read and agree" in html
