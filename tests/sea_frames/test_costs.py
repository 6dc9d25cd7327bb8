"""What sending costs (issue 14 item 7): the ship's link and its price (the union's defaults or
the seafarer's own), the estimate shown in the seafarer's forms before sending, and the
month's total of what the server received from them (web, API and frames)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.sea_frames import codec, costs
from seafarers_home.sea_frames.form_size import estimated_forms, estimates
from seafarers_home.sea_frames.models import MonthlyUsage, ShipLink
from tests.api.conftest import make_token
from tests.personas import give_health_consent, login
from tests.sea_frames.conftest import deliver

pytestmark = pytest.mark.django_db


def _seafarer_client(world) -> Client:
    give_health_consent(world.seafarer)
    return login(Client(), world.seafarer)


def test_the_unions_default_price_applies_when_none_is_given(world):
    client = _seafarer_client(world)
    assert client.post("/sea-frames/link/", {"kind": "inmarsat"}).status_code == 302
    link = ShipLink.objects.get(seafarer=world.seafarer)
    assert (link.unit, link.price) == ("mb", Decimal("60.000"))
    client.post("/sea-frames/link/", {"kind": "beidou", "price": "0.5"})
    link.refresh_from_db()
    assert (link.kind, link.unit, link.price, link.message_bytes) == (
        "beidou",
        "message",
        Decimal("0.500"),
        70,
    )


@pytest.mark.parametrize(
    "form",
    [
        {"kind": "carrier-pigeon"},
        {"kind": "vsat", "unit": "message", "price": "1"},  # no bytes per message
        {"kind": "vsat", "price": "-1"},
        {"kind": "vsat", "price": "abc"},
        {"kind": "vsat", "price": "1e9"},
    ],
)
def test_bad_input_is_refused_and_nothing_stored(world, form):
    response = _seafarer_client(world).post("/sea-frames/link/", form)
    assert response.status_code == 400
    assert not ShipLink.objects.exists()


def test_the_estimate_follows_the_link():
    per_mb = costs.LinkPrice("inmarsat", "mb", Decimal("60"), 0)
    per_message = costs.LinkPrice("beidou", "message", Decimal("0.3"), 70)
    assert costs.cost(costs.MEGABYTE, per_mb) == Decimal("60")
    assert costs.cost(71, per_message) == Decimal("0.6")  # two messages
    assert costs.estimate_text(1229, per_mb) == "约 1.2 KB,约 ¥0.07"
    assert costs.estimate_text(500, None) == "约 500 字节"
    assert costs.estimate_text(100, costs.LinkPrice("cellular", "mb", Decimal("0.03"), 0)) == (
        "约 100 字节,不到 ¥0.01"
    )


def test_the_forms_show_size_and_cost_before_sending(world):
    client = _seafarer_client(world)
    page = client.get("/inquiries/ask/").content.decode()
    assert "data-send-cost" in page
    assert "填写船上的通信方式,估算费用" in page  # no link recorded yet: size only
    client.post("/sea-frames/link/", {"kind": "inmarsat"})
    page = client.get("/inquiries/ask/").content.decode()
    box = re.search(r'<p class="help send-cost"[^>]*>.*?</p>', page, re.S).group(0)
    assert re.search(
        r"<output>约 [\d.]+ KB,约 ¥0\.\d\d(.*每 100 字另加约 300 字节.*)</output>", box
    )
    assert "<script" not in page
    # The other forms a seafarer sends from carry the same line.
    assert "data-send-cost" in client.get("/hotline/").content.decode()


def test_staff_pages_carry_no_estimate(world):
    page = login(Client(), world.clinician).get("/accounts/profile/").content.decode()
    assert "month-usage" not in page


def test_the_settings_page_shows_the_months_total(world, register):
    client = _seafarer_client(world)
    body = {"kind": "vsat", "price": "3"}
    client.post("/sea-frames/link/", body)
    client.post("/sea-frames/link/", body)
    web = MonthlyUsage.objects.get(seafarer=world.seafarer, channel="web")
    assert web.requests == 2
    assert web.bytes > 2 * len("kind=vsat&price=3")
    # An API request counts under the API, a frame under frames.
    api = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.seafarer)}")
    answers = {f"phq4_{n}": 0 for n in range(1, 5)}
    api.post(
        "/api/v1/screenings",
        json.dumps({"instrument": "phq4", "answers": answers}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )
    device, key = register(world.seafarer)
    frame = codec.encode_frame(
        device.device_id, 1, key, codec.CheckInMessage(timezone.now().replace(microsecond=0))
    )
    deliver(frame)
    channels = dict(
        MonthlyUsage.objects.filter(seafarer=world.seafarer).values_list("channel", "requests")
    )
    assert channels == {"web": 2, "api": 1, "frame": 1}
    total = sum(MonthlyUsage.objects.values_list("bytes", flat=True))
    page = client.get("/accounts/profile/").content.decode()
    assert "本月我们收到您 4 次发送" in page
    assert costs.size_text(total) in page
    # Reading pages is not sending: the GETs above counted nothing.
    assert MonthlyUsage.objects.get(seafarer=world.seafarer, channel="web").requests == 2


def test_the_form_size_is_what_the_browser_encodes():
    html = (
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc">'
        '<input type="radio" name="q1" value="0"><input type="radio" name="q1" value="3" checked>'
        '<input type="radio" name="q2" value="10"><input type="radio" name="q2" value="2">'
        '<select name="s"><option value="">-</option><option value="x" selected>X</option>'
        '</select><input type="checkbox" name="c" value="1"><textarea name="t">你好</textarea>'
        '<p data-send-cost></p><button>ok</button></form><form><input name="other"></form>'
    )
    (form,) = estimated_forms(html)
    expected = urlencode(
        [("csrfmiddlewaretoken", "abc"), ("s", "x"), ("t", "你好"), ("q1", "3"), ("q2", "10")]
    )
    assert form.body_size() == len(expected)
    assert not form.free_text


def test_only_the_forms_holding_the_line_are_measured_in_page_order():
    html = (
        '<nav><a href="/">首页</a><form method="post" action="/accounts/logout/">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc"><button>退出</button>'
        "</form></nav><main><p>正文 &lt;form&gt; 不是表单</p>"
        '<FORM method="post"><input type="hidden" name="a" value="1">'
        "<p data-send-cost></p></FORM>"
        '<form method="post"><input type="hidden" name="bb" value="22">'
        '<p data-send-cost></p></form></main><footer><form><input name="lang"></form></footer>'
    )
    first, second = estimated_forms(html)
    assert (first.fields, second.fields) == ([("a", "1")], [("bb", "22")])


def _questionnaire_form(
    token: str, key: str, replaces: str, typed: str = "", screening: int = 7, said: str = ""
) -> str:
    return (
        f'<form method="post" action="/screening/{screening}/who5/">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        f'<input type="hidden" name="key" value="{key}">'
        f'<input type="hidden" name="replaces" value="{replaces}">'
        '<input type="radio" name="q1" value="0"><input type="radio" name="q1" value="12">'
        f'<textarea name="t">{typed}</textarea><p data-send-cost><output>{said}</output></p>'
        "</form>"
    )


def test_a_page_drawn_again_with_new_tokens_is_estimated_as_the_parse_says():
    pages = [
        _questionnaire_form("a" * 64, "0123abcd" * 4, ""),
        # The same shape for another screening, with other tokens: remembered.
        _questionnaire_form("Zq9" * 21 + "x", "ffff0000" * 4, "", screening=12345, said="约 1 KB"),
        _questionnaire_form("b" * 64, "0123abcd" * 4, "9" * 32),  # a longer body
        _questionnaire_form("b" * 64, "0123abcd" * 4, "", typed="我写的话"),
        _questionnaire_form("b" * 64, "0123abcd" * 4, "", typed="a&b c"),
        _questionnaire_form("b" * 64, "0123abcd" * 4, "", typed="a/b/c"),
    ]
    for page in pages * 2:
        (parsed,) = estimated_forms(page)
        (estimate,) = estimates(page)
        assert estimate.body_size == parsed.body_size(), page
        assert estimate.free_text == parsed.free_text
        assert estimate.per_hundred_characters == parsed.per_hundred_characters()
    sizes = [estimates(page)[0].body_size for page in pages]
    assert sizes[0] == sizes[1] < sizes[2] and sizes[3] > sizes[0]
    assert sizes[5] > sizes[0] + len("a/b/c")  # "/" is sent as %2F
    assert estimates(pages[0])[0].free_text and not estimates(pages[3])[0].free_text
