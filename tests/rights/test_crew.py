"""A whole crew as one case: crewmates join the opener's wage case with its invite code and
their own amount; totals per currency; a claimant sees the workers' messages and their own
claim, not the opener's story; bad, expired or reused codes change nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.rights.models import Claimant, RightsCase
from tests.personas import World, login
from tests.rights.conftest import open_case


def _join(client: Client, code: str = "", **overrides: str) -> object:
    data = {"code": code, "amount": "24000", "currency": "CNY", "consent": "1"}
    data.update(overrides)
    return client.post("/rights/join/", data)


def test_a_crewmate_joins_and_the_case_adds_up(
    world: World, officer: User, django_capture_on_commit_callbacks
) -> None:
    case = open_case(world.seafarer)
    assert len(case.invite_code) == 8
    opener = login(Client(), world.seafarer)
    assert case.invite_code in opener.get(f"/rights/{case.pk}/").content.decode()
    crewmate = login(Client(), world.seafarer_b)
    response = _join(crewmate, case.invite_code.lower())  # typed in lower case
    assert response["Location"] == f"/rights/{case.pk}/"
    page = crewmate.get(f"/rights/{case.pk}/").content.decode()
    assert "24000.00 CNY" in page
    assert "船长说等靠港再说" not in page  # the opener's own story stays the opener's
    assert case.invite_code not in page
    union = login(Client(), officer)
    work = union.get(f"/rights/work/{case.pk}/").content.decode()
    assert "60000.50" in work and world.seafarer_b.display_name in work
    union.post(f"/rights/work/{case.pk}/claim/")
    with django_capture_on_commit_callbacks(execute=True):
        union.post(f"/rights/work/{case.pk}/entry/", {"kind": "message", "body": "全船一起办"})
    assert "全船一起办" in crewmate.get(f"/rights/{case.pk}/").content.decode()
    assert world.seafarer_b.notifications.filter(kind="rights.update").exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"code": "ZZZZ2222"}, "邀请码不对"),
        ({"consent": ""}, "同意加入"),
        ({"amount": "-1"}, "负数"),
        ({"currency": "ABC"}, "币种"),
    ],
)
def test_bad_joins_store_nothing(world: World, change: dict, error: str) -> None:
    case = open_case(world.seafarer)
    crewmate = login(Client(), world.seafarer_b)
    response = _join(crewmate, **{"code": case.invite_code, **change})
    assert response.status_code == 400 and error in response.content.decode()
    assert not Claimant.objects.exists()


def test_expired_reused_and_own_codes_are_refused(world: World) -> None:
    case = open_case(world.seafarer)
    crewmate = login(Client(), world.seafarer_b)
    _join(crewmate, case.invite_code)
    again = _join(crewmate, case.invite_code, amount="1")
    assert again.status_code == 400 and "已经在这个案件里" in again.content.decode()
    own = _join(login(Client(), world.seafarer), case.invite_code)
    assert own.status_code == 400
    RightsCase.objects.filter(pk=case.pk).update(invite_expires_at=timezone.now() - timedelta(1))
    late = _join(login(Client(), world.consented_seafarer), case.invite_code)
    assert late.status_code == 400 and "已过期" in late.content.decode()
    assert Claimant.objects.count() == 1
    # Not joined: 404 on the case.
    assert login(Client(), world.consented_seafarer).get(f"/rights/{case.pk}/").status_code == 404
