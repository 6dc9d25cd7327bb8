"""The jobs API: search with filters, one posting with the caller's certificate match, apply
with Idempotency-Key (a resend is one application, another key 409), my applications with
status and messages, withdraw; in the OpenAPI schema; no health data in any answer."""

from __future__ import annotations

import json

from seafarers_home.jobs.actions.applying import do_move_application, do_post_message
from seafarers_home.jobs.models import Application
from seafarers_home.screening.models import Clearance
from tests.jobs.conftest import day, hold, publish

BODY = {"name": "张帆", "rank": "fisherman", "sea_service_months": 36, "languages": "中文"}


def _post(client, url, body, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_search_match_apply_follow_and_withdraw(world, client_for, make_screening):
    seafarer = world.consented_seafarer
    screening = make_screening(seafarer, "crisis")
    Clearance.objects.create(
        seafarer=seafarer,
        screening=screening,
        clinician=world.clinician,
        decision=Clearance.Decision.NOT_CLEARED,
        valid_until=day(seafarer, 90),
    )
    certificate = hold(seafarer, "fishing_crew", 100, number="FC-5")
    posting = publish(world)
    publish(world, rank="cook")
    client = client_for("consented_seafarer")
    found = client.get("/api/v1/jobs/postings", {"rank": "fisherman"}).json()
    assert [row["id"] for row in found] == [posting.pk]
    assert client.get("/api/v1/jobs/postings", {"wage_from": "-3"}).status_code == 422
    detail = client.get(f"/api/v1/jobs/postings/{posting.pk}").json()
    assert detail["match"] == [{"kind": "fishing_crew", "name": "渔业船员证书", "state": "expires"}]
    url = f"/api/v1/jobs/postings/{posting.pk}/applications"
    assert _post(client, url, BODY).status_code == 422  # no Idempotency-Key
    first = _post(client, url, {**BODY, "certificate_ids": [certificate]}, "a1")
    assert first.status_code == 201
    again = _post(client, url, {**BODY, "certificate_ids": [certificate]}, "a1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert _post(client, url, BODY, "a2").status_code == 409
    assert Application.objects.count() == 1
    application = Application.objects.get()
    do_move_application(world.officer_a, application, "shortlisted")
    do_post_message(world.officer_a, application, "请周一来面试", from_company=True)
    mine = client.get("/api/v1/jobs/applications")
    assert mine.json()[0]["status"] == "shortlisted"
    assert mine.json()[0]["messages"][0]["body"] == "请周一来面试"
    for text in (first.content.decode(), mine.content.decode()):
        for word in ("not_cleared", "暂不适合出海", "phq9", "crisis", "screening", "clearance"):
            assert word not in text, word
    other = client_for("consented_seafarer_b")
    assert other.post(f"/api/v1/jobs/applications/{application.pk}/withdraw").status_code == 404
    withdrawn = client.post(f"/api/v1/jobs/applications/{application.pk}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    assert client.post(f"/api/v1/jobs/applications/{application.pk}/withdraw").status_code == 409
    assert client_for("officer_a").get("/api/v1/jobs/applications").status_code == 403
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/jobs/postings/{posting_id}/applications" in paths
