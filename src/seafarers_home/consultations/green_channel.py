"""绿色通道: priority in-clinic appointments for returning seafarers under stress.

Who is eligible is the referral's business (``voyages/green_referrals.py``): a seafarer with an
open referral. Priority: the clinic reserves a share of each day's in-clinic slots, the
earliest ones (``consultations.slots``). Only eligible seafarers may book them, so the next
free green slot is usually days before the next free general one. An eligible seafarer may
also take a general slot; either way the booking carries the referral and — only when the
seafarer ticks the box — the summary of their latest 心理CT (bands and risk level, never
answers). Booking: ``actions/green_channel.py``.
"""

from __future__ import annotations

from seafarers_home.consultations.models import Slot
from seafarers_home.consultations.slots import free_slots


def free_green_slots(limit: int = 10) -> list[Slot]:
    """The next free reserved slots of the seafarer clinic, earliest first."""
    return list(free_slots(green=True)[:limit])


def free_general_slots(limit: int = 10) -> list[Slot]:
    return list(free_slots(green=False)[:limit])
