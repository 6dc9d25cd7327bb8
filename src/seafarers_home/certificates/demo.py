"""Demo certificates for ``manage.py load_demo`` (called from demo/service_data.py): the main
demo seafarer's wallet with a seafarer's passport, a certificate of competency, basic safety
training that expires within a month (a reminder is due) and a record book. Loading again adds
nothing."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from seafarers_home.certificates.actions import do_add_certificate
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.validity import today_for

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

# (kind, number, issuer, issued days ago, expires in days or None)
WALLET = (
    ("seafarers_passport", "E12345678", "中华人民共和国舟山海事局", 900, 900),
    ("fishing_crew", "ZSYY2023-0457", "浙江省舟山市渔业船员管理部门", 800, 1000),
    ("basic_safety", "BST-ZS-20210917", "舟山海员培训中心", 1800, 25),
    ("seafarers_book", "SB0000001", "中华人民共和国舟山海事局", 2000, None),
)


def load_demo_certificates(seafarer: User | None, created: Counter[str]) -> None:
    if seafarer is None or Certificate.objects.filter(seafarer=seafarer).exists():
        return
    today = today_for(seafarer)
    for kind, number, issuer, issued_ago, expires_in in WALLET:
        do_add_certificate(
            seafarer,
            kind=kind,
            number=number,
            issuer=issuer,
            issued_on=today - datetime.timedelta(days=issued_ago),
            expires_on=today + datetime.timedelta(days=expires_in) if expires_in else None,
        )
        created["certificates"] += 1
