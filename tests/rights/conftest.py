"""Helpers of the rights tests: a union rights officer, a second law firm, a valid report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from seafarers_home.accounts.models import Role, User
from seafarers_home.organisations.models import Organisation
from seafarers_home.rights.actions.reporting import do_submit_case
from seafarers_home.rights.models import RightsCase
from tests.personas import World, _user

# 9074729: a real IMO number's shape with a correct check digit (9·7+0·6+7·5+4·4+7·3+2·2 = 139).
GOOD_IMO = "9074729"
BAD_IMO = "9074728"


def wage_values(**overrides: str) -> dict[str, str]:
    values = {
        "employer": "东海远洋船务有限公司",
        "vessel_name": "东海 8",
        "imo": GOOD_IMO,
        "flag": "巴拿马",
        "known_date": "2026-03-01",
        "contract_start": "2025-06-01",
        "contract_end": "2026-06-01",
        "months_owed": "3",
        "amount_owed": "36000.50",
        "amount_owed_currency": "CNY",
    }
    values.update(overrides)
    return values


def wage_post(key: str = "k1", action: str = "submit", **overrides: str) -> dict[str, Any]:
    data = {f"f_{name}": value for name, value in wage_values(**overrides).items()}
    data.update(
        summary="公司拖欠三个月工资",
        description="从去年十二月开始公司就没有发工资,船长说等靠港再说。",
        key=key,
        action=action,
    )
    return data


def open_case(seafarer: User, **overrides: str) -> RightsCase:
    return do_submit_case(
        seafarer,
        category="wage_arrears",
        summary="公司拖欠三个月工资",
        description="从去年十二月开始公司就没有发工资,船长说等靠港再说。",
        values=wage_values(**overrides),
    )


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Haiyuan Phone 9"
    Image.new("RGB", (1600, 1200), "navy").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def officer(world: World) -> User:
    """何明, the union's own rights officer: sees every case of the union."""
    return _user("13800000019", "何明", (Role.LEGAL_WORKER, world.union))


@pytest.fixture
def other_firm(world: World) -> Organisation:
    return Organisation.objects.create(
        name="海安律师事务所", code="other-law-firm", kind="law_firm", parent=world.union
    )


@pytest.fixture
def other_lawyer(other_firm: Organisation) -> User:
    return _user("13800000018", "钱律师", (Role.LEGAL_WORKER, other_firm))
