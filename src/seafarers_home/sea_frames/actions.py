"""Every write of the sea frames: registering and revoking a device, receiving a frame, and
the ship's link (item 7). Each ``do_*`` owns its transaction and audit row; what a frame
becomes is decided in handover.py, which calls the services of the web and the API."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, payload_digest
from seafarers_home.sea_frames import codec
from seafarers_home.sea_frames.handover import Refused, hand_over
from seafarers_home.sea_frames.models import Device, ReceivedFrame
from seafarers_home.sea_frames.usage import count_usage

logger = logging.getLogger("seafarers_home.sea_frames")

PURPOSE = "sea frames"
MAX_ACTIVE_DEVICES = 5
NAME_MAX = 60
NUMBER_MAX = 40


class DeviceInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Registered:
    device: Device
    key: bytes | None  # the key, only to the request that made the device (shown once)


def _new_device_id() -> int:
    while True:
        candidate = secrets.randbelow(codec.MAX_UINT32) + 1
        if not Device.objects.filter(device_id=candidate).exists():
            return candidate


def do_register_device(
    seafarer: User,
    *,
    name: str,
    kind: str,
    callback_number: str = "",
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Registered:
    """Register a device and make its key. A resent form (same key) finds the device and
    returns no key: the key is shown once."""
    name, callback_number = (name or "").strip(), (callback_number or "").strip()
    errors: dict[str, str] = {}
    if not name or len(name) > NAME_MAX:
        errors["name"] = _("请填写终端名称(最多60个字)。")
    if kind not in Device.Kind.values:
        errors["kind"] = _("请选择终端类型。")
    digits = [ch for ch in callback_number if ch.isdigit()]
    if callback_number and (not 5 <= len(digits) <= 20 or len(callback_number) > NUMBER_MAX):
        errors["callback_number"] = _("请填写可以拨通的号码,例如船舶卫星电话 +870 开头的号码。")
    if errors:
        raise DeviceInvalid(errors)
    key = (idempotency_key or "")[:80]
    digest = payload_digest({"name": name, "kind": kind, "number": callback_number})
    made: list[bytes] = []

    def create() -> Device:
        User.objects.select_for_update().filter(pk=seafarer.pk).first()
        active = Device.objects.filter(seafarer=seafarer, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_DEVICES:
            raise DeviceInvalid({"name": _("最多登记5台终端;请先停用不再使用的终端。")})
        secret = secrets.token_bytes(codec.KEY_SIZE)
        device = Device.objects.create(
            seafarer=seafarer,
            device_id=_new_device_id(),
            name=name,
            kind=kind,
            key=base64.b64encode(secret).decode(),
            callback_number=callback_number,
            idempotency_key=key,
            payload_hash=digest if key else "",
        )
        record_audit(
            seafarer,
            "sea_frames.device_register",
            target=device,
            purpose=PURPOSE,
            request=request,
            detail={"kind": kind},
        )
        made.append(secret)
        return device

    device, created = create_once(
        Device.objects.filter(seafarer=seafarer), key, digest if key else "", create
    )
    return Registered(device, made[0] if created else None)


def do_revoke_device(
    device: Device, seafarer: User, *, request: HttpRequest | None = None
) -> Device:
    """Stop accepting the device's frames (they are answered like an unknown device's)."""
    with transaction.atomic():
        locked = Device.objects.select_for_update().get(pk=device.pk)
        if locked.seafarer_id != seafarer.pk or locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
        record_audit(
            seafarer, "sea_frames.device_revoke", target=locked, purpose=PURPOSE, request=request
        )
    return locked


@dataclass(frozen=True)
class Delivery:
    """What the gateway is told: ``result`` and, for a device that gets one, the reply."""

    result: str  # accepted, duplicate, refused, ignored, malformed
    reason: str = ""
    reply: bytes | None = None


def _ack(device: Device, counter: int, status: int, acked: int) -> bytes:
    message = codec.AckMessage(codec.AckStatus(status), codec.FrameType(acked))
    return codec.encode_frame(device.device_id, counter, device.key_bytes, message)


def do_receive_frame(
    data: bytes, *, gateway: str = "", request: HttpRequest | None = None
) -> Delivery:
    """Check, store once and hand over one frame. Never raises for a bad frame."""
    try:
        header = codec.parse_header(data)
    except codec.MalformedFrame as error:
        return Delivery("malformed", str(error))
    device = (
        Device.objects.filter(device_id=header.device_id, revoked_at__isnull=True)
        .select_related("seafarer")
        .first()
    )
    if device is None or not device.seafarer.is_active or header.type == codec.FrameType.ACK:
        return Delivery("ignored", "unknown_device")
    try:
        message = codec.open_frame(header, data, device.key_bytes)
    except codec.ForgedFrame:
        logger.info("sea frame with a bad tag for device %s", header.device_id)
        return Delivery("ignored", "bad_tag")
    except codec.InvalidPayload as error:
        reply = _ack(device, header.counter, codec.AckStatus.REFUSED, header.type)
        return Delivery("refused", f"payload: {error}", reply)
    digest = hashlib.sha256(data).hexdigest()
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _store(device, header, message, digest, len(data), gateway)
        except Refused as refusal:
            reply = _ack(device, header.counter, refusal.status, header.type)
            return Delivery("refused", refusal.reason, reply)
        except IntegrityError:
            # A copy of this frame won the race on (device, counter): the second attempt
            # finds its row and answers as to a resend.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _store(
    device: Device,
    header: codec.Header,
    message: codec.Message,
    digest: str,
    size: int,
    gateway: str,
) -> Delivery:
    locked = Device.objects.select_for_update().get(pk=device.pk)
    earlier = ReceivedFrame.objects.filter(device=locked, counter=header.counter).first()
    if earlier is not None:
        if earlier.digest != digest:
            return Delivery("ignored", "replayed_counter")
        reply = _ack(locked, header.counter, earlier.status, header.type)
        return Delivery("duplicate", "", reply)
    if header.counter <= locked.last_counter:
        return Delivery("ignored", "replayed_counter")
    seafarer = locked.seafarer
    outcome = hand_over(seafarer, locked, header, message)  # raises Refused: all rolled back
    frame = ReceivedFrame.objects.create(
        device=locked,
        seafarer=seafarer,
        counter=header.counter,
        frame_type=int(header.type),
        size=size,
        digest=digest,
        made_at=message.made_at,  # type: ignore[union-attr] - not an ack: checked above
        gateway=gateway[:20],
        status=int(outcome.status),
        target=outcome.target[:80],
        position=outcome.position,
    )
    locked.last_counter = header.counter
    locked.last_frame_at = frame.received_at
    locked.save(update_fields=["last_counter", "last_frame_at", "updated_at"])
    count_usage(seafarer, "frame", size)
    record_audit(
        seafarer,
        "sea_frames.frame_receive",
        target=frame,
        purpose=PURPOSE,
        detail={"type": header.type.name.lower(), "gateway": gateway[:20], "size": size},
    )
    reply = _ack(locked, header.counter, outcome.status, header.type)
    return Delivery("accepted", "", reply)
