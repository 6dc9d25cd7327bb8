"""A whole crew as one case from the vessel's crew records (issue 11 item 6): the legal worker
who holds a crew case adds crewmates the records put aboard; each is asked (a notice without
case details) and counts — totals, progress notices, the case's page — only once they confirm
with their own amount and consent; one who declines leaves nothing; someone not on the
records, or a worker who does not hold the case, adds no one."""

from __future__ import annotations

from django.test import Client

from seafarers_home.accounts.models import User
from seafarers_home.audit.models import AuditEvent
from seafarers_home.rights.actions.working import do_claim_case
from seafarers_home.rights.models import Claimant
from tests.personas import World, login
from tests.rights.conftest import open_case


def _crew_page(world: World, officer: User, case_pk: int) -> tuple[Client, str]:
    worker = login(Client(), officer)
    page = worker.get(f"/rights/work/{case_pk}/crew/?q=平太荣&vessel={world.vessel_a.pk}")
    assert page.status_code == 200
    return worker, page.content.decode()


def test_crewmates_from_the_records_count_once_they_confirm(
    world: World, officer: User, django_capture_on_commit_callbacks
) -> None:
    crewmate = world.consented_seafarer  # on 平太荣 1号 with the opener, by their profiles
    case = open_case(world.seafarer)
    do_claim_case(case, officer)
    worker, page = _crew_page(world, officer, case.pk)
    assert crewmate.display_name in page and world.seafarer_b.display_name not in page
    assert AuditEvent.objects.filter(action="rights.crew_read", actor=officer).exists()
    with django_capture_on_commit_callbacks(execute=True):
        added = worker.post(
            f"/rights/work/{case.pk}/crew/", {"vessel": world.vessel_a.pk, "people": crewmate.pk}
        )
    assert added.status_code == 302
    claim = Claimant.objects.get(case=case, seafarer=crewmate)
    assert claim.consented_at is None and claim.added_by == officer
    invite = crewmate.notifications.get(kind="rights.crew_invite")
    assert "拖欠" not in invite.message and invite.url == f"/rights/claims/{claim.pk}/"
    work = worker.get(f"/rights/work/{case.pk}/").content.decode()
    assert "等待本人确认" in work and "36000.50" in work and "60000.50" not in work

    mate = login(Client(), crewmate)
    assert mate.get(f"/rights/{case.pk}/").status_code == 404  # not a claimant yet
    assert f"/rights/claims/{claim.pk}/" in mate.get("/rights/").content.decode()
    assert mate.get(f"/rights/claims/{claim.pk}/").status_code == 200
    refused = mate.post(f"/rights/claims/{claim.pk}/", {"amount": "24000", "currency": "CNY"})
    assert refused.status_code == 400 and "同意加入" in refused.content.decode()
    assert Claimant.objects.get(pk=claim.pk).consented_at is None
    confirmed = mate.post(
        f"/rights/claims/{claim.pk}/",
        {"amount": "24000", "currency": "CNY", "consent": "1", "action": "confirm"},
    )
    assert confirmed["Location"] == f"/rights/{case.pk}/"
    assert "60000.50" in worker.get(f"/rights/work/{case.pk}/").content.decode()
    assert mate.get(f"/rights/{case.pk}/").status_code == 200
    assert login(Client(), world.seafarer_b).get(f"/rights/claims/{claim.pk}/").status_code == 404


def test_a_crewmate_who_declines_leaves_nothing(world: World, officer: User) -> None:
    case = open_case(world.seafarer)
    do_claim_case(case, officer)
    worker, _page = _crew_page(world, officer, case.pk)
    worker.post(
        f"/rights/work/{case.pk}/crew/",
        {"vessel": world.vessel_a.pk, "people": world.consented_seafarer.pk},
    )
    claim = Claimant.objects.get()
    mate = login(Client(), world.consented_seafarer)
    assert mate.post(f"/rights/claims/{claim.pk}/", {"action": "decline"}).status_code == 302
    assert not Claimant.objects.exists()
    assert mate.get(f"/rights/claims/{claim.pk}/").status_code == 404


def test_only_the_holder_adds_and_only_people_on_the_records(world: World, officer: User) -> None:
    case = open_case(world.seafarer)
    # Not claimed: the page asks to claim first and shows no crew list.
    worker, page = _crew_page(world, officer, case.pk)
    assert "请先认领案件" in page and world.consented_seafarer.display_name not in page
    refused = worker.post(
        f"/rights/work/{case.pk}/crew/",
        {"vessel": world.vessel_a.pk, "people": world.consented_seafarer.pk},
    )
    assert refused.status_code == 302 and not Claimant.objects.exists()
    do_claim_case(case, officer)
    stranger = worker.post(
        f"/rights/work/{case.pk}/crew/",
        {"vessel": world.vessel_a.pk, "people": world.seafarer_b.pk},  # on 东海 8
    )
    assert stranger.status_code == 400 and "船员记录" in stranger.content.decode()
    assert not Claimant.objects.exists()
