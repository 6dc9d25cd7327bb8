"""SMS pumping (issue 18 item 7): one client asking for codes to many numbers stops getting
them sent, while a ship's crew behind one address each still gets a code, and the crisis
numbers and the help page stay open to everyone."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings as django_settings
from django.test import Client

REGISTER = "/accounts/register/"
LOGIN_SMS = "/accounts/login/sms/"
SHIP = "203.0.113.7"  # one satellite terminal, shared by the crew
QUESTION = re.compile(r"(\d+) (?:加|plus) (\d+)")


def ask(client: Client, phone: str, *, address: str = SHIP, url: str = REGISTER, **data: str):
    return client.post(url, {"phone": phone, **data}, REMOTE_ADDR=address)


def question_in(response: Any) -> str | None:
    """The answer to the anti-pumping question on the page, if one is asked."""
    match = QUESTION.search(response.content.decode())
    if not match or 'name="challenge"' not in response.content.decode():
        return None
    return str(int(match.group(1)) + int(match.group(2)))


def ask_answering(client: Client, phone: str, *, address: str = SHIP, url: str = REGISTER):
    """Ask for a code as a person (or a diligent script) would: answer the question if asked."""
    response = ask(client, phone, address=address, url=url)
    answer = question_in(response)
    if answer is not None:
        response = ask(client, phone, address=address, url=url, challenge=answer)
    return response


def numbers_in_one_block(count: int) -> list[str]:
    return [f"1375550{n:04d}" for n in range(count)]


def test_the_28_number_attack_stops_at_the_question(db: None, outbox) -> None:
    attacker = Client()
    pages = [ask(attacker, phone) for phone in numbers_in_one_block(28)]

    assert len(outbox) == django_settings.SMS_CHALLENGE_AFTER_PER_ADDRESS == 5
    held = pages[5:]
    assert all(page.status_code == 200 for page in held)
    assert all(question_in(page) is not None for page in held)
    assert "为防止短信被滥发" in held[-1].content.decode()
    # A wrong answer sends nothing either.
    wrong = ask(attacker, "13755509999", challenge="1000")
    assert "答案不对" in wrong.content.decode() and len(outbox) == 5


def test_an_attacker_who_answers_is_held_by_the_prefix_limit_in_english(db: None, outbox) -> None:
    attacker = Client()
    attacker.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = [ask_answering(attacker, phone) for phone in numbers_in_one_block(28)]

    assert len(outbox) == django_settings.SMS_CODES_PER_PREFIX_PER_HOUR == 20
    refused = pages[20:]
    assert all(page.status_code == 429 for page in refused)
    text = refused[-1].content.decode()
    assert "similar numbers" in text and "相近号码" not in text


def test_numbers_spread_over_many_blocks_are_held_by_the_address_limit(
    db: None, outbox, settings: Any
) -> None:
    settings.SMS_CODES_PER_ADDRESS_PER_HOUR = 12
    attacker = Client()
    pages = [ask_answering(attacker, f"13{n:02d}5550000") for n in range(16, 34)]

    assert len(outbox) == 12
    assert all(page.status_code == 429 for page in pages[12:])
    assert "这个网络一小时内获取的验证码已达上限" in pages[-1].content.decode()
    # Another ship (another address) is not held by this one's count.
    assert ask(Client(), "13955500000", address="198.51.100.9").status_code == 200
    assert len(outbox) == 13


def test_the_site_wide_minute_limit_keeps_the_help_and_crisis_numbers_open(
    db: None, outbox, settings: Any
) -> None:
    settings.SMS_CODES_PER_MINUTE = 8
    pages = [ask(Client(), f"13{n:02d}5550000", address=f"198.51.100.{n}") for n in range(16, 28)]

    assert len(outbox) == 8
    refused = pages[8:]
    assert all(page.status_code == 429 for page in refused)
    page = refused[-1].content.decode()
    assert "现在请求验证码的人太多" in page
    assert "12356" in page  # the crisis bar is on the refusal page too
    help_page = Client().get("/help/", REMOTE_ADDR="198.51.100.30")
    assert help_page.status_code == 200 and "12356" in help_page.content.decode()


def test_a_crew_of_15_behind_one_address_each_get_a_code(db: None, outbox) -> None:
    # Numbers as a crew has them: mostly different blocks, a few in the same one.
    crew = [f"13{n:02d}58{n:02d}001" for n in range(16, 28)] + numbers_in_one_block(3)
    for phone in crew:
        response = ask_answering(Client(), phone)  # each on their own phone
        assert response.status_code == 200
        assert 'name="code"' in response.content.decode()

    assert sorted(to for to, _message in outbox) == sorted(crew)


def test_sign_in_codes_count_toward_the_same_limits(db: None, outbox) -> None:
    client = Client()
    for phone in numbers_in_one_block(5):
        ask(client, phone, url=LOGIN_SMS)
    # Unregistered numbers get no sign-in SMS, but they count: the sixth request is questioned.
    assert question_in(ask(client, "13755500099", url=LOGIN_SMS)) is not None
    assert question_in(ask(client, "13755500098")) is not None


def test_ipv6_clients_count_per_64_block(db: None, outbox) -> None:
    # One subscriber gets a whole /64: changing the low bits must not reset the count.
    for n in range(5):
        ask(Client(), f"13{16 + n}5550000", address=f"2001:db8:7:1::{n + 1}")
    response = ask(Client(), "13955500001", address="2001:db8:7:1:ffff::9")
    assert question_in(response) is not None and len(outbox) == 5
    # The next /64 is another subscriber.
    response = ask(Client(), "13955500002", address="2001:db8:7:2::1")
    assert question_in(response) is None and len(outbox) == 6
