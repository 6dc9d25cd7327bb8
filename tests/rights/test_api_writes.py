"""The rights API's writes (issue 11 item 11) through the same rules as the web: opening a case
(idempotent), its per-category fields refused with a message per field (409) and nothing
stored, an urgent case's notice, messages (idempotent), evidence (photos re-encoded, PDFs
checked, a resend stored once), joining a crew case by code and applying for legal aid;
someone else's case is 404 and a company officer gets 403 everywhere."""

from __future__ import annotations

import io
import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from seafarers_home.rights.models import (
    CaseEntry,
    Claimant,
    Evidence,
    LegalAidApplication,
    RightsCase,
)
from tests.api.conftest import make_token
from tests.personas import World
from tests.rights.conftest import BAD_IMO, PDF_BYTES, jpeg_bytes, open_case, wage_values

CASES = "/api/v1/rights/cases"


def _api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


def _post(client: Client, url: str, body: dict, key: str | None = None) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key or uuid.uuid4().hex}
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def _wage(**fields: str) -> dict[str, Any]:
    return {
        "category": "wage_arrears",
        "summary": "公司拖欠三个月工资",
        "description": "从去年十二月开始公司就没有发工资,船长说等靠港再说。",
        "fields": wage_values(**fields),
    }


def test_opening_a_case_is_idempotent_and_a_changed_resend_is_refused(world: World) -> None:
    client = _api(world.seafarer)
    first = _post(client, CASES, _wage(), key="open-1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == "received" and body["role"] == "opener"
    assert len(body["invite_code"]) == 8  # a wage case is a crew case
    assert body["deadlines"][0]["ends_on"] == "2027-03-01"
    again = _post(client, CASES, _wage(), key="open-1")
    assert (again.status_code, again.json()["id"]) == (200, body["id"])
    changed = _post(client, CASES, _wage(months_owed="4"), key="open-1")
    assert changed.status_code == 422 and changed.json()["code"] == "idempotency_conflict"
    assert RightsCase.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"imo": BAD_IMO}, "fields.imo", "校验位"),
        ({"known_date": "2099-01-01"}, "fields.known_date", "晚于今天"),
        ({"contract_end": "2025-01-01"}, "fields.contract_end", "不能早于"),
        ({"amount_owed": "100.123"}, "fields.amount_owed", "两位小数"),
        ({"amount_owed_currency": "XYZ"}, "fields.amount_owed", "币种"),
        ({"employer": ""}, "fields.employer", "必须填写"),
        ({"favourite_colour": "blue"}, "fields.favourite_colour", "没有这一项"),
    ],
)
def test_category_fields_are_checked_from_the_data_file(
    world: World, fields: dict, field: str, words: str
) -> None:
    response = _post(_api(world.seafarer), CASES, _wage(**fields))
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "invalid" and words in body["errors"][field], body
    assert not RightsCase.objects.exists()


def test_what_the_schema_can_say_it_refuses_itself(world: World) -> None:
    client = _api(world.seafarer)
    for bad in (
        {**_wage(), "category": "piracy"},
        {**_wage(), "summary": "x" * 81},
        {**_wage(), "description": "太短"},
        {**_wage(), "fields": {"Employer!": "x"}},
        {**_wage(), "summary": "nul\x00"},
    ):
        assert _post(client, CASES, bad).status_code == 422, bad
    assert (
        client.post(CASES, json.dumps(_wage()), content_type="application/json").status_code == 422
    )
    assert not RightsCase.objects.exists()


