from __future__ import annotations

from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent.models import ConsentRecord
from seafarers_home.consent.services import has_health_data_consent

DOC = reverse("consent:document", args=["health_data"])
WITHDRAW = reverse("consent:withdraw", args=["health_data"])


def test_it_withdraws_after_confirmation_and_can_accept_again(world, client_for):
    client = client_for("seafarer")
    client.post(DOC, {"agree": "1", "version": 1})
    page = client.get(WITHDRAW).content.decode()
    assert "撤回后,心理测评、远程咨询、在线咨询等需要处理健康信息的服务将停止为您提供" in page
    assert "12356" in page

    response = client.post(WITHDRAW, {"confirm": "1"})
    assert response.status_code == 302
    assert not has_health_data_consent(world.seafarer)
    record = ConsentRecord.objects.get(user=world.seafarer, document__kind="health_data")
    assert record.withdrawn_at is not None
    assert AuditEvent.objects.filter(
        action="consent.withdraw", actor_id=world.seafarer.pk, target_id=str(record.pk)
    ).exists()

    client.post(DOC, {"agree": "1", "version": 1})
    assert has_health_data_consent(world.seafarer)
    assert (
        ConsentRecord.objects.filter(user=world.seafarer, document__kind="health_data").count() == 2
    )
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["consent.accept", "consent.withdraw", "consent.accept"]


def test_it_changes_nothing_without_confirmation(world, client_for):
    client = client_for("seafarer")
    client.post(DOC, {"agree": "1", "version": 1})
    response = client.post(WITHDRAW, {})
    assert response.status_code == 400
    assert "请先勾选确认。" in response.content.decode()
    assert has_health_data_consent(world.seafarer)
    assert not AuditEvent.objects.filter(action="consent.withdraw").exists()


def test_it_changes_nothing_when_already_withdrawn(world, client_for):
    client = client_for("seafarer")
    client.post(DOC, {"agree": "1", "version": 1})
    client.post(WITHDRAW, {"confirm": "1"})
    withdrawn_at = ConsentRecord.objects.get(document__kind="health_data").withdrawn_at
    events = AuditEvent.objects.count()

    assert "无需撤回" in client.get(WITHDRAW).content.decode()
    response = client.post(WITHDRAW, {"confirm": "1"}, follow=True)
    assert "您目前没有有效的同意,无需撤回。" in response.content.decode()
    assert ConsentRecord.objects.get(document__kind="health_data").withdrawn_at == withdrawn_at
    assert AuditEvent.objects.count() == events


def test_it_only_withdraws_the_persons_own_consent(world, client_for):
    client_for("seafarer_b").post(DOC, {"agree": "1", "version": 1})
    client_for("seafarer").post(WITHDRAW, {"confirm": "1"})
    assert has_health_data_consent(world.seafarer_b)


def test_it_sends_anonymous_people_to_sign_in(world, client):
    response = client.post(WITHDRAW, {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
