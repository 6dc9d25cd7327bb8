"""Issue 16 item 8 for an urgent episode: its call room and the psychiatrist's bookings list
lead to the episode's note (kept on the episode, not on the call's appointment)."""

from __future__ import annotations

from django.test import Client

from seafarers_home.consultations.actions.urgent import (
    do_call_seafarer_into_room,
    do_open_urgent_request,
    do_take_urgent_request,
)
from tests.personas import World, login


def test_the_urgent_call_leads_the_psychiatrist_to_the_episodes_note(
    world: World, psychiatrist
) -> None:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="情绪低落")
    do_take_urgent_request(urgent, psychiatrist)
    do_call_seafarer_into_room(urgent, psychiatrist)
    urgent.refresh_from_db()
    note_url = f"/consultations/urgent/{urgent.pk}/note/"
    client = login(Client(), psychiatrist)

    room = client.get(f"/consultations/room/{urgent.appointment_id}/").content.decode()
    assert f'id="call-note" href="{note_url}"' in room
    bookings = client.get("/consultations/availability/").content.decode()
    assert f'href="{note_url}"' in bookings
    assert f"/consultations/appointments/{urgent.appointment_id}/note/" not in bookings

    client.post(note_url, {"note": "已通话,情绪稳定。"})
    bookings = client.get("/consultations/availability/").content.decode()
    assert "查看或修改咨询记录" in bookings
