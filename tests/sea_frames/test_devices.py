"""A seafarer registers a bridge PC or modem in the app: the key is made by the server, shown
once (text and QR code), stored encrypted, and works for frames until the device is revoked."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from seafarers_home.sea_frames import codec
from seafarers_home.sea_frames.models import Device
from tests.personas import login
from tests.sea_frames.conftest import deliver

pytestmark = pytest.mark.django_db

FORM = {"name": "驾驶台电脑", "kind": "bridge_pc", "callback_number": "+870 7730 12345"}


def _register(client: Client, key: str = "k-1", **fields: str):
    return client.post("/sea-frames/register/", {**FORM, **fields, "key": key})


def test_the_key_is_shown_once_and_works_for_a_frame(world):
    client = login(Client(), world.seafarer)
    page = _register(client)
    assert page.status_code == 201
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn inline
    setup = re.search(r"SHF1:(\d+):([0-9a-f]{32})", html)
    assert setup is not None
    device = Device.objects.get(seafarer=world.seafarer)
    assert int(setup.group(1)) == device.device_id
    key = bytes.fromhex(setup.group(2))
    message = codec.CheckInMessage(timezone.now().replace(microsecond=0))
    assert deliver(codec.encode_frame(device.device_id, 1, key, message))["result"] == "accepted"

    again = _register(client)  # the form resent: the same device, and no key this time
    assert again.status_code == 302
    assert Device.objects.count() == 1
    listing = client.get("/sea-frames/").content.decode()
    assert "驾驶台电脑" in listing
    assert setup.group(2) not in listing


def test_the_key_is_stored_encrypted(world):
    _register(login(Client(), world.seafarer))
    device = Device.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM sea_frames_device WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("fernet:")
    assert device.key_bytes.hex() not in stored
    assert len(device.key_bytes) == 16


def test_revoking_stops_the_frames(world):
    client = login(Client(), world.seafarer)
    html = _register(client).content.decode()
    device_id, key = re.search(r"SHF1:(\d+):([0-9a-f]{32})", html).groups()
    device = Device.objects.get()
    assert (
        login(Client(), world.seafarer_b).post(f"/sea-frames/{device.pk}/revoke/").status_code
        == 404
    )
    assert client.post(f"/sea-frames/{device.pk}/revoke/").status_code == 302
    message = codec.SosMessage(timezone.now().replace(microsecond=0))
    frame = codec.encode_frame(int(device_id), 1, bytes.fromhex(key), message)
    assert deliver(frame)["result"] == "ignored"


@pytest.mark.parametrize(
    "fields",
    [{"name": ""}, {"kind": "telegraph"}, {"callback_number": "12"}, {"name": "x" * 61}],
)
def test_bad_input_stores_nothing(world, fields):
    response = _register(login(Client(), world.seafarer), **fields)
    assert response.status_code == 400
    assert not Device.objects.exists()


def test_at_most_five_active_devices(world):
    client = login(Client(), world.seafarer)
    for n in range(5):
        assert _register(client, key=f"k-{n}").status_code == 201
    assert _register(client, key="k-6").status_code == 400
    assert Device.objects.count() == 5


def test_the_encoder_page_carries_the_codebook_and_no_key(world):
    client = login(Client(), world.seafarer)
    _register(client)
    html = client.get("/sea-frames/encoder/").content.decode()
    assert 'id="sea-frames-book"' in html
    assert '"phq9"' in html
    assert Device.objects.get().key not in html
