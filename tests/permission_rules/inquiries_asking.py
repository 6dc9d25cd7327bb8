"""健康在线咨询, the seafarer's side. The matrix personas have not given the health-data
consent, so the seafarer pages answer 403 to the seafarer and 404 to everyone else; a photo is
served to clinicians (the author would need the consent too)."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from seafarers_home.inquiries.services_ask import do_ask_question
from tests.permission_rules.base import Rule
from tests.personas import World


def _question(world: World) -> dict[str, Any]:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, "JPEG")
    question = do_ask_question(
        world.seafarer,
        category="physical",
        title="harness",
        body="出海以后一直头疼,想问问怎么办。",
        photos=[out.getvalue()],
    )
    return {"pk": question.pk, "photo_pk": question.photos.get().pk}


def _question_only(world: World) -> dict[str, Any]:
    return {"pk": _question(world)["pk"]}


RULES = {
    "inquiries:ask": Rule(),
    "inquiries:mine": Rule(),
    "inquiries:thread": Rule(kwargs=_question_only),
    "inquiries:follow_up": Rule(method="post", kwargs=_question_only),
    "inquiries:photo": Rule(allowed=frozenset({"clinician"}), kwargs=_question),
}
