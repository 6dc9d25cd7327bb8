"""Bridge PCs and modems (issue 14 item 5): every seafarer registers their own devices (not
health data: no consent asked); a device is OWNER's, anyone else gets 404 on it. The gateway
endpoint is a machine endpoint (MACHINE_ENDPOINTS in tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from seafarers_home.sea_frames.actions import do_register_device
from tests.permission_rules.base import OTHER_SEAFARER, OWNER, SEAFARERS, Rule
from tests.personas import World


def _device(world: World) -> dict[str, Any]:
    registered = do_register_device(world.consented_seafarer, name="驾驶台电脑", kind="bridge_pc")
    return {"pk": registered.device.pk}


RULES = {
    "sea_frames:devices": Rule(allowed=SEAFARERS),
    "sea_frames:register": Rule(allowed=SEAFARERS, method="post", allowed_answer=400),
    "sea_frames:revoke": Rule(
        allowed=frozenset({OWNER}),
        method="post",
        not_theirs=frozenset({OTHER_SEAFARER, "seafarer"}),
        kwargs=_device,
    ),
    "sea_frames:encoder": Rule(allowed=SEAFARERS),
}
RULES["sea_frames:link"] = Rule(allowed=SEAFARERS)
