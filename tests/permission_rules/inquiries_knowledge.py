"""The knowledge base (public), publishing (clinicians) and the message board's API."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from seafarers_home.inquiries.models import KnowledgeEntry, Question
from tests.permission_rules.base import CONSENTED, OTHER_SEAFARER, OWNER, Rule
from tests.personas import World

CLINICIAN = frozenset({"clinician"})


def _answered_question(world: World, seafarer: Any = None) -> Question:
    return Question.objects.create(
        seafarer=seafarer or world.seafarer,
        category="physical",
        title="晕船很厉害",
        body="出海第三天开始晕船很厉害怎么办",
        allow_publish=True,
        status=Question.Status.ANSWERED,
        due_at=timezone.now(),
    )


def _entry(world: World) -> KnowledgeEntry:
    return KnowledgeEntry.objects.create(
        category="physical",
        title="晕船怎么办",
        question_text="出海后晕船很厉害",
        answer_text="看远处的海平线。",
        published_by=world.clinician,
        published_at=timezone.now(),
    )


def _question_pk(world: World) -> dict[str, Any]:
    return {"pk": _answered_question(world).pk}


def _entry_pk(world: World) -> dict[str, Any]:
    return {"pk": _entry(world).pk}


RULES = {
    "inquiries:knowledge": Rule(public=True),
    "inquiries:knowledge_entry": Rule(public=True, kwargs=_entry_pk),
    "inquiries:publish": Rule(allowed=CLINICIAN, kwargs=_question_pk),
    "inquiries:unpublish": Rule(allowed=CLINICIAN, method="post", kwargs=_entry_pk),
    "api:inquiry_categories": Rule(public=True),
    "api:inquiry_knowledge_search": Rule(public=True),
    "api:inquiry_knowledge_entry": Rule(public=True, kwargs=lambda w: {"entry_id": _entry(w).pk}),
    # Seafarers with the health-data consent only (403 and a code for anyone else); the
    # question is OWNER's: the other consented seafarer gets 404.
    "api:inquiry_ask": Rule(
        allowed=CONSENTED, method="post", health=True, refused=403, allowed_answer=422
    ),
    "api:inquiry_list": Rule(allowed=CONSENTED, health=True, refused=403),
    "api:inquiry_follow_up": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        health=True,
        refused=403,
        method="post",
        kwargs=lambda w: {"question_id": _answered_question(w, w.consented_seafarer).pk},
        data=lambda: {"body": "吃了晕海宁以后好一些了,但是还是头晕。"},
    ),
}
