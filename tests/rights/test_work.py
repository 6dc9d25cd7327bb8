"""The legal workers' side: who sees which case, claiming (one owner), assigning to a law
firm, the timeline (what the seafarer sees of it), status transitions and their outcomes."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from seafarers_home.accounts.models import Role, User
from seafarers_home.notifications.models import Notification
from seafarers_home.organisations.models import Organisation
from seafarers_home.rights import views_work
from seafarers_home.rights.actions.working import CaseRefused, do_claim_case
from seafarers_home.rights.models import CaseEntry, RightsCase, Status
from tests.personas import World, _user, login
from tests.rights.conftest import open_case


def _work(case: RightsCase) -> str:
    return f"/rights/work/{case.pk}/"


def test_the_union_sees_every_case_and_a_firm_only_what_it_was_given(
    world: World, officer: User, other_lawyer: User
) -> None:
    case = open_case(world.seafarer)
    union, lawyer = login(Client(), officer), login(Client(), world.legal_worker)
    assert case.summary in union.get("/rights/work/").content.decode()
    assert case.summary not in lawyer.get("/rights/work/").content.decode()
    assert lawyer.get(_work(case)).status_code == 404
    union.post(_work(case) + "assign/", {"law_firm": world.law_firm.pk})
    assert lawyer.get(_work(case)).status_code == 200
    assert case.summary in lawyer.get("/rights/work/").content.decode()
    # Another firm, other seafarers, union staff and company officers: 404.
    for user in (other_lawyer, world.seafarer_b, world.union_staff, world.officer_b):
        assert login(Client(), user).get(_work(case)).status_code == 404, user
        assert login(Client(), user).get(f"/rights/{case.pk}/").status_code == 404, user
    # A company officer does not even see that cases exist.
    assert case.summary not in login(Client(), world.officer_b).get("/rights/").content.decode()


def test_one_worker_owns_a_case(world: World, officer: User) -> None:
    case = open_case(world.seafarer)
    union = login(Client(), officer)
    union.post(_work(case) + "assign/", {"law_firm": world.law_firm.pk})
    lawyer = login(Client(), world.legal_worker)
    lawyer.post(_work(case) + "claim/")
    case.refresh_from_db()
    assert case.owner == world.legal_worker
    response = union.post(_work(case) + "claim/", follow=True)
    assert "其他法律工作者认领" in response.content.decode()
    case.refresh_from_db()
    assert case.owner == world.legal_worker
    # Only the owner writes on the case.
    refused = union.post(_work(case) + "entry/", {"kind": "note", "body": "试试"}, follow=True)
    assert "请先认领" in refused.content.decode()
    assert not CaseEntry.objects.filter(kind="note").exists()


def test_the_seafarer_sees_messages_not_notes_and_can_reply(
    world: World, officer: User, django_capture_on_commit_callbacks
) -> None:
    case = open_case(world.seafarer)
    union = login(Client(), officer)
    union.post(_work(case) + "claim/")
    union.post(_work(case) + "entry/", {"kind": "note", "body": "内部:船东是老客户", "key": "n1"})
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a resend stores one message
            message = {"kind": "message", "body": "请上传工资条", "key": "m1"}
            union.post(_work(case) + "entry/", message)
    assert CaseEntry.objects.filter(kind="message").count() == 1
    seafarer = login(Client(), world.seafarer)
    page = seafarer.get(f"/rights/{case.pk}/").content.decode()
    assert "请上传工资条" in page and "船东是老客户" not in page
    assert Notification.objects.filter(user=world.seafarer, kind="rights.update").exists()
    notice = Notification.objects.filter(user=world.seafarer).latest("pk")
    assert "工资条" not in notice.message  # no case details in a notification
    with django_capture_on_commit_callbacks(execute=True):
        seafarer.post(f"/rights/{case.pk}/reply/", {"body": "工资条明天拍照上传", "key": "r1"})
    assert "工资条明天拍照上传" in union.get(_work(case)).content.decode()
    assert Notification.objects.filter(user=officer, kind="rights.seafarer_message").exists()


def test_status_moves_only_along_allowed_transitions(world: World, officer: User) -> None:
    case = open_case(world.seafarer)
    union = login(Client(), officer)
    union.post(_work(case) + "claim/")
    jump = union.post(_work(case) + "status/", {"status": "litigation"}, follow=True)
    assert "不能从" in jump.content.decode()
    union.post(_work(case) + "status/", {"status": "verifying"})
    union.post(_work(case) + "status/", {"status": "mediation"})
    no_amount = union.post(_work(case) + "status/", {"status": "resolved", "currency": "CNY"})
    assert no_amount.status_code == 400
    too_fine = {"status": "resolved", "amount": "1.234", "currency": "CNY"}
    assert union.post(_work(case) + "status/", too_fine).status_code == 400
    case.refresh_from_db()
    assert case.status == Status.MEDIATION
    done = {"status": "resolved", "amount": "36000.50", "currency": "CNY", "reason": "已全额支付"}
    union.post(_work(case) + "status/", done)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and str(case.amount_recovered) == "36000.50"
    assert case.closed_at is not None
    page = login(Client(), world.seafarer).get(f"/rights/{case.pk}/").content.decode()
    assert "36000.50 CNY" in page and "已全额支付" in page
    # A resolved case is final.
    reopen = union.post(_work(case) + "status/", {"status": "verifying"}, follow=True)
    assert "已经办结" in reopen.content.decode()


def test_declining_or_closing_needs_a_reason_and_referring_a_place(
    world: World, officer: User
) -> None:
    case = open_case(world.seafarer)
    union = login(Client(), officer)
    union.post(_work(case) + "claim/")
    assert union.post(_work(case) + "status/", {"status": "declined"}).status_code == 400
    # Closing is no way round it: a closed case says why too.
    closed = union.post(_work(case) + "status/", {"status": "closed", "reason": "  "})
    assert closed.status_code == 400 and "结案时,请写明结案的原因" in closed.content.decode()
    assert union.post(_work(case) + "status/", {"status": "referred"}).status_code == 400
    union.post(_work(case) + "status/", {"status": "referred", "referral": "itf_inspector"})
    case.refresh_from_db()
    assert case.status == Status.REFERRED and case.referral == "itf_inspector"


def test_the_queue_says_what_it_leaves_out_and_keeps_ones_finished_cases(
    world: World, officer: User, monkeypatch
) -> None:
    monkeypatch.setattr(views_work, "QUEUE_LIMIT", 3)
    cases = [open_case(world.seafarer) for _ in range(5)]
    union = login(Client(), officer)
    page = union.get("/rights/work/").content.decode()
    assert "还有 2 件没有列出" in page
    done = cases[0]
    union.post(_work(done) + "claim/")
    union.post(_work(done) + "status/", {"status": "closed", "reason": "海员撤回了申请"})
    page = union.get("/rights/work/").content.decode()
    assert "还有 1 件没有列出" in page
    finished = page[page.index("我最近办结的") :]
    assert _work(done) in finished


def test_the_case_shows_the_arbitration_limit(world: World, officer: User) -> None:
    case = open_case(world.seafarer, known_date="2026-03-01")
    page = login(Client(), officer).get(_work(case)).content.decode()
    assert "2027-03-01" in page and "第二十七条" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises them",
)
def test_two_workers_claiming_at_once_one_wins(world: World) -> None:
    union = Organisation.objects.get(code="seafarers-union")
    workers = [_user(f"1380000007{n}", f"专员{n}", (Role.LEGAL_WORKER, union)) for n in range(2)]
    case = open_case(world.seafarer)
    barrier = threading.Barrier(2)
    won: list[int] = []
    refused: list[int] = []

    def claim(worker: User) -> None:
        try:
            barrier.wait(timeout=10)
            do_claim_case(case, worker)
            won.append(worker.pk)
        except CaseRefused:
            refused.append(worker.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(won) == 1 and len(refused) == 1
    case.refresh_from_db()
    assert case.owner_id == won[0]
    assert CaseEntry.objects.filter(case=case, kind="claimed").count() == 1
