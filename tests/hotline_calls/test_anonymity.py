"""An anonymous caller stays anonymous on EVERY counsellor page: the console (offer and
current call), the voice room page, the record, the crisis checklist, the records list."""

from __future__ import annotations

import pytest

from seafarers_home.hotline.actions.queue import do_end_call
from seafarers_home.hotline.models import CallRecord
from tests.hotline_calls.conftest import (
    MASKED_PHONE,
    SEAFARER_NAME,
    SEAFARER_PHONE,
    offered_call,
)

pytestmark = pytest.mark.django_db


def assert_anonymous(page: str) -> None:
    assert SEAFARER_NAME not in page
    assert SEAFARER_PHONE not in page
    assert MASKED_PHONE not in page
    assert "匿名来电者" in page


def pages_of_a_call(world, caller, client, *, anonymous: bool) -> list[str]:
    pages = []
    call = offered_call(world, caller, anonymous=anonymous)
    pages.append(client.get("/hotline/console/").content.decode())  # the offer
    client.post(f"/hotline/calls/{call.pk}/accept/")
    pages.append(client.get("/hotline/console/").content.decode())  # the current call
    pages.append(client.get(f"/hotline/calls/{call.pk}/voice/").content.decode())
    record = CallRecord.objects.get(call=call)
    pages.append(client.get(f"/hotline/records/{record.pk}/crisis/").content.decode())
    do_end_call(call, world.counsellor)
    pages.append(client.get(f"/hotline/records/{record.pk}/").content.decode())
    pages.append(client.get("/hotline/records/").content.decode())
    pages.append(client.get("/hotline/console/").content.decode())  # records to complete
    return pages


def test_it_never_names_an_anonymous_caller_to_the_counsellor(
    world, caller, counsellor_client
) -> None:
    pages = pages_of_a_call(world, caller, counsellor_client, anonymous=True)
    assert len(pages) == 7
    for page in pages:
        assert_anonymous(page)


def test_it_names_a_caller_who_did_not_ask_for_anonymity(world, caller, counsellor_client):
    # The control: the same pages do carry the name when the caller did not hide it.
    for page in pages_of_a_call(world, caller, counsellor_client, anonymous=False):
        assert SEAFARER_NAME in page and "匿名来电者" not in page
