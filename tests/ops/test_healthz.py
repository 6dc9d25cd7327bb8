from __future__ import annotations

from django.test import Client


def test_it_says_the_database_answers(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
