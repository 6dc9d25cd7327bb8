"""A seafarer reaches only their own devices: anyone else's is 404."""

from __future__ import annotations

from seafarers_home.accounts.models import User
from seafarers_home.permissions.owned import own_or_404
from seafarers_home.sea_frames.models import Device


def get_own_device(user: User, pk: int) -> Device:
    return own_or_404(Device, user, pk)


def own_devices(user: User) -> list[Device]:
    return list(Device.objects.filter(seafarer=user).order_by("revoked_at", "-created_at", "-pk"))
