from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from seafarers_home.accounts.models import LoginThrottle, SmsCode
from seafarers_home.consent.models import ConsentKind, ConsentRecord
from seafarers_home.consent.services import current_document

PHONE = "13800000001"


def test_it_withdraws_every_consent_and_forgets_the_number_on_erasure(world, client_for):
    client = client_for("seafarer")
    document = current_document(ConsentKind.HEALTH_DATA)
    client.post(reverse("consent:document", args=["health_data"]), {"agree": "1", "version": 1})
    SmsCode.objects.create(
        phone=PHONE, code_hash="x", expires_at=timezone.now(), requested_from="10.0.0.9"
    )
    other = SmsCode.objects.create(phone="13800000011", code_hash="y", expires_at=timezone.now())
    for key in [f"phone:{PHONE}", f"sms:{PHONE}", "phone:13800000011", "addr:10.0.0.9"]:
        LoginThrottle.objects.create(key=key, failures=1)
    assert ConsentRecord.objects.filter(user=world.seafarer, withdrawn_at__isnull=True).count() == 3

    response = client.post(reverse("consent:my_data_erase", args=["account"]), {"confirm": "1"})

    assert response.status_code == 302
    records = ConsentRecord.objects.filter(user=world.seafarer)
    assert records.count() == 3  # kept as evidence
    assert not records.filter(withdrawn_at__isnull=True).exists()
    assert records.filter(document=document).exists()
    assert list(SmsCode.objects.all()) == [other]
    keys = set(LoginThrottle.objects.values_list("key", flat=True))
    assert keys == {"phone:13800000011", "addr:10.0.0.9"}
