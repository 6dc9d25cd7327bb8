"""健康在线咨询, the seafarer's side. The consented seafarers ask; the question is OWNER's, so
the other consented seafarer gets 404 on it, the seafarer without the consent the consent page
(403) and everyone else 404; a photo is served to clinicians and its author."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from seafarers_home.inquiries.actions.asking import do_ask_question
from tests.permission_rules.base import CONSENTED, OTHER_SEAFARER, OWNER, Rule
from tests.personas import World


def _question(world: World) -> dict[str, Any]:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, "JPEG")
    question = do_ask_question(
        world.consented_seafarer,
        category="physical",
        title="harness",
        body="出海以后一直头疼,想问问怎么办。",
        photos=[out.getvalue()],
    )
    return {"pk": question.pk, "photo_pk": question.photos.get().pk}


def _question_only(world: World) -> dict[str, Any]:
    return {"pk": _question(world)["pk"]}


OWNS = {"not_theirs": frozenset({OTHER_SEAFARER}), "health": True}

RULES = {
    "inquiries:ask": Rule(allowed=CONSENTED, health=True),
    "inquiries:mine": Rule(allowed=CONSENTED, health=True),
    "inquiries:thread": Rule(allowed=frozenset({OWNER}), kwargs=_question_only, **OWNS),
    # an empty follow-up is refused with the form (400) once the question is found
    "inquiries:follow_up": Rule(
        allowed=frozenset({OWNER}),
        method="post",
        kwargs=_question_only,
        allowed_answer=400,
        **OWNS,
    ),
    "inquiries:photo": Rule(
        allowed=frozenset({"clinician", OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        kwargs=_question,
    ),
}
