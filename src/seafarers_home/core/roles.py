"""The roles a person may hold (DOMAIN.md "Roles"): the vocabulary every layer names, from the
audit viewer to the workspace navigation. Who holds which role is ``accounts.RoleGrant``; what
each role may do is ``permissions.roles``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SEAFARER = "seafarer", _("海员")
    CLINICIAN = "clinician", _("医生")
    COUNSELLOR = "counsellor", _("热线咨询员")
    UNION_STAFF = "union_staff", _("工会工作人员")
    COMPANY_OFFICER = "company_officer", _("企业/企业工会专员")
    ADMINISTRATOR = "administrator", _("管理员")
    # The union's rights officers and the legal-aid lawyers of partner law firms (issue 11).
    LEGAL_WORKER = "legal_worker", _("法律工作者")
    # Training providers: the union's training centre and accredited schools (issue 12).
    TRAINING_OFFICER = "training_officer", _("培训机构专员")


# Roles that see personal or operational data of others: they must use TOTP.
STAFF_ROLES = frozenset(
    {
        Role.CLINICIAN,
        Role.COUNSELLOR,
        Role.UNION_STAFF,
        Role.ADMINISTRATOR,
        Role.LEGAL_WORKER,
        Role.TRAINING_OFFICER,
    }
)
