"""Showing a slot in the seafarer's own zone and in hospital time (ships cross zones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from seafarers_home.lib.zones import hospital_zone, zone, zone_label


def offset_label(moment: datetime) -> str:
    """'UTC+10:00', 'UTC-03:00', 'UTC+08:00' for an aware datetime."""
    offset = moment.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


@dataclass(frozen=True)
class SlotTimes:
    starts_at: datetime  # UTC, as stored
    ends_at: datetime
    local_start: datetime  # in the seafarer's zone
    local_end: datetime
    hospital_start: datetime
    hospital_end: datetime
    zone_name: str

    # Formatted here, not with the template's |date: that would convert to the active zone.
    @property
    def local_text(self) -> str:
        return f"{self.local_start:%Y-%m-%d %H:%M}–{self.local_end:%H:%M}"

    @property
    def local_start_text(self) -> str:
        return f"{self.local_start:%Y-%m-%d %H:%M}"

    @property
    def local_hm(self) -> str:
        return f"{self.local_start:%H:%M}–{self.local_end:%H:%M}"

    @property
    def local_day(self) -> str:
        return f"{self.local_start:%Y-%m-%d}"

    @property
    def hospital_text(self) -> str:
        return f"{self.hospital_start:%Y-%m-%d %H:%M}–{self.hospital_end:%H:%M}"

    @property
    def differs(self) -> bool:
        """Beijing time is shown beside only when it is not the same clock time."""
        return self.local_start.utcoffset() != self.hospital_start.utcoffset()

    @property
    def zone_label(self) -> str:
        return zone_label(self.zone_name, self.local_start)

    @property
    def hospital_hm(self) -> str:
        same_day = self.hospital_start.date() == self.local_start.date()
        return f"{self.hospital_start:%H:%M}" if same_day else f"{self.hospital_start:%m-%d %H:%M}"

    @property
    def local_offset(self) -> str:
        return offset_label(self.local_start)

    @property
    def hospital_offset(self) -> str:
        return offset_label(self.hospital_start)


def slot_times(starts_at: datetime, ends_at: datetime, zone_name: str) -> SlotTimes:
    local, hospital = zone(zone_name), hospital_zone()
    return SlotTimes(
        starts_at=starts_at,
        ends_at=ends_at,
        local_start=starts_at.astimezone(local),
        local_end=ends_at.astimezone(local),
        hospital_start=starts_at.astimezone(hospital),
        hospital_end=ends_at.astimezone(hospital),
        zone_name=str(local.key),
    )
