from __future__ import annotations

import datetime

from django.utils import timezone

from seafarers_home.consent.personal_data import export_all, get_personal_data_type
from seafarers_home.screening.actions import do_issue_clearance, do_record_review
from tests.personas import World


def test_it_exports_reviews_and_clearances_to_the_seafarer(world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "follow_up")
    follow_up = timezone.localdate() + datetime.timedelta(days=7)
    do_record_review(screening, world.clinician, "两周后电话随访", follow_up)
    until = timezone.localdate() + datetime.timedelta(days=90)
    do_issue_clearance(world.seafarer, world.clinician, "cleared", until, screening=screening)
    other = make_screening(world.seafarer_b, "routine")
    do_record_review(other, world.clinician, "别人的记录", None)

    exported = export_all(world.seafarer)["screening_reviews"]
    assert [r["screening"] for r in exported["reviews"]] == [screening.pk]
    assert exported["reviews"][0]["follow_up_on"] == follow_up.isoformat()
    # The clinician's note is their working record, not the seafarer's copy.
    assert "两周后电话随访" not in str(exported) and "别人的记录" not in str(exported)
    assert exported["clearances"][0]["decision"] == "cleared"
    assert exported["clearances"][0]["valid_until"] == until.isoformat()
    data_type = get_personal_data_type("screening_reviews")
    assert not data_type.erasable
    assert ("screening.screening", str(screening.pk)) in set(
        data_type.audit_targets(world.seafarer)
    )
