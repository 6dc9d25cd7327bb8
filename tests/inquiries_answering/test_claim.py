"""Claiming: one clinician per question, so two doctors never answer the same one."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from seafarers_home.inquiries.actions.answering import do_claim_question
from seafarers_home.inquiries.models import Question, Reply
from seafarers_home.inquiries.services_answer import AlreadyClaimed
from tests.inquiries_answering.conftest import make_question
from tests.personas import World, login


@pytest.mark.django_db
def test_it_tells_a_second_clinician_the_question_is_taken(
    world: World, question: Question, second_clinician, client_for
):
    assert client_for("clinician").post(f"/inquiries/staff/{question.pk}/claim/").status_code == 302
    other = login(client_for("outsider"), second_clinician)

    response = other.post(f"/inquiries/staff/{question.pk}/claim/", follow=True)

    assert "这条留言已由 陈医生 认领,请勿重复回复。" in response.content.decode()
    question.refresh_from_db()
    assert question.claimed_by == world.clinician
    assert question.status == "claimed"
    # The page no longer offers the reply form to the second clinician...
    assert f'action="/inquiries/staff/{question.pk}/reply/"' not in response.content.decode()
    # ...and a reply posted anyway (an old tab) is refused, nothing stored, nobody notified.
    posted = other.post(
        f"/inquiries/staff/{question.pk}/reply/",
        {"kind": "answer", "body": "多喝水。", "idempotency_key": "k1"},
        follow=True,
    )
    assert "这条留言已由 陈医生 认领" in posted.content.decode()
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_it_lets_only_the_claimer_release(world: World, question, second_clinician, client_for):
    do_claim_question(question, world.clinician)
    other = login(client_for("outsider"), second_clinician)

    refused = other.post(f"/inquiries/staff/{question.pk}/release/", follow=True)
    assert "只有认领这条留言的医生可以释放它" in refused.content.decode()
    question.refresh_from_db()
    assert question.claimed_by == world.clinician

    client_for("clinician").post(f"/inquiries/staff/{question.pk}/release/")
    question.refresh_from_db()
    assert (question.claimed_by, question.status) == (None, "open")
    # Released, the second clinician may take it.
    assert do_claim_question(question, second_clinician).claimed_by == second_clinician


@pytest.mark.django_db
def test_it_claims_implicitly_when_replying_to_an_open_question(
    world, question, second_clinician, client_for
):
    client_for("clinician").post(
        f"/inquiries/staff/{question.pk}/reply/",
        {"kind": "answer", "body": "请先休息。", "idempotency_key": "k"},
    )
    question.refresh_from_db()
    assert (question.claimed_by, question.status) == (world.clinician, "claimed")
    with pytest.raises(AlreadyClaimed) as taken:
        do_claim_question(question, second_clinician)
    assert taken.value.claimed_by == world.clinician


@pytest.mark.django_db
def test_it_keeps_a_claim_when_the_claimer_claims_again(world, question):
    first = do_claim_question(question, world.clinician)
    again = do_claim_question(question, world.clinician)
    assert again.claimed_at == first.claimed_at


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite serialises writers",
)
def test_it_lets_exactly_one_of_two_concurrent_claims_win(world: World, second_clinician):
    # Several rounds: without the row lock both threads would read "unclaimed" and both win.
    for _round in range(5):
        question = make_question(world.seafarer)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def claim(clinician, pk=question.pk, barrier=barrier, outcomes=outcomes) -> None:
            try:
                barrier.wait(timeout=10)
                do_claim_question(Question(pk=pk), clinician)
                outcomes.append("won")
            except AlreadyClaimed:
                outcomes.append("already")
            finally:
                connections.close_all()

        clinicians = (world.clinician, second_clinician)
        threads = [threading.Thread(target=claim, args=(c,)) for c in clinicians]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert sorted(outcomes) == ["already", "won"]
        question.refresh_from_db()
        assert question.claimed_by_id in {world.clinician.pk, second_clinician.pk}
