"""Binding a terminal to a seafarer's account: the platform sends a six-digit code to the terminal
(by the terminal's own gateway), the seafarer types it in the app. The code is stored hashed,
expires after ``SHORT_MESSAGE_CODE_TTL_MINUTES`` and allows ``SHORT_MESSAGE_CODE_MAX_ATTEMPTS``
tries; a new code may be asked for after a minute. A terminal answers for one seafarer at a
time: binding it moves it (the one who had it is told in the app). Unbinding deletes the row.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.short_messages import replies
from seafarers_home.short_messages.models import Terminal
from seafarers_home.short_messages.senders import store_outbound
from seafarers_home.short_messages.terminals import ERRORS, GATEWAYS, masked, normalise_address

MAX_TERMINALS = 3
RESEND_AFTER = timedelta(seconds=60)
PURPOSE = "short-message terminal"
MOVED_MESSAGE = gettext_lazy("您绑定的短报文终端 %(terminal)s 已被另一个账号绑定,不再代表您。")


class BindingInvalid(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _hash(terminal: Terminal, code: str) -> str:
    key = f"{settings.SECRET_KEY}|terminal|{terminal.pk}".encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def do_start_binding(
    seafarer: User, gateway: str, raw_address: str, *, request: HttpRequest | None = None
) -> Terminal:
    """Send a binding code to the terminal; raises ``BindingInvalid`` with the reason."""
    if gateway not in GATEWAYS:
        raise BindingInvalid(_("请选择终端类型。"))
    address = normalise_address(gateway, raw_address)
    if address is None:
        raise BindingInvalid(str(ERRORS[gateway]))
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=seafarer.pk).first()
        terminal = Terminal.objects.filter(
            seafarer=seafarer, gateway=gateway, address=address
        ).first()
        if terminal is None:
            if Terminal.objects.filter(seafarer=seafarer).count() >= MAX_TERMINALS:
                raise BindingInvalid(
                    _("最多绑定 %(n)d 个终端,请先解除一个。") % {"n": MAX_TERMINALS}
                )
            terminal = Terminal.objects.create(seafarer=seafarer, gateway=gateway, address=address)
        elif terminal.status == Terminal.Status.BOUND:
            raise BindingInvalid(_("这个终端已经绑定在您的账号上。"))
        elif terminal.code_sent_at and now - terminal.code_sent_at < RESEND_AFTER:
            raise BindingInvalid(_("验证码刚刚发出,请一分钟后再试。"))
        code = f"{secrets.randbelow(1_000_000):06d}"
        minutes = settings.SHORT_MESSAGE_CODE_TTL_MINUTES
        terminal.code_hash = _hash(terminal, code)
        terminal.code_sent_at = now
        terminal.code_expires_at = now + timedelta(minutes=minutes)
        terminal.code_attempts = 0
        terminal.save()
        store_outbound(
            gateway,
            address,
            replies.render(
                seafarer.preferred_language,
                (replies.BINDING_CODE, {"code": code, "minutes": minutes}),
            ),
            kind="binding_code",
            dedupe_key=f"bind:{terminal.pk}:{int(now.timestamp())}",
            seafarer=seafarer,
        )
        record_audit(
            seafarer,
            "short_messages.terminal_bind",
            target=terminal,
            purpose=PURPOSE,
            request=request,
            detail={"gateway": gateway, "terminal": masked(address)},
        )
    return terminal


def do_confirm_binding(
    seafarer: User, terminal: Terminal, code: str, *, request: HttpRequest | None = None
) -> Terminal:
    """Check the typed code; bound on a match. Raises ``BindingInvalid`` (a wrong code counts)."""
    code = "".join(ch for ch in str(code or "") if not ch.isspace())
    now = timezone.now()
    refusal = ""
    with transaction.atomic():
        locked = Terminal.objects.select_for_update().get(pk=terminal.pk)
        if locked.status == Terminal.Status.BOUND:
            return locked
        if not locked.code_hash or locked.code_expires_at is None or locked.code_expires_at < now:
            raise BindingInvalid(_("验证码已过期,请重新发送。"))
        if locked.code_attempts >= settings.SHORT_MESSAGE_CODE_MAX_ATTEMPTS:
            raise BindingInvalid(_("错误次数太多,请重新发送验证码。"))
        locked.code_attempts += 1
        if not hmac.compare_digest(locked.code_hash, _hash(locked, code)):
            locked.save(update_fields=["code_attempts", "updated_at"])
            refusal = _("验证码不对,请核对终端上收到的6位数字。")
        else:
            _move_from_others(locked)
            locked.status = Terminal.Status.BOUND
            locked.bound_at = now
            locked.app_opened_at = now  # bound in the app: opened it today
            locked.code_hash = ""
            locked.code_expires_at = None
            locked.save()
            record_audit(
                seafarer,
                "short_messages.terminal_confirm",
                target=locked,
                purpose=PURPOSE,
                request=request,
                detail={"gateway": locked.gateway, "terminal": masked(locked.address)},
            )
    if refusal:  # after the block: the counted attempt is committed
        raise BindingInvalid(refusal)
    return locked


def _move_from_others(terminal: Terminal) -> None:
    others = Terminal.objects.select_related("seafarer").filter(
        gateway=terminal.gateway, address=terminal.address, status=Terminal.Status.BOUND
    )
    for other in others.exclude(pk=terminal.pk):
        do_send_notification(
            other.seafarer,
            kind="short_messages.terminal_moved",
            message=MOVED_MESSAGE,
            params={"terminal": masked(other.address)},
            url=reverse("short_messages:terminals"),
            dedupe_key=f"short_messages.moved.{other.pk}.{terminal.pk}",
            sms=False,
        )
        record_audit(
            None,
            "short_messages.terminal_unbind",
            target=other,
            purpose=PURPOSE,
            detail={"moved_to_terminal": terminal.pk},
        )
        other.delete()


def do_unbind_terminal(
    seafarer: User, terminal: Terminal, *, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        record_audit(
            seafarer,
            "short_messages.terminal_unbind",
            target=terminal,
            purpose=PURPOSE,
            request=request,
            detail={"gateway": terminal.gateway, "terminal": masked(terminal.address)},
        )
        Terminal.objects.filter(pk=terminal.pk, seafarer=seafarer).delete()


def do_set_proactive(
    seafarer: User, terminal: Terminal, proactive: bool, *, request: HttpRequest | None = None
) -> Terminal:
    with transaction.atomic():
        Terminal.objects.filter(pk=terminal.pk, seafarer=seafarer).update(
            proactive=proactive, updated_at=timezone.now()
        )
        record_audit(
            seafarer,
            "short_messages.terminal_settings",
            target=terminal,
            purpose=PURPOSE,
            request=request,
            detail={"proactive": proactive},
        )
    terminal.refresh_from_db()
    return terminal
