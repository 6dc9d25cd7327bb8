from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seafarers_home.consent.models import ConsentDocument, ConsentKind
from tests.personas import PASSWORD

HOME = reverse("core:home")
REQUIRED = reverse("consent:required")
ME = "/api/v1/me"


def withdraw(client, kind: str) -> None:
    response = client.post(reverse("consent:withdraw", args=[kind]), {"confirm": "1"})
    assert response.status_code == 302


def publish_new_version(kind: str) -> ConsentDocument:
    current = ConsentDocument.objects.filter(kind=kind).order_by("-version").first()
    return ConsentDocument.objects.create(
        kind=kind,
        version=current.version + 1,
        title=current.title,
        title_en=current.title_en,
        body=current.body + "\n新增一条。",
        published_at=timezone.now() - dt.timedelta(seconds=1),
    )


def test_it_lets_a_person_with_current_consents_in(world, client_for):
    assert client_for("seafarer").get(HOME).status_code == 200


def test_it_redirects_after_privacy_is_withdrawn(world, client_for):
    client = client_for("seafarer")
    withdraw(client, ConsentKind.PRIVACY)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{REQUIRED}?next=%2F"
    page = client.get(response["Location"]).content.decode()
    assert reverse("consent:document", args=["privacy"]) + "?next=%2F" in page
    assert reverse("consent:document", args=["terms"]) not in page


def test_it_answers_the_api_with_403_after_privacy_is_withdrawn(world, client_for):
    client = client_for("seafarer")
    assert client.get(ME).status_code == 200
    withdraw(client, ConsentKind.PRIVACY)
    response = client.get(ME)
    assert response.status_code == 403
    assert response.json()["code"] == "consent_required"


def test_it_refuses_a_token_client_after_terms_are_withdrawn(world, client_for):
    token = (
        client_for("outsider")
        .post(
            "/api/v1/auth/token",
            {"phone": world.outsider.phone, "password": PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(ME).status_code == 200
    withdraw(client_for("outsider"), ConsentKind.TERMS)
    response = api.get(ME)
    assert response.status_code == 403
    assert response.json()["code"] == "consent_required"


def test_it_asks_again_when_a_new_version_is_published(world, client_for):
    client = client_for("seafarer")
    document = publish_new_version(ConsentKind.TERMS)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(REQUIRED)
    accept = client.post(
        reverse("consent:document", args=["terms"]),
        {"agree": "1", "version": document.version, "next": HOME},
    )
    assert accept["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.get(REQUIRED)["Location"] == HOME


def test_it_keeps_crisis_help_and_the_consent_pages_reachable(world, client_for):
    client = client_for("seafarer")
    withdraw(client, ConsentKind.TERMS)
    withdraw(client, ConsentKind.PRIVACY)
    assert client.get(reverse("core:help")).status_code == 200
    assert client.get(reverse("consent:document", args=["terms"])).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(HOME).status_code == 200  # signed out: the public start page


def test_it_requires_nothing_for_a_kind_without_a_published_document(world, client_for):
    client = client_for("seafarer")
    withdraw(client, ConsentKind.PRIVACY)
    ConsentDocument.objects.filter(kind=ConsentKind.PRIVACY).update(
        published_at=timezone.now() + dt.timedelta(days=1)
    )
    assert client.get(HOME).status_code == 200
