"""The bridge PC's command line: its frames are accepted by the server, its counter keeps
rising across runs, and it reads the server's reply."""

from __future__ import annotations

import pytest

from seafarers_home.screening.models import Response
from seafarers_home.sea_frames import cli
from tests.sea_frames.conftest import deliver

pytestmark = pytest.mark.django_db


def _run(capsys, *argv: str) -> str:
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out.strip()


def test_encode_send_and_read_the_reply(world, register, capsys, tmp_path):
    device, key = register(world.consented_seafarer)
    setup = f"SHF1:{device.device_id}:{key.hex()}"
    state = str(tmp_path)
    first = _run(
        capsys,
        "encode",
        "--setup",
        setup,
        "--state-dir",
        state,
        "screening",
        "phq9=012301230",
        "gad7=3210123",
    )
    assert len(bytes.fromhex(first)) == 27
    answer = deliver(bytes.fromhex(first))
    assert answer["result"] == "accepted"
    assert Response.objects.get(instrument_code="phq9").total_score == 12
    second = _run(capsys, "encode", "--setup", setup, "--state-dir", state, "checkin")
    assert int(second[10:18], 16) > int(first[10:18], 16)  # the counter rose
    assert deliver(bytes.fromhex(second))["result"] == "accepted"
    out = _run(capsys, "reply", "--setup", setup, answer["reply_hex"])
    assert "received" in out


@pytest.mark.parametrize(
    "words",
    [
        ["screening", "phq9=0123"],
        ["screening", "phq9=01230123x"],
        ["callback", "target=pigeon"],
        ["sos", "lat=91", "lon=0"],
        ["checkin", "phq4=0000"],
        ["teleport"],
    ],
)
def test_bad_input_is_a_clear_error(words, tmp_path):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["encode", "--setup", "SHF1:5:" + "00" * 16, "--state-dir", str(tmp_path), *words])
    assert stopped.value.code != 0
