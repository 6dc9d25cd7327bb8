from __future__ import annotations

from urllib.parse import quote

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from seafarers_home.consent.decorators import health_consent_required
from seafarers_home.urls import urlpatterns as site_urlpatterns


@health_consent_required
def guarded(request: HttpRequest) -> HttpResponse:
    """A view that processes health data."""
    return HttpResponse("health data")


urlpatterns = [path("guarded/", guarded, name="guarded"), *site_urlpatterns]


@pytest.fixture(autouse=True)
def guarded_urls(settings) -> None:
    settings.ROOT_URLCONF = __name__


def test_it_keeps_the_views_name():
    assert guarded.__name__ == "guarded"
    assert guarded.__doc__ == "A view that processes health data."


def test_it_sends_anonymous_people_to_sign_in(world, client):
    response = client.get("/guarded/?x=1")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=" + quote("/guarded/?x=1")


def test_it_refuses_without_the_separate_consent(world, client_for):
    response = client_for("seafarer").get("/guarded/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "health data" not in html
    assert "使用这项服务前,需要您单独同意处理健康信息" in html
    assert "敏感个人信息" in html
    assert reverse("consent:document", args=["health_data"]) + "?next=%2Fguarded%2F" in html


def test_it_passes_with_the_separate_consent(world, client_for):
    client = client_for("seafarer")
    response = client.post(
        reverse("consent:document", args=["health_data"]),
        {"agree": "1", "version": 1, "next": "/guarded/"},
    )
    assert response["Location"] == "/guarded/"
    response = client.get("/guarded/")
    assert response.status_code == 200
    assert response.content == b"health data"


def test_it_refuses_again_after_withdrawal(world, client_for):
    client = client_for("seafarer")
    client.post(reverse("consent:document", args=["health_data"]), {"agree": "1", "version": 1})
    client.post(reverse("consent:withdraw", args=["health_data"]), {"confirm": "1"})
    assert client.get("/guarded/").status_code == 403


def test_it_is_not_satisfied_by_other_consents(world, client_for):
    client = client_for("seafarer")
    for kind in ["terms", "privacy", "share_clearance"]:
        client.post(reverse("consent:document", args=[kind]), {"agree": "1", "version": 1})
    assert client.get("/guarded/").status_code == 403
