from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentKind
from seafarers_home.inquiries.models import Question
from tests.personas import PASSWORD, World, ensure_consent_document

BODY = "出海第三天开始胸口疼,晚上睡不着,船上只有止痛片,该怎么办?"


def make_question(
    seafarer: User,
    *,
    title: str = "胸口疼怎么办",
    body: str = BODY,
    category: str = "physical",
    urgency: str = "routine",
    asked_ago: timedelta = timedelta(0),
    due_in: timedelta = timedelta(hours=24),
    **fields: object,
) -> Question:
    """A question as the asking code stores it, asked ``asked_ago`` and due ``due_in`` from
    now (negative: overdue)."""
    now = timezone.now()
    question = Question.objects.create(
        seafarer=seafarer,
        title=title,
        body=body,
        category=category,
        urgency=urgency,
        due_at=now + due_in,
        **fields,
    )
    if asked_ago:
        Question.objects.filter(pk=question.pk).update(created_at=now - asked_ago)
        question.refresh_from_db()
    return question


def make_clinician(world: World, phone: str, name: str) -> User:
    """Another clinician of the clinic, signed up like the personas (current terms accepted)."""
    user = User.objects.create_user(phone, PASSWORD, display_name=name)
    for kind in (ConsentKind.TERMS, ConsentKind.PRIVACY):
        do_accept_consent(user, ensure_consent_document(kind))
    RoleGrant.objects.create(user=user, role=Role.CLINICIAN, organisation=world.clinic)
    return user


@pytest.fixture
def second_clinician(world: World) -> User:
    return make_clinician(world, "13800000022", "林医生")


@pytest.fixture
def question(world: World) -> Question:
    return make_question(world.seafarer)
