"""A session's prerequisites against a seafarer's wallet: which required certificates they
hold valid until the date the session asks, and for each missing one, why (none recorded, or
the one recorded expires too early). Reads only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from seafarers_home.certificates.kinds import kind_name
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.validity import valid_until
from seafarers_home.courses.models import CourseSession

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


@dataclass(frozen=True)
class Requirement:
    kind: str
    name: str
    held: Certificate | None  # the certificate that satisfies it
    expires_too_early: datetime.date | None  # the latest expiry recorded, when too early

    @property
    def met(self) -> bool:
        return self.held is not None

    @property
    def reason(self) -> str:
        if self.held is not None:
            return ""
        if self.expires_too_early is not None:
            return _("证书夹中的这本证书有效期至 %(date)s,不够") % {
                "date": self.expires_too_early.isoformat()
            }
        return _("证书夹中没有这种证书")


def requirements_for(seafarer: User, session: CourseSession) -> list[Requirement]:
    day = session.required_valid_until
    valid: dict[str, Certificate] = {}
    for certificate in valid_until(seafarer, day):
        valid.setdefault(certificate.kind, certificate)
    latest: dict[str, datetime.date] = {}
    for kind, expires in Certificate.objects.filter(
        seafarer=seafarer, kind__in=session.prerequisites, expires_on__lt=day
    ).values_list("kind", "expires_on"):
        if expires is not None:
            latest[kind] = max(expires, latest.get(kind, expires))
    return [
        Requirement(
            code, kind_name(code), valid.get(code), None if code in valid else latest.get(code)
        )
        for code in session.prerequisites
    ]


def refusal_message(session: CourseSession, missing: list[Requirement]) -> str:
    listed = ";".join(f"{item.name}({item.reason})" for item in missing)
    return _(
        "报名需要有效期至 %(date)s 的以下证书:%(kinds)s。请先在证书夹中添加或更新,再来报名。"
    ) % {"date": session.required_valid_until.isoformat(), "kinds": listed}
