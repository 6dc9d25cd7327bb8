"""The gateways' signed endpoints (issue 14 item 3): a forged or unsigned request is refused and
stores nothing; a valid signature always gets a 2xx, garbage too; a gateway's resend (same
message id, or the very same request) is stored and answered once; a terminal nobody bound gets
only the help text and the crisis numbers."""

from __future__ import annotations

import time

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.core.models import SpentNonce
from seafarers_home.short_messages.encoding import fits
from seafarers_home.short_messages.models import InboundMessage, OutboundMessage
from tests.short_messages.conftest import BEIDOU_CARD, IMEI, MOBILE, beidou, texts_to


def test_a_forged_signature_is_refused_and_nothing_is_stored(world, bound, deliver, sent):
    answer = deliver("beidou", beidou("求助"), secret="not-the-secret")
    assert answer.status_code == 403
    # Another gateway's secret does not sign for this one either.
    assert deliver("beidou", beidou("求助"), secret="sms-secret").status_code == 403
    stale = deliver("beidou", beidou("求助"), timestamp=int(time.time()) - 3600)
    assert stale.status_code == 403
    assert not InboundMessage.objects.exists()
    assert not CrisisAlert.objects.exists()
    assert not SpentNonce.objects.exists()
    assert sent == []


def test_an_unsigned_request_is_unauthorised(world, sent, client):
    answer = client.post("/short-messages/gateway/sms/", b"{}", content_type="application/json")
    assert answer.status_code == 401
    assert not InboundMessage.objects.exists()


def test_garbage_with_a_valid_signature_gets_a_2xx_and_stores_nothing(world, deliver, sent):
    for body in (b"not json", b"[1, 2]", b'{"message_id": "x"}', b'{"from": "1", "text": 5}'):
        answer = deliver("beidou", body)
        assert answer.status_code == 200, body
        assert answer.json()["status"] == "ignored"
    iridium = deliver("iridium", {"imei": IMEI, "momsn": 1, "data": "zz"})
    assert iridium.status_code == 200 and iridium.json()["status"] == "ignored"
    bad_imei = deliver("iridium", {"imei": "300234010753370", "momsn": 1, "data": "4f4b"})
    assert bad_imei.json()["status"] == "ignored"  # fails the Luhn check
    assert not InboundMessage.objects.exists()
    assert sent == []


def test_a_resent_message_is_stored_and_answered_once(world, bound, deliver, sent):
    message = beidou("平安", message_id="BD-0001")
    assert deliver("beidou", message).json()["status"] == "received"
    # The gateway resends with a fresh nonce, and replays the very same request.
    assert deliver("beidou", message).json()["status"] == "duplicate"
    assert deliver("beidou", message, nonce="fixed").json()["status"] == "duplicate"
    assert deliver("beidou", message, nonce="fixed").json()["status"] == "duplicate"
    assert InboundMessage.objects.count() == 1
    assert len(texts_to(sent, BEIDOU_CARD)) == 1


def test_a_duplicate_sos_raises_one_alert(world, bound, deliver, sent):
    message = beidou("SOS", message_id="BD-0002")
    deliver("beidou", message)
    deliver("beidou", message)
    assert CrisisAlert.objects.count() == 1


def test_an_unbound_terminal_gets_only_the_help_text_and_the_crisis_numbers(world, deliver, sent):
    for text in ("求助", "P4 1203", "最近总是睡不着,怎么办才好"):
        assert deliver("sms", {"message_id": text, "from": MOBILE, "text": text}).status_code == 200
    assert not CrisisAlert.objects.exists()
    assert set(InboundMessage.objects.values_list("outcome", flat=True)) == {"unbound"}
    replies = texts_to(sent, MOBILE)
    assert replies and all(fits(text) for text in replies)
    whole = "".join(replies)
    assert "12356" in whole and "0580-2620120" in whole and "绑定" in whole
    assert "求助/SOS" in whole  # the menu


def test_each_gateway_reads_its_own_payload(world, deliver, sent):
    sms = deliver("sms", {"message_id": "s1", "from": "+86 139-1234-5678", "text": "帮助"})
    iridium = deliver("iridium", {"imei": IMEI, "momsn": 7, "data": "帮助".encode().hex()})
    assert sms.json()["status"] == iridium.json()["status"] == "received"
    stored = {m.gateway: m for m in InboundMessage.objects.all()}
    assert stored["sms"].address == MOBILE
    assert stored["iridium"].message_id == f"{IMEI}:7"
    assert {gateway for gateway, _to, _text in sent} == {"sms", "iridium"}
    assert BEIDOU_CARD not in [to for _g, to, _t in sent]


def test_replies_go_out_through_the_worker_and_are_marked_sent(world, bound, deliver, sent):
    deliver("beidou", beidou("帮助"))
    rows = list(OutboundMessage.objects.all())
    assert rows and all(row.status == "sent" and row.bits <= 560 for row in rows)
