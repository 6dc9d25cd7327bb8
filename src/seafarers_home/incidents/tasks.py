"""The task worker's part of incidents: the registration invitations, sent by SMS outside the
web request (an incident with a whole crew of unregistered people must not wait on the
gateway). A failed SMS is logged; the board shows who was invited, and staff can call."""

from __future__ import annotations

import logging

from django_tasks import task

from seafarers_home.accounts.sms import get_sms_backend
from seafarers_home.incidents.models import AffectedPerson

logger = logging.getLogger("seafarers_home.incidents")

# Unregistered people: their language is unknown, so Chinese; nothing about the incident.
INVITATION_SMS = (
    "【海员之家】您好,海员之家邀请您注册,使用心理咨询、维权等免费服务。"
    "请用本手机号登录海员之家注册。"
)


@task()
def send_invitations(person_ids: list[int]) -> int:
    backend = get_sms_backend()
    sent = 0
    people = AffectedPerson.objects.filter(pk__in=person_ids, seafarer__isnull=True)
    for phone in people.order_by("pk").values_list("phone", flat=True):
        try:
            backend.send(phone, INVITATION_SMS)
        except Exception:  # one failed SMS must not stop the others
            logger.exception("incident invitation SMS failed")
            continue
        sent += 1
    return sent
