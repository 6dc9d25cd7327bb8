from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.inquiries.actions.answering import do_mark_answered, do_reply
from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.inquiries.models import KnowledgeEntry, Question
from seafarers_home.inquiries.search import index_entry
from tests.api.conftest import bearer, token_for  # noqa: F401 - fixtures for test_api
from tests.personas import World

QUESTION_BODY = "出海第三天开始晕船很厉害怎么办?吃不下饭,船上药箱只有晕海宁。"
ANSWER = "晕船时尽量待在船的中部,看远处的海平线,少量多次进食。晕海宁要在出海前半小时吃。"


def answered_question(
    world: World,
    *,
    allow_publish: bool = True,
    body: str = QUESTION_BODY,
    answer: str = ANSWER,
    mark_answered: bool = True,
) -> Question:
    """A question asked, answered and marked answered through the real services."""
    question = do_ask_question(
        world.seafarer,
        category="physical",
        title="晕船很厉害",
        body=body,
        allow_publish=allow_publish,
    )
    do_reply(question, world.clinician, answer)
    if mark_answered:
        do_mark_answered(question, world.clinician)
    question.refresh_from_db()
    return question


def make_entry(
    published_by: User,
    *,
    title: str,
    question_text: str,
    answer_text: str = "请咨询医生。",
    category: str = "physical",
    age: timedelta = timedelta(0),
    is_published: bool = True,
    question: Question | None = None,
) -> KnowledgeEntry:
    """An entry stored and indexed as publishing does (for search tests that need many)."""
    entry = KnowledgeEntry.objects.create(
        title=title,
        question_text=question_text,
        answer_text=answer_text,
        category=category,
        published_by=published_by,
        published_at=timezone.now() - age,
        is_published=is_published,
        question=question,
    )
    index_entry(entry)
    return entry


@pytest.fixture
def keep_db_connection():
    """The WSGI handler (schemathesis) closes the database connection after each request,
    which would end the test's transaction; Django's test client disconnects the same handlers
    (as tests/api/test_openapi.py)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
