"""The voyage pages: the seafarer's own, officers' and union staff's, and cross-company 404s."""

from __future__ import annotations

from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.voyages.models import Voyage
from seafarers_home.voyages.phases import seafarer_today
from tests.personas import give_health_consent
from tests.voyages.conftest import add_seafarer, days, record


def test_it_shows_the_seafarer_their_phase_in_plain_words(consenting, client_for) -> None:
    world = consenting
    record(world.seafarer, world, start=-20, end=-10)  # late: still at sea
    response = client_for("seafarer").get(reverse("voyages:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "现在:出海中" in html
    assert "在海上也可以随时在线留言咨询" in html
    assert reverse("voyages:tasks") in html
    assert reverse("voyages:safe_home") in html
    assert "已过预计归港日期,尚未登记归港" in html
    assert reverse("voyages:record_own") in html


def test_it_tells_a_seafarer_without_voyages_that_they_are_ashore(consenting, client_for) -> None:
    response = client_for("seafarer").get(reverse("voyages:mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "现在:在岸" in html
    assert "还没有登记航次" in html


def test_it_asks_for_the_health_consent_first(world, client_for) -> None:
    assert client_for("seafarer").get(reverse("voyages:mine")).status_code == 403
    assert client_for("seafarer").post(reverse("voyages:record_own"), {}).status_code == 403


def test_it_lets_a_seafarer_record_their_own_voyage(consenting, client_for) -> None:
    world = consenting
    client = client_for("seafarer")
    page = client.get(reverse("voyages:record_own"))
    assert 'value="ZS-A-0001"' in page.content.decode()  # their current vessel
    today = seafarer_today(world.seafarer)
    form = {
        "vessel": "ZS-B-0008",
        "planned_departure": days(3, today),
        "expected_return": days(40, today),
    }
    response = client.post(reverse("voyages:record_own"), form)
    assert response.status_code == 302
    voyage = Voyage.objects.get()
    assert (voyage.seafarer, voyage.recorded_by, voyage.source) == (
        world.seafarer,
        world.seafarer,
        Voyage.Source.SELF,
    )
    assert voyage.vessel == world.vessel_b
    # Sent again after a dropped link: the same voyage, not a second one, and no error.
    assert client.post(reverse("voyages:record_own"), form).status_code == 302
    assert Voyage.objects.count() == 1
    clash = client.post(reverse("voyages:record_own"), {**form, "expected_return": days(50, today)})
    assert clash.status_code == 422
    assert "时间重叠" in clash.content.decode()
    bad = client.post(reverse("voyages:record_own"), {**form, "vessel": "NOPE"})
    assert "找不到这艘船" in bad.content.decode()
    assert Voyage.objects.count() == 1


def test_it_lists_only_the_officers_own_company(consenting, client_for) -> None:
    world = consenting
    record(world.seafarer, world, start=5, end=50)
    record(world.seafarer_b, world, start=5, end=50, vessel=world.vessel_b, by=world.officer_b)
    html_a = client_for("officer_a").get(reverse("voyages:list")).content.decode()
    assert "王海" in html_a and "李强" not in html_a
    html_union = client_for("union_staff").get(reverse("voyages:list")).content.decode()
    assert "王海" in html_union and "李强" in html_union
    filtered = client_for("union_staff").get(reverse("voyages:list"), {"phase": "at_sea"})
    assert "王海" not in filtered.content.decode()
    assert client_for("seafarer").get(reverse("voyages:list")).status_code == 404


def test_it_answers_404_to_another_companys_officer(consenting, client_for) -> None:
    world = consenting
    voyage = record(world.seafarer, world, start=5, end=50)
    officer_b = client_for("officer_b")
    assert officer_b.get(reverse("voyages:detail", args=[voyage.pk])).status_code == 404
    readiness = reverse("voyages:readiness", args=[voyage.crew_batch])
    assert officer_b.get(readiness).status_code == 404
    for name in ("voyages:depart", "voyages:return", "voyages:cancel"):
        assert officer_b.post(reverse(name, args=[voyage.pk]), {"day": days(0)}).status_code == 404
    voyage.refresh_from_db()
    assert voyage.cancelled_at is None and voyage.actual_departure is None
    assert client_for("officer_a").get(readiness).status_code == 200
    assert client_for("union_staff").get(readiness).status_code == 200


def test_it_records_a_crew_from_the_company_crew(consenting, client_for) -> None:
    world = consenting
    mate = add_seafarer("13900000401", "张三", world.company_a, vessel=world.vessel_a)
    ashore = add_seafarer("13900000402", "李四", world.company_a)
    client = client_for("officer_a")
    step2 = client.get(reverse("voyages:record_crew"), {"vessel": "ZS-A-0001"})
    html = step2.content.decode()
    assert "张三" in html and "李四" in html and "李强" not in html
    form = {
        "vessel": "ZS-A-0001",
        "seafarers": [world.seafarer.pk, mate.pk],
        "planned_departure": days(7),
        "expected_return": days(97),
    }
    response = client.post(reverse("voyages:record_crew"), form)
    assert response.status_code == 302
    voyages = list(Voyage.objects.all())
    assert {v.seafarer for v in voyages} == {world.seafarer, mate}
    assert response["Location"] == reverse("voyages:readiness", args=[voyages[0].crew_batch])
    assert not Voyage.objects.filter(seafarer=ashore).exists()
    # Company B's seafarer is not on the list: the form refuses the choice.
    response = client.post(
        reverse("voyages:record_crew"), {**form, "seafarers": [world.seafarer_b.pk]}
    )
    assert response.status_code == 422
    assert Voyage.objects.count() == 2
    # Another company's vessel cannot even be picked.
    other = client.get(reverse("voyages:record_crew"), {"vessel": "ZS-B-0008"})
    assert "张三" not in other.content.decode()


def test_it_records_departure_return_and_cancel_from_the_detail_page(
    consenting, client_for
) -> None:
    world = consenting
    voyage = record(world.seafarer, world, start=-5, end=60)
    later = record(world.seafarer, world, start=70, end=90)
    client = client_for("officer_a")
    page = client.get(reverse("voyages:detail", args=[voyage.pk])).content.decode()
    assert reverse("voyages:depart", args=[voyage.pk]) in page
    client.post(reverse("voyages:depart", args=[voyage.pk]), {"day": days(-4)})
    voyage.refresh_from_db()
    assert voyage.actual_departure == days(-4)
    refused = client.post(reverse("voyages:cancel", args=[voyage.pk]), follow=True)
    assert "已出海的航次不能取消。" in refused.content.decode()
    bad = client.post(reverse("voyages:return", args=[voyage.pk]), {"day": "soon"}, follow=True)
    assert "请填写有效的日期。" in bad.content.decode()
    client.post(reverse("voyages:return", args=[voyage.pk]), {"day": days(-1)})
    client.post(reverse("voyages:cancel", args=[later.pk]))
    voyage.refresh_from_db()
    later.refresh_from_db()
    assert voyage.actual_return == days(-1) and voyage.cancelled_at is None
    assert later.cancelled_at is not None
    assert AuditEvent.objects.filter(action="voyages.cancel").count() == 1


def test_it_lets_the_seafarer_record_their_own_return(consenting, client_for) -> None:
    world = consenting
    voyage = record(world.seafarer, world, start=-30, end=-1)
    response = client_for("seafarer").post(
        reverse("voyages:return", args=[voyage.pk]), {"day": days(0)}
    )
    assert response.status_code == 302
    voyage.refresh_from_db()
    assert voyage.actual_return == days(0)
    # Not somebody else's.
    other = record(
        world.seafarer_b, world, start=-30, end=-1, vessel=world.vessel_b, by=world.officer_b
    )
    response = client_for("seafarer").post(
        reverse("voyages:return", args=[other.pk]), {"day": days(0)}
    )
    assert response.status_code == 404


def test_it_offers_the_voyage_link_on_the_health_page(world, client_for) -> None:
    give_health_consent(world.seafarer)
    html = client_for("seafarer").get(reverse("core:health")).content.decode()
    assert reverse("voyages:mine") in html


def test_it_puts_voyages_in_the_workspace(world, client_for) -> None:
    assert (
        reverse("voyages:list")
        in client_for("officer_a").get(reverse("core:workspace")).content.decode()
    )
    assert (
        reverse("voyages:list")
        in client_for("union_staff").get(reverse("core:workspace")).content.decode()
    )


def test_it_shows_voyages_read_only_in_the_admin(consenting, client_for) -> None:
    world = consenting
    voyage = record(world.seafarer, world, start=5, end=50)
    admin = client_for("admin")
    listing = admin.get(reverse("admin:voyages_voyage_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:voyages_voyage_change", args=[voyage.pk]) in listing.content.decode()
    assert admin.get(reverse("admin:voyages_voyage_add")).status_code == 403
