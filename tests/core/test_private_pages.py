from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_keeps_a_signed_in_persons_pages_out_of_every_cache(client_for) -> None:
    # A bridge computer is shared: after sign-out, the back button must not show the last
    # person's notifications or questions from the browser's cache.
    seafarer = client_for("seafarer")
    for url in ("/", "/notifications/", "/health/"):
        response = seafarer.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_it_leaves_public_pages_and_views_own_cache_rules_alone(client: Client, client_for) -> None:
    assert "no-store" not in client.get("/help/").get("Cache-Control", "")
    # The admin's own rule (never_cache) stays as the view set it.
    response = client_for("admin").get("/admin/")
    assert response.status_code == 200
    assert "must-revalidate" in response["Cache-Control"]
