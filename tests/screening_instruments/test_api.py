"""The screening API: instruments, idempotent submissions, own results, FHIR."""

from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import Response

PHQ9 = {f"phq9_{n}": v for n, v in enumerate([2, 2, 2, 2, 1, 1, 0, 0, 0], start=1)}  # 10


def post(client: Client, body: dict, key: str | None = "key-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post("/api/v1/screenings", body, content_type="application/json", **headers)


def test_it_lists_the_instruments_with_items_and_options(api_client):
    response = api_client("seafarer").get("/api/v1/instruments")
    assert response.status_code == 200
    by_code = {i["code"]: i for i in response.json()}
    assert set(by_code) == {"phq9", "gad7", "phq4", "who5", "k10", "auditc", "pcl5", "pcptsd5"}
    phq9 = by_code["phq9"]
    assert len(phq9["items"]) == 9 and phq9["items"][8]["safety"] is True
    assert [o["value"] for o in phq9["items"][0]["options"]] == [0, 1, 2, 3]
    assert phq9["items"][0]["text_zh"] == "做事时提不起劲或没有兴趣"
    assert by_code["who5"]["max_total"] == 100
    # the trauma instruments: flagged for review, assigned only, the branching for an app
    assert [by_code[c]["zh_needs_review"] for c in ("phq9", "pcl5", "pcptsd5")] == [
        False,
        True,
        True,
    ]
    assert by_code["pcl5"]["assigned_only"] and by_code["pcl5"]["max_total"] == 80
    trauma = by_code["pcptsd5"]["items"][0]
    assert (trauma["scored"], trauma["skip_rest_if"]) == (False, 0)


def test_it_needs_authentication(db):
    assert Client().get("/api/v1/instruments").status_code == 401


def test_it_scores_and_stores_a_submission(api_client, consenting):
    seafarer = consenting("seafarer")
    response = post(api_client("seafarer"), {"instrument": "phq9", "answers": PHQ9})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["total"], body["band"], body["risk_level"]) == (10.0, "moderate", "follow_up")
    assert body["safety_positive"] is False
    stored = Response.objects.get(pk=body["id"])
    assert stored.seafarer == seafarer and stored.total_score == 10.0


def test_it_answers_a_repeated_submission_with_the_stored_result(api_client, consenting):
    consenting("seafarer")
    client = api_client("seafarer")
    first = post(client, {"instrument": "phq9", "answers": PHQ9})
    again = post(client, {"instrument": "phq9", "answers": PHQ9})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Response.objects.count() == 1


def test_it_refuses_a_reused_key_with_another_payload(api_client, consenting):
    consenting("seafarer")
    client = api_client("seafarer")
    assert post(client, {"instrument": "phq9", "answers": PHQ9}).status_code == 201
    changed = post(client, {"instrument": "phq9", "answers": {**PHQ9, "phq9_1": 3}})
    assert changed.status_code == 422
    assert changed.json()["code"] == "idempotency_conflict"
    assert Response.objects.count() == 1


def test_it_requires_the_idempotency_key(api_client, consenting):
    consenting("seafarer")
    response = post(api_client("seafarer"), {"instrument": "phq9", "answers": PHQ9}, key=None)
    assert response.status_code == 422
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"instrument": "phq10", "answers": PHQ9}, "instrument"),
        ({"instrument": "phq9", "version": "9.9", "answers": PHQ9}, "instrument"),
        ({"instrument": "phq9", "answers": {**PHQ9, "phq9_2": 7}}, "phq9_2"),
        ({"instrument": "phq9", "answers": {k: 0 for k in list(PHQ9)[2:]}}, "phq9_1"),
        ({"instrument": "phq9", "answers": {**PHQ9, "phq9_99": 1}}, "phq9_99"),
        ({"instrument": "phq9", "answers": {**PHQ9, "phq9_4": "2"}}, "phq9_4"),
        ({"instrument": "phq9", "answers": {**PHQ9, "phq9_5": True}}, "phq9_5"),
    ],
)
def test_it_refuses_bad_answers_per_item(api_client, consenting, body: dict, loc: str):
    consenting("seafarer")
    response = post(api_client("seafarer"), body)
    assert response.status_code == 422
    assert loc in [e["loc"][-1] for e in response.json()["detail"]]
    assert Response.objects.count() == 0


def test_it_requires_health_data_consent(api_client, world):
    response = post(api_client("seafarer"), {"instrument": "phq9", "answers": PHQ9})
    assert response.status_code == 403
    assert response.json()["code"] == "consent_required"
    assert api_client("seafarer").get("/api/v1/screenings").json()["code"] == "consent_required"
    assert api_client("seafarer").post("/api/v1/screenings", {}).status_code == 403
    assert Response.objects.count() == 0


@pytest.mark.parametrize("name", ["officer_a", "union_staff", "clinician", "outsider"])
def test_it_lets_only_seafarers_submit_or_list(api_client, consenting, name: str):
    consenting(name)
    client = api_client(name)
    assert post(client, {"instrument": "phq9", "answers": PHQ9}).status_code == 403
    # Refused before validation: a malformed request learns nothing either.
    assert client.post("/api/v1/screenings", {}).status_code == 403
    assert client.get("/api/v1/screenings").status_code == 403
    assert Response.objects.count() == 0


def test_it_lists_only_my_own_results(api_client, consenting, stored_response):
    consenting("seafarer_b")
    consenting("seafarer")
    assert api_client("seafarer_b").get("/api/v1/screenings").json() == []
    mine = api_client("seafarer").get("/api/v1/screenings").json()
    assert [r["id"] for r in mine] == [stored_response.pk]
    assert mine[0]["band_label"] == "中度抑郁症状"


def test_it_exports_fhir_to_the_owner_and_clinicians_only(api_client, consenting, stored_response):
    consenting("seafarer")
    url = f"/api/v1/screenings/{stored_response.pk}/fhir"
    own = api_client("seafarer").get(url)
    assert own.status_code == 200 and own.json()["resourceType"] == "QuestionnaireResponse"
    clinician = api_client("clinician").get(url)
    assert clinician.status_code == 200
    assert AuditEvent.objects.filter(action="screening.response_exported").count() == 1
    for name in ["officer_a", "seafarer_b", "union_staff", "counsellor"]:
        assert api_client(name).get(url).status_code == 404, name


def test_it_exports_an_instrument_as_a_questionnaire(api_client):
    client = api_client("officer_a")
    response = client.get("/api/v1/instruments/gad7/fhir")
    assert response.status_code == 200
    assert response.json()["resourceType"] == "Questionnaire"
    assert client.get("/api/v1/instruments/nope/fhir").status_code == 404


def test_it_documents_the_endpoints_in_openapi(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"get"} <= set(paths["/api/v1/instruments"])
    assert {"get", "post"} <= set(paths["/api/v1/screenings"])
    assert "/api/v1/screenings/{response_id}/fhir" in paths
    assert "/api/v1/instruments/{code}/fhir" in paths
    params = paths["/api/v1/screenings"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in params)


def test_it_raises_a_crisis_alert_for_phq9_item9(api_client, consenting):
    from seafarers_home.alerts.models import CrisisAlert

    seafarer = consenting("seafarer")
    answers = {**{f"phq9_{n}": 0 for n in range(1, 9)}, "phq9_9": 1}
    response = post(api_client("seafarer"), {"instrument": "phq9", "answers": answers})
    assert response.status_code == 201
    body = response.json()
    assert (body["total"], body["safety_positive"], body["risk_level"]) == (1.0, True, "crisis")
    assert CrisisAlert.objects.filter(seafarer=seafarer).count() == 1