def test_an_urgent_case_comes_back_with_what_to_do_now(world: World) -> None:
    response = _post(
        _api(world.seafarer),
        CASES,
        {
            "category": "abandonment",
            "summary": "船东失联,船上没吃的了",
            "description": "船东两个月联系不上,淡水和食物都没有了。",
            "fields": {"port": "吉布提港外锚地", "supplies": "none", "known_date": "2026-11-01"},
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["urgent"] and "12395" in response.json()["urgent_notice"]


def test_messages_are_idempotent_and_only_for_the_case_s_people(world: World) -> None:
    case = open_case(world.seafarer)
    url = f"{CASES}/{case.pk}/messages"
    client = _api(world.seafarer)
    first = _post(client, url, {"body": "工资条已经拍好了"}, key="m-1")
    assert first.status_code == 201 and first.json()["from_me"]
    assert _post(client, url, {"body": "工资条已经拍好了"}, key="m-1").status_code == 200
    assert _post(client, url, {"body": "另一句话"}, key="m-1").status_code == 422
    assert _post(client, url, {"body": "   "}).status_code == 409
    assert _post(_api(world.seafarer_b), url, {"body": "我来看看"}).status_code == 404
    assert _post(_api(world.officer_a), url, {"body": "我来看看"}).status_code == 403
    assert case.entries.filter(kind=CaseEntry.Kind.SEAFARER_MESSAGE).count() == 1


def test_evidence_is_checked_reencoded_and_stored_once(world: World) -> None:
    case = open_case(world.seafarer)
    url = f"{CASES}/{case.pk}/evidence"
    client = _api(world.seafarer)
    photo = io.BytesIO(jpeg_bytes())
    photo.name = "payslip.jpg"
    pdf = io.BytesIO(PDF_BYTES)
    pdf.name = "contract.pdf"
    stored = client.post(url, {"files": [photo, pdf]})
    assert stored.status_code == 201, stored.content
    assert stored.json()["stored"] == 2
    kept = Evidence.objects.get(kind="photo")
    assert Image.open(io.BytesIO(bytes(kept.content))).getexif().get(0x0110) is None
    photo.seek(0)
    resent = client.post(url, {"files": [photo]})
    assert (resent.status_code, resent.json()["stored"]) == (200, 0)
    fake = io.BytesIO(b"MZ this is not a photo")
    fake.name = "photo.jpg"
    refused = client.post(url, {"files": [fake]})
    assert refused.status_code == 409 and "照片" in refused.json()["errors"]["files"]
    broken = io.BytesIO(b"%PDF-1.4 cut off")
    broken.name = "contract.pdf"
    assert client.post(url, {"files": [broken]}).status_code == 409
    assert _api(world.seafarer_b).post(url, {"files": [pdf]}).status_code == 404
    assert Evidence.objects.filter(case=case).count() == 2


def test_joining_by_code_once_and_bad_codes_change_nothing(world: World) -> None:
    case = open_case(world.seafarer)
    join = {"code": case.invite_code.lower(), "amount": "24000", "currency": "USD", "consent": True}
    client = _api(world.seafarer_b)
    joined = _post(client, "/api/v1/rights/join", join)
    assert joined.status_code == 201, joined.content
    assert joined.json()["role"] == "claimant" and joined.json()["id"] == case.pk
    assert _post(client, "/api/v1/rights/join", join).status_code == 200  # a resend
    other = _post(client, "/api/v1/rights/join", {**join, "amount": "1"})
    assert other.status_code == 409 and "已经在这个案件里" in other.json()["errors"]["code"]
    own = _post(_api(world.seafarer), "/api/v1/rights/join", join)
    assert own.status_code == 409
    stranger = _api(world.consented_seafarer)
    for bad in ({"amount": "-1"}, {"amount": "1.234"}, {"currency": "XYZ"}, {"consent": False}):
        assert _post(stranger, "/api/v1/rights/join", {**join, **bad}).status_code == 422, bad
    assert _post(stranger, "/api/v1/rights/join", {**join, "code": "ZZZZ2222"}).status_code == 409
    RightsCase.objects.filter(pk=case.pk).update(invite_expires_at=timezone.now() - timedelta(1))
    late = _post(stranger, "/api/v1/rights/join", join)
    assert late.status_code == 409 and "已过期" in late.json()["errors"]["code"]
    assert Claimant.objects.count() == 1


def test_applying_for_legal_aid_once(world: World) -> None:
    case = open_case(world.seafarer)
    url = f"{CASES}/{case.pk}/legal-aid"
    aid = {"hardship": "yes", "employer_reachable": "no", "statement": "家里困难,请不起律师。"}
    client = _api(world.seafarer)
    first = _post(client, url, aid)
    assert first.status_code == 201 and first.json()["decision"] == "pending"
    assert _post(client, url, aid).status_code == 200
    assert _post(client, url, {**aid, "monthly_income": "-5"}).status_code == 422
    assert _post(_api(world.seafarer_b), url, aid).status_code == 404
    assert LegalAidApplication.objects.count() == 1


def test_a_company_officer_gets_nothing(world: World) -> None:
    case = open_case(world.seafarer)
    client = _api(world.officer_a)
    for url in (CASES, f"{CASES}/{case.pk}/messages", "/api/v1/rights/join"):
        response = _post(client, url, {})
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_an_upload_without_a_file_is_refused_by_the_case_not_the_schema(world: World) -> None:
    # An empty file part reaches Django as no file at all: the service says so (409 with the
    # field), the schema does not reject the request as malformed (422).
    case = open_case(world.seafarer)
    client = _api(world.seafarer)
    response = client.post(f"{CASES}/{case.pk}/evidence", {})
    assert response.status_code == 409 and "files" in response.json()["errors"]
    assert not case.evidence.exists()
