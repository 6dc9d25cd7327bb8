"""Call records' vocabulary and rules: the structured log's categories, the crisis protocol's
steps, the validation of a record, and the phone system's webhook signature. The writes (a
record completed, a phone call logged, a crisis marked, a call detail record stored) are in
``hotline/actions/records.py``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.core.signed_webhooks import (
    SignedHeaders,
    WebhookRefused,
    verify_signed_request,
    webhook_signature,
)

REASONS = {
    "family": gettext_lazy("家庭"),
    "work_pressure": gettext_lazy("工作压力"),
    "loneliness": gettext_lazy("孤独、想家"),
    "sleep": gettext_lazy("睡眠"),
    "crew_conflict": gettext_lazy("船上人际关系"),
    "money": gettext_lazy("经济、欠薪"),
    "health": gettext_lazy("身体健康"),
    "alcohol": gettext_lazy("饮酒"),
    "grief": gettext_lazy("丧亲、失去"),
    "mood": gettext_lazy("情绪低落、焦虑"),
    "other": gettext_lazy("其他"),
}
RISK_ITEMS = {
    "suicidal_thoughts": gettext_lazy("有自杀或自伤念头"),
    "plan": gettext_lazy("有具体计划"),
    "means": gettext_lazy("能接触到危险手段"),
    "previous_attempt": gettext_lazy("既往有过自杀尝试"),
    "intoxicated": gettext_lazy("目前饮酒或用药"),
    "no_support": gettext_lazy("船上没有可以依靠的人"),
}
ACTIONS = {
    "listened": gettext_lazy("倾听与情绪支持"),
    "advice": gettext_lazy("给出建议"),
    "self_care": gettext_lazy("推荐自助课程"),
    "consultation": gettext_lazy("转介远程咨询"),
    "green_channel": gettext_lazy("转介绿色通道到院就诊"),
    "contacted_master": gettext_lazy("联系了船长"),
    "handed_12356": gettext_lazy("转接全国心理援助热线12356"),
    "emergency_services": gettext_lazy("联系了急救或海上搜救"),
}
FOLLOW_UPS = {
    "none": gettext_lazy("无需跟进"),
    "callback": gettext_lazy("咨询员回拨"),
    "consultation": gettext_lazy("预约医生远程咨询"),
    "green_channel": gettext_lazy("绿色通道到院就诊"),
}
# The crisis protocol, in order. Contact with the master needs the seafarer's consent unless
# life is at risk: the basis is recorded with it.
CRISIS_STEPS = {
    "safety": gettext_lazy("评估了当前安全状况"),
    "means": gettext_lazy("询问并设法远离危险手段"),
    "support_on_board": gettext_lazy("找到船上可以陪伴的人"),
    "master": gettext_lazy("联系船长(经本人同意,或生命危险时)"),
    "hand_off": gettext_lazy("转接12356或急救/海上搜救"),
}
MASTER_BASES = {
    "consent": gettext_lazy("本人同意"),
    "life_at_risk": gettext_lazy("生命危险,未经同意"),
    "not_contacted": gettext_lazy("未联系船长"),
}
# A call with any of these is never filed as needing no follow-up (the crisis protocol's
# first question is whether the caller is safe now; someone must ask again).
FOLLOW_UP_RISKS = ("suicidal_thoughts", "plan", "means")
CRISIS_FOLLOW_UP_HOURS = 24
MAX_NOTE_LENGTH = 10_000


class RecordInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class RecordInput:
    reason_categories: list[str] = field(default_factory=list)
    risk: dict[str, bool] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    follow_up: str = "none"
    note: str = ""


def started_at_error(started_at: datetime) -> str | None:
    """Why a call logged by hand cannot have started then (a few minutes' clock slack)."""
    if started_at > timezone.now() + timedelta(minutes=5):
        return _("通话时间不能晚于现在。")
    return None


def _validate(data: RecordInput) -> None:
    errors: dict[str, str] = {}
    if not data.reason_categories:
        errors["reason_categories"] = _("请至少选择一个来电原因。")
    elif set(data.reason_categories) - set(REASONS):
        errors["reason_categories"] = _("来电原因中有无效的选项。")
    if set(data.risk) - set(RISK_ITEMS):
        errors["risk"] = _("风险评估中有无效的项目。")
    if set(data.actions) - set(ACTIONS):
        errors["actions"] = _("措施中有无效的选项。")
    if data.follow_up not in FOLLOW_UPS:
        errors["follow_up"] = _("请选择后续跟进方式。")
    elif data.follow_up == "none" and any(data.risk.get(item) for item in FOLLOW_UP_RISKS):
        errors["follow_up"] = _(
            "来电者有自杀或自伤念头、具体计划或能接触到危险手段:不能选择“无需跟进”。"
            "请选择跟进方式,并按危机流程处置。"
        )
    if len(data.note) > MAX_NOTE_LENGTH:
        errors["note"] = _("记录太长。")
    if errors:
        raise RecordInvalid(errors)


# -- the phone system's webhook -----------------------------------------------------------
# The signature, the tolerance and the spent nonces are core/signed_webhooks.py's, shared with
# the short-message gateways; the hotline names its secret, headers and nonce scope.

HOTLINE_HEADERS = SignedHeaders("X-Hotline-Timestamp", "X-Hotline-Nonce", "X-Hotline-Signature")
NONCE_SCOPE = "hotline"
# Re-exported: the webhook's tests sign with it, its actions raise it.
__all__ = [
    "HOTLINE_HEADERS",
    "NONCE_SCOPE",
    "WebhookRefused",
    "verify_webhook",
    "webhook_signature",
]


def verify_webhook(timestamp: str, nonce: str, signature: str, body: bytes) -> None:
    verify_signed_request(
        settings.HOTLINE_WEBHOOK_SECRET,
        timestamp,
        nonce,
        signature,
        body,
        tolerance_seconds=settings.HOTLINE_WEBHOOK_TOLERANCE_SECONDS,
    )


def _caller_hash(number: str) -> str:
    # Enough to see repeat callers in statistics; the number itself is not stored.
    return hashlib.sha256((settings.SECRET_KEY + "|" + number).encode()).hexdigest()
