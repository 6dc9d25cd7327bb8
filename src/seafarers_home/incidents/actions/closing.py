"""After the incident (issue 15 item 6): handing a person's care over, closing the incident
once every person's plan is done or handed over, and the post-incident review checklist.

Handing over ends the plan's hold on a person (their care continues at the clinic or a local
service); their open tasks stay open on record, shown as handed over. Closing refuses while
anyone's plan is still running, naming how many.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.incidents.access import CARER_ROLES, may_coordinate
from seafarers_home.incidents.actions.opening import PURPOSE, IncidentInvalid
from seafarers_home.incidents.models import AffectedPerson, Incident, IncidentEvent, ResponseTask

# The post-incident review (MPHRP good practice: learn from each response).
REVIEW_ITEMS = {
    "first_contact": gettext_lazy("每个人都在 24 小时内得到首次联系了吗?没有的,原因是什么?"),
    "unreached": gettext_lazy("一直没联系上的人,是否已交给当地服务或家属继续关注?"),
    "families": gettext_lazy("家属联络是否完成,家属是否知道以后找谁?"),
    "referrals": gettext_lazy("转介的人是否已预约远程咨询或绿色通道?"),
    "team": gettext_lazy("应对团队成员是否得到了支持与休息?"),
    "plan": gettext_lazy("应对计划模板是否需要修改?"),
}


def unfinished_people(incident: Incident):
    """People whose plan still runs: an open task and not handed over."""
    return incident.people.filter(
        handed_over_at__isnull=True, tasks__status=ResponseTask.Status.OPEN
    ).distinct()


def do_hand_over_person(
    person: AffectedPerson, by: User, *, request: HttpRequest | None = None
) -> AffectedPerson:
    if not (may_coordinate(by, person.incident) or by.has_role(*CARER_ROLES)):
        raise IncidentInvalid(_("您不能转交这位人员。"))
    with transaction.atomic():
        locked = AffectedPerson.objects.select_for_update().get(pk=person.pk)
        if locked.handed_over_at is not None:
            return locked
        locked.handed_over_at = timezone.now()
        locked.save(update_fields=["handed_over_at", "updated_at"])
        IncidentEvent.objects.create(
            incident_id=locked.incident_id,
            person=locked,
            actor=by,
            kind=IncidentEvent.Kind.HANDED_OVER,
        )
        record_audit(
            by,
            "incidents.hand_over",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"incident": locked.incident_id},
        )
    return locked


def do_close_incident(
    incident: Incident, by: User, *, request: HttpRequest | None = None
) -> Incident:
    if not may_coordinate(by, incident):
        raise IncidentInvalid(_("只有事件负责人和工会工作人员可以结束事件。"))
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        if locked.status == Incident.Status.CLOSED:
            return locked
        remaining = unfinished_people(locked).count()
        if remaining:
            raise IncidentInvalid(
                _("还有 %(n)s 人的计划没有完成或转交,事件暂不能结束。") % {"n": remaining}
            )
        locked.status, locked.closed_at = Incident.Status.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        IncidentEvent.objects.create(incident=locked, actor=by, kind=IncidentEvent.Kind.CLOSED)
        record_audit(by, "incidents.close", target=locked, purpose=PURPOSE, request=request)
    return locked


def do_record_review(
    incident: Incident, by: User, *, done: list[str], request: HttpRequest | None = None
) -> Incident:
    if not may_coordinate(by, incident):
        raise IncidentInvalid(_("只有事件负责人和工会工作人员可以记录复盘。"))
    if incident.status != Incident.Status.CLOSED:
        raise IncidentInvalid(_("事件结束后才能记录复盘。"))
    unknown = set(done) - set(REVIEW_ITEMS)
    if unknown:
        raise IncidentInvalid(_("复盘清单中没有这一项。"))
    with transaction.atomic():
        incident.review_done = [code for code in REVIEW_ITEMS if code in done]
        incident.save(update_fields=["review_done", "updated_at"])
        IncidentEvent.objects.create(incident=incident, actor=by, kind=IncidentEvent.Kind.REVIEWED)
        record_audit(
            by,
            "incidents.review",
            target=incident,
            purpose=PURPOSE,
            request=request,
            detail={"done": incident.review_done},
        )
    return incident
