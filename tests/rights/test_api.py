"""The rights API: the categories with their fields (public) and a seafarer's own cases with
the timeline meant for them; everyone else 403."""

from __future__ import annotations

from django.test import Client

from seafarers_home.rights.actions.crew import do_join_crew_case
from seafarers_home.rights.actions.reporting import do_post_seafarer_message
from seafarers_home.rights.actions.working import do_add_entry, do_claim_case
from tests.personas import World, login
from tests.rights.conftest import open_case


def test_categories_are_public_and_carry_their_fields(client: Client) -> None:
    categories = {c["code"]: c for c in client.get("/api/v1/rights/categories").json()}
    assert categories["wage_arrears"]["crew"] is True
    assert "imo" in [f["id"] for f in categories["wage_arrears"]["fields"]]
    supplies = next(f for f in categories["abandonment"]["fields"] if f["id"] == "supplies")
    assert any(o["urgent"] for o in supplies["options"])


def test_a_seafarer_reads_their_cases_and_nothing_else(world: World, officer) -> None:
    case = open_case(world.seafarer)
    do_post_seafarer_message(case, world.seafarer, "补充一下")
    do_claim_case(case, officer)
    do_add_entry(case, officer, kind="note", body="内部记录")
    do_add_entry(case, officer, kind="message", body="请上传工资条")
    do_join_crew_case(
        world.seafarer_b, code=case.invite_code, amount="9", currency="USD", consent=True
    )
    do_post_seafarer_message(case, world.seafarer_b, "我也被欠了")
    mine = login(Client(), world.seafarer).get("/api/v1/rights/cases").json()
    assert mine[0]["role"] == "opener" and mine[0]["invite_code"] == case.invite_code
    assert [e["kind"] for e in mine[0]["timeline"]] == [
        "submitted",
        "seafarer_message",
        "claimed",
        "message",
    ]
    assert mine[0]["deadlines"][0]["source"]
    joined = login(Client(), world.seafarer_b).get("/api/v1/rights/cases").json()
    assert joined[0]["role"] == "claimant" and joined[0]["invite_code"] is None
    assert [e["body"] for e in joined[0]["timeline"] if e["from_me"]] == ["我也被欠了"]
    assert login(Client(), world.consented_seafarer).get("/api/v1/rights/cases").json() == []
    refused = login(Client(), world.officer_a).get("/api/v1/rights/cases")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
