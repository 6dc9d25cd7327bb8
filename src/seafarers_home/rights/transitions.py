"""Where a case may go from where it is (issue 11 item 4). Every other move is refused with a
translated reason and nothing changes. An outcome needs its facts: a resolved case the money
recovered (zero is an answer), a declined or closed case its reason, a referred case where it
went."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from seafarers_home.rights.models import Status

ALLOWED: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.VERIFYING, Status.DECLINED, Status.REFERRED, Status.CLOSED}),
    Status.VERIFYING: frozenset(
        {
            Status.MEDIATION,
            Status.ARBITRATION,
            Status.LITIGATION,
            Status.RESOLVED,
            Status.DECLINED,
            Status.REFERRED,
            Status.CLOSED,
        }
    ),
    Status.MEDIATION: frozenset(
        {Status.ARBITRATION, Status.LITIGATION, Status.RESOLVED, Status.REFERRED, Status.CLOSED}
    ),
    Status.ARBITRATION: frozenset({Status.LITIGATION, Status.RESOLVED, Status.CLOSED}),
    Status.LITIGATION: frozenset({Status.RESOLVED, Status.CLOSED}),
}


def allowed_from(status: str) -> list[Status]:
    """The statuses a case in ``status`` may move to, in the order of the enum."""
    targets = ALLOWED.get(status, frozenset())
    return [s for s in Status if s in targets]


def is_allowed(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())


# The words a seafarer reads for each status (plain language, no legal jargon).
SEAFARER_MEANING = {
    Status.DRAFT: _("草稿只有您自己能看到,提交后工会才会收到。"),
    Status.RECEIVED: _("工会已收到您的案件,法律工作者会尽快联系您。"),
    Status.VERIFYING: _("法律工作者正在核实情况,可能会向您要材料。"),
    Status.MEDIATION: _("正在和用人单位协商调解。"),
    Status.ARBITRATION: _("已经申请劳动仲裁。"),
    Status.LITIGATION: _("已经向法院起诉。"),
    Status.RESOLVED: _("案件已经解决。"),
    Status.REFERRED: _("案件已转交给更合适的机构处理。"),
    Status.DECLINED: _("工会暂时无法受理这个案件,原因见下方消息。"),
    Status.CLOSED: _("案件已结案。"),
}
