from __future__ import annotations

import io

import pyotp
import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError

from seafarers_home.accounts.models import RoleGrant, TotpDevice, User
from seafarers_home.consent.models import ConsentRecord
from seafarers_home.demo import data
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
        "orgs": Organisation.objects.count(),
        "vessels": Vessel.objects.count(),
        "profiles": SeafarerProfile.objects.count(),
        "totp": TotpDevice.objects.count(),
        "consents": ConsentRecord.objects.count(),
    }


def printed_logins(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line[:11].isdigit()]


def test_it_loads_a_city_sized_for_a_demo() -> None:
    load_demo()
    assert Organisation.objects.filter(kind="city_federation", name="舟山市总工会").exists()
    assert Organisation.objects.get(name="海员心理咨询科").is_seafarer_clinic
    assert Organisation.objects.filter(kind="company").count() == 3
    assert Organisation.objects.filter(kind="company_union").count() == 3
    assert Vessel.objects.count() == 10
    assert SeafarerProfile.objects.count() == 50
    assert SeafarerProfile.objects.filter(current_vessel__isnull=True).count() == 0
    main = User.objects.get(phone="13900000001")
    assert main.seafarer_profile.real_name == "王海军"
    clinician = User.objects.get(phone="13900000002")
    assert clinician.has_role("clinician") and clinician.has_role("counsellor")


def test_it_creates_no_duplicates_on_a_second_run() -> None:
    load_demo()
    first = counts()
    output = load_demo()
    assert counts() == first
    assert "nothing to create" in output


def test_it_prints_logins_that_sign_in_with_the_demo_password() -> None:
    output = load_demo()
    phones = printed_logins(output)
    assert phones[:7] == [f"1390000000{i}" for i in range(1, 8)]
    assert data.DEMO_PASSWORD in output
    validate_password(data.DEMO_PASSWORD)
    for phone in phones:
        assert authenticate(None, phone=phone, password=data.DEMO_PASSWORD) is not None, phone
        assert authenticate(None, phone=phone, password="wrong-password") is None


def test_it_gives_staff_confirmed_totp_devices_with_documented_secrets() -> None:
    output = load_demo()
    for phone in printed_logins(output):
        user = User.objects.get(phone=phone)
        if not user.needs_two_factor:
            assert not TotpDevice.objects.filter(user=user).exists()
            continue
        device = user.totp_device
        assert device.is_confirmed
        assert device.secret == data.demo_totp_secret(phone)
        assert device.secret in output
        pyotp.TOTP(device.secret).now()  # a valid base32 secret


def test_it_restores_a_changed_demo_password() -> None:
    load_demo()
    user = User.objects.get(phone="13900000004")
    user.set_password("Changed-by-someone-1")
    user.save()
    load_demo()
    assert authenticate(None, phone="13900000004", password=data.DEMO_PASSWORD) is not None


def test_it_skips_a_number_held_by_a_real_account() -> None:
    stranger = User.objects.create_user("13900000003", "Stranger-pass-1", display_name="某人")
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", stdout=out, stderr=err)
    stranger.refresh_from_db()
    assert stranger.display_name == "某人"
    assert stranger.check_password("Stranger-pass-1")
    assert not stranger.role_grants.exists()
    assert not TotpDevice.objects.filter(user=stranger).exists()
    assert "13900000003" in err.getvalue()
    assert "13900000003" not in printed_logins(out.getvalue())


def test_demo_totp_prints_the_current_code_for_demo_staff_only() -> None:
    load_demo()
    out = io.StringIO()
    call_command("demo_totp", "13900000002", stdout=out)
    secret = data.demo_totp_secret("13900000002")
    assert pyotp.TOTP(secret).verify(out.getvalue().strip(), valid_window=1)
    with pytest.raises(CommandError):
        call_command("demo_totp", "13900000001")  # a seafarer has no TOTP
    User.objects.create_user("13811112222", "Someone-else-1")
    with pytest.raises(CommandError):
        call_command("demo_totp", "13811112222")


def test_demo_seafarers_accept_the_required_consents_when_documents_exist() -> None:
    from seafarers_home.consent.services import current_document, has_consent

    load_demo()
    seafarer = User.objects.get(phone="13900000001")
    for kind in ("terms", "privacy", "health_data"):
        document = current_document(kind)
        assert has_consent(seafarer, kind) == (document is not None)
    assert not has_consent(seafarer, "share_clearance")


def test_every_printed_login_signs_in_through_the_login_form() -> None:
    from django.test import Client

    output = load_demo()
    for phone in printed_logins(output):
        user = User.objects.get(phone=phone)
        client = Client()
        response = client.post("/accounts/login/", {"phone": phone, "password": data.DEMO_PASSWORD})
        assert response.status_code == 302, phone
        assert client.session["_auth_user_id"] == str(user.pk)
        if user.needs_two_factor:
            assert response["Location"].startswith("/accounts/two-factor/")
            code = pyotp.TOTP(data.demo_totp_secret(phone)).now()
            response = client.post("/accounts/two-factor/", {"code": code})
            assert response.status_code == 302, phone
            assert client.session["otp_verified"] is True


def test_extra_seafarers_for_the_load_test_sign_in_and_reach_their_pages() -> None:
    from django.test import Client

    call_command("load_demo", "--extra-seafarers", "3", stdout=io.StringIO())
    extra = User.objects.filter(phone__in=["13900002001", "13900002002", "13900002003"])
    assert extra.count() == 3
    assert SeafarerProfile.objects.filter(user__in=extra).count() == 3
    client = Client()
    response = client.post(
        "/accounts/login/", {"phone": "13900002003", "password": data.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    # Signed up as the fifty are: past the consent page, straight to the 心理CT.
    assert client.get("/screening/").status_code == 200
    before = counts()
    call_command("load_demo", "--extra-seafarers", "3", stdout=io.StringIO())
    assert counts() == before


def test_it_refuses_more_extra_seafarers_than_their_number_range_holds() -> None:
    load_demo()
    before = counts()
    with pytest.raises(CommandError, match="999"):
        call_command("load_demo", "--extra-seafarers", "1000", stdout=io.StringIO())
    assert counts() == before
