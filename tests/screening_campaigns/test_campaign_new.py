from __future__ import annotations

import io

from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.campaigns import open_invites
from seafarers_home.screening.models import Campaign, CampaignInvite
from tests.screening_campaigns.conftest import add_seafarer, future

HEALTH_WORDS = ("抑郁", "焦虑", "分数", "PHQ", "GAD", "风险", "结果")


def test_it_invites_a_vessels_crew_and_sends_sms_without_health_details(
    world, client_for, battery, outbox, django_capture_on_commit_callbacks
):
    mate = add_seafarer("13900000021", "张三", world.company_a, vessel=world.vessel_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer_a").post(
            reverse("screening:campaign_new"),
            {
                "title": "平太荣1号 出海前",
                "battery": battery.pk,
                "deadline": future(),
                "vessel": world.vessel_a.pk,
            },
        )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:campaign_detail", args=[campaign.pk])
    assert campaign.organisation == world.company_a
    invited = set(CampaignInvite.objects.values_list("seafarer__phone", flat=True))
    assert invited == {world.seafarer.phone, mate.phone}
    assert {phone for phone, _message in outbox} == invited
    for _phone, message in outbox:
        assert message.startswith("海员之家:您有一项心理CT待完成,截止 ")
        assert not any(word in message for word in HEALTH_WORDS)
    assert AuditEvent.objects.filter(action="screening.campaign.create").count() == 1
    # The invitation is the seafarer's task until the screening is completed.
    assert [invite.campaign for invite in open_invites(mate)] == [campaign]


def test_it_refuses_a_past_deadline_and_creates_nothing(world, client_for, battery, outbox):
    response = client_for("officer_a").post(
        reverse("screening:campaign_new"),
        {
            "title": "x",
            "battery": battery.pk,
            "deadline": "2020-01-01T10:00",
            "vessel": world.vessel_a.pk,
        },
    )
    assert response.status_code == 200
    assert "截止时间须在将来" in response.content.decode()
    assert not Campaign.objects.exists()
    assert outbox == []


def test_it_does_not_offer_another_companys_vessel_to_an_officer(world, client_for, battery):
    response = client_for("officer_a").post(
        reverse("screening:campaign_new"),
        {"title": "x", "battery": battery.pk, "deadline": future(), "vessel": world.vessel_b.pk},
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()
    assert not CampaignInvite.objects.filter(seafarer=world.seafarer_b).exists()


def test_it_creates_nothing_when_the_uploaded_list_has_a_bad_row(
    world, client_for, battery, outbox, django_capture_on_commit_callbacks
):
    data = b"phone\n13800000001\n12345\n"
    upload = io.BytesIO(data)
    upload.name = "crew.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("officer_a").post(
            reverse("screening:campaign_new"),
            {"title": "x", "battery": battery.pk, "deadline": future(), "invitees": upload},
        )
    assert response.status_code == 422
    assert "第 3 行" in response.content.decode()
    assert not Campaign.objects.exists()
    assert outbox == []


def test_it_lets_union_staff_invite_any_companys_seafarers(
    world, client_for, battery, outbox, django_capture_on_commit_callbacks
):
    upload = io.BytesIO(b"phone\n13800000001\n13800000011\n")
    upload.name = "list.csv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("union_staff").post(
            reverse("screening:campaign_new"),
            {"title": "全市", "battery": battery.pk, "deadline": future(), "invitees": upload},
        )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.organisation == world.union
    assert campaign.invites.count() == 2
    assert len(outbox) == 2


def test_it_hides_the_form_from_seafarers_and_clinicians(world, client_for):
    for persona in ("seafarer", "clinician", "outsider"):
        assert client_for(persona).get(reverse("screening:campaign_new")).status_code == 404
