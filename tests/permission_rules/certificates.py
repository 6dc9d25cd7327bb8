"""证书夹: every seafarer keeps one (not health data: no health-data consent asked). The
certificate is OWNER's: the other seafarers get 404 on it, everyone else 404 too."""

from __future__ import annotations

import datetime
import io
from typing import Any

from PIL import Image

from seafarers_home.certificates.actions import do_add_certificate
from tests.permission_rules.base import OTHER_SEAFARER, OWNER, SEAFARERS, Rule
from tests.personas import World


def _certificate(world: World) -> dict[str, Any]:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "JPEG")
    today = datetime.date.today()
    certificate = do_add_certificate(
        world.consented_seafarer,
        kind="basic_safety",
        number="BST-1",
        issuer="舟山海事局",
        issued_on=today - datetime.timedelta(days=100),
        expires_on=today + datetime.timedelta(days=1000),
        photo=out.getvalue(),
    )
    return {"pk": certificate.pk}


OWNS = {"not_theirs": frozenset({OTHER_SEAFARER, "seafarer"}), "kwargs": _certificate}

RULES = {
    "certificates:wallet": Rule(allowed=SEAFARERS),
    "certificates:add": Rule(allowed=SEAFARERS),
    "certificates:edit": Rule(allowed=frozenset({OWNER}), **OWNS),
    "certificates:remove": Rule(allowed=frozenset({OWNER}), method="post", **OWNS),
    "certificates:photo": Rule(allowed=frozenset({OWNER}), **OWNS),
}
