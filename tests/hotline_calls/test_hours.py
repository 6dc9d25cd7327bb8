"""Honest hotline hours (issue 16 item 15): "rostered but busy or not yet signed in — your call
waits" is not "nobody rostered — request a callback", and the latter says when the next
counsellor starts, in the caller's own zone."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from seafarers_home.hotline.actions.queue import do_set_counsellor_state
from seafarers_home.hotline.actions.roster import do_add_shift

BEIJING = ZoneInfo("Asia/Shanghai")
CLOSED = "现在没有咨询员值班。"
WAITS = "现在有咨询员值班,但正在通话或还没上线。"


def shift(world, starts_at: datetime, hours: int = 8):
    return do_add_shift(
        world.counsellor,
        kind="counsellor",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        by=world.counsellor,
    )


def line(page: str) -> str:
    start = page.index('id="line-state"')
    return page[start : page.index("</p>", start)]


def test_nobody_rostered_asks_for_a_callback_and_names_the_next_staffed_hour(
    world, caller, seafarer_client
) -> None:
    caller.time_zone = "Pacific/Fiji"
    caller.save(update_fields=["time_zone"])
    tomorrow = (timezone.now().astimezone(BEIJING) + timedelta(days=1)).date()
    starts = datetime.combine(tomorrow, time(9), BEIJING)
    shift(world, starts)
    shift(world, starts + timedelta(days=1))  # a later one is not "the next"
    state = line(seafarer_client.get("/hotline/").content.decode())
    assert 'data-line="closed"' in state and CLOSED in state and "预约回拨" in state
    fiji = starts.astimezone(ZoneInfo("Pacific/Fiji"))
    assert (
        f"下一班咨询员 {fiji:%Y-%m-%d %H:%M} 太平洋 · 斐济 (UTC+12)(北京时间 09:00) 上班。" in state
    )


def test_a_rostered_counsellor_not_yet_signed_in_means_the_call_waits(
    world, caller, seafarer_client
) -> None:
    shift(world, timezone.now() - timedelta(hours=1))
    state = line(seafarer_client.get("/hotline/").content.decode())
    assert 'data-line="waits"' in state and WAITS in state and CLOSED not in state
    # Calling now: the caller is told the call waits, not that nobody is there.
    seafarer_client.post("/hotline/join/", {"key": "k1"})
    page = seafarer_client.get("/hotline/").content.decode()
    waiting = page[page.index('id="hotline-waiting"') :]
    assert "您排在第 1 位。" in waiting and WAITS in waiting and CLOSED not in waiting


def test_a_counsellor_on_a_call_means_the_next_call_waits(world, caller, seafarer_client) -> None:
    do_set_counsellor_state(world.counsellor, "busy")
    state = line(seafarer_client.get("/hotline/").content.decode())
    assert 'data-line="waits"' in state and WAITS in state


def test_a_free_counsellor_answers(world, caller, seafarer_client) -> None:
    do_set_counsellor_state(world.counsellor, "available")
    state = line(seafarer_client.get("/hotline/").content.decode())
    assert 'data-line="answering"' in state and "现在有 1 位咨询员值班。" in state


def test_a_shift_that_has_ended_does_not_count_as_rostered(world, caller, seafarer_client) -> None:
    shift(world, timezone.now() - timedelta(hours=9))  # ended an hour ago
    state = line(seafarer_client.get("/hotline/").content.decode())
    assert 'data-line="closed"' in state


def test_the_callback_window_is_shown_in_the_callers_zone_with_beijing_beside(
    world, caller, seafarer_client
) -> None:
    from seafarers_home.hotline.actions.callbacks import do_request_callback

    caller.time_zone = "Pacific/Fiji"
    caller.save(update_fields=["time_zone"])
    tomorrow = (timezone.now().astimezone(BEIJING) + timedelta(days=1)).date()
    start = datetime.combine(tomorrow, time(10), BEIJING)
    do_request_callback(
        caller,
        target="satellite",
        number="+870 773 099 001",
        window_start=start,
        window_end=start + timedelta(hours=2),
    )
    page = seafarer_client.get("/hotline/").content.decode()
    fiji = start.astimezone(ZoneInfo("Pacific/Fiji"))
    assert f"{fiji:%Y-%m-%d %H:%M} 太平洋 · 斐济 (UTC+12)(北京时间 10:00)–16:00" in page
    assert "按您的时区 太平洋 · 斐济 (UTC+12) 填写" in page
