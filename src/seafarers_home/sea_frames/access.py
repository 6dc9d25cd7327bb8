"""A seafarer reaches only their own devices: anyone else's is 404."""

from __future__ import annotations

from django.http import Http404

from seafarers_home.accounts.models import User
from seafarers_home.sea_frames.models import Device


def get_own_device(user: User, pk: int) -> Device:
    device = Device.objects.filter(pk=pk, seafarer_id=user.pk).first()
    if device is None:
        raise Http404
    return device


def own_devices(user: User) -> list[Device]:
    return list(Device.objects.filter(seafarer=user).order_by("revoked_at", "-created_at", "-pk"))
