from __future__ import annotations

import unicodedata

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.services import current_document
from seafarers_home.organisations.models import SeafarerProfile
from tests.organisations.conftest import audit_rows, profile_form_data
from tests.personas import World, login

pytestmark = pytest.mark.django_db

URL = "/organisations/me/"


def _profile(world: World) -> SeafarerProfile:
    return SeafarerProfile.objects.get(user=world.seafarer)


def test_it_saves_a_seafarers_own_profile(client_for, world: World) -> None:
    client = client_for("seafarer")
    page = client.get(URL)
    assert page.status_code == 200
    assert "王海" in page.content.decode()
    data = profile_form_data(
        _profile(world),
        real_name="王大海",
        rank="bosun",
        emergency_contact_name="王妻",
        emergency_contact_phone="13912345678",
        emergency_contact_relation="配偶",
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    profile = _profile(world)
    assert (profile.real_name, profile.rank) == ("王大海", "bosun")
    assert profile.emergency_contact_phone == "13912345678"
    assert profile.current_vessel == world.vessel_a
    [row] = audit_rows("organisations.profile.update")
    assert row.actor_id == world.seafarer.pk
    assert row.target_id == str(profile.pk)
    # Field names only: the append-only trail must hold no personal data.
    assert "13912345678" not in str(row.detail)
    assert "emergency_contact_phone" in row.detail["fields"]


def test_it_creates_a_profile_for_a_new_seafarer(client_for, world: World) -> None:
    user = User.objects.create_user("13800000099", "x-Haiyuan-2026!")
    RoleGrant.objects.create(user=user, role=Role.SEAFARER)
    for kind in ("terms", "privacy"):  # as registration does; else the consent gate answers
        if document := current_document(kind):
            do_accept_consent(user, document)
    client = login(Client(), user)
    # The first step asks for the name and rank only; the vessel and company come next.
    page = client.get(URL).content.decode()
    assert 'name="real_name"' in page and 'name="company"' not in page
    assert 'name="current_vessel"' not in page
    response = client.post(URL, {"real_name": "张新", "rank": "cook", "next": "/health/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/me/vessel/?next=%2Fhealth%2F"
    profile = SeafarerProfile.objects.get(user=user)
    assert profile.company is None and profile.pending_company is None
    assert profile.seafarers_book_number is None
    assert audit_rows("organisations.profile.create")
    # Then the whole form, the company among it.
    assert 'name="company"' in client.get(URL).content.decode()


def test_it_refuses_a_bad_phone_and_saves_nothing(client_for, world: World) -> None:
    before = model_to_dict(_profile(world))
    data = profile_form_data(_profile(world), real_name="改名", emergency_contact_phone="12345")
    response = client_for("seafarer").post(URL, data)
    assert response.status_code == 200
    assert "请输入11位中国大陆手机号码" in response.content.decode()
    assert model_to_dict(_profile(world)) == before
    assert not AuditEvent.objects.filter(action__startswith="organisations.").exists()


def test_it_refuses_a_vessel_of_another_company(client_for, world: World) -> None:
    before = model_to_dict(_profile(world))
    data = profile_form_data(_profile(world), current_vessel=world.vessel_b.pk)
    response = client_for("seafarer").post(URL, data)
    assert response.status_code == 200
    assert "这艘船不属于您选择的企业" in response.content.decode()
    assert model_to_dict(_profile(world)) == before


def test_it_offers_only_the_vessels_of_the_chosen_company(client_for, world: World) -> None:
    html = client_for("seafarer").get(URL).content.decode()
    assert "ZS-A-0001" in html
    assert "ZS-B-0008" not in html


def test_it_refuses_a_book_number_someone_else_holds(client_for, world: World) -> None:
    SeafarerProfile.objects.filter(user=world.seafarer_b).update(seafarers_book_number="SB0000009")
    data = profile_form_data(_profile(world), seafarers_book_number="SB0000009")
    response = client_for("seafarer").post(URL, data)
    assert response.status_code == 200
    assert "这个海员证号已经登记在另一份档案里" in response.content.decode()
    assert _profile(world).seafarers_book_number == "SB0000001"


def test_it_shows_errors_in_english_after_switching(client_for, world: World) -> None:
    client = client_for("seafarer")
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    data = profile_form_data(_profile(world), current_vessel=world.vessel_b.pk)
    html = client.post(URL, data).content.decode()
    assert "This vessel does not belong to the company you chose." in html
    assert "Seafarer&#x27;s book number" in html


@pytest.mark.parametrize("persona", ["officer_a", "union_staff", "clinician", "outsider", "admin"])
def test_it_is_only_for_seafarers(client_for, persona: str) -> None:
    assert client_for(persona).get(URL).status_code == 404


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    real_name=st.text(max_size=80),
    contact_name=st.text(max_size=80),
    phone=st.one_of(st.text(max_size=14), st.from_regex(r"\A1[3-9]\d{9}\Z")),
)
def test_it_never_crashes_on_random_names(
    client_for, world: World, real_name: str, contact_name: str, phone: str
) -> None:
    client = client_for("seafarer")
    before = model_to_dict(_profile(world))
    audit_count = AuditEvent.objects.count()
    data = profile_form_data(
        _profile(world),
        real_name=real_name,
        emergency_contact_name=contact_name,
        emergency_contact_phone=phone,
    )
    response = client.post(URL, data)
    # 200: the form with its errors; 400: the input guard's page (a NUL character, which
    # PostgreSQL cannot store); 302: saved.
    assert response.status_code in (200, 302, 400)
    after = model_to_dict(_profile(world))
    if response.status_code in (200, 400):
        assert after == before
        assert AuditEvent.objects.count() == audit_count
    else:  # a name: letters and no digits; what was typed, spaces and full-width aside
        for saved, typed in (
            (after["real_name"], real_name),
            (contact_name and after["emergency_contact_name"], contact_name),
        ):
            assert sum(char.isalpha() for char in saved) >= 2 or saved == typed == ""
            assert not any(char.isdigit() for char in saved)
            assert saved.split() == unicodedata.normalize("NFKC", typed).translate(DOTS).split()
        assert after["emergency_contact_phone"] == phone.strip()
        assert AuditEvent.objects.count() == audit_count + 1


DOTS = str.maketrans(dict.fromkeys("•・‧∙⋅", "·"))


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("王大海", "王大海"),
        ("买买提•艾力", "买买提·艾力"),  # a keyboard's bullet as the dot papers print
        ("  Juan   dela Cruz ", "Juan dela Cruz"),
        ("Ｗａｎｇ　Ｈａｉ", "Wang Hai"),  # full-width letters and space
        ("O'Brien-Smith", "O'Brien-Smith"),
        ("123", None),
        ("!!!", None),
        ("王", None),
        ("王海1", None),
        ("😀😀", None),
    ],
)
def test_it_takes_a_name_as_papers_print_it_and_refuses_junk(
    client_for, world: World, typed: str, saved: str | None
) -> None:
    client = client_for("seafarer")
    response = client.post(URL, profile_form_data(_profile(world), real_name=typed))
    if saved is None:
        assert response.status_code == 200
        assert "请按证件填写姓名" in response.content.decode()
        assert _profile(world).real_name == "王海"
    else:
        assert response.status_code == 302
        assert _profile(world).real_name == saved


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("sb 1234 567", "SB1234567"), ("Ｅ１２３４５６７８", "E12345678"), ("", None)],
)
def test_it_keeps_a_book_number_as_printed(
    client_for, world: World, typed: str, saved: str | None
) -> None:
    response = client_for("seafarer").post(
        URL, profile_form_data(_profile(world), seafarers_book_number=typed)
    )
    assert response.status_code == 302
    assert _profile(world).seafarers_book_number == saved


@pytest.mark.parametrize("typed", ["无", "!!!", "12", "AB-CD-EF"])
def test_it_refuses_a_book_number_no_one_could_look_up(
    client_for, world: World, typed: str
) -> None:
    response = client_for("seafarer").post(
        URL, profile_form_data(_profile(world), seafarers_book_number=typed)
    )
    assert response.status_code == 200
    assert "海员证号只能有字母、数字" in response.content.decode()
    assert _profile(world).seafarers_book_number == "SB0000001"


def test_it_links_the_profile_from_every_page_for_seafarers(client_for) -> None:
    assert f'href="{URL}"' in client_for("seafarer").get("/").content.decode()
    assert f'href="{URL}"' not in client_for("officer_a").get("/").content.decode()
