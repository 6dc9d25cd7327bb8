"""Built for the sea: the report form and a case with ten timeline entries stay within 14 KB
of compressed HTML each (DOMAIN rule 3, issue 11's budget)."""

from __future__ import annotations

import gzip

from django.test import Client

from seafarers_home.accounts.models import User
from seafarers_home.rights.actions.reporting import do_post_seafarer_message
from seafarers_home.rights.actions.working import do_add_entry, do_claim_case
from tests.personas import World, login
from tests.rights.conftest import open_case

BUDGET = 14 * 1024


def _compressed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return len(gzip.compress(response.content))


def test_the_report_form_and_a_busy_case_stay_small(world: World, officer: User) -> None:
    seafarer = login(Client(), world.seafarer)
    assert _compressed(seafarer, "/rights/new/wage_arrears/") <= BUDGET
    case = open_case(world.seafarer)
    do_claim_case(case, officer)  # the submission and the claim: two entries
    for n in range(4):
        do_add_entry(case, officer, kind="message", body="请补充工资条和银行流水。" * 10)
        do_post_seafarer_message(case, world.seafarer, f"第{n}次补充:" + "工资条在家里。" * 10)
    assert case.entries.count() == 10
    assert _compressed(seafarer, f"/rights/{case.pk}/") <= BUDGET
    assert _compressed(login(Client(), officer), f"/rights/work/{case.pk}/") <= BUDGET
