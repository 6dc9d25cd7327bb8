"""Family contacts of an affected seafarer (issue 15 item 1): the seafarer adds the family
members the team may contact — adding is their consent — and can remove them at any time
(withdrawing it). The team sees them for the family-liaison task."""

from __future__ import annotations

import re

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import MAINLAND_MOBILE_RE, User
from seafarers_home.audit.services import record_audit
from seafarers_home.incidents.actions.opening import PURPOSE, IncidentInvalid
from seafarers_home.incidents.models import AffectedPerson, FamilyContact

MAX_CONTACTS = 5


def do_add_family_contact(
    person: AffectedPerson,
    seafarer: User,
    *,
    name: str,
    relation: str,
    phone: str,
    request: HttpRequest | None = None,
) -> FamilyContact:
    if person.seafarer_id != seafarer.pk:
        raise IncidentInvalid(_("只有海员本人可以添加家属联系人。"))
    name, relation, phone = name.strip(), relation.strip(), phone.strip()
    if not name or not relation:
        raise IncidentInvalid(_("请填写家属的姓名和与您的关系。"))
    if not re.match(MAINLAND_MOBILE_RE, phone):
        raise IncidentInvalid(
            _("“%(phone)s”不是中国大陆手机号码(11位,以1开头)。") % {"phone": phone[:20]}
        )
    with transaction.atomic():
        AffectedPerson.objects.select_for_update().filter(pk=person.pk).first()
        contacts = person.family_contacts.all()
        if contacts.filter(phone=phone).exists():
            raise IncidentInvalid(_("这个号码已经添加过了。"))
        if contacts.count() >= MAX_CONTACTS:
            raise IncidentInvalid(_("最多添加 5 位家属联系人。"))
        contact = FamilyContact.objects.create(
            person=person, name=name[:60], relation=relation[:30], phone=phone
        )
        record_audit(
            seafarer,
            "incidents.family_add",
            target=contact,
            purpose=PURPOSE,
            request=request,
            detail={"person": person.pk},
        )
    return contact


def do_remove_family_contact(
    contact: FamilyContact, seafarer: User, *, request: HttpRequest | None = None
) -> None:
    if contact.person.seafarer_id != seafarer.pk:
        raise IncidentInvalid(_("只有海员本人可以删除家属联系人。"))
    with transaction.atomic():
        record_audit(
            seafarer,
            "incidents.family_remove",
            target=contact,
            purpose=PURPOSE,
            request=request,
            detail={"person": contact.person_id},
        )
        contact.delete()
