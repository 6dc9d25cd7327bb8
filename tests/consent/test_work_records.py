"""Staff members' own records (shifts, hours, templates) are their personal data too: exported
to them, kept as the service's record of who did what, never mixed with a seafarer's export."""

from __future__ import annotations

import json
from datetime import time, timedelta

from django.urls import reverse
from django.utils import timezone

from seafarers_home.consultations.actions.availability import Hours, do_add_hours
from seafarers_home.hotline.actions.roster import do_add_shift
from seafarers_home.inquiries.actions.answering import do_save_answer_template


def _work_records(client) -> dict:
    response = client.get(reverse("consent:my_data_export", args=["work_records"]))
    assert response.status_code == 200
    return json.loads(response.content)["data"]["work_records"]


def test_a_clinician_exports_their_hours_templates_and_shifts(world, client_for):
    do_add_hours(
        world.clinician,
        Hours(
            weekday=0,
            start_time=time(9),
            end_time=time(12),
            slot_minutes=30,
            mode="remote",
            valid_from=timezone.localdate(),
        ),
    )
    do_save_answer_template(world.clinician, title="晕船", body="少量多次进食,看远处的海平线。")
    start = timezone.now() + timedelta(days=1)
    do_add_shift(
        world.counsellor,
        kind="counsellor",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        by=world.counsellor,
    )

    mine = _work_records(client_for("clinician"))
    assert [row["weekday"] for row in mine["consultations.Availability"]] == [0]
    assert [row["title"] for row in mine["inquiries.AnswerTemplate"]] == ["晕船"]
    assert "hotline.HotlineShift" not in mine  # the counsellor's, not the clinician's
    theirs = _work_records(client_for("counsellor"))
    assert [row["kind"] for row in theirs["hotline.HotlineShift"]] == ["counsellor"]
    assert _work_records(client_for("seafarer")) == {}
    erase = reverse("consent:my_data_erase", args=["work_records"])
    assert client_for("clinician").post(erase, {"confirm": "1"}).status_code == 404
