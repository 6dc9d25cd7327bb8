"""Crisis alerts about a person as personal data (PIPL arts. 45 and 47). Registered from
AlertsConfig.ready().

Exported: every alert about the person (when, from which service, the reason, what became of
it) and each press of "I need help now". Not erasable on request: a crisis alert is the record
that a life-safety signal was received and handled (PIPL art. 13(1)(4); DOMAIN rule 2), kept
5 years. Erasing the account de-identifies it: the clinicians' free-text notes go, the link to
the record that raised it goes (that record may itself be erased), and an alert still open is
closed as withdrawn, since nobody can reach an anonymised account and it would page people
for ever. The source, reason code, times and outcome stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from seafarers_home.alerts.actions.outcomes import UNRESOLVED, close_alerts
from seafarers_home.alerts.models import AlertAction, CrisisAlert, HelpRequest
from seafarers_home.alerts.reasons import reason_label
from seafarers_home.consent.personal_data import register_personal_data_type

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

ERASED_VIA = "personal_data.erase"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_alerts(user: User) -> dict[str, list[dict[str, Any]]]:
    alerts = CrisisAlert.objects.filter(seafarer=user).prefetch_related("actions")
    presses = HelpRequest.objects.filter(seafarer=user).order_by("created_at", "pk")
    return {
        "alerts": [
            {
                "id": alert.pk,
                "raised_at": _iso(alert.created_at),
                "source": alert.source,
                "reason": alert.reason,
                "reason_label": reason_label(alert.reason),
                "status": alert.status,
                "acknowledged_at": _iso(alert.acknowledged_at),
                "resolved_at": _iso(alert.resolved_at),
                "outcome": alert.outcome,
                # What was done, in order; the clinicians' working notes are not copied here.
                "actions": [
                    {"at": _iso(action.created_at), "outcome": action.outcome}
                    for action in alert.actions.all()
                ],
            }
            for alert in alerts.order_by("created_at", "pk")
        ],
        "help_now_presses": [
            {
                "at": _iso(press.created_at),
                "alert": press.alert_id,
                "said_mistaken_at": _iso(press.mistaken_at) if press.mistaken_at else None,
            }
            for press in presses
        ],
    }


def deidentify_alerts(user: User) -> None:
    open_alerts = CrisisAlert.objects.filter(seafarer=user, status__in=UNRESOLVED).order_by("pk")
    close_alerts(
        list(open_alerts), outcome=CrisisAlert.Outcome.WITHDRAWN, actor=None, via=ERASED_VIA
    )
    AlertAction.objects.filter(alert__seafarer=user).update(note="")
    CrisisAlert.objects.filter(seafarer=user).update(source_id="", next_attempt_at=None)


def alert_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in CrisisAlert.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("alerts.crisisalert", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "crisis_alerts",
        gettext_lazy("危机警报与求助"),
        export=export_alerts,
        erase=None,
        deidentify=deidentify_alerts,
        audit_targets=alert_targets,
        help_text=gettext_lazy(
            "关于您的危机警报(何时、来自哪项服务、原因、如何处理)和您按下“我现在需要帮助”的记录。"
            "为了生命安全依法保存 5 年,不能删除;注销账户时删除医生的文字记录和与原始记录的关联,"
            "未处理完的警报标记为已撤回。"
        ),
        # Deliveries to staff and what was done hang off the alert.
        models=(
            "alerts.CrisisAlert",
            "alerts.AlertAction",
            "alerts.AlertNotification",
            "alerts.HelpRequest",
        ),
    )
