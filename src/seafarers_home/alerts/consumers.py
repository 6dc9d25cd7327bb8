"""Live alert stream for the alert board: signed-in, two-factor-verified clinicians only."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import ngettext

from seafarers_home.alerts.services import CLINICIANS_GROUP, alert_group
from seafarers_home.core.socket_sessions import SessionBoundConsumer
from seafarers_home.lib.zones import format_time
from seafarers_home.permissions.roles import has_passed_two_factor, is_clinician
from seafarers_home.permissions.sockets import two_factor_passed

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


class AlertsConsumer(SessionBoundConsumer):
    # The board gives up reconnecting on 4403, its refusal code: signed out, it would be refused.
    closed_code = 4403

    def permits(self, user: User, session: Any) -> bool:
        return has_passed_two_factor(user, session) and is_clinician(user)

    async def connect(self) -> None:
        user = self.scope.get("user")
        # The same bar as the board page: a clinician who has passed the TOTP step.
        if not two_factor_passed(self.scope) or not await database_sync_to_async(is_clinician)(
            user
        ):
            await self.close(code=4403)
            return
        self.groups_joined = [CLINICIANS_GROUP, alert_group(user.pk)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.bind_session()
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        await self.unbind_session()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """The board only listens; acknowledging goes through the audited POST form."""

    async def alert_event(self, event: dict[str, Any]) -> None:
        # Re-checked per event: the payload names a seafarer, and the session may have expired.
        await self.forward_json(
            {
                "event": event["event"],
                "attention": bool(event.get("attention")),
                "alert": {**event["alert"], **self._as_shown(event["alert"])},
            }
        )

    def _as_shown(self, alert: dict[str, Any]) -> dict[str, Any]:
        """The alert as the board's own rows print it, for this clinician: its words in their
        language, the time in their zone (the hospital's beside if different), and how long
        it has waited. The words for the other languages are not forwarded."""
        user = self.scope["user"]
        language = user.preferred_language or settings.LANGUAGE_CODE
        labels = alert.get("labels")
        shown: dict[str, Any] = {"labels": None} if "labels" in alert else {}
        if isinstance(labels, dict) and isinstance(labels.get(language), dict):
            shown.update(labels[language])
        try:
            raised = datetime.fromisoformat(alert["created_at"])
        except (KeyError, TypeError, ValueError):
            return shown  # an event without its time: forwarded as it came
        minutes = max(int((timezone.now() - raised).total_seconds() // 60), 0)
        with translation.override(language):
            shown["raised_at"] = format_time(raised, user.time_zone or None)
            shown["waiting"] = ngettext(
                "已等待 %(minutes)s 分钟", "已等待 %(minutes)s 分钟", minutes
            ) % {"minutes": minutes}
        return shown
