"""The encoder page in Chromium: its JavaScript (CCM built from WebCrypto's AES-CBC and
AES-CTR) produces the same bytes as the Python reference for hypothesis-generated messages,
matches RFC 3610's packet vector #1, and a seafarer on a bridge PC registers a device, builds
a frame on the page and the server accepts it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESCCM
from hypothesis import HealthCheck, given, settings

from seafarers_home.screening.models import Response
from seafarers_home.sea_frames import codec
from tests.browser.conftest import sign_in
from tests.personas import World, give_health_consent
from tests.sea_frames.conftest import deliver
from tests.sea_frames.strategies import ids, keys, uplink

# RFC 3610, packet vector #1: AES-128, 13-byte nonce, 8-byte header, 8-byte tag.
RFC_KEY = bytes(range(0xC0, 0xD0))
RFC_NONCE = bytes.fromhex("00000003020100A0A1A2A3A4A5")
RFC_PACKET = bytes(range(0x00, 0x1F))
RFC_SEALED = bytes.fromhex("588C979A61C663D2F066D0C2C0F989806D5F6B61DAC38417E8D12CFDF926E0")

ENCODE = """async ([spec]) => {
  const book = JSON.parse(document.getElementById("sea-frames-book").textContent);
  return seaFrames.toHex(await seaFrames.encodeFrame(book, spec));
}"""


def js_spec(device_id: int, counter: int, key: bytes, message: codec.Message) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "deviceId": device_id,
        "counter": counter,
        "key": key.hex(),
        "madeAt": int(message.made_at.timestamp()),  # type: ignore[union-attr]
    }
    position = getattr(message, "position", None)
    where = {"lat": position.latitude, "lon": position.longitude} if position else None
    if isinstance(message, codec.ScreeningMessage):
        spec["type"] = "screening"
        spec["instruments"] = [
            {"code": a.code, "values": list(a.values)} for a in message.instruments
        ]
    elif isinstance(message, codec.CallbackMessage):
        spec.update(
            type="callback",
            afterQuarters=message.after_quarters,
            lengthQuarters=message.length_quarters,
            target=int(message.target),
        )
    elif isinstance(message, codec.CheckInMessage):
        pulse = [list(a.values) for a in message.pulse] if message.pulse else None
        spec.update(type="check_in", position=where, pulse=pulse)
    else:
        spec.update(type="sos", position=where)
    return spec


def _open_encoder(page: Any, site: str, world: World) -> None:
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/sea-frames/encoder/")
    page.wait_for_function("() => window.seaFrames !== undefined")


@pytest.mark.slow
def test_the_page_and_python_encode_identical_bytes(page: Any, site: str, world: World) -> None:
    _open_encoder(page, site, world)
    python = AESCCM(RFC_KEY, tag_length=8).encrypt(RFC_NONCE, RFC_PACKET[8:], RFC_PACKET[:8])
    assert python == RFC_SEALED
    sealed = page.evaluate(
        "async ([k, n, p, a]) => seaFrames.toHex(await seaFrames.ccm(seaFrames.fromHex(k),"
        " seaFrames.fromHex(n), seaFrames.fromHex(p), seaFrames.fromHex(a), 8))",
        [RFC_KEY.hex(), RFC_NONCE.hex(), RFC_PACKET[8:].hex(), RFC_PACKET[:8].hex()],
    )
    assert sealed == RFC_SEALED.hex()

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(message=uplink, device_id=ids, counter=ids, key=keys)
    def same_bytes(message: codec.Message, device_id: int, counter: int, key: bytes) -> None:
        python = codec.encode_frame(device_id, counter, key, message).hex()
        javascript = page.evaluate(ENCODE, [js_spec(device_id, counter, key, message)])
        assert javascript == python

    same_bytes()


def test_a_bridge_pc_registers_builds_a_frame_and_the_server_accepts_it(
    page: Any,
    site: str,
    world: World,
) -> None:
    give_health_consent(world.seafarer)
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/sea-frames/")
    page.fill("input[name=name]", "驾驶台电脑")
    page.select_option("select[name=kind]", "bridge_pc")
    with page.expect_navigation():
        page.locator("main form.stack button").click()
    setup = page.locator("#provisioning").input_value()
    assert re.fullmatch(r"SHF1:\d+:[0-9a-f]{32}", setup)
    assert page.locator("figure.qr svg").count() == 1

    page.goto(f"{site}/sea-frames/encoder/")
    page.fill("#setup", setup)
    page.fill("#a-phq9", "111111110")
    page.fill("#a-gad7", "0000000")
    page.locator("#encoder button[type=submit]").click()
    page.wait_for_selector("#result:not([hidden])")
    frame = bytes.fromhex(page.locator("#out-hex").input_value())
    assert len(frame) == 27
    assert "27" in page.locator("#size").inner_text()
    assert deliver(frame)["result"] == "accepted"
    assert Response.objects.get(instrument_code="phq9").total_score == 8

    # A wrong setup text is a clear message, not a frame.
    page.fill("#setup", "SHF1:12:zz")
    page.locator("#encoder button[type=submit]").click()
    assert page.locator("#problem").is_visible()
    # The next frame of the page has a higher counter (the server would refuse a repeat).
    page.fill("#setup", setup)
    page.select_option("#kind", "check_in")
    page.locator("#encoder button[type=submit]").click()
    page.wait_for_selector("#result:not([hidden])")
    second = bytes.fromhex(page.locator("#out-hex").input_value())
    assert int.from_bytes(second[5:9], "big") > int.from_bytes(frame[5:9], "big")
    assert deliver(second)["result"] == "accepted"
