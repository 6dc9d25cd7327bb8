"""Built for the sea: the asking page and a thread with five replies stay within 14 KB of
compressed HTML (DOMAIN rule 3)."""

from __future__ import annotations

import gzip

from django.test import Client

from seafarers_home.inquiries.actions.answering import do_reply
from seafarers_home.inquiries.actions.asking import do_post_follow_up
from seafarers_home.inquiries.models import Reply
from tests.inquiries_asking.conftest import ask, jpeg_bytes
from tests.personas import World

BUDGET = 14 * 1024


def _compressed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return len(gzip.compress(response.content))


def test_it_keeps_the_asking_page_small(seafarer_client: Client) -> None:
    assert _compressed(seafarer_client, "/inquiries/ask/") <= BUDGET
    assert _compressed(seafarer_client, "/inquiries/ask/?q=晕船") <= BUDGET


def test_it_keeps_a_thread_with_five_replies_small(seafarer_client: Client, world: World) -> None:
    question = ask(
        world.seafarer,
        body="出海以后一直头疼。" * 100,
        photos=[jpeg_bytes((400, 300)) for _ in range(3)],
    )
    answer = "请按时休息,多喝水,避免长时间在机舱高温环境里工作。" * 10
    do_reply(question, world.clinician, answer, kind=Reply.Kind.CLARIFICATION)
    do_post_follow_up(question, world.seafarer, "后脑勺疼,下午更厉害。" * 10)
    do_reply(question, world.clinician, answer)
    do_post_follow_up(question, world.seafarer, "好的,谢谢医生。")
    do_reply(question, world.clinician, answer)
    assert question.replies.count() == 5
    assert _compressed(seafarer_client, f"/inquiries/{question.pk}/") <= BUDGET
