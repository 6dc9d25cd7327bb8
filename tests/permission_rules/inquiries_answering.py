"""The clinicians' side of the message board (queue, thread, claim, reply, templates) and the
union's statistics."""

from __future__ import annotations

from typing import Any

from seafarers_home.inquiries.models import AnswerTemplate, Question
from tests.permission_rules.base import Rule
from tests.personas import World

CLINICIAN = frozenset({"clinician"})
STATS = frozenset({"union_staff", "admin"})


def _question(world: World) -> dict[str, Any]:
    from django.utils import timezone

    question = Question.objects.create(
        seafarer=world.seafarer,
        category="physical",
        title="harness",
        body="harness question body",
        due_at=timezone.now(),
    )
    return {"pk": question.pk}


def _template_of_clinician(world: World) -> dict[str, Any]:
    template = AnswerTemplate.objects.create(owner=world.clinician, title="harness", body="x")
    return {"pk": template.pk}


RULES = {
    "inquiries:queue": Rule(allowed=CLINICIAN),
    "inquiries:staff_thread": Rule(allowed=CLINICIAN, kwargs=_question),
    "inquiries:claim": Rule(allowed=CLINICIAN, method="post", kwargs=_question),
    "inquiries:release": Rule(allowed=CLINICIAN, method="post", kwargs=_question),
    "inquiries:reply": Rule(allowed=CLINICIAN, method="post", kwargs=_question),
    "inquiries:mark_answered": Rule(allowed=CLINICIAN, method="post", kwargs=_question),
    "inquiries:templates": Rule(allowed=CLINICIAN),
    "inquiries:template_delete": Rule(
        allowed=CLINICIAN, method="post", kwargs=_template_of_clinician
    ),
    "inquiries:specialties": Rule(allowed=CLINICIAN),
    "inquiries:stats": Rule(allowed=STATS),
}
