"""The terminal's last position (issue 14 item 4): a 求助 from a BeiDou terminal that carried
one shows it to the clinician on the alert and to the counsellor who calls back."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.hotline.actions.callbacks import queue_due_callbacks
from seafarers_home.hotline.actions.queue import (
    dispatch_calls,
    do_accept_offer,
    do_set_counsellor_state,
)
from seafarers_home.hotline.models import HotlineCall
from tests.personas import login
from tests.short_messages.conftest import beidou


def test_the_clinician_and_the_counsellor_see_the_last_position(world, bound, deliver, sent):
    deliver("beidou", beidou("求助", latitude=-12.5, longitude=130.25))
    alert = CrisisAlert.objects.get()
    page = login(Client(), world.clinician).get(f"/alerts/{alert.pk}/").content.decode()
    assert "12.50000°S 130.25000°E" in page

    do_set_counsellor_state(world.counsellor, "available")
    queue_due_callbacks(now=timezone.now())
    dispatch_calls()
    call = HotlineCall.objects.get(status="offered")
    do_accept_offer(call, world.counsellor)
    console = login(Client(), world.counsellor).get("/hotline/console/").content.decode()
    assert "12.50000°S 130.25000°E" in console
