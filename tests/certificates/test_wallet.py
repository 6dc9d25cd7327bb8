"""The certificate wallet through the HTTP client: adding (idempotent, bad input refused with
nothing stored, photos re-encoded), validity on the seafarer's own day, other people's
certificates 404, providers' records read-only, reminders once each, the question other
services ask (which kinds are valid until a date), export and erasure."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from seafarers_home.certificates.actions import do_add_certificate, do_issue_certificate
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.reminders import do_send_expiry_reminders
from seafarers_home.certificates.validity import kinds_valid_until, today_for
from seafarers_home.consent.personal_data import get_personal_data_type
from seafarers_home.notifications.models import Notification
from tests.personas import World


def _day(days: int, user) -> datetime.date:
    return today_for(user) + datetime.timedelta(days=days)


def _add(world: World, kind: str = "basic_safety", expires_in: int | None = 400, **extra):
    seafarer = extra.pop("seafarer", world.seafarer)
    return do_add_certificate(
        seafarer,
        kind=kind,
        number=extra.pop("number", "BST-001"),
        issuer="舟山海事局",
        issued_on=_day(-1000, seafarer),
        expires_on=_day(expires_in, seafarer) if expires_in is not None else None,
        **extra,
    )


def _form(world: World, **overrides):
    data = {
        "kind": "basic_safety",
        "number": "BST-777",
        "issuer": "舟山海事局",
        "issued_on": _day(-100, world.seafarer).isoformat(),
        "expires_on": _day(1700, world.seafarer).isoformat(),
        "key": "k-1",
    }
    data.update(overrides)
    return data


def test_a_seafarer_adds_a_certificate_once_however_often_the_form_is_sent(world, client_for):
    client = client_for("seafarer")
    assert client.get("/certificates/add/").status_code == 200
    for _ in range(2):
        response = client.post("/certificates/add/", _form(world))
        assert response.status_code == 302
    assert Certificate.objects.filter(seafarer=world.seafarer).count() == 1
    page = client.get("/certificates/").content.decode()
    assert "BST-777" in page and "基本安全培训合格证" in page


def test_bad_input_is_refused_with_a_reason_and_nothing_is_stored(world, client_for):
    client = client_for("seafarer")
    cases = [
        (
            _form(world, expires_on=_day(-200, world.seafarer).isoformat()),
            "到期日期不能早于签发日期",
        ),
        (_form(world, kind="pirate_licence"), "basic_safety"),  # unknown kind: the choice refused
        (_form(world, expires_on=""), "这种证书有有效期"),
        (_form(world, issued_on=_day(30, world.seafarer).isoformat()), "签发日期不能晚于今天"),
        (_form(world, number="!!"), "至少有一个数字"),  # junk a training centre would be shown
        (_form(world, number="无"), "至少有一个数字"),
        (_form(world, issuer="x"), "请写出签发机构的名称"),
        (
            _form(world, photo=SimpleUploadedFile("c.jpg", b"%PDF-1.4 not an image")),
            "不是可以识别的照片",
        ),
        (
            _form(world, photo=SimpleUploadedFile("big.jpg", b"\xff\xd8" + bytes(11 << 20))),
            "照片太大",
        ),
    ]
    for number, (data, words) in enumerate(cases):
        data["key"] = f"bad-{number}"
        response = client.post("/certificates/add/", data)
        assert response.status_code == 400, number
        if words != "basic_safety":
            assert words in response.content.decode(), number
    assert not Certificate.objects.exists()
    # As printed, from a Chinese keyboard's full-width characters too.
    data = {**_form(world, number="ＢＳＴ－１２３"), "key": "good-1"}
    assert client.post("/certificates/add/", data).status_code == 302
    assert Certificate.objects.get().number == "BST-123"


def test_the_photo_is_re_encoded_and_served_to_its_owner_only(world, client_for):
    raw = io.BytesIO()
    Image.new("RGB", (2400, 1600), "teal").save(raw, "PNG")
    client = client_for("consented_seafarer")
    data = _form(world, photo=SimpleUploadedFile("c.png", raw.getvalue()))
    assert client.post("/certificates/add/", data).status_code == 302
    certificate = Certificate.objects.get()
    response = client.get(f"/certificates/{certificate.pk}/photo/")
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.content)).size == (1024, 683)
    for other in ("consented_seafarer_b", "seafarer", "training_officer"):
        assert client_for(other).get(f"/certificates/{certificate.pk}/photo/").status_code == 404


def test_the_wallet_shows_validity_on_the_seafarers_own_day(world, client_for):
    _add(world, "health_certificate", expires_in=-1, number="H-1")
    _add(world, "survival_craft", expires_in=20, number="S-1")
    _add(world, "seafarers_book", expires_in=None, number="B-1")
    page = client_for("seafarer").get("/certificates/").content.decode()
    assert "已过期" in page and "即将到期" in page and "长期有效" in page
    assert "1 本证书已过期" in page and "(还有 20 天)" in page
    assert page.index("H-1") < page.index("S-1") < page.index("B-1")


def test_others_get_404_and_a_providers_record_stays_as_issued(world, client_for):
    mine = _add(world)
    issued = do_issue_certificate(
        world.seafarer,
        provider=world.training_provider,
        by=world.training_officer,
        kind="crewmate_in_crisis",
        number="CIC-9",
        issued_on=today_for(world.seafarer),
        expires_on=_day(1000, world.seafarer),
    )
    other = client_for("consented_seafarer_b")
    assert other.get(f"/certificates/{mine.pk}/edit/").status_code == 404
    assert other.post(f"/certificates/{mine.pk}/remove/").status_code == 404
    client = client_for("seafarer")
    assert client.post(f"/certificates/{issued.pk}/remove/").status_code == 302
    assert client.post(f"/certificates/{issued.pk}/edit/", _form(world)).status_code == 302
    issued.refresh_from_db()
    assert issued.number == "CIC-9" and issued.issuer == world.training_provider.name
    assert "培训机构结业签发" in client.get("/certificates/").content.decode()
    assert client.post(f"/certificates/{mine.pk}/remove/").status_code == 302
    assert not Certificate.objects.filter(pk=mine.pk).exists()


def test_reminders_go_once_each_and_again_after_renewal(world, client_for):
    certificate = _add(world, expires_in=85)
    assert do_send_expiry_reminders() == 1
    assert do_send_expiry_reminders() == 0
    later = timezone.now() + datetime.timedelta(days=60)  # 25 days left: the 30-day reminder
    assert do_send_expiry_reminders(later) == 1
    assert do_send_expiry_reminders(later) == 0
    notes = Notification.objects.filter(user=world.seafarer, kind="certificate.expiry")
    assert notes.count() == 2
    assert f"#c{certificate.pk}" in notes.first().url
    # renewed: the new expiry date is reminded afresh
    client = client_for("seafarer")
    data = _form(world, expires_on=_day(100, world.seafarer).isoformat())
    assert client.post(f"/certificates/{certificate.pk}/edit/", data).status_code == 302
    assert do_send_expiry_reminders() == 1


def test_other_services_ask_which_kinds_are_valid_until_a_date(world):
    _add(world, "basic_safety", expires_in=30)
    _add(world, "medical_first_aid", expires_in=-3)
    _add(world, "seafarers_book", expires_in=None)
    today = today_for(world.seafarer)
    assert kinds_valid_until(world.seafarer, today) == {"basic_safety", "seafarers_book"}
    later = today + datetime.timedelta(days=31)
    assert kinds_valid_until(world.seafarer, later) == {"seafarers_book"}


def test_the_wallet_is_exported_and_erased(world):
    _add(world, number="EXP-1")
    data_type = get_personal_data_type("certificates")
    assert data_type.export(world.seafarer)[0]["number"] == "EXP-1"
    data_type.erase(world.seafarer)
    assert not Certificate.objects.filter(seafarer=world.seafarer).exists()


def test_expired_and_soon_expiring_certificates_stand_out_on_the_start_page(world, client_for):
    client = client_for("seafarer")
    assert 'id="certificate-alert"' not in client.get("/").content.decode()
    _add(world, expires_in=400)  # valid: nothing to say
    assert 'id="certificate-alert"' not in client.get("/").content.decode()
    _add(world, kind="medical_first_aid", number="MED-1", expires_in=20)
    _add(world, kind="seafarers_passport", number="P-1", expires_in=-3)
    html = client.get("/").content.decode()
    assert 'id="certificate-alert"' in html
    assert "1 本证书已过期" in html and "1 本证书即将到期" in html
    assert 'href="/certificates/"' in html
    # Staff have no wallet: no alert, no error.
    assert 'id="certificate-alert"' not in client_for("clinician").get("/").content.decode()
