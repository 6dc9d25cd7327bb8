"""Demo data for 维权保障, called from ``demo/service_data.py``: a few cases of the demo
seafarers in different states — new and waiting (one urgent abandonment), being verified by
the union's rights officer with messages both ways, in mediation at the partner law firm, and
resolved with wages recovered. Idempotent: the first case carries a fixed key; a second run
finds it and adds nothing."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.organisations.models import Organisation
from seafarers_home.rights.actions.reporting import do_post_seafarer_message, do_submit_case
from seafarers_home.rights.actions.working import (
    do_add_entry,
    do_assign_law_firm,
    do_change_status,
    do_claim_case,
)
from seafarers_home.rights.models import RightsCase

FIRST_KEY = "demo-rights-0"


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _wages(key: str, seafarer: User, months: str, amount: str, days_ago: int) -> RightsCase:
    return do_submit_case(
        seafarer,
        category="wage_arrears",
        summary=f"公司拖欠{months}个月工资",
        description="合同到期下船后,公司一直说等船东打款,到现在还没有发工资。",
        values={
            "employer": "舟山恒远船务有限公司",
            "vessel_name": "恒远 16",
            "imo": "9074729",
            "flag": "巴拿马",
            "known_date": _day(days_ago),
            "months_owed": months,
            "amount_owed": amount,
            "amount_owed_currency": "USD",
        },
        idempotency_key=key,
    )


def load_demo_rights(
    officer: User | None, lawyer: User | None, seafarers: list[User], created: Counter[str]
) -> None:
    firm = Organisation.objects.filter(code="demo-law-firm").first()
    if officer is None or lawyer is None or firm is None or len(seafarers) < 2:
        return
    main, crewmate = seafarers[0], seafarers[1]
    if RightsCase.objects.filter(seafarer=main, idempotency_key=FIRST_KEY).exists():
        return
    # New, waiting in the queue.
    _wages(FIRST_KEY, main, "3", "10500.00", 40)
    do_submit_case(
        crewmate,
        category="abandonment",
        summary="船东失联,船上淡水快没了",
        description="船停在锚地一个多月,船东联系不上,淡水和食物只够几天。",
        values={"port": "吉布提港外锚地", "supplies": "short", "known_date": _day(35)},
        idempotency_key="demo-rights-1",
    )
    # Being verified by the union's rights officer, with messages both ways.
    contract = do_submit_case(
        main,
        category="contract",
        summary="上船后公司改了合同工资",
        description="签合同时说每月一万二,上船后中介说只能发九千。",
        values={
            "employer": "舟山海顺劳务派遣公司",
            "problem": "terms_changed",
            "known_date": _day(20),
        },
        idempotency_key="demo-rights-2",
    )
    do_claim_case(contract, officer)
    do_change_status(contract, officer, "verifying")
    do_add_entry(
        contract, officer, kind="message", body="请把合同照片和最近三个月的工资条上传到案件里。"
    )
    do_post_seafarer_message(contract, main, "合同在家里,明天让家人拍照发过来。")
    # In mediation at the partner law firm.
    injury = do_submit_case(
        crewmate,
        category="injury",
        summary="在船上摔伤,医疗费没人管",
        description="起网时滑倒摔断了手腕,在港口医院看病的钱是自己垫的。",
        values={"injury_date": _day(70), "known_date": _day(70), "port": "舟山沈家门"},
        idempotency_key="demo-rights-3",
    )
    do_assign_law_firm(injury, officer, firm)
    do_claim_case(injury, lawyer)
    do_change_status(injury, lawyer, "verifying")
    do_add_entry(injury, lawyer, kind="phone_call", body="与船东代表通话,同意下周调解。")
    do_change_status(injury, lawyer, "mediation", reason="下周二在工会调解室调解。")
    # Resolved, wages recovered.
    resolved = _wages("demo-rights-4", crewmate, "2", "6800.00", 200)
    do_claim_case(resolved, officer)
    do_change_status(resolved, officer, "verifying")
    do_change_status(resolved, officer, "mediation")
    do_change_status(
        resolved, officer, "resolved", amount="6800.00", currency="USD", reason="公司已全额支付。"
    )
    created["rights_cases"] += 5
