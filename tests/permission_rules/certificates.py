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


def _valid() -> dict[str, Any]:
    today = datetime.date.today()
    return {
        "kind": "basic_safety",
        "number": "BST-2",
        "issuer": "舟山海事局",
        "issued_on": (today - datetime.timedelta(days=10)).isoformat(),
        "expires_on": (today + datetime.timedelta(days=1800)).isoformat(),
    }


OWNS = {"not_theirs": frozenset({OTHER_SEAFARER, "seafarer"}), "kwargs": _certificate}

RULES = {
    "certificates:wallet": Rule(allowed=SEAFARERS),
    "certificates:add": Rule(allowed=SEAFARERS),
    "certificates:edit": Rule(allowed=frozenset({OWNER}), **OWNS),
    "certificates:remove": Rule(allowed=frozenset({OWNER}), method="post", **OWNS),
    "certificates:photo": Rule(allowed=frozenset({OWNER}), **OWNS),
    # the API: seafarers only (403 and a code for anyone else); a certificate is its owner's
    "api:certificate_kinds": Rule(allowed=SEAFARERS, refused=403),
    "api:certificate_list": Rule(allowed=SEAFARERS, refused=403),
    "api:certificate_add": Rule(allowed=SEAFARERS, refused=403, method="post", data=_valid),
    "api:certificate_update": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER, "seafarer"}),
        refused=403,
        method="patch",
        kwargs=lambda w: {"certificate_id": _certificate(w)["pk"]},
    ),
}
