from __future__ import annotations

import re

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seafarers_home.accounts.forms import PasswordLoginForm, normalise_phone
from seafarers_home.core.input_guard import nul_message

VALID = re.compile(r"1[3-9][0-9]{9}")


@given(st.text(max_size=30))
def test_it_accepts_exactly_the_mainland_mobile_numbers(raw: str) -> None:
    form = PasswordLoginForm({"phone": raw, "password": "x"})
    expected = normalise_phone(raw.strip())
    if VALID.fullmatch(expected):
        assert form.is_valid(), form.errors
        assert form.cleaned_data["phone"] == expected
        assert expected.isascii()
    else:
        assert not form.is_valid()
        codes = {e.code for e in form.errors.as_data()["phone"]}
        assert codes <= {"invalid_phone", "required", "max_length", "null_characters_not_allowed"}
        if "invalid_phone" in codes:
            assert "请输入11位中国大陆手机号码,例如 13800000000。" in form.errors["phone"]


@given(st.from_regex(r"\A1[3-9][0-9]{9}\Z"))
def test_it_accepts_every_well_formed_number(phone: str) -> None:
    form = PasswordLoginForm({"phone": phone, "password": "x"})
    assert form.is_valid()
    assert form.cleaned_data["phone"] == phone


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=10, max_size=10))
def test_it_refuses_digits_of_other_scripts(digits: str) -> None:
    phone = "1" + digits
    form = PasswordLoginForm({"phone": phone, "password": "x"})
    assert form.is_valid() == bool(VALID.fullmatch(normalise_phone(phone)))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.text(min_size=1, max_size=15).filter(
        lambda s: not VALID.fullmatch(normalise_phone(s.strip()))
    )
)
def test_the_login_page_refuses_malformed_numbers_with_a_message(db: None, raw: str) -> None:
    response = Client().post("/accounts/login/", {"phone": raw, "password": "whatever-1"})
    if "\x00" in raw:
        # A NUL character is refused for the whole request before the form (input guard).
        assert response.status_code == 400
        assert nul_message() in response.content.decode()
        return
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
